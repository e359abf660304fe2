"""Shared steps of the refund tests: the sandbox's events for an account, and the order."""

from __future__ import annotations

from shop.orders.models import Order, Orderstatus
from tenants.context import tenant_context


def events_of(stripe_server, account, kind: str) -> list[dict]:
    """The events the sandbox made for `account` of type `kind`, oldest first."""
    with stripe_server.lock:
        return [event for event in account.events.values() if event["type"] == kind]


def get_order(store, identifier: str) -> Order:
    with tenant_context(store):
        return Order.objects.select_related("payment").get(identifier=identifier)


def history(store, identifier: str) -> list[str]:
    with tenant_context(store):
        return list(
            Orderstatus.objects.filter(order__identifier=identifier)
            .order_by("created_date_time", "id")
            .values_list("status__identifier", flat=True)
        )


def charge_of(stripe_server, account, payment_intent: str) -> dict:
    with stripe_server.lock:
        return dict(account.charges[account.intents[payment_intent]])
