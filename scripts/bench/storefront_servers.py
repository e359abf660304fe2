"""The gunicorn servers of the storefront benchmark: one per configuration, each on its own
free port, each in a session of its own so that it is stopped (with all its workers) by the
benchmark on exit, also on Ctrl-C or SIGTERM."""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / "scripts" / "bench"


@dataclass(frozen=True)
class Server:
    config: str  # "on" or "off"
    port: int
    process: subprocess.Popen
    log: Path


def parse_port_range(text: str) -> range:
    """`9000-9049` -> range(9000, 9050)."""
    first, _, last = text.partition("-")
    start, end = int(first), int(last or first)
    if not 0 < start <= end < 65536:
        raise ValueError(f"not a port range: {text!r}")
    return range(start, end + 1)


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def pick_ports(count: int, ports: range | None) -> list[int]:
    """`count` free ports from `ports`, or from the system's ephemeral ports when None. A port
    taken in between is caught later: gunicorn then exits, or the server that answers does not
    know the benchmark's store (wait_until_serving wants a 200 for it)."""
    if ports is None:
        picked: list[int] = []
        while len(picked) < count:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            if port not in picked:
                picked.append(port)
        return picked
    free = [port for port in ports if _free(port)]
    if len(free) < count:
        raise RuntimeError(f"fewer than {count} free ports in {ports.start}-{ports.stop - 1}")
    # At random, so that two runs starting at once (pytest -n) rarely reach for the same port.
    return secrets.SystemRandom().sample(free, count)


def gunicorn_version() -> str:
    import gunicorn

    return gunicorn.__version__


def _control_socket_flag() -> list[str]:
    """Newer gunicorns open a control socket at one fixed path per user; two servers (and other
    people's) would fight over it."""
    probe = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True, check=False
    )
    return ["--no-control-socket"] if "--no-control-socket" in probe.stdout else []


def server_env(*, config: str, store_slug: str, database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "storefront_settings",
        "STOREFRONT_BENCH_TENANCY": config,
        "STOREFRONT_BENCH_STORE": store_slug,
        "DATABASE_URL": database_url,
        "PGAPPNAME": f"storefront-bench-{config}",  # storefront_cpu finds their backends by it
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(BENCH_DIR)]),
    }
    env.pop("DATABASE_URLS", None)
    return env


def start_server(*, config: str, port: int, workers: int, env: dict, log_dir: Path) -> Server:
    log = log_dir / f"gunicorn-{config}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        "--error-logfile",
        str(log),
        *_control_socket_flag(),
        "config.wsgi:application",
    ]
    process = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return Server(config=config, port=port, process=process, log=log)


def _log_tail(server: Server) -> str:
    try:
        return server.log.read_text()[-2000:]
    except OSError:
        return "(no log)"


def wait_until_serving(server: Server, *, path: str, headers: dict, timeout: float = 90) -> None:
    """Until `path` answers 200 (every worker has started by then or soon after)."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn ({server.config}) exited:\n{_log_tail(server)}")
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return
            last = f"HTTP {response.status}"
        except OSError as exc:
            last = str(exc)
        finally:
            connection.close()
        time.sleep(0.2)
    tail = _log_tail(server)
    raise RuntimeError(f"gunicorn ({server.config}) not serving {path}: {last}\n{tail}")


def stop_server(server: Server) -> None:
    """TERM to the master's process group (it stops its workers), KILL after 15 s; then KILL
    to the group again for any worker that outlived its master."""
    with suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGTERM)
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=15)
    with suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGKILL)


@contextmanager
def running_servers(
    *,
    store_slug: str,
    database_url: str,
    workers: int,
    ports: list[int],
    log_dir: Path,
    ready_path: str,
    headers: dict,
) -> Iterator[dict[str, Server]]:
    """Both configurations up at once (an idle server costs nothing), stopped at the end."""
    with ExitStack() as stack:
        servers = {}
        for config, port in zip(("on", "off"), ports, strict=True):
            env = server_env(config=config, store_slug=store_slug, database_url=database_url)
            server = start_server(config=config, port=port, workers=workers, env=env,
                                  log_dir=log_dir)  # fmt: skip
            stack.callback(stop_server, server)
            servers[config] = server
        for server in servers.values():
            wait_until_serving(server, path=ready_path, headers=headers)
        yield servers
