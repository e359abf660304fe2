"""Rate limits of the reference, answered with HTTP 429: login 10/h and create-account 5/h
per address, reset-password 5/h per username; they fail open when the cache is down."""

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

    response = second.post(
        "/user/login", {"username": "ada_lovelace", "password": "x"}, REMOTE_ADDR="10.0.0.2"
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
