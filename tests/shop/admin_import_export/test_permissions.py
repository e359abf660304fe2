"""Import needs the admin's add and change permissions, export its view permission: a staff
member who may only view products can export them but not import."""

import pytest
from django.contrib.auth.models import Permission, User

from tenants.context import tenant_context
from tests.shop.admin_import_export.conftest import export_csv, preview_import, to_csv

pytestmark = pytest.mark.django_db

PRODUCTS = "/admin/catalog/product/"


@pytest.fixture
def viewer(store_a, client_for):
    with tenant_context(store_a):
        user = User.objects.create_user("viewer1", "viewer1@example.com", "Viewer!pass1")
        user.is_staff = True
        user.save()
        user.user_permissions.add(Permission.objects.get(codename="view_product"))
    client = client_for(store_a)
    with tenant_context(store_a):
        client.force_login(user)
    return client


def test_a_viewer_exports_but_cannot_import(seeded_stores, store_a, viewer, staff_client):
    rows = export_csv(viewer, PRODUCTS)
    assert len(rows) == 3
    page = viewer.get(PRODUCTS).content.decode()
    assert f"{PRODUCTS}import/" not in page

    assert viewer.get(f"{PRODUCTS}import/").status_code == 403
    rows[0]["title"] = "Changed"
    preview = preview_import(viewer, PRODUCTS, to_csv(rows))
    assert preview.status_code == 403
    assert viewer.post(f"{PRODUCTS}process_import/", {}).status_code == 403


def test_the_price_history_admin_stays_append_only_and_exports(
    seeded_stores, store_a, staff_client
):
    client = staff_client(store_a)

    page = client.get("/admin/catalog/skuprice/").content.decode()

    assert 'href="/admin/catalog/skuprice/export/' in page
    assert "/admin/catalog/skuprice/import/" not in page
    rows = export_csv(client, "/admin/catalog/skuprice/")
    assert {row["price"] for row in rows} >= {"10.99", "14.99"}  # the history, old prices too
