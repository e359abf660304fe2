"""`/order/cart-totals` from the catalog cache (shop.catalog.cache, shop.cart.totals_cache): a
warm read runs no query and gives the uncached bytes; each write to the cart through the API
retires it after commit; a discount's window edge retires it by time alone; a cart is found
only in its own store, whatever its id."""

import datetime as dt
import time

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shop.cart.cookies import COOKIE_NAME, apply_cart_cookie, remember_cart_cookie
from shop.cart.merge import merge_carts
from shop.cart.models import Cart
from shop.catalog.cache import clear_process_memo
from shop.orders import confirmation
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.shop import (
    add_to_cart,
    make_discount_code,
    make_member,
    order_get,
    order_post,
    seeded_sku,
)

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores", "catalog_cache"),
]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if it committed: its on_commit bumps run when the block ends."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def _signed_cart_cookie(anonymous_cart_id: str) -> str:
    """The `an_ct` value the current store signs for this id (the app's own helpers)."""
    request = HttpRequest()
    remember_cart_cookie(request, anonymous_cart_id)
    return apply_cart_cookie(request, HttpResponse()).cookies[COOKIE_NAME].value


def _cart_of(client) -> Cart:
    """The anonymous cart the client's `an_ct` cookie names (its value before the signature)."""
    return Cart.objects.get(anonymous_cart_id=client.cookies[COOKIE_NAME].value.split(":")[0])


def _totals(client) -> dict:
    return order_get(client, "cart-totals")


def test_a_warm_read_runs_no_query_and_gives_the_uncached_bytes(store_a, client_for, settings):
    client = client_for(store_a)
    with tenant_context(store_a):
        add_to_cart(client, seeded_sku("Small Binder Clip"), 3)
    cold = client.get("/order/cart-totals").content

    with CaptureQueriesContext(connections["default"]) as warm_queries:
        warm = client.get("/order/cart-totals").content
    clear_process_memo()
    with CaptureQueriesContext(connections["default"]) as redis_queries:
        from_redis = client.get("/order/cart-totals").content
    settings.CATALOG_CACHE_ENABLED = False
    uncached = client.get("/order/cart-totals").content

    assert (warm_queries.captured_queries, redis_queries.captured_queries) == ([], [])
    assert cold == warm == from_redis == uncached
    assert b'"item_subtotal": "11.97"' in uncached


def test_every_cart_write_through_the_api_is_seen_on_the_next_read(store_a, client_for, committed):
    client = client_for(store_a)
    with tenant_context(store_a):
        make_discount_code("CACHE10", amount="10")
        small = seeded_sku("Small Binder Clip")
        bands = seeded_sku("Multiple sizes and colors")
    seen = [_totals(client)["cart_totals_data"]]

    steps = [
        lambda: add_to_cart(client, small, 2),
        lambda: add_to_cart(client, bands, 1),
        lambda: order_post(client, "cart-update-sku-quantity", sku_id=str(small.pk), quantity="3"),
        lambda: order_get(client, "cart-shipping-methods"),  # assigns the default method
        lambda: order_post(client, "cart-update-shipping-method",
                           shipping_method_identifier="USPSPriorityMail2Day"),
        lambda: order_post(client, "cart-apply-discount-code", discount_code_id="CACHE10"),
        lambda: order_post(client, "cart-remove-discount-code", discount_code_id="CACHE10"),
        lambda: order_post(client, "cart-remove-sku", sku_id=str(bands.pk)),
        lambda: order_post(client, "cart-delete-cart"),
    ]  # fmt: skip
    for step in steps:
        committed(step)
        _totals(client)  # served from the cache from here on
        seen.append(_totals(client)["cart_totals_data"])

    totals = [(s["item_subtotal"], s["shipping_subtotal"], s["item_discount"]) for s in seen]
    assert totals == [
        ("0.00", "0.00", "0.00"),
        ("7.98", "0.00", "0.00"),  # 2 x 3.99
        ("22.97", "0.00", "0.00"),  # + 14.99
        ("26.96", "0.00", "0.00"),  # 3 x 3.99 + 14.99
        ("26.96", "9.56", "0.00"),  # the default, USPS Retail Ground
        ("26.96", "13.65", "0.00"),  # USPS Priority Mail 2-Day
        ("26.96", "13.65", "2.70"),  # 10%
        ("26.96", "13.65", "0.00"),
        ("11.97", "0.00", "0.00"),  # removing a line clears the shipping selection
        ("0.00", "0.00", "0.00"),
    ]


def test_a_discount_window_closing_retires_the_cached_totals_by_time_alone(store_a, client_for):
    client = client_for(store_a)
    with tenant_context(store_a):
        ends = timezone.now() + dt.timedelta(seconds=2)
        make_discount_code("BRIEF50", amount="50", ends=ends)
        add_to_cart(client, seeded_sku("Small Binder Clip"), 2)  # 7.98
    order_post(client, "cart-apply-discount-code", discount_code_id="BRIEF50")
    before = [_totals(client)["cart_totals_data"]["item_discount"] for _ in range(2)]

    time.sleep(max(0.0, (ends - timezone.now()).total_seconds()) + 0.1)
    after = _totals(client)["cart_totals_data"]["item_discount"]

    assert (before, after) == (["3.99"] * 2, "0.00")


def test_two_stores_with_the_same_anonymous_cart_id_never_share_totals(
    store_a, store_far, client_for
):
    cart_id = "SAMEIDSAME"
    for store, quantity in ((store_a, 1), (store_far, 5)):
        with tenant_context(store):
            cart = Cart.objects.create(anonymous_cart_id=cart_id)
            cart.cartskus.create(sku=seeded_sku("Small Binder Clip"), quantity=quantity)
    clients = []
    for store in (store_a, store_far):
        client = client_for(store)
        with tenant_context(store):
            client.cookies[COOKIE_NAME] = _signed_cart_cookie(cart_id)
        clients.append(client)

    seen = [
        _totals(client)["cart_totals_data"]["item_subtotal"] for _ in range(2) for client in clients
    ]

    assert seen == ["3.99", "19.95"] * 2


@pytest.mark.parametrize("member_has_a_cart", [False, True])
def test_a_login_merge_retires_both_carts_totals(
    store_a, client_for, member_client, committed, member_has_a_cart
):
    anonymous = client_for(store_a)
    with tenant_context(store_a):
        member = make_member(f"merge{int(member_has_a_cart)}")
        small, bands = seeded_sku("Small Binder Clip"), seeded_sku("Multiple sizes and colors")
    signed_in = member_client(store_a, member)
    if member_has_a_cart:
        add_to_cart(signed_in, bands, 1)
    add_to_cart(anonymous, small, 2)
    before = [_totals(c) for c in (anonymous, signed_in) for _ in range(2)]
    with tenant_context(store_a):
        committed(merge_carts, anonymous_cart=_cart_of(anonymous), member=member)

    after = [_totals(c) for c in (anonymous, signed_in)]

    member_before = "14.99" if member_has_a_cart else "0.00"
    member_after = "22.97" if member_has_a_cart else "7.98"
    assert [(t["cart_found"], t["cart_totals_data"]["item_subtotal"]) for t in before] == [
        (True, "7.98"), (True, "7.98"), (member_has_a_cart, member_before),
        (member_has_a_cart, member_before),
    ]  # fmt: skip
    assert [(t["cart_found"], t["cart_totals_data"]["item_subtotal"]) for t in after] == [
        (False, "0.00"),
        (True, member_after),
    ]


@pytest.fixture
def staff(store_a):
    """A client of store_a's admin, signed in as a superuser of the store."""
    client = Client(HTTP_HOST=primary_host_for(store_a.slug))
    with tenant_context(store_a):
        client.force_login(User.objects.create_superuser("cartstaff", "s@example.com", "x"))
    return client


def test_the_carts_admin_and_the_order_confirmations_deletion_retire_the_totals(
    store_a, client_for, committed, staff
):
    client = client_for(store_a)
    with tenant_context(store_a):
        small = seeded_sku("Small Binder Clip")
    add_to_cart(client, small, 2)
    seen = [_totals(client)["cart_totals_data"]["item_subtotal"] for _ in range(2)]
    with tenant_context(store_a):
        cart = _cart_of(client)
        line = cart.cartskus.get()

    response = committed(
        staff.post, f"/admin/cart/cartsku/{line.pk}/change/",
        {"cart": cart.pk, "sku": small.pk, "quantity": "5",
         "added_date_time_0": "2026-01-01", "added_date_time_1": "12:00:00"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    seen += [_totals(client)["cart_totals_data"]["item_subtotal"] for _ in range(2)]
    with tenant_context(store_a):
        committed(confirmation._delete_cart, None, cart.pk)
    seen += [_totals(client)["cart_found"] for _ in range(2)]

    assert seen == ["7.98", "7.98", "19.95", "19.95", False, False]
