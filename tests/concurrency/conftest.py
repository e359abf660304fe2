"""Stores the race tests share: committed (the racing threads have connections of their own)
and seeded, each with a Stripe account of its own in the sandbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from core.secrets import get_secret_store

from shop.seed import seed_store
from tenants.context import tenant_context
from tests.fixtures.stripe import keys_of


@pytest.fixture
def racing_store_for(
    django_db_setup, django_db_blocker, committed_stores, stripe_server, stripe_api_base
) -> Iterator[Callable[..., tuple]]:
    """`racing_store_for(slug, prepare=None)` -> (tenant, account); `prepare()` runs in the
    store's schema after seeding (e.g. to stock a SKU)."""
    made = []

    def make(slug: str, prepare: Callable[[], None] | None = None) -> tuple:
        with django_db_blocker.unblock():
            tenant = committed_stores(slug)
            with tenant_context(tenant):
                seed_store()
                if prepare is not None:
                    prepare()
            account = stripe_server.add_account()
            get_secret_store().set_tenant_stripe_keys(tenant.pk, keys_of(account))
        made.append(tenant)
        return tenant, account

    yield make
    with django_db_blocker.unblock():
        for tenant in made:
            get_secret_store().delete_tenant_stripe_keys(tenant.pk)
