# ruff: noqa: F811 (the fixtures imported below are parameters of the test)
"""Cached cart totals are never stale across processes: two real gunicorn processes (each with
its own memo in front of the shared Redis) read a shopper's `/order/cart-totals`; each write,
made through one process or the store's admin, is seen by both on their next request."""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import admin
from django.test import RequestFactory

from shop.catalog.models import Sku
from shop.orders.models import Orderconfiguration
from shop.shipping.models import Shippingmethod
from tenants.context import tenant_context
from tests.shop.accounts.servers import StoreSession
from tests.shop.catalog.test_catalog_cache_invalidation_across_processes import (  # noqa: F401
    browser,
    committing,
    servers,
    store,
)


def _totals(browser: StoreSession, port: int) -> tuple[str, ...]:
    status, body = browser.get(port, "/order/cart-totals")
    assert status == 200, body[:500]
    data = json.loads(body)["cart_totals_data"]
    return data["item_subtotal"], data["shipping_subtotal"], data["sales_tax_amt"]


def _both_twice(browser: StoreSession, ports: list[int]) -> list[tuple[str, ...]]:
    """Each process twice (built or from Redis, then from its memo); all must agree."""
    seen = [_totals(browser, port) for port in ports for _ in range(2)]
    assert len(set(seen)) == 1, seen
    return seen[0]


def _post(browser: StoreSession, port: int, path: str, **data: str) -> None:
    status, body = browser.post(port, path, **data)
    assert status == 200 and b"success" in body, body


def _admin_save(store, obj) -> None:
    """A save through the store admin's ModelAdmin (what its change page calls), committed."""
    with tenant_context(store):
        admin.site._registry[type(obj)].save_model(RequestFactory().post("/"), obj, None, True)


def test_cart_writes_in_one_process_and_the_admin_are_seen_by_both(
    store, servers, browser, committing
):
    first, second = servers
    with tenant_context(store):
        clips = Sku.objects.get(description="Small Binder Clip")
        ground = Shippingmethod.objects.get(identifier="USPSRetailGround")
    browser.get(first, "/")  # the CSRF cookie
    seen = [_both_twice(browser, servers)]

    _post(browser, first, "/order/cart-add-product-sku", sku_id=str(clips.pk), quantity="2")
    seen.append(_both_twice(browser, list(reversed(servers))))
    _post(browser, second, "/order/cart-update-sku-quantity", sku_id=str(clips.pk), quantity="3")
    seen.append(_both_twice(browser, servers))
    _post(browser, first, "/order/cart-update-shipping-method",
          shipping_method_identifier=ground.identifier)  # fmt: skip
    seen.append(_both_twice(browser, list(reversed(servers))))
    ground.shipping_cost = Decimal("5.00")
    _admin_save(store, ground)
    seen.append(_both_twice(browser, servers))
    with tenant_context(store):
        rate = Orderconfiguration.objects.get_or_create(key="sales_tax_rate")[0]
    rate.decimal_value = Decimal("0.1")
    _admin_save(store, rate)
    seen.append(_both_twice(browser, list(reversed(servers))))
    _post(browser, second, "/order/cart-delete-cart")
    seen.append(_both_twice(browser, servers))

    assert seen == [
        ("0.00", "0.00", "0.00"),
        ("7.98", "0.00", "0.00"),
        ("11.97", "0.00", "0.00"),
        ("11.97", "9.56", "0.00"),
        ("11.97", "5.00", "0.00"),  # the method's new cost
        ("11.97", "5.00", "1.20"),  # 10% tax
        ("0.00", "0.00", "0.00"),
    ]
