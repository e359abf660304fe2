"""Start and stop the embedded Redis of `scripts/run` and `scripts/test`.

    python scripts/lib/embedded_redis.py start DATA --owner PID --db N   # prints a REDIS_URL
    python scripts/lib/embedded_redis.py stop DATA --owner PID

The server is Debian's `redis-server` (the scripts install the package when it is missing),
run from the checkout: data, log and pid file in DATA, listening on 127.0.0.1 at a port free
when it first starts (kept in DATA/port while it runs). Its append-only file keeps queued
Celery tasks across restarts. Scripts of one checkout share one server (owners.py) and each
picks its own database number, so the tests never touch what `scripts/run` keeps.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import owners

STARTUP_SECONDS = 15.0


def _pid(data: Path) -> int | None:
    try:
        pid = int((data / "redis.pid").read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if owners.alive(pid) else None


def _answers(port: int) -> bool:
    """True when a Redis answers PING on the port (raw RESP: no client library needed)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(*, data: Path, owner: int) -> int:
    """Start the server unless it runs already; register `owner`; return its port."""
    data.mkdir(parents=True, exist_ok=True)
    with owners.locked(data):
        port_file = data / "port"
        if _pid(data) and port_file.exists() and _answers(int(port_file.read_text())):
            owners.add(data, owner)
            return int(port_file.read_text())
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            raise SystemExit("redis-server is not installed (Debian package redis-server)")
        port = _free_port()
        subprocess.run(
            [
                binary,
                "--bind", "127.0.0.1",
                "--port", str(port),
                "--dir", str(data),
                "--daemonize", "yes",
                "--pidfile", str(data / "redis.pid"),
                "--logfile", str(data / "log"),
                "--save", "",
                "--appendonly", "yes",
            ],
            check=True,
        )  # fmt: skip
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(port):
            if time.monotonic() > deadline:
                raise SystemExit(f"redis-server did not answer on port {port} (log: {data}/log)")
            time.sleep(0.05)
        port_file.write_text(str(port))
        owners.add(data, owner)
        return port


def stop_server(*, data: Path, owner: int) -> bool:
    """Drop this owner; stop the server when no live owner is left. True if it stopped."""
    with owners.locked(data):
        if owners.remove(data, owner):
            return False
        pid = _pid(data)
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)  # Redis flushes its append-only file and exits
        deadline = time.monotonic() + 30
        while owners.alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        (data / "port").unlink(missing_ok=True)
        return not owners.alive(pid)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("start", "stop"):
        command = commands.add_parser(name)
        command.add_argument("data", type=Path)
        command.add_argument("--owner", type=int, required=True, help="PID of the script using it")
    commands.choices["start"].add_argument("--db", type=int, default=0, help="database number")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    if args.command == "start":
        port = start_server(data=data, owner=args.owner)
        print(f"redis://127.0.0.1:{port}/{args.db}")
    else:
        stopped = stop_server(data=data, owner=args.owner)
        print("stopped" if stopped else "still in use" if owners.read(data) else "idle")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
