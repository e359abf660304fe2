"""Gunicorn's settings, read from the working directory (the Dockerfile's /app, a checkout):
Prometheus in multiprocess mode, so that every worker's figures add up in /metrics.

Each worker writes its metrics to files in PROMETHEUS_MULTIPROC_DIR (core.metrics). Unset,
a fresh directory is made here; set, its metric files (*.db) are removed: files left by an
earlier run would be added to this one's. Give each gunicorn a directory of its own. The
variable is set before anything imports prometheus_client, which reads it once, at import.
"""

import os
import shutil
import tempfile

_MADE_HERE = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")


def _metrics_dir() -> str:
    if _MADE_HERE:
        return tempfile.mkdtemp(prefix="storefleet-metrics-")
    path = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.makedirs(path, exist_ok=True)
    for entry in os.scandir(path):  # only prometheus_client's files, whatever the path is
        if entry.is_file() and entry.name.endswith(".db"):
            os.remove(entry.path)
    return path


os.environ["PROMETHEUS_MULTIPROC_DIR"] = _metrics_dir()


def child_exit(server, worker) -> None:
    # A dead worker's live gauges leave the sum; its counters stay (they happened).
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server) -> None:
    if _MADE_HERE:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
