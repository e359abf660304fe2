"""A real Celery worker with METRICS_WORKER_PORT serves its own /metrics: the tasks its
prefork children ran, added up, to the token only."""

import http.client
import re
import secrets
import time
from collections.abc import Iterator

import pytest

from tenants.tasks import probe
from tests.fixtures.processes import _point_app_at, free_port, start_worker

pytestmark = pytest.mark.django_db

TOKEN = "worker-metrics-token"  # noqa: S105


def _scrape(port: int, **headers: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/metrics", headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def _wait_for_exporter(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _scrape(port)
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"no worker metrics on port {port}")


@pytest.fixture
def worker_with_metrics(redis_url, monkeypatch, django_db_blocker) -> Iterator[tuple[str, int]]:
    """A prefork worker (2 children) on a queue of its own, serving its metrics on a port;
    (queue, port). The child inherits this environment (child_env)."""
    from config.celery import app

    port, queue = free_port(), f"test-{secrets.token_hex(6)}"
    monkeypatch.setenv("METRICS_WORKER_PORT", str(port))
    monkeypatch.setenv("METRICS_TOKEN", TOKEN)
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    worker = start_worker(redis_url, queue=queue, concurrency=2, pool="prefork")
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    urls = app.conf.broker_url, app.conf.result_backend
    _point_app_at(app, broker_url=redis_url, result_backend=redis_url)
    try:
        _wait_for_exporter(port)
        yield queue, port
    finally:
        app.conf.task_always_eager = eager
        _point_app_at(app, broker_url=urls[0], result_backend=urls[1])
        worker.kill()


def test_a_worker_serves_the_durations_of_its_childrens_tasks(store_a, worker_with_metrics):
    queue, port = worker_with_metrics
    results = [probe.apply_async((store_a.pk,), queue=queue).get(timeout=60) for _ in range(4)]

    refused, _ = _scrape(port)
    status, body = _scrape(port, Authorization=f"Bearer {TOKEN}")

    assert [r["tenant"] for r in results] == [store_a.slug] * 4
    assert (refused, status) == (401, 200)
    count = re.search(
        r'^storefleet_celery_task_duration_seconds_count\{state="SUCCESS",task="tenants.probe"\}'
        r" (\S+)$",
        body,
        re.MULTILINE,
    )
    assert count is not None and float(count.group(1)) == 4.0
