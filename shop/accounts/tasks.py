"""Account mails that carry a code. The code is issued here, in the worker, right before the
mail is sent: it never travels through the broker or a log line, only its digest is stored.
Queue with shop.accounts.mail (after the transaction commits)."""

from __future__ import annotations

from shop.accounts.models import Member
from shop.emails import codes
from shop.emails.errors import EmailSendError
from shop.emails.services import send_email
from shop.emails.tasks import EmailTask
from tenants.models import Tenant
from tenants.tasks import tenant_task

WELCOME = "welcome"
VERIFICATION = "verification"
EMAIL_CHANGED = "email-changed"
PASSWORD_RESET = "password-reset"  # noqa: S105 (a mail kind)
KINDS = (WELCOME, VERIFICATION, EMAIL_CHANGED, PASSWORD_RESET)

_TEMPLATES = {
    WELCOME: codes.WELCOME,
    VERIFICATION: codes.EMAIL_VERIFICATION,
    EMAIL_CHANGED: codes.EMAIL_CHANGED_NEW_ADDRESS,
    PASSWORD_RESET: codes.PASSWORD_RESET,
}


@tenant_task(
    name="shop.accounts.send_code_email",
    base=EmailTask,
    autoretry_for=(EmailSendError,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=3,
)
def send_code_email(
    tenant: Tenant, *, kind: str, member_id: int, old_email_address: str = ""
) -> int | None:
    """Issue the member's new verification (or reset) code and mail it to its address."""
    from shop.accounts.passwords import issue_reset_code
    from shop.accounts.services import issue_verification_code

    if kind not in KINDS:
        raise ValueError(f"unknown code mail {kind!r}")
    member = Member.objects.select_related("user").filter(pk=member_id).first()
    if member is None or not member.user.email:
        return None
    user = member.user
    context = {"recipient_first_name": user.first_name or user.username, "username": user.username}
    if kind == PASSWORD_RESET:
        context["password_reset_code"] = issue_reset_code(member=member)
    else:
        context["email_verification_code"] = issue_verification_code(member=member)
    if kind == EMAIL_CHANGED:
        context["old_email_address"] = old_email_address
    sent = send_email(em_cd=_TEMPLATES[kind], to=[user.email], context=context, member=member)
    return sent.pk if sent is not None else None
