"""Why the transaction mode exists: django-tenants' session-level `SET search_path`, sent
once and remembered, leaks through PgBouncer in transaction mode. With one server
connection the leak is certain: client A sets alpha's path, client B sets bravo's on the
same server connection, and A, trusting its remembered SET, reads bravo's rows."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connections

from tenants.context import tenant_context
from tests.fixtures.pgbouncer import MARKER, start_pgbouncer, through


@pytest.fixture(scope="module")
def one_server_connection(committed_test_databases):
    bouncer = start_pgbouncer(pool_size=1)
    yield bouncer
    bouncer.stop()


def _reads(alpha, bravo) -> list[str]:
    """A reads alpha, B reads bravo, A reads again: what A saw, in order."""
    seen: list[str] = []
    b_done = threading.Event()
    errors: list[BaseException] = []

    def read() -> str:
        return User.objects.get(username=MARKER).first_name

    def client_a() -> None:
        try:
            with tenant_context(alpha):
                seen.append(read())
                b.start()
                b_done.wait(30)
                seen.append(read())
        except BaseException as error:  # noqa: BLE001 - reported in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    def client_b() -> None:
        try:
            with tenant_context(bravo):
                read()
        finally:
            b_done.set()
            connections.close_all()

    a = threading.Thread(target=client_a)
    b = threading.Thread(target=client_b)
    a.start()
    a.join(60)
    assert not errors, errors
    return seen


@pytest.mark.parametrize(
    ("pool", "second_read"),
    [("session", "bravo"), ("transaction", "alpha")],
    ids=["session-level SET leaks", "per-statement SET LOCAL does not"],
)
def test_search_path_through_one_pooled_server_connection(
    pool, second_read, one_server_connection, marked_stores, django_db_blocker
):
    alpha, bravo = marked_stores
    with django_db_blocker.unblock(), through(one_server_connection, pool=pool):
        seen = _reads(alpha, bravo)

    schemas = {"alpha": alpha.schema_name, "bravo": bravo.schema_name}
    assert seen == [alpha.schema_name, schemas[second_read]]
