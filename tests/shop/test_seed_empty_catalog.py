"""The `empty` catalog: reference data only (a store outside the test transaction)."""

from shop.catalog.models import Product, Sku, Skuprice
from shop.discounts.models import Discountcode, Discounttype
from shop.orders.models import Orderconfiguration, Status
from shop.seed import seed_store
from shop.shipping.models import Shippingmethod
from tenants.context import tenant_context


def test_the_empty_catalog_seeds_reference_data_but_no_products_or_codes(
    committed_stores, django_db_blocker
):
    store = committed_stores("empty-seed")
    with django_db_blocker.unblock(), tenant_context(store):
        seed_store(catalog="empty")
        counts = [
            model.objects.count()
            for model in (
                Status,
                Shippingmethod,
                Orderconfiguration,
                Discounttype,
                Product,
                Sku,
                Skuprice,
                Discountcode,
            )
        ]
    assert counts == [6, 5, 7, 4, 0, 0, 0, 0]  # six statuses: the two of refunds too
