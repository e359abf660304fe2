"""Through PgBouncer in transaction mode with 2 server connections: 50 clients, each on a
connection of its own, switching between two stores, never read a row of the other."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User
from django.db import connections, transaction

from tenants.context import tenant_context
from tests.fixtures.pgbouncer import MARKER, SERVER_CONNECTIONS, through
from tests.fixtures.races import race_after_setup

CLIENTS = 50
ROUNDS = 20


class _Undo(Exception):
    """Rolls a savepoint back."""


def _marker() -> str:
    return User.objects.get(username=MARKER).first_name


def _client(stores: list, index: int, on_start: Callable[[], None]):
    def racer(go: Callable[[], None]) -> list[tuple[str, str]]:
        connections["default"].ensure_connection()  # a client of PgBouncer before the start
        go()
        if index == 0:
            on_start()
        wrong: list[tuple[str, str]] = []

        def check(store, where: str) -> None:
            seen = _marker()
            if seen != store.schema_name:
                wrong.append((where, f"{store.schema_name} read {seen}"))

        for round_ in range(ROUNDS):
            store, other = stores[(index + round_) % 2], stores[(index + round_ + 1) % 2]
            with tenant_context(store):
                check(store, "autocommit")
                with transaction.atomic():
                    check(store, "atomic")
                    try:
                        with transaction.atomic():  # a savepoint, rolled back
                            User.objects.filter(username=MARKER).update(last_name="undone")
                            check(store, "savepoint")
                            raise _Undo
                    except _Undo:
                        pass
                    check(store, "after savepoint rollback")
                    with tenant_context(other):  # another store, same transaction
                        check(other, "switched in atomic")
                    check(store, "switched back in atomic")
        return wrong

    return racer


def test_fifty_clients_over_two_stores_read_only_their_store(
    pgbouncer, marked_stores, django_db_blocker
):
    database = connections["default"].settings_dict["NAME"]
    at_start: list[int] = []

    def count_clients() -> None:
        clients = pgbouncer.admin("SHOW CLIENTS")
        at_start.append(len([c for c in clients if c["database"] == database]))

    with django_db_blocker.unblock(), through(pgbouncer):
        answers = race_after_setup(
            [_client(marked_stores, i, count_clients) for i in range(CLIENTS)], timeout=300
        )

    assert [wrong for wrong in answers if wrong] == []
    assert at_start[0] >= CLIENTS  # all connected at once ...
    servers = [s for s in pgbouncer.admin("SHOW SERVERS") if s["database"] == database]
    assert 0 < len(servers) <= SERVER_CONNECTIONS  # ... sharing 2 server connections
