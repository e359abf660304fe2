"""Fast store schemas: capture the SQL of a full migrate once, replay it per new store.

Migrating a new schema walks the whole migration graph in Python and pays one round trip per
statement; django-tenants' clone_schema costs about as much at our size. Instead we run the
migrations once per migration state in a scratch schema while recording every statement
that changes it (DDL, the migration records, content types and permissions), store that
script in the public schema, and build each new store by replaying it in one transaction
and one round trip. Statements are unqualified (Django never names the schema), so the
same script fits any schema: `search_path` decides where it lands.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from functools import cache

from django.core.management import call_command
from django.core.management.commands import migrate as django_migrate
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django_tenants.postgresql_backend.base import _check_schema_name
from django_tenants.utils import quote_schema_name

from tenants.context import schema_context
from tenants.models import SchemaTemplate

log = logging.getLogger(__name__)

# Statements that read or steer a transaction; everything else changes the schema.
_NOT_RECORDED = ("select", "savepoint", "release", "rollback", "set search_path", "show")

APPLIED_DIGEST_SQL = (
    "SELECT md5(string_agg(app || '.' || name, ',' ORDER BY app, name))"
    " FROM {schema}.django_migrations"
)


@cache
def migration_fingerprint() -> str:
    """A hash of every migration file on disk: it changes whenever the target schema does."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256()
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        module = __import__(migration.__module__, fromlist=["__file__"])
        digest.update(f"{app}.{name}:".encode())
        with open(module.__file__, "rb") as source:
            digest.update(hashlib.sha256(source.read()).digest())
    return digest.hexdigest()


def migrate_schema(schema_name: str, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Run Django's own migrate inside one schema (the slow, always-correct path)."""
    with schema_context(schema_name, alias):
        call_command(
            django_migrate.Command(),
            database=alias,
            interactive=False,
            verbosity=0,
            skip_checks=True,
        )


def get_template() -> SchemaTemplate:
    """The captured script for the code's current migration state, capturing it if needed."""
    fingerprint = migration_fingerprint()
    template = (
        SchemaTemplate.objects.using(DEFAULT_DB_ALIAS).filter(fingerprint=fingerprint).first()
    )
    return template or capture_template(fingerprint)


def capture_template(fingerprint: str) -> SchemaTemplate:
    scratch = f"_template_{secrets.token_hex(6)}"
    connection = connections[DEFAULT_DB_ALIAS]
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not sql.lstrip().lower().startswith(_NOT_RECORDED):
            for one in params if many else [params]:
                statements.append(connection.ops.compose_sql(sql, one) if one else sql)
        return result

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {quote_schema_name(scratch)}")
    try:
        with connection.execute_wrapper(record):
            migrate_schema(scratch, DEFAULT_DB_ALIAS)
        with connection.cursor() as cursor:
            cursor.execute(APPLIED_DIGEST_SQL.format(schema=quote_schema_name(scratch)))
            (digest,) = cursor.fetchone()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA {quote_schema_name(scratch)} CASCADE")

    leaked = [sql for sql in statements if scratch in sql]
    if leaked:  # a statement that names its schema cannot be replayed elsewhere
        raise RuntimeError(f"captured SQL names the scratch schema: {leaked[0][:200]}")
    script = ";\n".join(sql.rstrip().rstrip(";") for sql in statements)
    template, _ = SchemaTemplate.objects.using(DEFAULT_DB_ALIAS).get_or_create(
        fingerprint=fingerprint,
        defaults={"sql": script, "statement_count": len(statements), "migrations_digest": digest},
    )
    log.info("captured schema template %s: %d statements", fingerprint[:12], len(statements))
    return template


def create_schema_from_template(schema_name: str, alias: str = DEFAULT_DB_ALIAS) -> None:
    """CREATE SCHEMA plus the whole captured script: one transaction, one round trip."""
    _check_schema_name(schema_name)
    template = get_template()
    quoted = quote_schema_name(schema_name)
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        # SET LOCAL lasts until the end of the *outermost* transaction, which may be the
        # caller's: put the caller's search_path back before leaving.
        cursor.execute("SELECT current_setting('search_path')")
        (previous,) = cursor.fetchone()
        # Deferred foreign keys are checked here, inside the build, not at some later commit.
        cursor.execute(
            f"CREATE SCHEMA {quoted};\nSET LOCAL search_path = {quoted}, public;\n{template.sql};\n"
            "SET CONSTRAINTS ALL IMMEDIATE"
        )
        cursor.execute("SELECT set_config('search_path', %s, true)", [previous])


def create_schema_by_migrating(schema_name: str, alias: str = DEFAULT_DB_ALIAS) -> None:
    """CREATE SCHEMA and run every migration: the fallback, and the yardstick."""
    _check_schema_name(schema_name)
    with connections[alias].cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {quote_schema_name(schema_name)}")
    migrate_schema(schema_name, alias)


def drop_schema(schema_name: str, alias: str = DEFAULT_DB_ALIAS) -> None:
    _check_schema_name(schema_name)
    with connections[alias].cursor() as cursor:
        # Fire deferred triggers first: PostgreSQL refuses to drop a table that has some.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"DROP SCHEMA IF EXISTS {quote_schema_name(schema_name)} CASCADE")
