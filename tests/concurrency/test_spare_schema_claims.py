"""Signups racing for the warm pool never get the same spare schema (real PostgreSQL)."""

import threading

from django.db import connection, connections

from tenants import pool
from tenants.models import SpareSchema


def _schema_exists(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
        return cursor.fetchone() is not None


def test_concurrent_claims_never_take_the_same_spare(django_db_blocker):
    with django_db_blocker.unblock():
        pool.top_up_pool("default", size=0)
        built = [pool.build_spare_schema("default").name for _ in range(3)]
        results: dict[str, bool] = {}
        barrier = threading.Barrier(4)

        def claim(n):
            barrier.wait()
            results[f"store_race_{n}"] = pool.claim_spare_schema(f"store_race_{n}", "default")
            connections.close_all()

        threads = [threading.Thread(target=claim, args=(n,)) for n in range(4)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(results.values()) == [False, True, True, True]
            assert not any(_schema_exists(name) for name in built)
        finally:
            for name in [*results, *built]:
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            SpareSchema.objects.filter(name__in=built).delete()
