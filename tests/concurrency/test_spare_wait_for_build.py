"""A store that finds no spare left while a top-up is building one waits for that spare
(real threads, real PostgreSQL) instead of building its own schema at the same time; with no
build in flight, or another store already waiting, it does not wait at all."""

import threading
import time
from contextlib import ExitStack, contextmanager

import pytest
from django.db import connections

from tenants import pool
from tenants.locks import advisory_lock
from tenants.models import SpareSchema
from tenants.schema_template import drop_schema

ALIAS = "second"


@pytest.fixture
def committed(committed_test_databases, django_db_blocker):
    with django_db_blocker.unblock():
        yield
        for spare in SpareSchema.objects.filter(placement=ALIAS):
            drop_schema(spare.name, ALIAS)
            spare.delete()
        drop_schema("store_waited", ALIAS)
        drop_schema("store_not_waiting", ALIAS)


@contextmanager
def held_elsewhere(*keys: int):
    """The advisory locks `keys`, held by another thread (another session) for the block."""
    taken, release = threading.Event(), threading.Event()

    def hold():
        with ExitStack() as stack:
            for key in keys:
                assert stack.enter_context(advisory_lock(ALIAS, key))
            taken.set()
            release.wait(30)
        connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    try:
        yield
    finally:
        release.set()
        thread.join()


def test_a_store_finding_no_spare_waits_for_the_one_being_built(committed):
    built = {}

    def top_up():
        built["count"] = pool.top_up_pool(ALIAS, size=1, catalogs=[])
        connections.close_all()

    builder = threading.Thread(target=top_up)
    builder.start()
    deadline = time.monotonic() + 10
    while not pool._building(ALIAS):
        assert time.monotonic() < deadline, "the top-up never started"
        time.sleep(0.002)
    none_yet = not SpareSchema.objects.filter(placement=ALIAS).exists()

    spare = pool.claim_spare_or_wait("store_waited", ALIAS, wait_ms=10_000)
    builder.join()

    assert none_yet and built["count"] == 1
    assert spare is not None and not SpareSchema.objects.filter(name=spare.name).exists()
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'store_waited'")
        assert cursor.fetchone() is not None


def test_without_a_build_in_flight_nothing_is_waited_for(committed):
    started = time.monotonic()
    spare = pool.claim_spare_or_wait("store_not_waiting", ALIAS, wait_ms=10_000)

    assert spare is None and time.monotonic() - started < 0.5


def test_only_one_store_waits_for_a_build(committed):
    # A build in flight (its lock held), and another store already waiting.
    with held_elsewhere(pool._TOP_UP_LOCK, pool._WAITER_LOCK):
        started = time.monotonic()
        spare = pool.claim_spare_or_wait("store_not_waiting", ALIAS, wait_ms=10_000)
        elapsed = time.monotonic() - started

    assert spare is None and elapsed < 0.5
