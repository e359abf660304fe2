"""Rate limits, answered with HTTP 429: the reference's login 10/h and create-account 5/h per
client address (login also 10/h per username), reset-password 5/h per username (and 20/h
per client); ours on the routes that send mail:
forgot-username 5/h per email address and 20/h per client, chat messages 20/h per client.
They fail open when the cache is down."""

import logging

import pytest

from tests.fixtures.accounts import make_account

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _statuses(client, path, count, **data):
    return [client.post(path, data).status_code for _ in range(count)]


def test_the_eleventh_login_is_429_with_a_json_error(alpha, client_a):
    make_account("ada_lovelace")

    statuses = _statuses(client_a, "/user/login", 10, username="ada_lovelace", password="x")
    response = client_a.post("/user/login", {"username": "ada_lovelace", "password": "x"})

    assert statuses == [200] * 10
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert response.json() == {
        "login": "error",
        "errors": {"error": "rate-limited"},
        "user-api-version": "0.0.1",
    }


def test_another_address_is_counted_on_its_own(alpha, client_for):
    first = client_for(alpha)
    second = client_for(alpha)
    _statuses(first, "/user/login", 11, username="ada_lovelace", password="x")

    # Another username: the one the first address used up is limited on its own (see
    # test_login_limit_per_username.py).
    response = second.post(
        "/user/login", {"username": "grace_hopper", "password": "x"}, REMOTE_ADDR="10.0.0.2"
    )

    assert response.status_code == 200


def test_the_sixth_account_creation_is_429(alpha, client_a):
    statuses = _statuses(client_a, "/user/create-account", 6)

    assert statuses == [200] * 5 + [429]


def test_the_sixth_reset_for_one_username_is_429_but_another_username_is_not(alpha, client_a):
    statuses = _statuses(client_a, "/user/reset-password", 6, username="ada_lovelace",
                         email_address="a@example.com")  # fmt: skip
    other = client_a.post(
        "/user/reset-password", {"username": "bob_builder", "email_address": "b@example.com"}
    )

    assert statuses == [200] * 5 + [429]
    assert other.status_code == 200


def test_the_username_counts_whatever_its_case(alpha, client_a):
    _statuses(client_a, "/user/reset-password", 5, username="ada_lovelace", email_address="a@b.co")

    response = client_a.post(
        "/user/reset-password", {"username": "ADA_Lovelace", "email_address": "a@b.co"}
    )

    assert response.status_code == 429


def test_an_unreachable_cache_lets_requests_through_and_logs_it(alpha, client_a, settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "KEY_FUNCTION": "tenants.cache.make_key",
        },
    }

    with caplog.at_level(logging.WARNING, logger="core.ratelimit"):
        statuses = _statuses(client_a, "/user/login", 12, username="ada_lovelace", password="x")

    assert statuses == [200] * 12
    assert "rate limit login not counted, cache unavailable" in caplog.text


def test_the_sixth_forgot_username_for_one_address_is_429(alpha, client_a):
    statuses = _statuses(client_a, "/user/forgot-username", 6, email_address="a@example.com")
    other = client_a.post("/user/forgot-username", {"email_address": "B@example.com"})

    assert statuses == [200] * 5 + [429]
    assert other.status_code == 200


def test_the_address_counts_whatever_its_case(alpha, client_a):
    _statuses(client_a, "/user/forgot-username", 5, email_address="a@example.com")

    response = client_a.post("/user/forgot-username", {"email_address": "A@Example.com"})

    assert response.status_code == 429


def test_the_twenty_first_forgot_username_from_one_address_is_429(alpha, client_a):
    statuses = [
        client_a.post("/user/forgot-username", {"email_address": f"p{n}@example.com"}).status_code
        for n in range(21)
    ]

    assert statuses == [200] * 20 + [429]


def test_the_twenty_first_chat_message_from_one_address_is_429(alpha, client_a):
    data = {"name": "Ada", "email_address": "ada@example.com", "message": "Hello"}
    statuses = _statuses(client_a, "/user/put-chat-message", 21, **data)

    assert statuses == [200] * 20 + [429]
    assert client_a.post("/user/put-chat-message", data).json()["errors"] == {
        "error": "rate-limited"
    }
