"""Every Prometheus metric of the platform, defined once, and the scrape of `/metrics`.

    from core import metrics
    metrics.ORDERS.labels(currency="USD").inc()

With PROMETHEUS_MULTIPROC_DIR set (gunicorn.conf.py and scripts/run set it), each process
writes its values to files in that directory and a scrape adds up every process's files, so
the figures of all gunicorn workers (and, on one host, the Celery workers) add up. Without it
the values live in the process (tests, `manage.py shell`).

No label takes an unbounded value: routes are URL pattern names, tasks and steps are
registered names, currencies are ISO codes, outcomes are fixed words. Never a slug, a path or
an id: each label value is a time series kept for ever.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.utils.module_loading import import_string
from prometheus_client import REGISTRY, Counter, Histogram, disable_created_metrics
from prometheus_client.exposition import generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector

# The `_created` series double every counter and add nothing our alerts read.
disable_created_metrics()

PREFIX = "storefleet_"

REQUESTS = Counter(
    "storefleet_http_requests",
    "HTTP requests answered, by route name and status.",
    ["route", "status"],
)
REQUEST_SECONDS = Histogram(
    "storefleet_http_request_duration_seconds",
    "Time from the first middleware to the response, by route name.",
    ["route"],
)

CELERY_TASK_SECONDS = Histogram(
    "storefleet_celery_task_duration_seconds",
    "Celery task run time, by task name and final state.",
    ["task", "state"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
CELERY_TASK_FAILURES = Counter(
    "storefleet_celery_task_failures",
    "Celery task runs that raised, by task name.",
    ["task"],
)

PROVISIONING_STEP_SECONDS = Histogram(
    "storefleet_provisioning_step_duration_seconds",
    "One attempt of one provisioning step, by step name and outcome (succeeded, failed).",
    ["step", "outcome"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)

WEBHOOK_EVENTS = Counter(
    "storefleet_webhook_events",
    "Stripe webhook deliveries, by event type (handled types, else 'other') and outcome.",
    ["event_type", "outcome"],
)

CAMPAIGN_DELIVERIES = Counter(
    "storefleet_campaign_deliveries",
    "Campaign deliveries attempted, by outcome; rate(...{outcome='sent'}) is the send rate.",
    ["outcome"],
)

ROUTING_LOOKUPS = Counter(
    "storefleet_routing_lookups",
    "Host -> store lookups: memo_hit (process memo), cache_hit (Redis), miss (database).",
    ["result"],
)
# Bound once: the routing lookup runs on every store request.
ROUTING_MEMO_HIT = ROUTING_LOOKUPS.labels(result="memo_hit")
ROUTING_CACHE_HIT = ROUTING_LOOKUPS.labels(result="cache_hit")
ROUTING_MISS = ROUTING_LOOKUPS.labels(result="miss")

ORDERS = Counter(
    "storefleet_orders",
    "Orders created, by currency.",
    ["currency"],
)
ORDER_REVENUE = Counter(
    "storefleet_order_revenue",
    "Amount charged for created orders, in the currency's major unit, by currency.",
    ["currency"],
)

# The log markers CloudWatch alarms on (pulumi/infra_components/alarms.py), counted where
# they are logged, so Prometheus alerts on the same events without a log pipeline.
LOG_MARKERS = Counter(
    "storefleet_log_markers",
    "Alarm-worthy log markers written, by marker.",
    ["marker"],
)
ORDER_EMAIL_FAILURE = LOG_MARKERS.labels(marker="ORDER_EMAIL_FAILURE")
ORDER_AMOUNT_MISMATCH = LOG_MARKERS.labels(marker="ORDER_AMOUNT_MISMATCH")


def currency_label(currency: str) -> str:
    """An ISO 4217 code in upper case (as orders store it), 'other' for anything else."""
    code = (currency or "").upper()
    return code if len(code) == 3 and code.isascii() and code.isalpha() else "other"


def record_order(*, currency: str, amount) -> None:
    label = currency_label(currency)
    ORDERS.labels(currency=label).inc()
    ORDER_REVENUE.labels(currency=label).inc(float(amount or 0))


def is_multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def extra_collectors() -> list:
    """METRICS_COLLECTORS: figures computed at scrape time by the apps (core imports none)."""
    return [import_string(path)() for path in getattr(settings, "METRICS_COLLECTORS", ())]


class _Sources:
    """What generate_latest needs (`collect()`) over several collectors, built per scrape."""

    def __init__(self, sources: Iterable) -> None:
        self.sources = list(sources)

    def collect(self) -> Iterator[Metric]:
        for source in self.sources:
            yield from source.collect()


def render_latest(*, collectors: bool = True) -> bytes:
    """The text exposition of every process's metrics (multiprocess mode) or this one's, and
    with `collectors` the scrape-time figures (the web's; a worker's exporter leaves them)."""
    own = MultiProcessCollector(None) if is_multiprocess() else REGISTRY
    return generate_latest(_Sources([own, *(extra_collectors() if collectors else [])]))
