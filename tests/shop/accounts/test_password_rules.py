"""Passwords: 8 to 50 characters, a capital letter, a special character, not like the
username, not a common password, and the same twice."""

import pytest

from shop.accounts.validators import password_errors

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _types(password, confirmation=None, user=None):
    confirmation = password if confirmation is None else confirmation
    return [e["type"] for e in password_errors(password, confirmation, user=user)]


def test_a_strong_password_passes(alpha):
    assert _types("Analytical-Engine-1") == []


def test_fifty_characters_pass_and_fifty_one_do_not(alpha):
    assert _types("A-" + "x7" * 24) == []
    assert _types("A-" + "x7" * 24 + "z") == ["too_many_chars"]


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("", ["required"]),
        ("Ab-1", ["too_short"]),
        ("analytical-engine-1", ["no_capital_letter"]),
        ("AnalyticalEngine1", ["no_special_character"]),
        ("Password1!", ["django_validation"]),
    ],
)
def test_each_rule_has_its_type(alpha, password, expected):
    assert _types(password) == expected


def test_a_password_like_the_username_is_refused(alpha):
    from django.contrib.auth import get_user_model

    user = get_user_model()(username="lovelace_ada", email="ada@example.com")

    errors = password_errors("Lovelace_Ada!", "Lovelace_Ada!", user=user)

    assert [e["type"] for e in errors] == ["django_validation"]
    assert "too similar to the username" in errors[0]["description"]


def test_a_different_confirmation_is_an_error(alpha):
    assert _types("Analytical-Engine-1", "Analytical-Engine-2") == ["confirm_password_doesnt_match"]
