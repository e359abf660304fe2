"""The platform's two sign-ins, the operator dashboard's (/dashboard/login/) and the platform
admin's (/admin/login/ on the platform host), are limited per client address and per
username (10 attempts an hour each, counted before the password is checked), apart from any
store; the 11th gets a 429 page in the platform's look with Retry-After, even with the right
password. Showing the form is not an attempt, and no input makes it fail."""

from dataclasses import dataclass

import pytest

from control_plane.dashboard.permissions import Role, grant_role
from tests.fixtures.sign_ins import (
    DASHBOARD_LOGIN,
    PLATFORM_ADMIN_LOGIN,
    STAFF_PASSWORD,
    assert_refused,
    attempt,
    make_staff_user,
    statuses_of,
)

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@dataclass(frozen=True)
class SignIn:
    login: str  # the form's path
    username: str  # a staff user who may sign in there
    operator: bool  # whether that user needs the operator role
    home: str  # the page behind the sign-in: signed out, it sends to the form
    look: str  # a piece of the 429 page that only this sign-in's look has
    lands_on: str | None = None  # where a right password leads (without a `next` field)


DASHBOARD = SignIn(
    login=DASHBOARD_LOGIN,
    username="olga",
    operator=True,
    home="/dashboard/",
    look='aria-current="page">Operator sign-in</a>',
    lands_on="/dashboard/",
)
PLATFORM_ADMIN = SignIn(
    login=PLATFORM_ADMIN_LOGIN,
    username="root",
    operator=False,
    home="/admin/",
    look="control_plane/platform.css",
    # (the admin's form posts `next`, which attempt() leaves out)
)


@pytest.fixture(params=[DASHBOARD, PLATFORM_ADMIN], ids=["dashboard", "platform-admin"])
def sign_in(request) -> SignIn:
    """Each sign-in, with its staff user made."""
    door = request.param
    user = make_staff_user(door.username)
    if door.operator:
        grant_role(user=user, role=Role.OPERATOR)
    return door


def right_password(client, sign_in: SignIn, **fields: str):
    """One attempt with the staff user's right password."""
    return attempt(
        client, sign_in.login, username=sign_in.username, password=STAFF_PASSWORD, **fields
    )


def test_the_eleventh_wrong_password_gets_the_platforms_429_page(platform_client, sign_in):
    shown = [platform_client.get(sign_in.login).status_code for _ in range(12)]
    statuses = statuses_of(platform_client, sign_in.login, 10, username=sign_in.username)
    response = attempt(platform_client, sign_in.login, username=sign_in.username)

    assert shown == [200] * 12 and statuses == [200] * 10
    html = assert_refused(response)
    assert "<title>Too many sign-in attempts · Storefleet</title>" in html
    assert sign_in.look in html


def test_the_right_password_past_the_limit_is_refused(platform_client, sign_in):
    statuses_of(platform_client, sign_in.login, 10, username=sign_in.username)

    response = right_password(platform_client, sign_in)

    assert_refused(response)
    assert platform_client.get(sign_in.home).status_code == 302  # still signed out


def test_under_the_limit_the_right_password_signs_in(platform_client, sign_in):
    statuses_of(platform_client, sign_in.login, 9, username=sign_in.username)

    response = right_password(platform_client, sign_in)

    assert response.status_code == 302
    if sign_in.lands_on is not None:
        assert response["Location"] == sign_in.lands_on
    assert platform_client.get(sign_in.home).status_code == 200  # signed in


def test_one_username_is_limited_whatever_the_address(platform_client, sign_in):
    for n in range(10):
        attempt(
            platform_client,
            sign_in.login,
            username=sign_in.username.capitalize(),
            address=f"198.51.100.{n}",
        )

    response = right_password(platform_client, sign_in, address="192.0.2.1")

    assert_refused(response)


def test_one_address_is_limited_whatever_the_username(platform_client, sign_in):
    for n in range(10):
        attempt(platform_client, sign_in.login, username=f"guess-{n}")

    same_address = right_password(platform_client, sign_in)
    other_address = right_password(platform_client, sign_in, address="192.0.2.77")

    assert_refused(same_address)
    assert other_address.status_code == 302


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": "u" * 10_000, "password": "x"},
        {"username": ["one", "two"], "password": ["x", "y"]},
        {"username": "\x00", "password": "\x00"},
    ],
    ids=["nothing", "long-username", "repeated", "nul"],
)
def test_no_input_makes_it_fail(platform_client, sign_in, data):
    answers = [
        platform_client.post(sign_in.login, data, REMOTE_ADDR="192.0.2.5").status_code
        for _ in range(11)
    ]

    assert answers == [200] * 10 + [429]
