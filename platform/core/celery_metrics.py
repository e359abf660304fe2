"""Celery task durations and failures for Prometheus (core.metrics), from Celery's signals;
imported by config/celery.py. Task names are the registered ones: a bounded label.

With METRICS_WORKER_PORT set, a worker serves its own /metrics (core.metrics_exporter); its
prefork children then need a multiprocess directory to add up in, made here when none is
given: before anything imports prometheus_client, which reads the variable once.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

if os.environ.get("METRICS_WORKER_PORT", "0") not in ("", "0") and "prometheus_client" not in (
    sys.modules
):
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.mkdtemp(prefix="sf-metrics-")
    os.makedirs(path, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path

from celery.signals import task_failure, task_postrun, task_prerun, worker_ready  # noqa: E402

from core.metrics import CELERY_TASK_FAILURES, CELERY_TASK_SECONDS  # noqa: E402

# Start times by task id, in the process running the task (prerun and postrun run there).
_started: dict[str, float] = {}


@task_prerun.connect(weak=False)
def _task_started(task_id: str | None = None, **_: object) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()


@task_postrun.connect(weak=False)
def _task_finished(
    task_id: str | None = None, task=None, state: str | None = None, **_: object
) -> None:
    started = _started.pop(task_id, None) if task_id else None
    if started is None or task is None:
        return
    CELERY_TASK_SECONDS.labels(task.name, state or "UNKNOWN").observe(time.perf_counter() - started)


@task_failure.connect(weak=False)
def _task_failed(sender=None, **_: object) -> None:
    CELERY_TASK_FAILURES.labels(getattr(sender, "name", "unknown")).inc()


@worker_ready.connect(weak=False)
def _serve_worker_metrics(**_: object) -> None:
    from django.conf import settings

    from core.metrics_exporter import start_exporter

    if settings.METRICS_WORKER_PORT:
        start_exporter(settings.METRICS_WORKER_PORT)
