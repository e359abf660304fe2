import pytest

from tenants.context import tenant_context


@pytest.fixture
def in_store_a(seeded_stores, store_a):
    with tenant_context(store_a):
        yield store_a
