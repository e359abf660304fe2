"""A schema built by the fast path equals one built by migrating, catalog for catalog."""

import pytest
from django.db import connection

from tenants import services
from tenants.services import SchemaMethod

pytestmark = pytest.mark.django_db

CATALOG = {
    "tables": """
        SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(s)s AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY 1""",
    "columns": """
        SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length,
               numeric_precision, numeric_scale, is_nullable, column_default, is_identity,
               identity_generation
        FROM information_schema.columns WHERE table_schema = %(s)s ORDER BY 1, 3""",
    "indexes": """
        SELECT tablename, indexname, replace(indexdef, %(s)s || '.', '') FROM pg_indexes
        WHERE schemaname = %(s)s ORDER BY 1, 2""",
    "constraints": """
        SELECT cl.relname, co.conname, co.contype,
               replace(pg_get_constraintdef(co.oid), %(s)s || '.', ''), co.condeferrable,
               co.condeferred
        FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid
        JOIN pg_namespace n ON n.oid = co.connamespace WHERE n.nspname = %(s)s ORDER BY 1, 2""",
    "sequences": """
        SELECT sequencename, data_type, start_value, min_value, max_value, increment_by, cycle
        FROM pg_sequences WHERE schemaname = %(s)s ORDER BY 1""",
    "migrations": "SELECT app, name FROM {schema}.django_migrations ORDER BY 1, 2",
    "content_types": "SELECT id, app_label, model FROM {schema}.django_content_type ORDER BY 1",
    "permissions": (
        "SELECT id, content_type_id, codename, name FROM {schema}.auth_permission ORDER BY 1"
    ),
}


def catalog(schema: str) -> dict[str, list[tuple]]:
    result = {}
    with connection.cursor() as cursor:
        for name, sql in CATALOG.items():
            cursor.execute(sql.format(schema=f'"{schema}"'), {"s": schema})
            result[name] = cursor.fetchall()
    return result


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
