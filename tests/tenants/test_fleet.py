"""Migrating the fleet skips current and unprovisioned stores and migrates the rest in
parallel processes."""

import pytest
from django.db import connections

from tenants import fleet
from tenants.models import Tenant
from tenants.schema_template import get_template
from tenants.services import schema_name_for


def _make_stale(tenant):
    with connections[tenant.placement].cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{tenant.schema_name}".django_migrations WHERE app = %s', ["sessions"]
        )
        cursor.execute(f'DROP TABLE "{tenant.schema_name}".django_session')


def _digest(tenant):
    return fleet.applied_digests(tenant.placement, [tenant.schema_name])[tenant.schema_name]


def test_fleet_migrate_brings_stale_stores_current_in_parallel(committed_stores, django_db_blocker):
    stale = [committed_stores(f"stale-{n}") for n in range(3)]
    far_stale = committed_stores("stale-far", placement="second")
    fine = committed_stores("fine-one")

    with django_db_blocker.unblock():
        for tenant in [*stale, far_stale]:
            _make_stale(tenant)
        Tenant.objects.create(
            slug="never-built", name="Never", schema_name=schema_name_for("never-built")
        )
        target = get_template().migrations_digest

        report = fleet.migrate_fleet(processes=2)

        assert set(report.migrated) == {t.schema_name for t in [*stale, far_stale]}
        assert fine.schema_name in report.current
        assert "store_never_built" in report.skipped
        assert report.failed == {}
        assert {_digest(t) for t in [*stale, far_stale, fine]} == {target}

        again = fleet.migrate_fleet(processes=2)
        assert again.migrated == [] and fine.schema_name in again.current
        Tenant.objects.filter(slug="never-built").delete()
        connections.close_all()


@pytest.mark.django_db(databases=["default", "second"])
def test_one_catalog_query_per_database_decides_what_is_current(
    store_a, store_b, store_far, django_assert_max_num_queries
):
    # 3 stores on 2 databases: the no-op costs a handful of queries, not one migrate per store.
    get_template()
    with django_assert_max_num_queries(8):
        report = fleet.migrate_fleet(processes=1)

    assert report.migrated == []
    assert {store_a.schema_name, store_b.schema_name, store_far.schema_name} <= set(report.current)


@pytest.mark.django_db
def test_failed_stores_are_skipped(django_capture_on_commit_callbacks):
    from tenants import services

    tenant = services.create_tenant(slug="gone-bad", name="Gone Bad")
    services.set_state(tenant, Tenant.State.FAILED)

    report = fleet.migrate_fleet(processes=1, aliases=["default"])

    assert tenant.schema_name in report.skipped
    assert tenant.schema_name not in report.current
