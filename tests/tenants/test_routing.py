"""Host -> store routing: stores, the platform, unknown hosts, and store states."""

import pytest
from django.conf import settings

from tenants import routing, services
from tenants.models import Tenant
from tenants.services import primary_host_for

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_each_store_host_serves_that_store(store_a, store_b, client_for):
    page_a = client_for(store_a).get("/")
    page_b = client_for(store_b).get("/")

    assert page_a.status_code == 200 and page_b.status_code == 200
    assert b"<h1>Alpha Store</h1>" in page_a.content
    assert b"<h1>Bravo Store</h1>" in page_b.content


def test_platform_domain_serves_the_control_plane(client_for):
    response = client_for(settings.PLATFORM_DOMAIN).get("/")

    assert response.status_code == 200
    assert b"<h1>Storefleet</h1>" in response.content


def test_port_and_case_do_not_change_the_store(store_a, client_for):
    response = client_for(f"ALPHA.{settings.PLATFORM_DOMAIN}:8000").get("/")

    assert b"<h1>Alpha Store</h1>" in response.content


def test_unknown_host_gets_a_plain_404_page(client_for):
    response = client_for(f"nobody.{settings.PLATFORM_DOMAIN}").get("/")

    assert response.status_code == 404
    assert b"No store here" in response.content


def test_suspended_store_answers_503_saying_so(client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tenant = services.create_tenant(slug="sleepy", name="Sleepy Shop")
    client = client_for(tenant)
    assert client.get("/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_tenant(tenant)
    response = client.get("/")

    assert response.status_code == 503
    assert b"Sleepy Shop is suspended" in response.content
    assert response["Retry-After"] == "30"

    with django_capture_on_commit_callbacks(execute=True):
        services.resume_tenant(tenant)
    assert client.get("/").status_code == 200


def test_store_still_provisioning_says_it_is_being_set_up(
    client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tenant = services.create_tenant(slug="newborn", name="Newborn", activate=False)

    response = client_for(tenant).get("/")

    assert tenant.state == Tenant.State.PROVISIONING
    assert response.status_code == 503
    assert b"Newborn is being set up" in response.content


def test_failed_store_is_not_reachable(client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tenant = services.create_tenant(slug="broken", name="Broken")
        services.set_state(tenant, Tenant.State.FAILED)

    assert client_for(tenant).get("/").status_code == 404


def test_cache_follows_a_domain_that_moves_to_another_store(
    store_a, store_b, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        domain = services.add_domain(store_a, "shop.example.com")
    client = client_for("shop.example.com")
    assert b"Alpha Store" in client.get("/").content  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        services.move_domain(domain, store_b)

    assert b"Bravo Store" in client.get("/").content


def test_cache_forgets_an_unknown_host_once_it_is_added(
    store_a, client_for, django_capture_on_commit_callbacks
):
    client = client_for("later.example.com")
    assert client.get("/").status_code == 404  # the miss is cached too

    with django_capture_on_commit_callbacks(execute=True):
        services.add_domain(store_a, "later.example.com")

    assert b"Alpha Store" in client.get("/").content


def test_routing_reads_the_cache_not_the_database(store_a, client_for, django_assert_num_queries):
    client = client_for(store_a)
    client.get("/order/")  # warm the cache (a page that itself reads nothing)

    with django_assert_num_queries(0):
        response = client.get("/order/")

    assert response.status_code == 200


def test_a_per_process_memo_spares_the_shared_cache_round_trip(
    store_a, client_for, monkeypatch, settings
):
    from django.core.cache import caches

    # Long enough that a loaded machine cannot outlast the memo between these requests, and
    # a fresh entry: one an earlier test left would keep its own, shorter, lifetime.
    settings.TENANT_ROUTING_LOCAL_SECONDS = 60
    routing.forget_hosts([primary_host_for(store_a.slug)])
    client = client_for(store_a)
    client.get("/")  # warm both levels
    shared_reads = []
    original_get = caches["routing"].get
    monkeypatch.setattr(
        caches["routing"], "get", lambda *a, **k: shared_reads.append(a) or original_get(*a, **k)
    )

    for _ in range(3):
        assert client.get("/").status_code == 200

    assert shared_reads == []


def test_other_processes_see_a_suspension_once_the_memo_expires(
    client_for, settings, django_capture_on_commit_callbacks
):
    from tenants import routing

    with django_capture_on_commit_callbacks(execute=True):
        tenant = services.create_tenant(slug="elsewhere", name="Elsewhere")
    client = client_for(tenant)
    assert client.get("/").status_code == 200
    # Another process suspends the store: it clears the shared cache, not our memo.
    Tenant.objects.filter(pk=tenant.pk).update(state=Tenant.State.SUSPENDED)
    caches_key = f"host:{services.primary_host_for('elsewhere')}"
    from django.core.cache import caches

    caches["routing"].delete(caches_key)
    assert client.get("/").status_code == 200  # still memoised here

    routing._memo[services.primary_host_for("elsewhere")] = (0.0, {})  # the memo expires
    assert client.get("/").status_code == 503


def test_a_settled_stores_tenant_is_built_once_per_memo_entry(store_a):
    host = primary_host_for(store_a.slug)
    first = routing.get_tenant_for_host(host)

    again = routing.get_tenant_for_host(host)
    routing.forget_hosts([host])  # a change to the store or its domains
    rebuilt = routing.get_tenant_for_host(host)

    assert again is first
    assert rebuilt is not first and (rebuilt.pk, rebuilt.slug) == (store_a.pk, store_a.slug)
