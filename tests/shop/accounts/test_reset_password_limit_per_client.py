"""Reset-password is limited per client address (20 an hour) besides per username (5): one
address cannot probe or mail many members. Another address is not held up."""

import pytest

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _reset(client, username, address="203.0.113.10"):
    data = {"username": username, "email_address": f"{username}@example.com"}
    return client.post("/user/reset-password", data, REMOTE_ADDR=address)


def test_the_twenty_first_reset_from_one_address_is_429_whatever_the_username(alpha, client_a):
    statuses = [_reset(client_a, f"member_{n}").status_code for n in range(20)]

    response = _reset(client_a, "member_20")
    elsewhere = _reset(client_a, "member_20", address="192.0.2.1")

    assert statuses == [200] * 20
    assert (response.status_code, response["Retry-After"]) == (429, "3600")
    assert response.json() == {
        "reset_password": "error",
        "errors": {"error": "rate-limited"},
        "user-api-version": "0.0.1",
    }
    assert elsewhere.status_code == 200


def test_one_username_is_still_limited_to_five_across_addresses(alpha, client_a):
    statuses = [
        _reset(client_a, "ada_lovelace", address=f"198.51.100.{n}").status_code for n in range(6)
    ]

    assert statuses == [200] * 5 + [429]
