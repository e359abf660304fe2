"""A task a request queues logs the request's id beside its own name and id and the store:
in a real Celery worker (the id travels as a message header), and eagerly in the request."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connections

from shop.seed import seed_store
from tenants.context import tenant_context
from tenants.models import Tenant
from tests.fixtures.processes import ROOT, _point_app_at, child_env
from tests.fleet.json_logs import json_logging

TASK = "shop.emails.send_templated_email"
LOGGER = "shop.emails.services"
TASK_ID = re.compile(r"[0-9a-f-]{36}")


class WorkerLog:
    """The JSON lines a worker writes to stderr, collected as they come."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[dict] = []
        self.raw: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen) -> None:
        for raw in process.stderr:
            self.raw.append(raw)
            if raw.startswith("{"):
                self.lines.append(json.loads(raw))

    def wait_for(self, found: Callable[[dict], bool], timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if found(line):
                    return line
            time.sleep(0.1)
        raise AssertionError("no such worker line; it wrote:\n" + "".join(self.raw[-40:]))


@contextmanager
def json_worker(redis_url: str) -> Iterator[WorkerLog]:
    """A real worker with LOG_FORMAT=json on a queue of its own, which everything this
    process queues goes to meanwhile."""
    from config.celery import app

    queue = f"test-logs-{secrets.token_hex(6)}"
    env = child_env(
        REDIS_URL=redis_url, CELERY_TASK_ALWAYS_EAGER="0", CELERY_QUEUE=queue,
        LOG_FORMAT="json", LOG_LEVEL="INFO",
    )  # fmt: skip
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "-P", "solo"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    saved = (app.conf.task_always_eager, app.conf.task_default_queue)
    urls = (app.conf.broker_url, app.conf.result_backend)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    _point_app_at(app, broker_url=redis_url, result_backend=redis_url)
    try:
        yield WorkerLog(process)
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = saved
        _point_app_at(app, broker_url=urls[0], result_backend=urls[1])
        process.kill()
        process.wait(timeout=10)


def _chat_store(committed_stores, django_db_blocker) -> Tenant:
    store = committed_stores(f"logs{secrets.token_hex(3)}")
    with django_db_blocker.unblock(), tenant_context(store):
        seed_store(catalog="empty")
    return store


def _post_chat_message(client, request_id: str):
    return client.post(
        "/user/put-chat-message",
        {"name": "Pat", "email_address": "pat@example.com", "message": "Hello"},
        HTTP_X_REQUEST_ID=request_id,
    )


def test_a_worker_task_logs_the_request_id_of_the_request_that_queued_it(
    committed_stores, django_db_blocker, client_for, redis_url
):
    store = _chat_store(committed_stores, django_db_blocker)
    request_id = f"worker-{secrets.token_hex(4)}"

    with json_worker(redis_url) as worker:
        with django_db_blocker.unblock():
            response = _post_chat_message(client_for(store), request_id)
            connections.close_all()
        line = worker.wait_for(
            lambda line: line["request_id"] == request_id and line["logger"] == LOGGER
        )
        done = worker.wait_for(lambda line: line["logger"] == "celery.app.trace")

    assert response.status_code == 200, response.content
    assert line["message"].startswith("email ")
    assert line["task_name"] == TASK
    assert TASK_ID.fullmatch(line["task_id"])
    assert line["store"] == store.schema_name
    # Celery's own "succeeded" line names the task too, and never its arguments.
    assert (done["task_id"], done["request_id"]) == (line["task_id"], request_id)
    assert "data" not in done and "pat@example.com" not in json.dumps(done)


def test_an_eager_task_logs_the_request_id_of_the_request_it_runs_in(
    committed_stores, django_db_blocker, client_for, settings
):
    settings.REQUEST_LOG = True
    store = _chat_store(committed_stores, django_db_blocker)

    with django_db_blocker.unblock(), json_logging() as read:
        response = _post_chat_message(client_for(store), "eager-1")
        connections.close_all()

    assert response.status_code == 200, response.content
    lines = read()
    [task_line] = [line for line in lines if line["logger"] == LOGGER]
    [access_line] = [line for line in lines if line["logger"] == "storefleet.requests"]
    assert task_line["request_id"] == access_line["request_id"] == "eager-1"
    assert task_line["task_name"] == TASK
    assert TASK_ID.fullmatch(task_line["task_id"])
    assert task_line["store"] == access_line["store"] == store.schema_name
    # The request's own line is not a task's.
    assert "task_id" not in access_line
