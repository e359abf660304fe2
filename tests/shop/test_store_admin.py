"""The store admin: every store model is registered, and its pages open for the store's staff."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User

from shop.catalog.models import Product, Sku, Skuprice
from tenants.context import tenant_context
from tests.fixtures.shop import seeded_sku

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

STORE_APPS = {"accounts", "catalog", "shipping", "discounts", "cart", "orders"}


def store_models():
    from django.apps import apps

    return [model for model in apps.get_models() if model._meta.app_label in STORE_APPS]


@pytest.fixture
def staff(store_a, client_for):
    with tenant_context(store_a):
        user = User.objects.create_superuser("owner1", "owner@example.com", "Owner!pass1")
    client = client_for(store_a)
    with tenant_context(store_a):
        client.force_login(user)
    return client


def test_every_store_model_is_registered_on_the_admin():
    assert [m.__name__ for m in store_models() if m not in admin.site._registry] == []


def test_every_store_models_list_and_add_pages_open(staff):
    """Models whose rows only checkout writes (orders and their parts) have no add page."""
    for model in store_models():
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        can_add = admin.site._registry[model].has_add_permission(_superuser_request())
        assert staff.get(base).status_code == 200, base
        assert staff.get(base + "add/").status_code == (200 if can_add else 403), base


def _superuser_request():
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = User(is_staff=True, is_superuser=True, is_active=True)
    return request


def test_a_product_page_shows_its_skus_and_a_sku_page_its_price_history(store_a, staff):
    with tenant_context(store_a):
        product = Product.objects.get(identifier="v26ujdy3N1")
        bands = seeded_sku("Multiple sizes and colors")
    product_page = staff.get(f"/admin/catalog/product/{product.pk}/change/").content.decode()
    sku_page = staff.get(f"/admin/catalog/sku/{bands.pk}/change/").content.decode()
    assert f"SKU {bands.pk}: Multiple sizes and colors" in product_page
    assert "14.99" in sku_page and "10.99" in sku_page


def test_a_new_price_is_added_from_the_sku_page_and_old_prices_stay(store_a, staff):
    with tenant_context(store_a):
        sku = Sku.objects.get(description="Small Binder Clip")
        old = list(Skuprice.objects.filter(sku=sku).values_list("price", flat=True))
    response = staff.post(
        f"/admin/catalog/sku/{sku.pk}/change/",
        {
            "sku_type": sku.sku_type_id,
            "sku_inventory": sku.sku_inventory_id,
            "color": sku.color,
            "size": sku.size,
            "description": sku.description,
            "prices-TOTAL_FORMS": "2",
            "prices-INITIAL_FORMS": "1",
            "prices-0-id": Skuprice.objects.none().model.objects.none()
            and ""
            or _price_id(store_a, sku),
            "prices-0-sku": sku.pk,
            "prices-1-price": "4.49",
            "prices-1-created_date_time_0": "2030-01-01",
            "prices-1-created_date_time_1": "00:00:00",
            "prices-1-sku": sku.pk,
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
            "productskus-TOTAL_FORMS": "0",
            "productskus-INITIAL_FORMS": "0",
            "stock_movements-TOTAL_FORMS": "0",
            "stock_movements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(store_a):
        prices = list(Skuprice.objects.filter(sku=sku).values_list("price", flat=True))
    assert [str(p) for p in prices] == ["4.49", *[str(p) for p in old]]


def _price_id(store, sku):
    with tenant_context(store):
        return Skuprice.objects.get(sku=sku).pk


def test_staff_of_one_store_see_nothing_of_another(store_b, staff, client_for):
    other = client_for(store_b)
    other.cookies = staff.cookies
    response = other.get("/admin/catalog/product/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
