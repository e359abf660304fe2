"""A store that opens answers at once in every server process: the per-process routing memo
keeps no "unknown host" and no "being set up" answer that would hide it for seconds."""

import pytest
from django.conf import settings
from django.core.cache import caches

from tenants import routing
from tenants.models import Domain, Tenant
from tenants.services import register_tenant

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def changed_by_another_process(host: str) -> None:
    """Another process changed the rows: it cleared the shared cache, not our memo."""
    caches["routing"].delete(f"host:{host}")


def test_a_host_polled_before_its_store_existed_answers_as_soon_as_it_opens(client_for):
    host = f"brand-new.{settings.PLATFORM_DOMAIN}"
    client = client_for(host)
    # /order/ answers from the store's urlconf without reading its (here unbuilt) schema.
    assert client.get("/order/").status_code == 404  # the first poll: nothing here yet

    tenant = register_tenant(slug="brand-new", name="Brand New")
    Domain.objects.bulk_create([Domain(tenant=tenant, domain=host, is_primary=True)])
    changed_by_another_process(host)
    assert client.get("/order/").status_code == 503  # being set up

    Tenant.objects.filter(pk=tenant.pk).update(state=Tenant.State.ACTIVE)
    changed_by_another_process(host)
    response = client.get("/order/")

    assert response.status_code == 200
    assert host not in routing._memo or routing._memo[host][1]["state"] == "active"


def test_a_live_store_is_still_memoised(store_a, client_for):
    client_for(store_a).get("/")

    memo = routing._memo[f"alpha.{settings.PLATFORM_DOMAIN}"][1]

    assert (memo["slug"], memo["state"]) == ("alpha", "active")
