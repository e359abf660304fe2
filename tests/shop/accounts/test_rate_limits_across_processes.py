"""Rate limits are counted in Redis per store, so two server processes share them: the 11th
login attempt of an hour from one address is refused by either process."""

import json
import secrets

import pytest

from shop.seed import seed_store
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.accounts import PASSWORD, make_account
from tests.fixtures.processes import child_env, kill_process_group
from tests.shop.accounts.servers import StoreSession, start_gunicorn


@pytest.fixture
def limited_store(django_db_setup, django_db_blocker, committed_stores):
    store = committed_stores(f"limits-{secrets.token_hex(3)}")
    with django_db_blocker.unblock(), tenant_context(store):
        seed_store(catalog="empty")
        make_account("ada_lovelace", email="ada@example.com")
    return store


@pytest.fixture
def two_servers(redis_url, limited_store):
    env = child_env(REDIS_URL=redis_url, TEST_CACHE_RUN=f"limits-{secrets.token_hex(4)}")
    ports, processes = [], []
    try:
        for _ in range(2):
            port, process = start_gunicorn(env)
            processes.append(process)
            ports.append(port)
        yield ports
    finally:
        for process in processes:
            kill_process_group(process)


def _login(browser: StoreSession, port: int, password: str):
    status, body = browser.post(port, "/user/login", username="ada_lovelace", password=password)
    return status, json.loads(body)


def test_the_eleventh_login_in_an_hour_is_refused_by_either_process(
    limited_store, two_servers, store_a
):
    first, second = two_servers
    browser = StoreSession(host=primary_host_for(limited_store.slug))
    assert browser.get(first, "/user/token")[0] == 200

    answers = [_login(browser, (first, second)[n % 2], "Wrong-Horse-9") for n in range(10)]
    over_first = _login(browser, first, PASSWORD)
    over_second = _login(browser, second, PASSWORD)

    assert answers == [(200, {"login": "false", "user-api-version": "0.0.1"})] * 10
    expected = (429, {"login": "error", "errors": {"error": "rate-limited"},
                      "user-api-version": "0.0.1"})  # fmt: skip
    assert over_first == expected
    assert over_second == expected
    # Another store on the same servers counts on its own.
    other = StoreSession(host=primary_host_for(store_a.slug))
    other.get(second, "/user/token")
    assert _login(other, second, "Wrong-Horse-9") == (
        200,
        {"login": "false", "user-api-version": "0.0.1"},
    )
