"""The order's after-commit work as a Celery task: a thin adapter around
shop.orders.confirmation.send_order_confirmation, run in the order's store."""

from __future__ import annotations

import logging

from kombu.exceptions import KombuError

from shop.orders import confirmation
from shop.orders.models import Order, Orderemailfailure
from tenants.models import Tenant
from tenants.tasks import tenant_task

log = logging.getLogger(__name__)


@tenant_task(name="shop.orders.send_order_confirmation")
def send_order_confirmation(tenant: Tenant, order_id: int, cart_id: int | None = None) -> None:
    confirmation.send_order_confirmation(order_id=order_id, cart_id=cart_id)


def queue_order_confirmation(*, store_id: int, order_id: int, cart_id: int | None) -> None:
    """Queue the task (called from `transaction.on_commit`). When the broker cannot take it,
    the failure is recorded on the order like any other email failure."""
    try:
        send_order_confirmation.delay(store_id, order_id, cart_id)
    except (KombuError, OSError) as error:
        order = Order.objects.select_related("payment", "member__user", "prospect").get(pk=order_id)
        confirmation.record_email_failure(
            order,
            Orderemailfailure.FailureType.SMTP_SEND,
            f"The confirmation could not be queued: {type(error).__name__}: {error}",
            phase="queue",
        )
