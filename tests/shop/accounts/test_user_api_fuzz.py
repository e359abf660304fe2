"""No input makes a /user route answer 500: missing fields, junk, huge and NUL values,
wrong methods, broken bodies; signed in or not."""

import pytest

from shop.accounts.urls import ROUTES
from tests.fixtures.accounts import make_account

pytestmark = pytest.mark.django_db(databases=["default", "second"])

FIELDS = ["username", "password", "remember_me", "firstname", "lastname", "email_address",
          "confirm_password", "newsletter", "email_verification_code", "password_reset_code",
          "new_password", "confirm_new_password", "current_password", "email_unsubscribe",
          "token", "pr_token", "version", "name", "message", "how_excited", "spam",
          "other"]  # fmt: skip
JUNK = ["", " ", "true", "x" * 6000, "\x00", "a:b:c", "<script>", "-1", "😀" * 60, "%00"]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("signed_in", [False, True])
def test_no_input_gives_a_server_error(alpha, client_for, member_client, route, signed_in):
    client = member_client(alpha, make_account()) if signed_in else client_for(alpha)
    path = f"/user/{route}"

    statuses = {client.get(path).status_code, client.post(path).status_code}
    for junk in JUNK:
        data = dict.fromkeys(FIELDS, junk)
        statuses.add(client.post(path, data).status_code)
        statuses.add(client.get(path, data).status_code)
    statuses.add(client.post(path, b"--x\r\n", content_type="multipart/form-data").status_code)
    statuses.add(client.put(path).status_code)

    assert statuses <= {200, 400, 405, 429}
