"""Passwords: change (signed in), reset by mailed code (signed out), and the forgotten
username. Every new password passes the same rules (AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from shop.accounts import mail, tokens
from shop.accounts.errors import UsernameNotFound
from shop.accounts.models import Member
from shop.accounts.validators import error, password_errors
from shop.errors import FieldErrors
from tenants.context import current_alias


def change_my_password(
    *, member: Member, current_password: str | None, new_password: str | None, confirm: str | None
) -> None:
    """FieldErrors `current-password` (current_password_invalid) or `password` (the rules,
    or new_password_same_as_current_password). The caller keeps the session signed in."""
    user = member.user
    if not current_password or not user.check_password(current_password):
        raise FieldErrors(
            {
                "current-password": [
                    error("current_password_invalid", "The current password is not correct.")
                ]
            }
        )
    errors = password_errors(new_password, confirm, user=user)
    if not errors and new_password == current_password:
        errors = [
            error(
                "new_password_same_as_current_password",
                "The new password must differ from the current one.",
            )
        ]
    if errors:
        raise FieldErrors({"password": errors})
    with transaction.atomic(using=current_alias()):
        user.set_password(new_password)
        user.save(update_fields=["password"])
        mail.send_password_changed(member=member)


def request_password_reset(*, username: str, email_address: str) -> None:
    """Mail a 1-hour reset code when `username` exists and its address matches
    (case-insensitively); otherwise nothing, and the caller says the same either way."""
    member = (
        Member.objects.select_related("user")
        .filter(user__username=username, user__email__iexact=email_address)
        .first()
    )
    if member is None or not member.user.is_active:
        return
    mail.send_password_reset(member=member)


def issue_reset_code(*, member: Member) -> str:
    """A new 1-hour reset code; the previous one stops working. Only its digest is stored;
    the code goes into the mail (shop.accounts.tasks)."""
    issued = tokens.issue_code(purpose=tokens.RESET)
    member.reset_password_string = ""
    member.reset_password_string_signed = issued.digest
    member.reset_password_requested_date_time = timezone.now()
    member.save(
        update_fields=[
            "reset_password_string",
            "reset_password_string_signed",
            "reset_password_requested_date_time",
        ]
    )
    return issued.code


def set_new_password(
    *, username: str, code: str, new_password: str | None, confirm: str | None
) -> None:
    """UsernameNotFound, CodeError, or FieldErrors `new-password`; a code works once."""
    member = Member.objects.select_related("user").filter(user__username=username).first()
    if member is None:
        raise UsernameNotFound()
    tokens.check_code(
        code=code,
        stored_digest=member.reset_password_string_signed,
        purpose=tokens.RESET,
        max_age=tokens.RESET_MAX_AGE,
    )
    errors = password_errors(new_password, confirm, user=member.user)
    if errors:
        raise FieldErrors({"new-password": errors})
    with transaction.atomic(using=current_alias()):
        member.user.set_password(new_password)
        member.user.save(update_fields=["password"])
        member.reset_password_string_signed = ""
        member.save(update_fields=["reset_password_string_signed"])
        mail.send_password_changed(member=member)


def send_forgotten_username(*, email_address: str) -> None:
    """Mail the username of the member with this address, if there is one."""
    for member in Member.objects.select_related("user").filter(
        user__email__iexact=email_address, user__is_active=True
    ):
        mail.send_username(member=member)
