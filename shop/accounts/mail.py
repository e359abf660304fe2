"""The account mails, each queued after the current transaction commits with the
placeholders its template declares (shop.emails.seed.TEMPLATES). A mail that carries a code
is sent by shop.accounts.tasks.send_code_email, which issues the code itself: codes go into
the mail and nowhere else (not the broker, not a log line)."""

from __future__ import annotations

from shop.accounts.models import Member, Prospect
from shop.emails import codes
from shop.emails.selectors import get_store_settings
from shop.emails.services import run_after_commit, send_email_after_commit


def _greeting(member: Member) -> dict[str, str]:
    user = member.user
    return {"recipient_first_name": user.first_name or user.username, "username": user.username}


def _send_code_mail(kind: str, member: Member, **extra: str) -> None:
    from shop.accounts.tasks import send_code_email

    run_after_commit(send_code_email, label=kind, kind=kind, member_id=member.pk, **extra)


def send_welcome(*, member: Member) -> None:
    _send_code_mail("welcome", member)


def send_verification(*, member: Member) -> None:
    _send_code_mail("verification", member)


def send_password_reset(*, member: Member) -> None:
    _send_code_mail("password-reset", member)


def send_password_changed(*, member: Member) -> None:
    send_email_after_commit(
        em_cd=codes.PASSWORD_CHANGED,
        to=[member.user.email],
        context=_greeting(member),
        member=member,
    )


def send_username(*, member: Member) -> None:
    send_email_after_commit(
        em_cd=codes.FORGOT_USERNAME,
        to=[member.user.email],
        context=_greeting(member),
        member=member,
    )


def send_email_changed(*, member: Member, old_address: str, new_address: str) -> None:
    """The old address is told; the new one gets a verification code."""
    send_email_after_commit(
        em_cd=codes.EMAIL_CHANGED_OLD_ADDRESS,
        to=[old_address],
        context={**_greeting(member), "new_email_address": new_address},
        member=member,
    )
    _send_code_mail("email-changed", member, old_email_address=old_address)


def send_chat_message_to_owner(
    *, name: str, email_address: str, message: str, member: Member | None, prospect: Prospect | None
) -> None:
    kind = f"member {member.user.username}" if member is not None else "prospect"
    if member is None and prospect is None:
        kind = "visitor"
    send_email_after_commit(
        em_cd=codes.NEW_CHAT_MESSAGE,
        to=[get_store_settings().owner_address],
        context={
            "name": name,
            "email_address": email_address,
            "message": message,
            "sender_kind": kind,
        },
    )
