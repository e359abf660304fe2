"""Celery beat's sweepers: every active store's expired checkouts give their units back, and
its Stripe events whose handling stalled (a dead worker's claim) or failed are replayed.

sweep_all_expired_checkouts()  -> sweep_expired_checkouts_of_store(tenant_id) per store
replay_all_stalled_events()    -> replay_stalled_events_of_store(tenant_id) per store
"""

from __future__ import annotations

import logging

from celery import shared_task

from shop.checkout import event_claims, webhooks
from shop.checkout.models import CheckoutSnapshot
from shop.checkout.stock_sweeper import sweep_expired_checkouts
from tenants.models import Tenant
from tenants.tasks import queue_for_active_stores, tenant_task

logger = logging.getLogger(__name__)


@tenant_task(name="shop.checkout.sweep_expired_checkouts")
def sweep_expired_checkouts_of_store(tenant: Tenant) -> int:
    swept = sweep_expired_checkouts()
    if swept:
        logger.info("store %s: %s expired checkouts released their stock", tenant.slug, swept)
    return swept


@shared_task(name="shop.checkout.sweep_all_expired_checkouts")
def sweep_all_expired_checkouts() -> int:
    return queue_for_active_stores(
        sweep_expired_checkouts_of_store,
        has_work=CheckoutSnapshot.objects.filter(status=CheckoutSnapshot.Status.OPEN).exists,
    )


@tenant_task(name="shop.checkout.replay_stalled_events")
def replay_stalled_events_of_store(tenant: Tenant) -> int:
    replayed = webhooks.replay_stalled_events()
    if replayed:
        logger.info("store %s: %s stalled stripe events replayed", tenant.slug, replayed)
    return replayed


@shared_task(name="shop.checkout.replay_all_stalled_events")
def replay_all_stalled_events() -> int:
    return queue_for_active_stores(
        replay_stalled_events_of_store,
        has_work=lambda: bool(event_claims.list_stalled_events(limit=1)),
    )
