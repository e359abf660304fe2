"""Store mail goes out from here: a thin task around shop.emails.services.send_email.

Queue it with shop.emails.services.send_email_after_commit (after the transaction commits).
A mail server that refuses or cannot be reached is retried with backoff; a template that is
missing or cannot be rendered is not (it would fail again). The final failure is logged with
[EMAIL_FAILURE] and the store's schema.
"""

from __future__ import annotations

import logging

from celery import Task

from shop.accounts.models import Member, Prospect
from shop.emails.errors import EmailSendError
from shop.emails.services import send_email
from tenants.models import Tenant
from tenants.tasks import tenant_task

logger = logging.getLogger(__name__)


class EmailTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # Runs after the task body left its store's context: name the store explicitly.
        tenant_id = args[0] if args else None
        schema = (
            Tenant.objects.filter(pk=tenant_id).values_list("schema_name", flat=True).first()
            if isinstance(tenant_id, int)
            else None
        )
        logger.error(
            "[EMAIL_FAILURE] type=%s em_cd=%s: %s",
            getattr(exc, "code", type(exc).__name__),
            kwargs.get("em_cd") or kwargs.get("kind"),
            getattr(exc, "message", exc),
            extra={"tenant": schema or "unknown"},
        )


@tenant_task(
    name="shop.emails.send_templated_email",
    base=EmailTask,
    autoretry_for=(EmailSendError,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=3,
)
def send_templated_email(
    tenant: Tenant,
    *,
    em_cd: str,
    to: list[str],
    context: dict[str, str],
    member_id: int | None = None,
    prospect_id: int | None = None,
    headers: dict[str, str] | None = None,
) -> int | None:
    """Send template `em_cd` of `tenant` to `to`; returns the Emailsent id, if one was made."""
    member = Member.objects.filter(pk=member_id).first() if member_id else None
    prospect = Prospect.objects.filter(pk=prospect_id).first() if prospect_id else None
    sent = send_email(
        em_cd=em_cd, to=to, context=context, member=member, prospect=prospect, headers=headers
    )
    return sent.pk if sent is not None else None
