import pytest

from tenants.context import tenant_context


@pytest.fixture
def alpha(seeded_stores, store_a):
    """Store A, seeded, with the test code running in its schema."""
    with tenant_context(store_a):
        yield store_a


@pytest.fixture
def client_a(client_for, store_a):
    return client_for(store_a)
