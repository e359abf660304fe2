"""The catalog's JSON endpoints need no session and no user: a signed-in member's request to
them reads neither (no session row, no user row, no session store load, in the database or
in Redis), while the cart endpoints, which need the member, still read both. Every JSON answer
carries the never-cache headers add_never_cache_headers gives, built without parsing."""

import time
from importlib import import_module

import pytest
from django.conf import settings
from django.db import connections
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils.cache import add_never_cache_headers

from shop.api import never_cache
from tenants.context import tenant_context
from tests.fixtures.shop import make_member

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores", "catalog_cache"),
]

SESSION_OR_USER_TABLES = ('"django_session"', '"auth_user"', '"accounts_member"')


@pytest.fixture
def catalog_cache(settings, session_stores):
    from tests.fixtures.catalog_cache import forget_versions

    settings.CATALOG_CACHE_ENABLED = True
    forget_versions(*session_stores.values())
    yield
    forget_versions(*session_stores.values())


@pytest.fixture
def session_loads(monkeypatch) -> list[str]:
    """The session keys whose data the configured session engine loads."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    loaded: list[str] = []
    original = store.load

    def counting(self):
        loaded.append(self.session_key)
        return original(self)

    monkeypatch.setattr(store, "load", counting)
    return loaded


@pytest.fixture
def signed_in(store_a, member_client):
    with tenant_context(store_a):
        member = make_member("leanshopper")
    return member_client(store_a, member)


def _session_or_user_queries(client, path: str) -> list[str]:
    with CaptureQueriesContext(connections["default"]) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return [
        q["sql"]
        for q in captured.captured_queries
        if any(table in q["sql"] for table in SESSION_OR_USER_TABLES)
    ]


@pytest.mark.parametrize("path", ["/order/products", "/order/product/ITHJW3mytn"])
def test_a_signed_in_catalog_read_looks_up_no_session_and_no_user(signed_in, session_loads, path):
    # given a member's session cookie on the request
    assert settings.SESSION_COOKIE_NAME in signed_in.cookies
    signed_in.get(path)  # the catalog cache is warm from here on

    # when the catalog endpoint answers
    queries = _session_or_user_queries(signed_in, path)

    # then no session or user was looked up, and the session store never loaded
    assert queries == []
    assert session_loads == []


def test_a_warm_catalog_read_makes_no_query_at_all_for_a_signed_in_member(signed_in):
    signed_in.get("/order/products")

    with CaptureQueriesContext(connections["default"]) as captured:
        response = signed_in.get("/order/products")

    assert response.status_code == 200
    assert captured.captured_queries == []
    assert "Set-Cookie" not in response.headers  # no session or CSRF cookie written either


def test_a_cart_read_still_finds_the_signed_in_member(signed_in, session_loads):
    queries = _session_or_user_queries(signed_in, "/order/cart-totals")

    assert len(session_loads) == 1
    assert any('"django_session"' in sql for sql in queries)
    assert any('"auth_user"' in sql for sql in queries)


def test_an_anonymous_cart_read_loads_no_session(store_a, client_for, session_loads):
    response = client_for(store_a).get("/order/cart-totals")

    assert response.status_code == 200
    assert session_loads == []


def test_the_api_never_cache_headers_are_django_s(monkeypatch):
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)
    ours, django_s = never_cache(HttpResponse()), HttpResponse()
    add_never_cache_headers(django_s)

    assert ours.headers["Cache-Control"] == django_s.headers["Cache-Control"]
    assert ours.headers["Expires"] == django_s.headers["Expires"]


def test_a_response_with_caching_headers_is_patched_as_django_patches_it():
    ours, django_s = HttpResponse(), HttpResponse()
    for response in (ours, django_s):
        response.headers["Cache-Control"] = "public, max-age=60"
    never_cache(ours)
    add_never_cache_headers(django_s)

    assert ours.headers["Cache-Control"] == django_s.headers["Cache-Control"]
