"""A founder picks the starter catalog: the reference's office supplies, or an empty store
that still has everything a store needs to sell (shipping methods, order statuses)."""

import pytest
from django.conf import settings

from shop.orders.models import Status
from shop.shipping.models import Shippingmethod
from tenants.context import tenant_context
from tests.control_plane.conftest import signup_data

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_an_empty_store_opens_with_no_products_and_its_reference_data(signed_up, client_for):
    job = signed_up("bare-shelves", catalog="empty")

    body = client_for(f"bare-shelves.{settings.PLATFORM_DOMAIN}").get("/order/products").json()

    assert job.status == "succeeded"
    assert body["products_data"] == {}
    with tenant_context(job.tenant):
        assert Shippingmethod.objects.filter(active=True).count() == 4
        assert list(Status.objects.values_list("identifier", flat=True)) == [
            "accepted", "manufacturing", "packing", "shipped", "partially-refunded", "refunded",
        ]  # fmt: skip
    assert "starter catalog 'empty': 0 products" in job.steps.get(name="seed").log


def test_the_office_supplies_store_opens_with_the_reference_catalog(signed_up, client_for):
    signed_up("full-shelves", catalog="office-supplies")

    body = client_for(f"full-shelves.{settings.PLATFORM_DOMAIN}").get("/order/products").json()

    assert sorted(p["title"] for p in body["products_data"].values()) == [
        "Binder Clips",
        "Paper Clips",
        "Rubber Bands",
    ]


def test_an_unknown_catalog_is_refused(platform_client):
    response = platform_client.post(
        "/signup/", signup_data("odd-shelves", catalog="antiques"), HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 400
    assert response.json()["errors"]["catalog"][0]["code"] == "invalid_choice"
