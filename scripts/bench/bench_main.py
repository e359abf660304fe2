"""What every benchmark's main() does around its own run: check the environment, create a
throwaway database (throwaway_db) on the server DATABASE_URL names, run in it, print the
report, and say so when interrupted (the database is dropped either way).

    def main(argv):
        args = parse_args(argv)
        return main_in_throwaway_database(lambda url: render(run(args, url)))
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from urllib.parse import urlsplit

DATABASE_EXAMPLE = "postgres://postgres@127.0.0.1:5432/postgres"
REDIS_EXAMPLE = "redis://127.0.0.1:6379/0"


def progress(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def heading(title: str, *, database: str, load_at_start: float) -> list[str]:
    """A report's first lines: its title, its database, the machine (cores, load average at
    the start and now), PostgreSQL's and Django's versions."""
    import django
    from django.db import connection

    cores = os.cpu_count() or 0
    load = f"load average {load_at_start:.1f} at start, {os.getloadavg()[0]:.1f} at end"
    pg = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
    return [
        title,
        f"database   {database} (created for this run, dropped at exit)",
        f"machine    {cores} cores ({load}); PostgreSQL {pg}; Django {django.get_version()}",
    ]


def environment_is_set(*, redis_for: str | None = None, why: str = "") -> bool:
    """Whether DATABASE_URL is set, and REDIS_URL too for `redis_for` (the name of a benchmark
    that needs Redis, as in scripts/bench/NAME); if not, what to set is printed, with `why`."""
    if redis_for is None:
        if os.environ.get("DATABASE_URL"):
            return True
        print(f"DATABASE_URL is not set (e.g. {DATABASE_EXAMPLE})")
        return False
    if os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"):
        return True
    print(f"DATABASE_URL and REDIS_URL must be set{why}, e.g.")
    print(f"  DATABASE_URL={DATABASE_EXAMPLE} REDIS_URL={REDIS_EXAMPLE} scripts/bench/{redis_for}")
    return False


def _interrupted() -> int:
    print("interrupted; the benchmark database was dropped", file=sys.stderr)
    return 130


def main_in_throwaway_database(
    run: Callable[[str], str],
    *,
    redis_for: str | None = None,
    why: str = "",
    errors_when_interrupted: bool = False,
) -> int:
    """`run(url)` in a database made for it, its report printed; the exit status: 0, 2 when
    the environment is not set (see environment_is_set), 130 when interrupted. With
    `errors_when_interrupted`, an error that follows SIGINT or SIGTERM (a query cut off
    halfway) counts as the interruption: its traceback is printed for the record."""
    from throwaway_db import throwaway_database, was_interrupted

    if not environment_is_set(redis_for=redis_for, why=why):
        return 2
    try:
        with throwaway_database(os.environ["DATABASE_URL"]) as url:
            progress(f"database {database_name(url)} created (dropped at exit)")
            print(run(url))
    except KeyboardInterrupt:
        return _interrupted()
    except Exception:
        if not (errors_when_interrupted and was_interrupted()):
            raise
        traceback.print_exc()  # what the interruption cut off, for the record
        return _interrupted()
    return 0
