"""The platform admin's password change counts each try of the current password as a
sign-in of the signed-in operator: past the limit it is refused (429, the platform's page),
the right password too."""

import pytest
from django.conf import settings

from tests.fixtures.sign_ins import STAFF_PASSWORD, WRONG_PASSWORD, assert_refused, make_staff_user

pytestmark = pytest.mark.django_db(databases=["default", "second"])

NEW = "Difference-Engine-2"


@pytest.fixture
def settings_limits(settings):
    settings.LOGIN_RATE_LIMIT_PER_USERNAME = 3


def _try(client, old: str):
    return client.post(
        "/admin/password_change/",
        {"old_password": old, "new_password1": NEW, "new_password2": NEW},
    )


def test_the_platform_admins_password_change_refuses_past_the_users_limit(
    client_for, settings_limits
):
    client = client_for(settings.PLATFORM_DOMAIN)
    client.force_login(make_staff_user("olga"))

    wrong = [_try(client, WRONG_PASSWORD).status_code for _ in range(3)]
    response = _try(client, STAFF_PASSWORD)

    assert wrong == [200] * 3
    assert "Storefleet" in assert_refused(response)
