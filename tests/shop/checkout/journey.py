"""A shopper's way through checkout, for the checkout and order tests: a cart on the store's
host, a real Checkout Session in the Stripe sandbox, a really signed webhook delivery."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.http import HttpResponse
from django.test import Client
from stripe_sandbox.events import encode_event, sign_payload
from stripe_sandbox.server import SandboxAccount, StripeSandbox

from shop.cart.models import Cart
from shop.catalog.models import Sku
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, order_get, order_post, seeded_sku

CLIP = "Left Sided Paperclip"  # 3.50, in stock
BANDS = "Multiple sizes and colors"  # 14.99 (its newer price), in stock
GROUND = Decimal("9.56")  # USPSRetailGround, the store's default method


def skus(store) -> tuple[Sku, Sku]:
    with tenant_context(store):
        return seeded_sku(CLIP), seeded_sku(BANDS)


def fill_cart(client: Client, store) -> tuple[Sku, Sku]:
    """2 clips + 1 rubber bands, default shipping: 7.00 + 14.99 + 9.56 = 31.55."""
    clip, bands = skus(store)
    add_to_cart(client, clip, 2)
    add_to_cart(client, bands, 1)
    assert order_get(client, "cart-shipping-methods")["shipping_method_selected"] == (
        "USPSRetailGround"
    )
    return clip, bands


def start_checkout(client: Client, **data: str) -> dict:
    body = order_post(client, "create-checkout-session", agree_to_terms_of_sale="true", **data)
    assert body["create_checkout_session"] == "success", body
    return body


def cart_of(store, session: dict) -> Cart:
    with tenant_context(store):
        return Cart.objects.get(pk=int(session["metadata"]["cart_id"]))


def post_event(client: Client, event: dict, *, secret: str):
    """Deliver `event` to the store of `client`'s host, signed with `secret`."""
    payload = encode_event(event)
    return client.post(
        "/order/stripe-webhook",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign_payload(payload, secret=secret),
    )


def pay(stripe_server: StripeSandbox, session_id: str, **customer) -> dict:
    """Pay on the sandbox's hosted page without delivering; returns the completed event."""
    stripe_server.complete_session(session_id, deliver=False, **customer)
    return stripe_server.session_event(session_id)


@dataclass
class PlacedGuestOrder:
    identifier: str
    session_id: str
    client: Client  # the browser that paid
    account: SandboxAccount
    response: HttpResponse


@pytest.fixture
def alpha_payments(seeded_stores, store_a, store_stripe) -> SandboxAccount:
    """Store A takes payments with a Stripe account of its own."""
    return store_stripe(store_a)


def place_order(
    store,
    account: SandboxAccount,
    client: Client,
    *,
    client_for,
    stripe_server: StripeSandbox,
    capture,
    **checkout: str,
) -> PlacedGuestOrder:
    """`client` fills a cart of `store`, pays, and Stripe's signed webhook places the order
    (after-commit work runs). Keyword arguments go to create-checkout-session."""
    fill_cart(client, store)
    started = start_checkout(client, **checkout)
    event = pay(stripe_server, started["session_id"])
    with capture(execute=True):
        response = post_event(client_for(store), event, secret=account.webhook_secret)
    assert response.status_code == 200, response.content
    return PlacedGuestOrder(
        identifier=response.json()["order_identifier"],
        session_id=started["session_id"],
        client=client,
        account=account,
        response=response,
    )


@pytest.fixture
def place_guest_order(
    store_a, alpha_payments, client_for, stripe_server, django_capture_on_commit_callbacks
) -> Callable[..., PlacedGuestOrder]:
    """Place an order in store A: a new guest's, or the given client's (a member's)."""

    def place(client: Client | None = None, **checkout: str) -> PlacedGuestOrder:
        if client is None:
            client = client_for(store_a)
            checkout.setdefault("anonymous_email_address", "guest@example.com")
        return place_order(
            store_a,
            alpha_payments,
            client,
            client_for=client_for,
            stripe_server=stripe_server,
            capture=django_capture_on_commit_callbacks,
            **checkout,
        )

    return place
