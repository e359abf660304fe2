"""Celery beat's stock sweeper: every active store's expired checkouts give their units back.

sweep_all_expired_checkouts()  -> sweep_expired_checkouts_of_store(tenant_id) per store
"""

from __future__ import annotations

import logging

from celery import shared_task

from shop.checkout.models import CheckoutSnapshot
from shop.checkout.stock_sweeper import sweep_expired_checkouts
from tenants.context import tenant_context
from tenants.models import Tenant
from tenants.tasks import tenant_task

logger = logging.getLogger(__name__)


@tenant_task(name="shop.checkout.sweep_expired_checkouts")
def sweep_expired_checkouts_of_store(tenant: Tenant) -> int:
    swept = sweep_expired_checkouts()
    if swept:
        logger.info("store %s: %s expired checkouts released their stock", tenant.slug, swept)
    return swept


@shared_task(name="shop.checkout.sweep_all_expired_checkouts")
def sweep_all_expired_checkouts() -> int:
    queued = 0
    for tenant in Tenant.objects.filter(state=Tenant.State.ACTIVE).order_by("pk"):
        with tenant_context(tenant):
            if not CheckoutSnapshot.objects.filter(status=CheckoutSnapshot.Status.OPEN).exists():
                continue
        sweep_expired_checkouts_of_store.delay(tenant.pk)
        queued += 1
    return queued
