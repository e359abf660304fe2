"""The password rules as the sign-up and password pages show them, read from the one place
the server defines them (AUTH_PASSWORD_VALIDATORS): each validator's own help text, and for
the rules a browser can check as the shopper types, what to check (the page's script reads
it from data attributes, so no rule is written twice)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import password_validation

from shop.accounts.validators import (
    SPECIAL_CHARACTERS,
    CapitalLetterValidator,
    MaximumLengthValidator,
    SpecialCharacterValidator,
)

MIN_LENGTH, MAX_LENGTH, CAPITAL, SPECIAL, CONFIRM, ON_SUBMIT = (
    "min-length",
    "max-length",
    "capital",
    "special",
    "confirm",
    "on-submit",
)


@dataclass(frozen=True)
class PasswordRule:
    kind: str  # what the script checks; ON_SUBMIT: only the server can (a common password)
    text: str
    value: str = ""  # the length, or the special characters

    @property
    def checked_as_you_type(self) -> bool:
        return self.kind != ON_SUBMIT


def _rule_for(validator) -> PasswordRule:
    text = validator.get_help_text()
    if isinstance(validator, password_validation.MinimumLengthValidator):
        return PasswordRule(MIN_LENGTH, text, str(validator.min_length))
    if isinstance(validator, MaximumLengthValidator):
        return PasswordRule(MAX_LENGTH, text, str(validator.max_length))
    if isinstance(validator, CapitalLetterValidator):
        return PasswordRule(CAPITAL, text)
    if isinstance(validator, SpecialCharacterValidator):
        return PasswordRule(SPECIAL, text, SPECIAL_CHARACTERS)
    return PasswordRule(ON_SUBMIT, text)


def list_password_rules(*, with_confirmation: bool = True) -> list[PasswordRule]:
    """The store's password rules, those a browser can check first; then, as
    shop.accounts.validators.password_errors requires, the matching confirmation."""
    rules = [_rule_for(v) for v in password_validation.get_default_password_validators()]
    rules.sort(key=lambda rule: not rule.checked_as_you_type)
    if with_confirmation:
        rules.insert(
            sum(rule.checked_as_you_type for rule in rules),
            PasswordRule(CONFIRM, "The confirmation must match the password."),
        )
    return rules
