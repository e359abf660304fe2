"""Server-side CPU time of one benchmark configuration: its gunicorn workers plus the
PostgreSQL backends serving them (found by application_name, PGAPPNAME in the servers' env).

Throughput on a shared machine moves with everyone else's load; the CPU a request costs moves
much less (caches and frequency still feel it), so CPU per request is the steadier measure of
what tenant routing adds.
Backends are counted only when PostgreSQL runs on this machine (their /proc entries are
then the server's processes); otherwise the workers alone are measured.
"""

from __future__ import annotations

import os
from pathlib import Path

_TICK_NS = 1_000_000_000 // os.sysconf("SC_CLK_TCK")


def application_name(config: str) -> str:
    return f"storefront-bench-{config}"


def process_cpu_ns(pid: int) -> int | None:
    """On-CPU time of a process so far: schedstat (ns) if the kernel has it, else stat."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        pass
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * _TICK_NS  # utime + stime
    except (OSError, ValueError, IndexError):
        return None


def child_pids(parent: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent:
            children.append(int(entry.name))
    return children


def _is_postgres(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip().startswith("postgres")
    except OSError:
        return False


def database_is_local() -> bool:
    from django.db import connection

    host = connection.settings_dict["HOST"]
    return host in ("", "localhost", "127.0.0.1", "::1") or host.startswith("/")


def backend_pids(config: str) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE application_name = %s AND datname = current_database()",
            [application_name(config)],
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    return [pid for pid in pids if _is_postgres(pid)]


class CpuMeter:
    """Snapshots of the CPU used so far by one configuration's processes."""

    def __init__(self, masters: dict[str, int]) -> None:
        self.masters = masters
        self.with_backends = database_is_local()

    def snapshot(self, config: str) -> dict[int, int]:
        pids = child_pids(self.masters[config])
        if self.with_backends:
            pids += backend_pids(config)
        found = {pid: process_cpu_ns(pid) for pid in pids}
        return {pid: ns for pid, ns in found.items() if ns is not None}

    @staticmethod
    def used_ns(before: dict[int, int], after: dict[int, int]) -> int:
        """CPU spent between the snapshots; a process born in between counts in full (a new
        database connection), one that ended in between is lost (rare: CONN_MAX_AGE 60 s)."""
        return sum(ns - before.get(pid, 0) for pid, ns in after.items())

    def describe(self) -> str:
        if self.with_backends:
            return "gunicorn workers + their PostgreSQL backends"
        return "gunicorn workers only (PostgreSQL is on another machine)"
