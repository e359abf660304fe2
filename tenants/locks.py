"""Advisory locks held across transactions, also behind PgBouncer in transaction mode.

A session-level advisory lock belongs to the server connection that took it. Through
transaction pooling that is whichever server connection ran the statement: the lock stays
there after it (the next client given that connection holds it too, locks being re-entrant),
and the unlock may run on another one and release nothing. So on a database in transaction
mode (tenants.postgresql_backend) the lock is a transaction-level one
(pg_[try_]advisory_xact_lock) taken in a transaction of its own, on a connection of its own
that stays open while the lock is held: PgBouncer keeps one server connection for that
transaction, and its end (commit, or the process dying) releases the lock. It costs one server
connection per held lock. Elsewhere it is the session-level lock on the alias's connection,
as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

import psycopg
from django.db import DatabaseError, connections


@contextmanager
def advisory_lock(alias: str, *key: int, wait: bool = False) -> Iterator[bool]:
    """Hold the advisory lock `key` (one bigint or two ints) for the block; yields whether it
    was acquired (always True with `wait`, which blocks until it is)."""
    args = ", ".join(["%s"] * len(key))
    connection = connections[alias]
    if getattr(connection, "transaction_pooling", False):
        with _held_in_own_transaction(connection, args, key, wait) as acquired:
            yield acquired
        return
    take = (
        f"SELECT pg_advisory_lock({args}), true" if wait else f"SELECT pg_try_advisory_lock({args})"
    )
    with connection.cursor() as cursor:
        cursor.execute(take, list(key))
        acquired = cursor.fetchone()[-1]
    try:
        yield acquired
    finally:
        # A connection that broke meanwhile took the lock with it: nothing left to release.
        if acquired:
            with suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute(f"SELECT pg_advisory_unlock({args})", list(key))


@contextmanager
def _held_in_own_transaction(connection, args: str, key: tuple[int, ...], wait: bool):
    fn = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    # Django's parameters (host, TLS, adapters), without its search-path cursor.
    params = {**connection.get_connection_params(), "cursor_factory": psycopg.ClientCursor}
    side = psycopg.connect(**params, autocommit=False)
    try:
        row = side.execute(f"SELECT {fn}({args})", list(key)).fetchone()
        acquired = True if wait else bool(row[0])
        if not acquired:
            side.close()
        yield acquired
    finally:
        if not side.closed:
            with suppress(psycopg.Error):
                side.rollback()  # ends the transaction: the lock goes with it
            side.close()
