"""Signups racing for the warm pool never get the same spare schema (real PostgreSQL)."""

from collections.abc import Callable

from django.db import connection

from tenants import pool
from tenants.models import SpareSchema
from tests.fixtures.races import race


def _schema_exists(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
        return cursor.fetchone() is not None


def test_concurrent_claims_never_take_the_same_spare(committed_test_databases, django_db_blocker):
    with django_db_blocker.unblock():
        pool.top_up_pool("default", size=0)
        built = [pool.build_spare_schema("default").name for _ in range(3)]
        stores = [f"store_race_{n}" for n in range(4)]

        def claim(store: str) -> Callable[[], tuple[str, bool]]:
            return lambda: (store, pool.claim_spare_schema(store, "default"))

        try:
            results = dict(race([claim(store) for store in stores]))
            assert sorted(results.values()) == [False, True, True, True]
            assert not any(_schema_exists(name) for name in built)
        finally:
            for name in [*stores, *built]:
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            SpareSchema.objects.filter(name__in=built).delete()


def test_concurrent_claims_of_one_catalog_take_each_seeded_spare_once_and_lose_none(
    committed_test_databases, django_db_blocker
):
    """Eight signups of one catalog race for four spares seeded with it, one unseeded spare and
    one of another catalog: five win (the seeded ones, then the unseeded one), each spare is
    renamed to exactly one store, the other catalog's spare is left, and no row is lost."""
    with django_db_blocker.unblock():
        pool.top_up_pool("default", size=0)
        seeded = {pool.build_spare_schema("default", "office-supplies").name for _ in range(4)}
        unseeded = pool.build_spare_schema("default").name
        other = pool.build_spare_schema("default", "empty").name
        stores = [f"store_catalog_race_{n}" for n in range(8)]

        def claim_of_catalog(store: str) -> Callable[[], tuple[str, tuple[str, str] | None]]:
            def call() -> tuple[str, tuple[str, str] | None]:
                spare = pool.claim_spare(store, "default", catalog="office-supplies")
                return store, spare and (spare.name, spare.catalog)

            return call

        try:
            claims = dict(race([claim_of_catalog(store) for store in stores]))
            won = {store: spare for store, spare in claims.items() if spare is not None}
            assert len(claims) == 8 and len(won) == 5
            taken = [name for name, _ in won.values()]
            assert sorted(taken) == sorted([*seeded, unseeded])  # each once, none lost
            assert sorted(catalog for _, catalog in won.values()) == ["", *["office-supplies"] * 4]
            assert all(_schema_exists(store) for store in won)
            assert not any(_schema_exists(name) for name in taken)
            assert list(SpareSchema.objects.values_list("name", flat=True)) == [other]
        finally:
            for name in [*stores, *seeded, unseeded, other]:
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            SpareSchema.objects.filter(name__in=[*seeded, unseeded, other]).delete()
