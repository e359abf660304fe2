"""Sign-in limits under real concurrency (real PostgreSQL and Redis, one thread and database
connection per attempt, all released at once): the count is an atomic INCR made before the
password is checked, so however many attempts race, no more than the limit (10) are let
through to the password, and the others get 429s:
- 30 attempts with the right password for one username from 30 addresses, half through the
  store's admin and half through its API, sign in exactly 10 times;
- 30 attempts from one address, each with the right password of its own username, sign in
  exactly 10 times;
- the same on the platform's dashboard for one operator."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client

from control_plane.dashboard.permissions import Role, grant_role
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.accounts import make_account
from tests.fixtures.races import race
from tests.fixtures.sign_ins import (
    DASHBOARD_LOGIN,
    STAFF_PASSWORD,
    STORE_ADMIN_LOGIN,
    make_staff_user,
)

ATTEMPTS = 30
LIMIT = 10
SIGNED_IN, REFUSED = "signed-in", "refused"


def _html_sign_in(host: str, path: str, username: str, address: str) -> Callable[[], str]:
    client = Client(HTTP_HOST=host)
    data = {"username": username, "password": STAFF_PASSWORD}

    def call() -> str:
        status = client.post(path, data, REMOTE_ADDR=address).status_code
        return {302: SIGNED_IN, 429: REFUSED}.get(status, f"http {status}")

    return call


def _api_sign_in(host: str, username: str, address: str) -> Callable[[], str]:
    client = Client(HTTP_HOST=host)
    data = {"username": username, "password": STAFF_PASSWORD}

    def call() -> str:
        response = client.post("/user/login", data, REMOTE_ADDR=address)
        if response.status_code == 429:
            return REFUSED
        return SIGNED_IN if response.json().get("login") == "true" else f"{response.json()}"

    return call


@pytest.fixture
def racing_store(committed_stores, django_db_blocker):
    tenant = committed_stores("login-race")
    with django_db_blocker.unblock(), tenant_context(tenant):
        # Members already (the storefront makes a staff account's Member at its first sign-in).
        make_account("boss", email="boss@example.com", password=STAFF_PASSWORD)
        User.objects.filter(username="boss").update(is_staff=True, is_superuser=True)
        for n in range(ATTEMPTS):
            make_staff_user(f"clerk-{n}")
    return tenant


def test_racing_attempts_on_one_username_sign_in_at_most_the_limit(racing_store, django_db_blocker):
    host = primary_host_for(racing_store.slug)
    calls = [
        _html_sign_in(host, STORE_ADMIN_LOGIN, "boss", f"198.51.100.{n}")
        if n % 2
        else _api_sign_in(host, "boss", f"198.51.100.{n}")
        for n in range(ATTEMPTS)
    ]

    with django_db_blocker.unblock():
        outcomes = race(calls)

    assert sorted(outcomes) == sorted([SIGNED_IN] * LIMIT + [REFUSED] * (ATTEMPTS - LIMIT))


def test_racing_attempts_from_one_address_sign_in_at_most_the_limit(
    racing_store, django_db_blocker
):
    host = primary_host_for(racing_store.slug)
    calls = [
        _html_sign_in(host, STORE_ADMIN_LOGIN, f"clerk-{n}", "203.0.113.50")
        for n in range(ATTEMPTS)
    ]

    with django_db_blocker.unblock():
        outcomes = race(calls)

    assert sorted(outcomes) == sorted([SIGNED_IN] * LIMIT + [REFUSED] * (ATTEMPTS - LIMIT))


@pytest.fixture
def racing_operator(committed_test_databases, django_db_blocker):
    with django_db_blocker.unblock():
        user = make_staff_user("race-operator")
        grant_role(user=user, role=Role.OPERATOR)
    yield user
    with django_db_blocker.unblock():
        # (Model.delete would also look for the store-only tables that point at auth_user.)
        operators = User.objects.filter(pk=user.pk)
        User.groups.through.objects.filter(user__in=operators).delete()
        operators._raw_delete(using="default")
        connections.close_all()


def test_racing_attempts_on_the_dashboard_sign_in_at_most_the_limit(
    racing_operator, django_db_blocker
):
    calls = [
        _html_sign_in(settings.PLATFORM_DOMAIN, DASHBOARD_LOGIN, "race-operator", f"192.0.2.{n}")
        for n in range(ATTEMPTS)
    ]

    with django_db_blocker.unblock():
        outcomes = race(calls)

    assert sorted(outcomes) == sorted([SIGNED_IN] * LIMIT + [REFUSED] * (ATTEMPTS - LIMIT))
