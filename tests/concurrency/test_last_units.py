"""30 shoppers race for the last 5 units (real PostgreSQL, one connection per thread): exactly
5 get a Checkout Session, the rest a clear insufficient-stock error; 2 sessions expiring
give 2 more shoppers their units; stock never goes negative."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from shop.catalog import stock
from shop.catalog.models import Sku
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.races import race
from tests.fixtures.shop import add_to_cart, order_get, seeded_sku
from tests.shop.checkout.journey import CLIP, post_event

SHOPPERS = 30
UNITS = 5


@pytest.fixture
def last_units_store(racing_store_for):
    return racing_store_for(
        "last-units",
        prepare=lambda: stock.set_available(seeded_sku(CLIP), quantity=UNITS, by="setup"),
    )


def _race(clients: list[Client]) -> list[tuple[int, dict, Client]]:
    def shop(client: Client) -> Callable[[], tuple[int, dict, Client]]:
        def call() -> tuple[int, dict, Client]:
            response = client.post(
                "/order/create-checkout-session", {"agree_to_terms_of_sale": "true"}
            )
            return response.status_code, response.json(), client

        return call

    return race([shop(client) for client in clients], timeout=180)


def _counters(tenant) -> tuple[int, int]:
    with tenant_context(tenant):
        sku = seeded_sku(CLIP)
        return sku.quantity_available, sku.quantity_reserved


def test_thirty_shoppers_for_five_units(last_units_store, django_db_blocker, stripe_server):
    tenant, account = last_units_store
    host = primary_host_for(tenant.slug)
    with django_db_blocker.unblock():
        with tenant_context(tenant):
            clip = seeded_sku(CLIP)
        clients = []
        for _ in range(SHOPPERS):
            client = Client(HTTP_HOST=host)
            add_to_cart(client, clip, 1)
            order_get(client, "cart-shipping-methods")
            clients.append(client)

        answers = _race(clients)

        assert len(answers) == SHOPPERS
        assert {status for status, _, _ in answers} == {200}  # the reference's API shape
        won = [body for _, body, _ in answers if body["create_checkout_session"] == "success"]
        lost = [body for _, body, _ in answers if body["create_checkout_session"] != "success"]
        losers = [client for _, body, client in answers if body not in won]
        assert len(won) == UNITS
        assert {body["errors"]["error"] for body in lost} == {"insufficient-stock"}
        assert {body["insufficient_stock"]["available"] for body in lost} == {0}
        assert all(str(clip.pk) in body["errors"]["description"] for body in lost)
        assert _counters(tenant) == (0, UNITS)

        # when 2 sessions expire (Stripe's signed webhook), 2 more shoppers can buy
        for body in won[:2]:
            stripe_server.expire_session(body["session_id"], deliver=False)
            event = stripe_server.session_event(body["session_id"], type="checkout.session.expired")
            for _ in range(2):  # a repeated delivery releases nothing more
                response = post_event(Client(HTTP_HOST=host), event, secret=account.webhook_secret)
                assert response.status_code == 200, response.content
        assert _counters(tenant) == (2, UNITS - 2)
        again = _race(losers[:6])
        assert [body["create_checkout_session"] for _, body, _ in again].count("success") == 2
        assert _counters(tenant) == (0, UNITS)

        # and the database itself refuses a negative quantity
        with tenant_context(tenant), pytest.raises(IntegrityError), transaction.atomic():
            Sku.objects.filter(pk=clip.pk).update(quantity_available=-1)
