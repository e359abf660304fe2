"""Sign-in limits are counted per store: guesses that use up one store's allowance leave
every other store's, and the platform's (admin and dashboard), untouched, and the other way
round, for the same address and username."""

import pytest
from django.conf import settings
from django.test import Client

from tenants.context import tenant_context
from tests.fixtures.sign_ins import (
    DASHBOARD_LOGIN,
    PLATFORM_ADMIN_LOGIN,
    STAFF_PASSWORD,
    STORE_ADMIN_LOGIN,
    assert_refused,
    attempt,
    make_staff_user,
    statuses_of,
)

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_store_at_its_limit_leaves_other_stores_and_the_platform_alone(
    store_a, store_b, client_for
):
    with tenant_context(store_b):
        make_staff_user("boss")
    make_staff_user("boss")  # the platform's own
    platform = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    statuses_of(client_for(store_a), STORE_ADMIN_LOGIN, 10)

    store_a_again = attempt(client_for(store_a), STORE_ADMIN_LOGIN)
    store_b_right = attempt(client_for(store_b), STORE_ADMIN_LOGIN, password=STAFF_PASSWORD)
    platform_right = attempt(platform, PLATFORM_ADMIN_LOGIN, password=STAFF_PASSWORD)

    assert_refused(store_a_again)
    assert store_b_right.status_code == 302
    assert platform_right.status_code == 302


def test_the_platform_at_its_limit_leaves_the_stores_alone(store_a, client_for):
    with tenant_context(store_a):
        make_staff_user("boss")
    platform = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    statuses_of(platform, DASHBOARD_LOGIN, 5)
    statuses_of(platform, PLATFORM_ADMIN_LOGIN, 5)  # one count for the platform's two forms

    platform_again = attempt(platform, DASHBOARD_LOGIN)
    store_right = attempt(client_for(store_a), STORE_ADMIN_LOGIN, password=STAFF_PASSWORD)

    assert_refused(platform_again)
    assert store_right.status_code == 302
