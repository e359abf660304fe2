"""A schema built by the fast path equals one built by migrating, catalog for catalog."""

import pytest
from django.db import connection

from tenants import services
from tenants.services import SchemaMethod
from tests.fixtures.schemas import CATALOG, catalog

pytestmark = pytest.mark.django_db


def test_fast_path_schema_equals_migrated_schema():
    fast = services.create_tenant(slug="fast-one", name="Fast", method=SchemaMethod.TEMPLATE)
    slow = services.create_tenant(slug="slow-one", name="Slow", method=SchemaMethod.MIGRATE)

    fast_catalog, slow_catalog = catalog(fast.schema_name), catalog(slow.schema_name)

    assert len(fast_catalog["tables"]) >= 10
    assert len(fast_catalog["constraints"]) >= 20
    for part in CATALOG:
        assert fast_catalog[part] == slow_catalog[part], part


def test_the_fast_path_leaves_the_connection_search_path_alone():
    services.create_tenant(slug="quiet-one", name="Quiet")

    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        assert cursor.fetchone()[0] == "public"


def test_a_failed_build_leaves_no_row_and_no_schema(monkeypatch):
    from tenants import schema_template
    from tenants.models import Tenant

    def explode(schema_name, alias):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{schema_name}"')
        raise RuntimeError("disk full")

    monkeypatch.setattr(schema_template, "create_schema_from_template", explode)

    with pytest.raises(RuntimeError):
        services.create_tenant(slug="doomed", name="Doomed")

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'store_doomed'")
        assert cursor.fetchone() == (0,)
    assert not Tenant.objects.filter(slug="doomed").exists()
