"""Field rules of the reference: names, usernames, addresses, chat messages, how excited."""

import pytest

from shop.accounts.validators import (
    chat_message_errors,
    email_errors,
    how_excited_errors,
    name_errors,
    username_errors,
)
from tests.fixtures.accounts import make_account

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _types(errors):
    return [e["type"] for e in errors]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Ada", []), ("Ada Byron 2", []), ("Ada-Byron", ["not_valid"]), ("A" * 31, ["too_many_chars"]),
     (None, ["required"]), ("<b>", ["not_valid"])],
)  # fmt: skip
def test_first_names(alpha, value, expected):
    assert _types(name_errors(value, max_length=30, label="first name")) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("ada_love", []), ("ada-lo", []), ("adalo", ["too_short"]), ("ada love", ["not_valid"]),
     ("a" * 151, ["too_many_chars"]), (None, ["required"]), ("ädalove", ["not_valid"])],
)  # fmt: skip
def test_usernames(alpha, value, expected):
    assert _types(username_errors(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("ada@example.com", []), ("ada@example", ["not_valid"]), ("ada", ["not_valid"]),
     ("a" * 250 + "@x.com", ["too_many_chars"]), (None, ["required"])],
)  # fmt: skip
def test_email_addresses(alpha, value, expected):
    assert _types(email_errors(value)) == expected


def test_an_address_is_free_for_its_own_account(alpha):
    member = make_account(email="ada@example.com")

    assert email_errors("ADA@example.com", taken_by_others_of=member.user) == []
    assert _types(email_errors("ADA@example.com")) == ["unavailable"]


@pytest.mark.parametrize(
    ("value", "expected"), [("x", []), ("x" * 5000, []), ("x" * 5001, ["too_many_chars"]),
                            (None, ["required"])],
)  # fmt: skip
def test_chat_messages(alpha, value, expected):
    assert _types(chat_message_errors(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", []), ("5", []), ("0", ["out_of_range"]), ("6", ["out_of_range"]),
     ("three", ["out_of_range"]), (None, ["required"])],
)  # fmt: skip
def test_how_excited(alpha, value, expected):
    assert _types(how_excited_errors(value)) == expected
