"""Through PgBouncer in transaction mode with 2 server connections: a real Celery worker
(6 processes) runs tasks for two stores at once, each reading only its own store."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from tests.fixtures.pgbouncer import SERVER_CONNECTIONS
from tests.fixtures.processes import _point_app_at, start_worker

TASKS = 50
ROUNDS = 10


@pytest.fixture
def pooled_worker(pgbouncer, redis_url, django_db_blocker) -> Iterator[str]:
    """A worker whose every database is reached through `pgbouncer`; yields its queue."""
    from config.celery import app

    queue = f"test-pool-{secrets.token_hex(6)}"
    worker = start_worker(
        redis_url,
        queue=queue,
        concurrency=6,
        pool="prefork",
        imports=("tests.fleet.pooled_tasks",),
        DATABASE_URL=pgbouncer.url("default"),
        DATABASE_URLS=f"second={pgbouncer.url('second')}",
    )
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    urls = app.conf.broker_url, app.conf.result_backend
    _point_app_at(app, broker_url=redis_url, result_backend=redis_url)
    try:
        yield queue
    finally:
        app.conf.task_always_eager = eager
        _point_app_at(app, broker_url=urls[0], result_backend=urls[1])
        worker.kill()


def test_tasks_for_two_stores_at_once_read_only_their_store(
    pooled_worker, marked_stores, pgbouncer
):
    from config.celery import app

    sent = []
    for index in range(TASKS):
        store = marked_stores[index % 2]
        result = app.send_task(
            "tests.fleet.read_store_marker", args=[store.pk, ROUNDS], queue=pooled_worker
        )
        sent.append((store, result))

    wrong = []
    for store, result in sent:
        seen = result.get(timeout=120)
        assert len(seen) == 2 * ROUNDS
        wrong += [(store.schema_name, other) for other in seen if other != store.schema_name]

    assert wrong == []
    per_database: dict[str, int] = {}
    for server in pgbouncer.admin("SHOW SERVERS"):
        per_database[server["database"]] = per_database.get(server["database"], 0) + 1
    assert per_database and max(per_database.values()) <= SERVER_CONNECTIONS
