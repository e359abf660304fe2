"""The store's field rules, each returning the reference's error list:
`[{"type": "<type>", "description": "<text>"}, ...]`, empty when the value is valid.

Password rules live in AUTH_PASSWORD_VALIDATORS (Django's similarity, common-password and
minimum-length validators plus the three classes below), so the admin and the API apply the
same ones; `password_errors` maps their codes onto the reference's types.
"""

from __future__ import annotations

import re
import string

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

FieldError = dict[str, str]

SPECIAL_CHARACTERS = string.punctuation  # !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~
NAME_RE = re.compile(r"[A-Za-z0-9 ]+")
USERNAME_RE = re.compile(r"[A-Za-z0-9_-]+")
FIRST_NAME_MAX, LAST_NAME_MAX = 30, 150
USERNAME_MIN, USERNAME_MAX = 6, 150
EMAIL_MAX = 254
CHAT_NAME_MAX, CHAT_MESSAGE_MAX = 150, 5000
PASSWORD_MIN, PASSWORD_MAX = 8, 50


def error(kind: str, description: str) -> FieldError:
    return {"type": kind, "description": description}


# Password validators (AUTH_PASSWORD_VALIDATORS) --------------------------------------------


class MaximumLengthValidator:
    def __init__(self, max_length: int = PASSWORD_MAX) -> None:
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is longer than {self.max_length} characters.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Your password can have at most {self.max_length} characters."


class CapitalLetterValidator:
    def validate(self, password: str, user=None) -> None:
        if not any(character.isupper() for character in password):
            raise ValidationError(
                "This password has no capital letter.", code="password_no_capital_letter"
            )

    def get_help_text(self) -> str:
        return "Your password must contain at least one capital letter."


class SpecialCharacterValidator:
    def validate(self, password: str, user=None) -> None:
        if not any(character in SPECIAL_CHARACTERS for character in password):
            raise ValidationError(
                "This password has no special character.", code="password_no_special_character"
            )

    def get_help_text(self) -> str:
        return f"Your password must contain at least one of {SPECIAL_CHARACTERS}."


_PASSWORD_TYPES = {
    "password_too_short": "too_short",
    "password_too_long": "too_many_chars",
    "password_no_capital_letter": "no_capital_letter",
    "password_no_special_character": "no_special_character",
}


def password_errors(password: str | None, confirmation: str | None, *, user=None) -> list:
    """All the password rules; `user` (saved or not) feeds the similarity check."""
    if not password:
        return [error("required", "Please enter a password.")]
    errors = []
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as failure:
        for item in failure.error_list:
            kind = _PASSWORD_TYPES.get(item.code or "", "django_validation")
            errors.append(error(kind, " ".join(item.messages)))
    if password != confirmation:
        errors.append(
            error("confirm_password_doesnt_match", "The password confirmation does not match.")
        )
    return errors


# Other fields -------------------------------------------------------------------------------


def name_errors(value: str | None, *, max_length: int, label: str) -> list:
    if not value:
        return [error("required", f"Please enter your {label}.")]
    errors = []
    if not NAME_RE.fullmatch(value):
        errors.append(error("not_valid", f"Your {label} may use letters, digits and spaces."))
    if len(value) > max_length:
        errors.append(error("too_many_chars", f"Your {label} has more than {max_length} chars."))
    return errors


def username_errors(value: str | None) -> list:
    if not value:
        return [error("required", "Please choose a username.")]
    errors = []
    if not USERNAME_RE.fullmatch(value):
        errors.append(error("not_valid", "A username may use letters, digits, - and _."))
    if len(value) < USERNAME_MIN:
        errors.append(error("too_short", f"A username has at least {USERNAME_MIN} characters."))
    if len(value) > USERNAME_MAX:
        errors.append(error("too_many_chars", f"A username has at most {USERNAME_MAX} chars."))
    if not errors and get_user_model().objects.filter(username__iexact=value).exists():
        errors.append(error("unavailable", "This username is taken. Please choose another."))
    return errors


def email_errors(value: str | None, *, taken_by_others_of=None, check_taken: bool = True) -> list:
    """An email address; `check_taken`: refuse one another account of this store uses
    (`taken_by_others_of`: the user that may keep its own address)."""
    if not value:
        return [error("required", "Please enter your email address.")]
    if len(value) > EMAIL_MAX:
        return [error("too_many_chars", f"An email address has at most {EMAIL_MAX} chars.")]
    try:
        validate_email(value)
    except ValidationError:
        return [error("not_valid", "Please enter a valid email address.")]
    if check_taken:
        others = get_user_model().objects.filter(email__iexact=value)
        if taken_by_others_of is not None:
            others = others.exclude(pk=taken_by_others_of.pk)
        if others.exists():
            return [error("unavailable", "This email address belongs to another account.")]
    return []


def chat_message_errors(value: str | None) -> list:
    if not value:
        return [error("required", "Please enter a message.")]
    if len(value) > CHAT_MESSAGE_MAX:
        return [error("too_many_chars", f"A message has at most {CHAT_MESSAGE_MAX} chars.")]
    return []


def chat_name_errors(value: str | None) -> list:
    if not value:
        return [error("required", "Please enter your name.")]
    if len(value) > CHAT_NAME_MAX:
        return [error("too_many_chars", f"A name has at most {CHAT_NAME_MAX} chars.")]
    return []


def how_excited_errors(value: str | None) -> list:
    if not value:
        return [error("required", "Please tell us how excited you are.")]
    if value not in {"1", "2", "3", "4", "5"}:
        return [error("out_of_range", "Choose a number from 1 to 5.")]
    return []


def as_field_result(errors: list) -> list | bool:
    """The reference reports a valid field as `true`, an invalid one as its error list."""
    return errors or True
