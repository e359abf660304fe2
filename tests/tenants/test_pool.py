"""The warm pool: creating a store renames a spare schema built ahead of time."""

import pytest
from django.db import connection, connections

from tenants import pool, services
from tenants.models import SpareSchema
from tenants.services import SchemaMethod
from tests.fixtures.schemas import CATALOG, catalog

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _schema_exists(name, alias="default"):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
        return cursor.fetchone() is not None


def test_a_new_store_takes_a_spare_schema_and_equals_a_migrated_one(
    django_capture_on_commit_callbacks, settings
):
    settings.TENANT_SPARE_SCHEMAS, settings.TENANT_SPARE_CATALOGS = 2, []  # unseeded spares
    assert pool.top_up_pool("default") == 2
    spares = list(SpareSchema.objects.order_by("created").values_list("name", flat=True))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pooled = services.create_tenant(slug="pooled", name="Pooled")
    migrated = services.create_tenant(slug="migrated", name="Migrated", method=SchemaMethod.MIGRATE)

    assert not _schema_exists(spares[0]) and _schema_exists(pooled.schema_name)
    assert list(SpareSchema.objects.values_list("name", flat=True)) == spares[1:]
    for callback in callbacks:  # the pool is topped up after commit, not on the founder's time
        callback()
    assert SpareSchema.objects.count() == 2
    pooled_catalog, migrated_catalog = catalog(pooled.schema_name), catalog(migrated.schema_name)
    for part in CATALOG:
        assert pooled_catalog[part] == migrated_catalog[part], part


def test_an_empty_pool_falls_back_to_replaying_the_template():
    assert not SpareSchema.objects.exists()

    tenant = services.create_tenant(slug="no-spares", name="No Spares")

    assert _schema_exists(tenant.schema_name)


def test_spares_are_kept_per_database():
    pool.top_up_pool("second", size=1, catalogs=[])
    (spare,) = SpareSchema.objects.filter(placement="second")

    assert _schema_exists(spare.name, "second") and not _schema_exists(spare.name, "default")
    assert pool.claim_spare_schema("store_elsewhere", "default") is False
    assert pool.claim_spare_schema("store_far_two", "second") is True
    assert _schema_exists("store_far_two", "second")


def test_a_spare_of_an_older_migration_state_is_never_claimed():
    spare = pool.build_spare_schema("default")
    SpareSchema.objects.filter(pk=spare.pk).update(fingerprint="0" * 64)

    claimed = pool.claim_spare_schema("store_wants_fresh", "default")
    rebuilt = pool.top_up_pool("default", size=1, catalogs=[])

    assert claimed is False
    assert not _schema_exists(spare.name)  # discarded by the top-up
    assert rebuilt == 1


def test_an_abandoned_spare_schema_without_a_row_is_dropped():
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "_spare_1000_deadbeef0000"')  # built in 1970, no row
        cursor.execute('CREATE SCHEMA "_spare_9999999999_cafe00000000"')  # still being built

    pool.discard_stale_spares("default")

    assert not _schema_exists("_spare_1000_deadbeef0000")
    assert _schema_exists("_spare_9999999999_cafe00000000")
