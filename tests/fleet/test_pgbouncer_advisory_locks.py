"""Advisory locks held across transactions (one runner per provisioning job, one spare-pool
top-up, one demo seed) hold through PgBouncer in transaction mode; the session-level lock
they used to be does not (shown with one server connection, where it is certain)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connections

from control_plane.provisioning.services import is_job_running, job_lock
from tenants.locks import advisory_lock
from tests.fixtures.pgbouncer import start_pgbouncer, through

JOB = 987_654_321


def _threads(*works: Callable[[], None]) -> None:
    errors: list[BaseException] = []

    def run(work: Callable[[], None]) -> None:
        try:
            work()
        except BaseException as error:  # noqa: BLE001 - reported in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors


def test_a_job_lock_holds_across_transactions_through_pgbouncer(pgbouncer, django_db_blocker):
    held, checked = threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def runner() -> None:
        with job_lock(JOB) as acquired:
            seen["runner"] = acquired
            for _ in range(5):  # the steps' own transactions, on other server connections
                with connections["default"].cursor() as cursor:
                    cursor.execute("SELECT 1")
            held.set()
            checked.wait(30)

    def sweeper() -> None:
        held.wait(30)
        seen["running while held"] = is_job_running(job_id=JOB)
        checked.set()

    with django_db_blocker.unblock(), through(pgbouncer):
        _threads(runner, sweeper)
        _threads(lambda: seen.update({"running after": is_job_running(job_id=JOB)}))

    assert seen == {"runner": True, "running while held": True, "running after": False}


@pytest.fixture(scope="module")
def one_server_connection(committed_test_databases):
    bouncer = start_pgbouncer(pool_size=1)
    yield bouncer
    bouncer.stop()


def test_a_session_level_lock_does_not_hold_through_transaction_pooling(
    one_server_connection, django_db_blocker
):
    """Why tenants.locks exists: two clients both get the session-level lock."""
    held, tried = threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def take(name: str, before: threading.Event | None, after: threading.Event) -> Callable:
        def work() -> None:
            if before is not None:
                before.wait(30)
            with advisory_lock("default", JOB) as acquired:
                seen[name] = acquired
                after.set()
                if before is None:
                    tried.wait(30)

        return work

    with django_db_blocker.unblock(), through(one_server_connection, pool="session"):
        _threads(take("first", None, held), take("second", held, tried))

    assert seen == {"first": True, "second": True}  # two holders of one lock
