"""A PostgreSQL database that exists only for one benchmark run.

The server comes from DATABASE_URL (a maintenance connection, e.g.
postgres://postgres@127.0.0.1:5432/postgres); the database is created with a random name and
dropped again on exit, also on Ctrl-C or SIGTERM, so a benchmark never touches real data.
"""

from __future__ import annotations

import secrets
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from urllib.parse import urlsplit, urlunsplit

import psycopg
from config.env import parse_database_url
from psycopg import sql

PREFIX = "storefleet_bench_"


def _connect(url: str, dbname: str) -> psycopg.Connection:
    settings = parse_database_url(url)
    params = {
        "dbname": dbname,
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "host": settings["HOST"],
        "port": settings["PORT"],
        **settings["OPTIONS"],
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True)


def maintenance_connection(url: str) -> psycopg.Connection:
    """The database DATABASE_URL names, or the server's `postgres` database if it is missing."""
    try:
        return _connect(url, parse_database_url(url)["NAME"])
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
        return _connect(url, "postgres")


def with_database(url: str, name: str) -> str:
    """`url` with its database replaced by `name` (query parameters such as host= kept)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


_interrupted: list[int] = []


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    _interrupted.append(signum)
    raise KeyboardInterrupt(f"signal {signum}")


def was_interrupted() -> bool:
    """Whether SIGINT or SIGTERM came in: an error that follows one (a query cut off halfway,
    a pool whose worker went away) is the interruption's consequence, not a failure."""
    return bool(_interrupted)


def check_interrupted() -> None:
    """Raise again if a signal came in: the first KeyboardInterrupt can land inside a
    finalizer (a closing database cursor), where Python prints it and carries on."""
    if _interrupted:
        raise KeyboardInterrupt(f"signal {_interrupted[0]}")


@contextmanager
def throwaway_database(server_url: str) -> Iterator[str]:
    """Create `storefleet_bench_<random>`, yield its URL, drop it (forcefully) at the end."""
    name = PREFIX + secrets.token_hex(4)
    with maintenance_connection(server_url) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    previous_int = signal.signal(signal.SIGINT, _raise_interrupt)
    try:
        yield with_database(server_url, name)
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits
        try:
            drop_database(server_url, name)
        finally:
            signal.signal(signal.SIGINT, interrupt)


def drop_database(server_url: str, name: str) -> None:
    from django.apps import apps

    if apps.ready:  # Django's own connections would block the DROP until they time out
        from django.db import connections

        try:
            connections.close_all()
        except Exception as exc:  # noqa: BLE001 - a connection cut off by the interrupt; FORCE ends it
            print(f"closing Django's connections: {exc!r}", file=sys.stderr)
    with maintenance_connection(server_url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
