"""Changes to members' accounts: registration, profile, communication preferences and email
verification. Each is one transaction; mail goes out after it commits (shop.accounts.mail)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from shop.accounts import mail, tokens
from shop.accounts.models import Emailunsubscribereasons, Member
from shop.accounts.prospects import convert_prospect_to_member
from shop.accounts.seed import MEMBERS_GROUP
from shop.accounts.terms import agree_to_latest_terms
from shop.accounts.validators import (
    FIRST_NAME_MAX,
    LAST_NAME_MAX,
    as_field_result,
    email_errors,
    error,
    name_errors,
    password_errors,
    username_errors,
)
from shop.errors import FieldErrors
from tenants.context import current_alias


def _atomic():
    return transaction.atomic(using=current_alias())


@dataclass(frozen=True)
class Registration:
    firstname: str | None
    lastname: str | None
    username: str | None
    email_address: str | None
    password: str | None
    confirm_password: str | None
    newsletter: bool


def _registration_errors(registration: Registration) -> dict[str, list | bool]:
    candidate = get_user_model()(
        username=registration.username or "",
        email=registration.email_address or "",
        first_name=registration.firstname or "",
        last_name=registration.lastname or "",
    )
    return {
        "firstname": as_field_result(
            name_errors(registration.firstname, max_length=FIRST_NAME_MAX, label="first name")
        ),
        "lastname": as_field_result(
            name_errors(registration.lastname, max_length=LAST_NAME_MAX, label="last name")
        ),
        "username": as_field_result(username_errors(registration.username)),
        "email-address": as_field_result(email_errors(registration.email_address)),
        "password": as_field_result(
            password_errors(registration.password, registration.confirm_password, user=candidate)
        ),
    }


def _has_errors(fields: dict[str, list | bool]) -> bool:
    return any(value is not True for value in fields.values())


def create_account(*, registration: Registration) -> Member:
    """Register a member (the reference's steps): the user in the Members group, its Member
    with codes and unsubscribe token, agreement to the latest terms of use, a prospect with
    the same address converted, and the welcome mail with a verification link."""
    fields = _registration_errors(registration)
    if _has_errors(fields):
        raise FieldErrors(fields)
    try:
        with _atomic():
            user = get_user_model()(
                username=registration.username,
                email=registration.email_address,
                first_name=registration.firstname,
                last_name=registration.lastname,
            )
            user.set_password(registration.password)
            user.save()
            user.groups.add(Group.objects.get_or_create(name=MEMBERS_GROUP)[0])
            member = _create_member(user, newsletter=registration.newsletter)
            agree_to_latest_terms(member=member)
            convert_prospect_to_member(member=member)
            mail.send_welcome(member=member)
    except IntegrityError:  # another request took the username or address a moment ago
        raise FieldErrors(_registration_errors(registration)) from None
    return member


def _create_member(user: AbstractBaseUser, *, newsletter: bool = False) -> Member:
    token = tokens.new_unsubscribe_token()
    return Member.objects.create(
        user=user,
        newsletter_subscriber=newsletter,
        email_unsubscribe_string=token.value,
        email_unsubscribe_string_signed=token.token,
    )


def ensure_member(*, user: AbstractBaseUser) -> Member:
    """The user's Member, made now for a user that has none (a `createsuperuser` account
    signing in to the storefront: defect 14)."""
    member = Member.objects.filter(user=user).first()
    if member is not None:
        return member
    with _atomic():
        # Lock the user's row, which exists: two first sign-ins at once queue here, and the
        # second finds the first one's Member (a lock on the absent Member row held nothing).
        type(user).objects.select_for_update().filter(pk=user.pk).first()
        return Member.objects.filter(user=user).first() or _create_member(user)


def issue_verification_code(*, member: Member) -> str:
    """A new 24-hour verification code; the previous one stops working. Only its digest is
    stored; the code goes into the mail (shop.accounts.tasks)."""
    issued = tokens.issue_code(purpose=tokens.VERIFICATION)
    member.email_verification_string = ""
    member.email_verification_string_signed = issued.digest
    member.email_verification_requested_date_time = timezone.now()
    member.save(
        update_fields=[
            "email_verification_string",
            "email_verification_string_signed",
            "email_verification_requested_date_time",
        ]
    )
    return issued.code


def request_email_verification(*, member: Member) -> None:
    """Mail a new 24-hour verification code (the previous one stops working)."""
    mail.send_verification(member=member)


def verify_email_address(*, member: Member, code: str) -> None:
    """Mark the address verified (CodeError: signature-invalid/-expired, code-doesnt-match).
    A code works once."""
    tokens.check_code(
        code=code,
        stored_digest=member.email_verification_string_signed,
        purpose=tokens.VERIFICATION,
        max_age=tokens.VERIFICATION_MAX_AGE,
    )
    member.email_verified = True
    member.email_verification_string_signed = ""
    member.save(update_fields=["email_verified", "email_verification_string_signed"])


def update_my_information(
    *, member: Member, firstname: str | None, lastname: str | None, email_address: str | None
) -> None:
    """New names and address. A new address is unverified until its code comes back; both
    the old and the new address are told."""
    user = member.user
    fields = {
        "firstname": as_field_result(
            name_errors(firstname, max_length=FIRST_NAME_MAX, label="first name")
        ),
        "lastname": as_field_result(
            name_errors(lastname, max_length=LAST_NAME_MAX, label="last name")
        ),
        "email-address": as_field_result(email_errors(email_address, taken_by_others_of=user)),
    }
    if _has_errors(fields):
        raise FieldErrors(fields)
    old_address = user.email
    try:
        with _atomic():
            user.first_name, user.last_name, user.email = firstname, lastname, email_address
            user.save(update_fields=["first_name", "last_name", "email"])
            if old_address.lower() != email_address.lower():
                member.email_verified = False
                member.email_verification_string_signed = ""  # the old address' code ends
                member.save(update_fields=["email_verified", "email_verification_string_signed"])
                mail.send_email_changed(
                    member=member, old_address=old_address, new_address=email_address
                )
    except IntegrityError:
        fields["email-address"] = [
            error("unavailable", "This email address belongs to another account.")
        ]
        raise FieldErrors(fields) from None


@dataclass(frozen=True)
class UnsubscribeReasons:
    no_longer_want_to_receive: bool = False
    never_signed_up: bool = False
    inappropriate: bool = False
    spam: bool = False
    other: str = ""

    @property
    def any(self) -> bool:
        return any(
            (
                self.no_longer_want_to_receive,
                self.never_signed_up,
                self.inappropriate,
                self.spam,
                self.other,
            )
        )


def record_unsubscribe_reasons(*, reasons: UnsubscribeReasons, member=None, prospect=None):
    return Emailunsubscribereasons.objects.create(
        member=member,
        prospect=prospect,
        no_longer_want_to_receive=reasons.no_longer_want_to_receive,
        never_signed_up=reasons.never_signed_up,
        inappropriate=reasons.inappropriate,
        spam=reasons.spam,
        other=reasons.other[:5000],
    )


def rotate_unsubscribe_token(*, member=None, prospect=None) -> str:
    """A new unsubscribe token for the member or prospect; the old one stops working."""
    target = member if member is not None else prospect
    token = tokens.new_unsubscribe_token()
    target.email_unsubscribe_string = token.value
    target.email_unsubscribe_string_signed = token.token
    target.save(update_fields=["email_unsubscribe_string", "email_unsubscribe_string_signed"])
    return token.token


def update_communication_preferences(
    *, member: Member, newsletter: bool, email_unsubscribed: bool, reasons: UnsubscribeReasons
) -> None:
    """Newsletter and unsubscribe cannot both be on. Changing the unsubscribe flag rotates
    the token; any reason given is recorded."""
    if newsletter and email_unsubscribed:
        raise FieldErrors({"invalid_data": "The request included an invalid data combination."})
    with _atomic():
        changed = member.email_unsubscribed != email_unsubscribed
        member.newsletter_subscriber = newsletter
        member.email_unsubscribed = email_unsubscribed
        member.save(update_fields=["newsletter_subscriber", "email_unsubscribed"])
        if changed:
            rotate_unsubscribe_token(member=member)
        if reasons.any:
            record_unsubscribe_reasons(reasons=reasons, member=member)
