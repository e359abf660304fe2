"""Storefront journeys in a real browser: seeded stores of their own (committed, deleted
after the module), a desktop and a phone-sized browser context, and the storefront's own
readings of a page (its totals, the API's totals, a header's colour)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import TypeVar

import pytest
from django.db import connections

from shop.pages.models import StoreTheme
from shop.seed import seed_store
from tenants.context import tenant_context
from tenants.models import Tenant
from tenants.services import create_tenant, delete_tenant
from tests.fixtures.browser import DESKTOP, PHONE, Problems, open_page

T = TypeVar("T")


@pytest.fixture(scope="module")
def make_store(django_db_setup, django_db_blocker) -> Iterator[Callable[..., Tenant]]:
    """Make a store with the office-supplies catalog and, if given, its admin's theme.
    Module-scoped, so it is committed before any test transaction opens and the server
    process sees it; deleted after the module's last test."""
    made: list[Tenant] = []

    def make(name: str, **theme: str) -> Tenant:
        slug = f"{name.split()[0].lower()}-{secrets.token_hex(3)}"
        with django_db_blocker.unblock():
            store = create_tenant(slug=slug, name=name)
            made.append(store)
            with tenant_context(store):
                seed_store(catalog="office-supplies")
                if theme:
                    StoreTheme.objects.create(**theme)
        return store

    yield make
    with django_db_blocker.unblock():
        for store in made:
            delete_tenant(store)
        connections.close_all()


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def desktop(browser, web_server, problems):
    """A page of a desktop-sized browser context (its cookies are this test's own)."""
    context = browser.new_context(viewport=DESKTOP)
    yield open_page(context, problems=problems)
    context.close()


@pytest.fixture
def phone(browser, web_server, problems):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    yield open_page(context, problems=problems)
    context.close()


TOTAL_KEYS = (
    "item_subtotal",
    "item_discount",
    "shipping_subtotal",
    "shipping_discount",
    "sales_tax_amt",
    "cart_total",
)
DISCOUNT_KEYS = {"item_discount", "shipping_discount"}


def shown_totals(page) -> dict[str, str]:
    return {key: page.locator(f'[data-total="{key}"]').inner_text() for key in TOTAL_KEYS}


def as_shown(totals: dict) -> dict[str, str]:
    """The API's totals as the cart page prints them (discounts subtracted)."""
    shown = {}
    for key in TOTAL_KEYS:
        amount = Decimal(str(totals[key])).quantize(Decimal("0.01"))
        text = f"${amount}"
        shown[key] = f"\u2212{text}" if key in DISCOUNT_KEYS and amount else text
    return shown


def api_totals(page) -> dict:
    """`/order/cart-totals` fetched by the page itself (the same shopper, the same cookies)."""
    body = page.evaluate(
        """async () => (await fetch('/order/cart-totals', {credentials: 'same-origin'})).json()"""
    )
    return body["cart_totals_data"]


# -- checkout: a store that takes payments on the Stripe stand-in, and a member to log in ----


@pytest.fixture(scope="module")
def take_payments(django_db_blocker, stripe_server, web_server) -> Iterator[Callable]:
    """Give a store a Stripe account on the stand-in (keys in the secret store, committed)
    whose webhook goes to the session's web server under the store's own Host."""
    from core.secrets import get_secret_store

    from tenants.services import primary_host_for
    from tests.fixtures.stripe import keys_of

    given: list[Tenant] = []

    def configure(store: Tenant):
        account = stripe_server.add_account(name=store.name)
        with django_db_blocker.unblock():
            get_secret_store().set_tenant_stripe_keys(store.pk, keys_of(account))
        given.append(store)
        stripe_server.register_webhook(
            account.secret_key,
            f"http://127.0.0.1:{web_server.port}/order/stripe-webhook",
            host=f"{primary_host_for(store.slug)}:{web_server.port}",
        )
        return account

    yield configure
    with django_db_blocker.unblock():
        for store in given:
            get_secret_store().delete_tenant_stripe_keys(store.pk)


def make_member_account(django_db_blocker, store: Tenant, username: str, email: str):
    """A member of `store` with the accounts fixtures' known password, committed."""
    from tests.fixtures.accounts import make_account

    with django_db_blocker.unblock(), tenant_context(store):
        return make_account(username, email=email)


def log_in_by_api(page, username: str, password: str) -> dict:
    """Sign the page's shopper in with `POST /user/login`, as a sign-in page's script does
    (the page must be one of the store's, so that it holds the CSRF cookie)."""
    return page.evaluate(
        """async ([username, password]) => {
          const token = document.cookie.split('; ').find((c) => c.startsWith('csrftoken='));
          const response = await fetch('/user/login', {
            method: 'POST', credentials: 'same-origin',
            headers: {'X-CSRFToken': token.split('=')[1],
                      'Content-Type': 'application/x-www-form-urlencoded'},
            body: new URLSearchParams({username, password}),
          });
          return response.json();
        }""",
        [username, password],
    )


def read_committed(django_db_blocker, store: Tenant, read: Callable[[], T]) -> T:
    """`read()` in the store's schema, on a thread and a database connection of its own that
    is closed again: the test body runs inside Playwright's event loop, where a connection
    Django opens is never closed (and the test database could then not be dropped)."""

    def run() -> T:
        try:
            with django_db_blocker.unblock(), tenant_context(store):
                return read()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
