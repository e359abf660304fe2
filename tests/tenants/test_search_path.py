"""One `SET search_path` per request, not one per cursor."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from tenants.context import tenant_context

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def admin_client_for(client_for):
    def make(tenant):
        with tenant_context(tenant):
            User.objects.create_superuser("boss", "boss@example.com", "S3cure!pass")
        client = client_for(tenant)
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "boss", "password": "S3cure!pass"}
        )
        assert response.status_code == 302
        return client

    return make


@pytest.mark.parametrize("store", ["store_a", "store_far"])
def test_a_store_request_with_many_queries_sets_search_path_once(
    store, request, admin_client_for, search_path_sets
):
    tenant = request.getfixturevalue(store)
    client = admin_client_for(tenant)
    client.get("/admin/")  # warm the routing cache

    with search_path_sets() as issued:
        response = client.get("/admin/")  # session, user, admin log queries

    assert response.status_code == 200
    assert issued == [[tenant.schema_name, "public"]]


def test_a_platform_request_sets_search_path_once(client_for, search_path_sets):
    client = client_for(settings.PLATFORM_DOMAIN)

    with search_path_sets() as issued:
        response = client.get("/admin/login/")

    assert response.status_code == 200
    assert len(issued) <= 1
