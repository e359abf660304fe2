"""Real Celery worker processes for campaign tests: they send through a real SMTP server
(EMAIL_URL in their environment) from a queue of their own, and can be killed and restarted.
The test process plays Celery beat (`sweep`)."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import redis

from tests.fixtures.processes import Worker, _point_app_at, start_worker


@dataclass
class CampaignWorkers:
    redis_url: str
    queue: str
    env: dict[str, str]
    running: list[Worker] = field(default_factory=list)

    def start(self, concurrency: int = 1) -> Worker:
        saved = {name: os.environ.get(name) for name in self.env}
        os.environ.update(self.env)  # start_worker's child_env reads this process' env
        try:
            worker = start_worker(self.redis_url, queue=self.queue, concurrency=concurrency)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        self.running.append(worker)
        return worker

    def kill(self, worker: Worker) -> None:
        worker.kill()
        self.running.remove(worker)

    def sweep(self, tenant_id: int) -> None:
        """What Celery beat would do: run the store's campaign sweeper on a worker."""
        from shop.campaigns.tasks import sweep_campaigns

        sweep_campaigns.apply_async(args=[tenant_id], queue=self.queue)


@contextmanager
def campaign_workers(
    redis_url: str, *, email_url: str, **settings: str
) -> Iterator[CampaignWorkers]:
    """Workers on a new queue; this process' Celery app sends to Redis and to that queue."""
    from config.celery import app

    queue = f"campaigns-{secrets.token_hex(6)}"
    env = {"EMAIL_URL": email_url, "LOG_LEVEL": "WARNING", **settings}
    workers = CampaignWorkers(redis_url=redis_url, queue=queue, env=env)
    saved = (
        app.conf.task_always_eager,
        app.conf.task_default_queue,
        app.conf.broker_url,
        app.conf.result_backend,
    )
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    _point_app_at(app, broker_url=redis_url, result_backend=redis_url)
    try:
        yield workers
    finally:
        for worker in list(workers.running):
            workers.kill(worker)
        app.conf.task_always_eager, app.conf.task_default_queue = saved[:2]
        _point_app_at(app, broker_url=saved[2], result_backend=saved[3])
        purge_queue(redis_url, queue)


def purge_queue(redis_url: str, queue: str) -> None:
    """Drop the queue and the messages killed workers left unacknowledged for it (kombu keeps
    them in the `unacked` hash, to put back on the queue after the visibility timeout)."""
    client = redis.Redis.from_url(redis_url)
    client.delete(queue)
    for tag, raw in client.hscan_iter("unacked"):
        try:
            routing_key = json.loads(raw)[2]
        except (ValueError, IndexError, TypeError):
            continue
        if routing_key == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
