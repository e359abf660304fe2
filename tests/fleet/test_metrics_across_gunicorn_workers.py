"""Two gunicorn workers write their metrics to one multiprocess directory: a scrape served by
either adds up the requests both served."""

import re
import secrets
import socket
import time

import pytest
from django.conf import settings

from tests.fixtures.processes import child_env, kill_process_group
from tests.shop.accounts.servers import start_gunicorn

TOKEN = "fleet-metrics-token"  # noqa: S105


def _get(port: int, path: str, **headers: str) -> tuple[int, str]:
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(_request(path, **headers))
        return _read(sock)


def _request(path: str, **headers: str) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {settings.PLATFORM_DOMAIN}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _read(sock: socket.socket) -> tuple[int, str]:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode()


@pytest.fixture
def two_worker_gunicorn(committed_test_databases, redis_url):
    """gunicorn with 2 sync workers and no PROMETHEUS_MULTIPROC_DIR: gunicorn.conf.py makes
    one for it."""
    env = child_env(
        REDIS_URL=redis_url,
        METRICS_TOKEN=TOKEN,
        TEST_CACHE_RUN=f"metrics-{secrets.token_hex(4)}",
    )
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    port, process = start_gunicorn(env, workers=2)
    try:
        yield port
    finally:
        kill_process_group(process)


def _home_requests(body: str) -> float:
    match = re.search(r'^storefleet_http_requests_total\{route="home",status="200"\} (\S+)$',
                      body, re.MULTILINE)  # fmt: skip
    return float(match.group(1)) if match else 0.0


def test_requests_served_by_two_workers_add_up_in_one_scrape(two_worker_gunicorn):
    port = two_worker_gunicorn
    # given one worker held on a request whose headers have not all arrived (a sync worker
    # serves one connection at a time), so that the other worker serves everything else
    held = socket.create_connection(("127.0.0.1", port), timeout=15)
    held.sendall(_request("/")[:20])
    time.sleep(0.5)
    served_by_the_other = [_get(port, "/")[0] for _ in range(5)]
    # when the held request completes on the first worker
    held.sendall(_request("/")[20:])
    held_status, _ = _read(held)
    held.close()

    # then a scrape, served by either worker, counts all six
    status, body = _get(port, "/metrics", Authorization=f"Bearer {TOKEN}")
    assert (served_by_the_other, held_status, status) == ([200] * 5, 200, 200)
    # (one worker alone saw 1 or 5)
    assert _home_requests(body) == 6.0
