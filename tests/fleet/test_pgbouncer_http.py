"""Through PgBouncer in transaction mode with 2 server connections: a real gunicorn (2
workers, 8 threads each) answers 50 concurrent clients over two store hosts, every answer
from the right store."""

from __future__ import annotations

import http.client
from collections.abc import Iterator

import pytest

from shop.catalog.models import Product
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.pgbouncer import SERVER_CONNECTIONS
from tests.fixtures.processes import (
    child_env,
    kill_process_group,
)
from tests.fixtures.races import race
from tests.shop.accounts.servers import start_gunicorn

PORTS = range(8960, 8990)  # this file's ports
CLIENTS = 50
ROUNDS = 10
IDENTIFIER = "FLEETPOOL01"  # the same identifier in both stores, a title of each its own


@pytest.fixture(scope="module")
def marked_products(marked_stores, django_db_blocker) -> Iterator[list]:
    with django_db_blocker.unblock():
        for store in marked_stores:
            with tenant_context(store):
                Product.objects.update_or_create(
                    identifier=IDENTIFIER,
                    defaults={"title": f"fleet-{store.schema_name}", "title_url": "Fleet"},
                )
    yield marked_stores
    with django_db_blocker.unblock():
        for store in marked_stores:
            with tenant_context(store):
                Product.objects.filter(identifier=IDENTIFIER).delete()


@pytest.fixture
def pooled_gunicorn(pgbouncer, redis_url) -> Iterator[int]:
    """gunicorn whose every database is reached through `pgbouncer` in transaction mode."""
    env = child_env(
        DATABASE_URL=pgbouncer.url("default"),
        DATABASE_URLS=f"second={pgbouncer.url('second')}",
        REDIS_URL=redis_url,
    )
    port, process = start_gunicorn(env, workers=2, threads=8, ports=PORTS)
    try:
        yield port
    finally:
        kill_process_group(process)


def _client(port: int, stores: list, index: int):
    def call() -> list[str]:
        wrong = []
        for round_ in range(ROUNDS):
            store, other = stores[(index + round_) % 2], stores[(index + round_ + 1) % 2]
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            host = primary_host_for(store.slug)
            connection.request("GET", f"/order/product/{IDENTIFIER}", headers={"Host": host})
            response = connection.getresponse()
            body = response.read().decode()
            connection.close()
            mine, theirs = f"fleet-{store.schema_name}", f"fleet-{other.schema_name}"
            if response.status != 200 or mine not in body or theirs in body:
                wrong.append(f"{store.slug}: {response.status} {body[:200]}")
        return wrong

    return call


def test_fifty_http_clients_over_two_store_hosts(
    pooled_gunicorn, marked_products, pgbouncer, committed_test_databases
):
    answers = race([_client(pooled_gunicorn, marked_products, i) for i in range(CLIENTS)])

    assert [wrong for wrong in answers if wrong] == []
    servers = pgbouncer.admin("SHOW SERVERS")
    per_database: dict[str, int] = {}
    for server in servers:
        per_database[server["database"]] = per_database.get(server["database"], 0) + 1
    assert per_database and max(per_database.values()) <= SERVER_CONNECTIONS
