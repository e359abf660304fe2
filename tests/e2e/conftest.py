"""Storefront journeys in a real browser: seeded stores of their own (committed, deleted
after the module), a desktop and a phone-sized browser context, and the storefront's own
readings of a page (its totals, the API's totals, a header's colour)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from django.db import connections

from shop.pages.models import StoreTheme
from shop.seed import seed_store
from tenants.context import tenant_context
from tenants.models import Tenant
from tenants.services import create_tenant, delete_tenant
from tests.fixtures.browser import DESKTOP, PHONE, Problems, open_page


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
