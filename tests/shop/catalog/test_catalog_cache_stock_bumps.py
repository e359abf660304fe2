"""Stock changes bump the catalog version only when a SKU's inventory label moves (what the
catalog shows), after commit: checkouts reserving units that leave every label as it was
invalidate nothing."""

import pytest

from shop.catalog import stock
from shop.catalog.models import OUT_OF_STOCK, Sku
from tenants.context import tenant_context
from tests.fixtures.catalog_cache import version_of

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores", "catalog_cache"),
]

CLIPS = "ITHJW3mytn"


@pytest.fixture
def tracked_clip(store_a, django_capture_on_commit_callbacks) -> Sku:
    """The first binder clip SKU, tracked with 3 units."""
    with tenant_context(store_a), django_capture_on_commit_callbacks(execute=True):
        sku = Sku.objects.filter(productskus__product__identifier=CLIPS).order_by("id").first()
        stock.set_available(sku, quantity=3, by="setup")
    return sku


def _status(client, sku: Sku) -> str:
    body = client.get(f"/order/product/{CLIPS}").json()
    return body["product_data"]["skus"][str(sku.pk)]["inventory_status_identifier"]


def test_a_reservation_that_keeps_the_label_bumps_nothing(
    store_a, client_for, tracked_clip, django_capture_on_commit_callbacks
):
    client = client_for(store_a)
    assert _status(client, tracked_clip) == "in-stock"
    before = version_of(store_a)

    with tenant_context(store_a), django_capture_on_commit_callbacks(execute=True):
        stock.reserve(lines=[(tracked_clip.pk, 2)], reference="snapshot:901")

    assert version_of(store_a) == before
    assert _status(client, tracked_clip) == "in-stock"


def test_taking_the_last_units_and_giving_them_back_show_on_the_next_read(
    store_a, client_for, tracked_clip, django_capture_on_commit_callbacks
):
    client = client_for(store_a)
    assert _status(client, tracked_clip) == "in-stock"

    with tenant_context(store_a), django_capture_on_commit_callbacks(execute=True):
        stock.reserve(lines=[(tracked_clip.pk, 3)], reference="snapshot:902")
    emptied = _status(client, tracked_clip)
    page = client.get(f"/product/{CLIPS}").content.decode()
    with tenant_context(store_a), django_capture_on_commit_callbacks(execute=True):
        stock.release(reference="snapshot:902")

    assert emptied == OUT_OF_STOCK
    assert f'value="{tracked_clip.pk}" checked' not in page  # no longer the default choice
    assert _status(client, tracked_clip) == "in-stock"


def test_a_person_turning_tracking_on_bumps_even_when_the_label_stays(
    store_a, client_for, django_capture_on_commit_callbacks
):
    with tenant_context(store_a):
        sku = Sku.objects.filter(productskus__product__identifier=CLIPS).order_by("id").last()
    client_for(store_a).get(f"/order/product/{CLIPS}")
    before = version_of(store_a)

    with tenant_context(store_a), django_capture_on_commit_callbacks(execute=True):
        stock.set_available(sku, quantity=5, by="olga")

    assert version_of(store_a) != before
