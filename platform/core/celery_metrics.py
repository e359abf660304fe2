"""Celery task durations and failures for Prometheus (core.metrics), from Celery's signals;
imported by config/celery.py. Task names are the registered ones: a bounded label."""

from __future__ import annotations

import time

from celery.signals import task_failure, task_postrun, task_prerun

from core.metrics import CELERY_TASK_FAILURES, CELERY_TASK_SECONDS

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
