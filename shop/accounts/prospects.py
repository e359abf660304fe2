"""Prospects: people the store knows by email address only (a chat message, a notify-me
sign-up), and their conversion into members. A prospect the store captures itself is not on
the marketing list (`email_unsubscribed=True`) but gets an unsubscribe token and codes."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from shop.accounts import mail, tokens
from shop.accounts.models import Chatmessage, Member, Prospect
from shop.accounts.validators import (
    as_field_result,
    chat_message_errors,
    chat_name_errors,
    email_errors,
    error,
    how_excited_errors,
)
from shop.codes import new_code
from shop.errors import Conflict, FieldErrors
from tenants.context import current_alias

CHAT_COMMENT = "Captured from chat message submission"
NOTIFY_ME_COMMENT = (
    "This prospect would like to be notified when PythonABot is ready to be purchased."
)
DUPLICATE = "I already know about this email address. Please enter a different email address."


def _atomic():
    return transaction.atomic(using=current_alias())


def find_prospect(*, email: str) -> Prospect | None:
    return Prospect.objects.filter(email__iexact=email).first()


def find_member_by_email(*, email: str) -> Member | None:
    return Member.objects.filter(user__email__iexact=email).select_related("user").first()


def _new_prospect(*, email: str, swa_comment: str, prospect_comment: str = "") -> Prospect:
    token = tokens.new_unsubscribe_token()
    return Prospect.objects.create(
        email=email,
        email_unsubscribed=True,
        email_unsubscribe_string=token.value,
        email_unsubscribe_string_signed=token.token,
        swa_comment=swa_comment,
        prospect_comment=prospect_comment,
    )


def get_or_create_prospect(*, email: str, swa_comment: str) -> Prospect:
    found = find_prospect(email=email)
    if found is not None:
        return found
    try:
        with _atomic():
            return _new_prospect(email=email, swa_comment=swa_comment)
    except IntegrityError:  # created by a concurrent request
        return find_prospect(email=email)


def convert_prospect_to_member(*, member: Member) -> Prospect | None:
    """A prospect with the new member's address becomes that member: converted, off the
    prospect list, its orders and chat messages the member's."""
    from shop.orders.models import Order  # read/write of the order's owner only

    prospect = find_prospect(email=member.user.email)
    if prospect is None or prospect.converted_date_time is not None:
        return None
    now = timezone.now()
    note = f"Converted to member {member.user.username} on {now:%Y-%m-%d}."
    prospect.converted_date_time = now
    prospect.email_unsubscribed = True
    prospect.swa_comment = f"{prospect.swa_comment}\n{note}".strip()[:5000]
    prospect.save(update_fields=["converted_date_time", "email_unsubscribed", "swa_comment"])
    Order.objects.filter(prospect=prospect, member__isnull=True).update(member=member)
    Chatmessage.objects.filter(prospect=prospect, member__isnull=True).update(member=member)
    return prospect


def put_chat_message(
    *, name: str | None, email_address: str | None, message: str | None, member: Member | None
) -> Chatmessage:
    """Store a visitor's message, linked to the signed-in member, else the member or prospect
    with that address (a new prospect if none), and tell the store's owner."""
    fields = {
        "name": as_field_result(chat_name_errors(name)),
        "email_address": as_field_result(email_errors(email_address, check_taken=False)),
        "message": as_field_result(chat_message_errors(message)),
    }
    if any(value is not True for value in fields.values()):
        raise FieldErrors(fields)
    with _atomic():
        member = member or find_member_by_email(email=email_address)
        prospect = (
            None
            if member is not None
            else get_or_create_prospect(email=email_address, swa_comment=CHAT_COMMENT)
        )
        chat = Chatmessage.objects.create(
            member=member,
            prospect=prospect,
            name=name,
            email_address=email_address,
            message=message,
        )
        mail.send_chat_message_to_owner(
            name=name,
            email_address=email_address,
            message=message,
            member=member,
            prospect=prospect,
        )
    return chat


def add_notify_me_prospect(*, email_address: str | None, how_excited: str | None) -> Prospect:
    """PythonABot notify-me: a new prospect (Conflict `duplicate_prospect` if known)."""
    fields = {
        "email_address": as_field_result(email_errors(email_address, check_taken=False)),
        "how_excited": as_field_result(how_excited_errors(how_excited)),
    }
    if any(value is not True for value in fields.values()):
        raise FieldErrors(fields)
    duplicate = Conflict(
        "That address is already known.",
        code="duplicate_prospect",
        extra={
            "errors": {
                "email_address": [error("duplicate", DUPLICATE)],
                "how_excited": True,
            }
        },
    )
    if find_prospect(email=email_address) is not None:
        raise duplicate
    try:
        with _atomic():
            return _new_prospect(
                email=email_address,
                swa_comment=NOTIFY_ME_COMMENT,
                prospect_comment=f"{how_excited} on a scale of 1-5 for how excited they are.",
            )
    except IntegrityError:
        raise duplicate from None


def populate_prospect_codes(*, prospects: Iterable[Prospect]) -> int:
    """Give every prospect without one a `pr_cd` and an unsubscribe token; how many changed."""
    changed = 0
    for prospect in prospects:
        fields = []
        if not prospect.pr_cd:
            prospect.pr_cd = new_code()
            fields.append("pr_cd")
        if not prospect.email_unsubscribe_string_signed:
            token = tokens.new_unsubscribe_token()
            prospect.email_unsubscribe_string = token.value
            prospect.email_unsubscribe_string_signed = token.token
            fields += ["email_unsubscribe_string", "email_unsubscribe_string_signed"]
        if fields:
            prospect.save(update_fields=fields)
            changed += 1
    return changed
