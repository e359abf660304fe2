"""Sending the store's templated mail.

    render_email(email=..., context=...)          -> EmailMessageParts (pure)
    send_email(em_cd=..., to=[...], context=...)  -> Emailsent | None (sends now, over the
                                                     configured backend: SMTP in production)
    send_email_after_commit(...)                  -> queues shop.emails.tasks.send_templated_email
                                                     once the current transaction commits

Every message goes out From the template's `from_address`, else the store's sender address
(StoreSettings), and carries an `X-Storefleet-Store` header naming the store. Emailsent is
written only after the mail server accepted the message. Log lines name the template code and
the store (the logging filter adds it), never an address' token or the rendered body.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping, Sequence
from typing import Any

from celery.exceptions import Retry
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import KombuError

from shop.accounts.models import Member, Prospect
from shop.emails.errors import EmailError, EmailFormattingError, EmailSendError
from shop.emails.models import Email, Emailsent, StoreSettings
from shop.emails.rendering import EmailMessageParts, render_parts
from shop.emails.selectors import (
    get_email_template,
    get_site_url,
    get_store_name,
    get_store_settings,
)
from tenants.context import current, current_alias

logger = logging.getLogger(__name__)

STORE_HEADER = "X-Storefleet-Store"

__all__ = [
    "EmailMessageParts",
    "base_context",
    "build_message",
    "render_email",
    "send_email",
    "send_email_after_commit",
]


def base_context(store: StoreSettings | None = None) -> dict[str, str]:
    """Placeholders every template may use: the storefront URL, the store's name and owner."""
    store = store or get_store_settings()
    return {
        "ENVIRONMENT_DOMAIN": get_site_url(store),
        "store_name": get_store_name(),
        "store_owner_address": store.owner_address,
        "line_break": "\n",
        "short_line_break": "\n",
    }


def render_email(*, email: Email, context: Mapping[str, object]) -> EmailMessageParts:
    """The template's subject and bodies with `context` put in (EmailFormattingError if a
    placeholder has no value or is not a plain name)."""
    return render_parts(
        subject=email.subject,
        body_text=email.body_text,
        body_html=email.body_html,
        context=context,
    )


def build_message(
    *,
    email: Email,
    parts: EmailMessageParts,
    to: Sequence[str],
    store: StoreSettings,
    headers: Mapping[str, str] | None = None,
    connection: BaseEmailBackend | None = None,
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=parts.subject,
        body=parts.body_text,
        from_email=email.from_address or store.sender_address,
        to=list(to),
        bcc=[email.bcc_address] if email.bcc_address else None,
        headers={STORE_HEADER: current().schema_name, **(headers or {})},
        connection=connection,
    )
    if parts.body_html is not None:
        message.attach_alternative(parts.body_html, "text/html")
    return message


def deliver(message: EmailMultiAlternatives, *, em_cd: str) -> None:
    """Hand the message to the mail server; EmailSendError if it refuses or is unreachable."""
    try:
        sent = message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        # SMTPException is an OSError; the message names the failure, never the message body.
        logger.warning("email %s not sent: %s: %s", em_cd, type(error).__name__, error)
        raise EmailSendError(f"The mail server did not accept {em_cd}: {error}") from error
    except ValueError as error:  # a header with a line break, an unusable address
        raise EmailFormattingError(f"{em_cd} cannot be sent: {error}") from error
    if not sent:
        raise EmailSendError(f"The mail server did not accept {em_cd}.")


def send_email(
    *,
    em_cd: str,
    to: Sequence[str],
    context: Mapping[str, object],
    member: Member | None = None,
    prospect: Prospect | None = None,
    headers: Mapping[str, str] | None = None,
    connection: BaseEmailBackend | None = None,
) -> Emailsent | None:
    """Render the store's template `em_cd` with `context` (plus base_context()) and send it
    to `to` now. Records and returns the Emailsent when the mail is for a member or a
    prospect; None otherwise (mail to the store's owner).

    Raises EmailTemplateMissing, EmailFormattingError or EmailSendError; nothing is recorded
    then. Pass `connection` to reuse one SMTP connection for many messages.
    """
    if not to:
        raise EmailFormattingError(f"{em_cd} has no recipient.")
    email = get_email_template(em_cd=em_cd)
    store = get_store_settings()
    context = {**base_context(store), "em_cd": email.em_cd, **context}
    parts = render_email(email=email, context=context)
    message = build_message(
        email=email, parts=parts, to=to, store=store, headers=headers, connection=connection
    )
    deliver(message, em_cd=em_cd)
    logger.info("email %s sent to %d recipient(s)", em_cd, len(message.recipients()))
    if member is None and prospect is None:
        return None
    return record_sent(email=email, member=member, prospect=prospect)


def record_sent(
    *, email: Email, member: Member | None = None, prospect: Prospect | None = None
) -> Emailsent:
    """Write the Emailsent row of a successful send. A marketing email is recorded once per
    recipient: a second record returns the first row."""
    transactional = email.is_transactional
    try:
        with transaction.atomic(using=current_alias()):
            return Emailsent.objects.create(
                email=email,
                member=member,
                prospect=prospect,
                transactional=transactional,
                sent_date_time=timezone.now(),
            )
    except IntegrityError:
        if transactional:
            raise
        return Emailsent.objects.get(
            email=email, member=member, prospect=prospect, transactional=False
        )


def run_after_commit(task, *, label: str, **kwargs: Any) -> None:
    """Queue a store task (declared with tenants.tasks.tenant_task) for the current store
    once the current transaction commits. A failure to queue (or, with eager tasks, to
    send) is logged with [EMAIL_FAILURE] and `label`, and never reaches the caller."""
    tenant_id = current().tenant_id
    if tenant_id is None:
        raise RuntimeError("run_after_commit needs a store (tenant_context)")

    def dispatch() -> None:
        try:
            task.delay(tenant_id, **kwargs)
        except (EmailError, Retry, KombuError, OSError) as error:
            # With eager tasks (development, tests) the send runs right here; a worker
            # reports its own failures (shop.emails.tasks.EmailTask.on_failure).
            error = getattr(error, "exc", None) or error
            logger.error(
                "[EMAIL_FAILURE] type=%s em_cd=%s: %s",
                getattr(error, "code", type(error).__name__),
                label,
                error,
            )

    transaction.on_commit(dispatch, using=current_alias())


def send_email_after_commit(
    *,
    em_cd: str,
    to: Sequence[str],
    context: Mapping[str, Any],
    member: Member | None = None,
    prospect: Prospect | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Queue the mail (shop.emails.tasks.send_templated_email) for the current store once the
    current transaction commits. Context values travel as strings through the broker: never
    put a secret (a code, a token) in them; a mail that carries one issues it in its own
    task (see shop.accounts.tasks)."""
    from shop.emails.tasks import send_templated_email

    run_after_commit(
        send_templated_email,
        label=em_cd,
        em_cd=em_cd,
        to=list(to),
        context={key: "" if value is None else str(value) for key, value in context.items()},
        member_id=member.pk if member is not None else None,
        prospect_id=prospect.pk if prospect is not None else None,
        headers=dict(headers or {}),
    )
