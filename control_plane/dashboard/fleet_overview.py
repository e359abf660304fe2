"""Reads for the fleet overview: stores by state and plan, signups and orders per day, failed
and stalled provisioning jobs, the spare pool's level and the stores with the most orders.

Everything but the orders is a handful of public-schema queries. Orders live in each store's
schema, on its placement: they are read with one UNION ALL query per placement (per
SCHEMAS_PER_QUERY stores) and the result is kept FLEET_OVERVIEW_CACHE_SECONDS in the
"platform" cache, so a reload never re-reads the fleet. A store whose schema cannot be read
(missing, half built, broken, its database away) is left out and counted as unreadable: the
overview never fails because of one store.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django_tenants.utils import quote_schema_name
from psycopg import sql
from redis import RedisError

from control_plane.provisioning.models import ProvisioningJob
from control_plane.provisioning.selectors import list_stalled_jobs
from shop.orders.models import Order
from tenants.models import SpareSchema, Tenant
from tenants.pool import spare_fingerprint

logger = logging.getLogger(__name__)

WINDOW_DAYS = 30
TOP_STORES = 10
JOBS_SHOWN = 10
STORES_SHOWN_PER_DAY = 200
UNREADABLE_SHOWN = 20  # named on the page; all of them are counted
# Stores per UNION ALL statement: one statement per placement for any fleet we run today,
# and a bounded statement (planning cost, message size) for a much bigger one.
SCHEMAS_PER_QUERY = 500
# Statements one placement may spend narrowing down broken schemas (halving a failed batch).
RETRY_BUDGET = 16
# Stores that have opened: their schemas hold orders (provisioning and failed ones do not).
ORDER_STATES = (Tenant.State.ACTIVE, Tenant.State.SUSPENDED)
_CACHE_KEY = "dashboard:fleet-orders:v1"

# The schemas whose orders table has the column we group by: a schema being built (no
# table yet, or a bare one) is unreadable without costing the UNION ALL a failure.
_READABLE_SQL = """
SELECT n.nspname
FROM pg_namespace n
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = %(table)s AND c.relkind IN ('r', 'p')
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = %(column)s AND NOT a.attisdropped
WHERE n.nspname = ANY(%(schemas)s)
"""


@dataclass(frozen=True)
class OrderFigures:
    """Orders across the fleet, as read at `read_at` (cached as a whole)."""

    per_day: dict[date, int]  # the window's days, oldest first, 0 for a day without orders
    per_store: dict[int, int]  # tenant id -> orders ever, for every readable store
    per_day_and_store: dict[date, dict[int, int]]  # day -> tenant id -> orders (none: absent)
    unreadable: list[int]  # tenant ids
    read_at: datetime


@dataclass(frozen=True)
class PoolLevel:
    placement: str
    catalog: str  # "" for unseeded spares
    usable: int  # spares of the current fingerprint: what the next signup can claim
    stale: int  # spares of an older fingerprint, dropped at the next top-up
    target: int  # TENANT_SPARE_SCHEMAS

    @property
    def short(self) -> bool:
        return self.usable < self.target


@dataclass(frozen=True)
class TopStore:
    tenant: Tenant
    orders: int


@dataclass(frozen=True)
class FleetOverview:
    states: list[tuple[str, str]]  # (value, label) in the model's order
    plans: list[tuple[str, str]]
    stores: dict[tuple[str, str], int]  # (state, plan) -> stores
    signups_per_day: dict[date, int]
    orders: OrderFigures
    failed_jobs: list[ProvisioningJob]
    failed_job_count: int
    stalled_jobs: list[ProvisioningJob]
    stalled_job_count: int
    pool: list[PoolLevel]
    top_stores: list[TopStore]
    unreadable_stores: list[Tenant] = field(default_factory=list)  # the first UNREADABLE_SHOWN

    @property
    def stores_total(self) -> int:
        return sum(self.stores.values())

    @property
    def store_grid(self) -> list[dict]:
        """One row per state: its stores on each plan (in `plans` order) and in all."""
        return [
            {
                "state": state,
                "label": label,
                "cells": [(plan, self.stores.get((state, plan), 0)) for plan, _ in self.plans],
                "total": sum(n for (s, _), n in self.stores.items() if s == state),
            }
            for state, label in self.states
        ]

    @property
    def plan_totals(self) -> list[tuple[str, int]]:
        return [
            (plan, sum(n for (_, p), n in self.stores.items() if p == plan))
            for plan, _ in self.plans
        ]


def get_fleet_overview(*, today: date | None = None) -> FleetOverview:
    today = today or timezone.localdate()
    orders = get_order_figures(today=today)
    stalled = list_stalled_jobs(idle_seconds=settings.PROVISIONING_STALL_SECONDS)
    failed = ProvisioningJob.objects.filter(status=ProvisioningJob.Status.FAILED)
    with_orders = [(pk, n) for pk, n in orders.per_store.items() if n]
    ranked = sorted(with_orders, key=lambda item: (-item[1], item[0]))[:TOP_STORES]
    named = Tenant.objects.in_bulk([pk for pk, _ in ranked] + orders.unreadable[:UNREADABLE_SHOWN])
    shown_stalled = ProvisioningJob.objects.select_related("tenant").filter(
        pk__in=[job.pk for job in stalled[:JOBS_SHOWN]]
    )
    return FleetOverview(
        states=list(Tenant.State.choices),
        plans=list(Tenant.Plan.choices),
        stores=count_stores_by_state_and_plan(),
        signups_per_day=count_signups_per_day(today=today),
        orders=orders,
        failed_jobs=list(failed.select_related("tenant").order_by("-created", "-id")[:JOBS_SHOWN]),
        failed_job_count=failed.count(),
        stalled_jobs=list(shown_stalled.order_by("created", "id")),
        stalled_job_count=len(stalled),
        pool=list_pool_levels(),
        top_stores=[TopStore(named[pk], n) for pk, n in ranked if pk in named],
        unreadable_stores=sorted(
            (named[pk] for pk in orders.unreadable[:UNREADABLE_SHOWN] if pk in named),
            key=lambda tenant: tenant.slug,
        ),
    )


@dataclass(frozen=True)
class OrdersOnDay:
    day: date
    in_window: bool
    total: int  # orders that day in every readable store
    store_count: int  # stores that took any
    stores: list[TopStore]  # most orders first, the first STORES_SHOWN_PER_DAY
    read_at: datetime


def list_orders_on_day(*, day: date, today: date | None = None) -> OrdersOnDay:
    """The stores that took orders on `day` (one of the overview's window) and how many, from
    the same figures as the overview's chart, so a bar and its list agree."""
    today = today or timezone.localdate()
    figures = get_order_figures(today=today)
    counts = figures.per_day_and_store.get(day, {})
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:STORES_SHOWN_PER_DAY]
    named = Tenant.objects.in_bulk([pk for pk, _ in ranked])
    return OrdersOnDay(
        day=day,
        in_window=day in figures.per_day,
        total=sum(counts.values()),
        store_count=len(counts),
        stores=[TopStore(named[pk], n) for pk, n in ranked if pk in named],
        read_at=figures.read_at,
    )


def count_stores_by_state_and_plan() -> dict[tuple[str, str], int]:
    rows = Tenant.objects.order_by().values_list("state", "plan").annotate(n=Count("id"))
    return {(state, plan): n for state, plan, n in rows}


def window_days(today: date) -> list[date]:
    return [today - timedelta(days=back) for back in range(WINDOW_DAYS - 1, -1, -1)]


def _window_start(today: date) -> datetime:
    """Midnight of the window's first day in the current time zone (TIME_ZONE)."""
    return timezone.make_aware(datetime.combine(window_days(today)[0], time.min))


def count_signups_per_day(*, today: date) -> dict[date, int]:
    """Stores created per day (any state now), in the current time zone."""
    rows = (
        Tenant.objects.filter(created__gte=_window_start(today))
        .annotate(day=TruncDate("created"))
        .order_by()
        .values_list("day")
        .annotate(n=Count("id"))
    )
    counted = dict(rows)
    return {day: counted.get(day, 0) for day in window_days(today)}


def list_pool_levels() -> list[PoolLevel]:
    """Spares waiting per placement and catalog, against TENANT_SPARE_SCHEMAS; only spares of
    the current fingerprint are usable (a stale one is never claimed)."""
    fingerprint = spare_fingerprint()
    rows = (
        SpareSchema.objects.order_by()
        .values_list("placement", "catalog")
        .annotate(
            usable=Count("id", filter=Q(fingerprint=fingerprint)),
            stale=Count("id", filter=~Q(fingerprint=fingerprint)),
        )
    )
    found = {(placement, catalog): (usable, stale) for placement, catalog, usable, stale in rows}
    kinds = list(settings.TENANT_SPARE_CATALOGS) or [""]
    # Every configured placement and catalog, then anything left over from an older config.
    keys = [(alias, kind) for alias in settings.DATABASES for kind in kinds]
    keys += sorted(key for key in found if key not in keys)
    return [
        PoolLevel(alias, kind, *found.get((alias, kind), (0, 0)), settings.TENANT_SPARE_SCHEMAS)
        for alias, kind in keys
    ]


# --- Orders across the fleet ------------------------------------------------------------


def _cache_key(today: date) -> str:
    return f"{_CACHE_KEY}:{today.isoformat()}"


def forget_order_figures(*, today: date) -> None:
    """Read the fleet afresh on the next overview (its cached figures dropped)."""
    caches["platform"].delete(_cache_key(today))


def get_order_figures(*, today: date) -> OrderFigures:
    """The fleet's order figures, from the "platform" cache when fresh enough."""
    seconds = settings.FLEET_OVERVIEW_CACHE_SECONDS
    if seconds <= 0:
        return read_order_figures(today=today)
    cache, key = caches["platform"], _cache_key(today)
    try:
        figures = cache.get(key)
    except RedisError as exc:  # the overview works without its cache, only slower
        logger.warning("fleet overview cache unreadable: %s", exc)
        return read_order_figures(today=today)
    if figures is None:
        figures = read_order_figures(today=today)
        try:
            cache.set(key, figures, seconds)
        except RedisError as exc:
            logger.warning("fleet overview cache unwritable: %s", exc)
    return figures


def read_order_figures(*, today: date) -> OrderFigures:
    """Orders per day (the window) and per store (ever) of every store that has opened."""
    by_placement: dict[str, dict[str, int]] = defaultdict(dict)
    stores = Tenant.objects.filter(state__in=ORDER_STATES).values_list(
        "pk", "schema_name", "placement"
    )
    for pk, schema, placement in stores.order_by("pk"):
        by_placement[placement][schema] = pk
    since = _window_start(today)
    per_day: Counter[date] = Counter()
    per_store: dict[int, int] = {}
    per_day_and_store: dict[date, dict[int, int]] = defaultdict(dict)
    unreadable: list[int] = []
    for alias, schemas in by_placement.items():
        rows, failed = _read_placement(alias, list(schemas), since)
        for schema, day, is_total, count in rows:
            if is_total:
                per_store[schemas[schema]] = count
            elif day is not None:  # None: orders older than the window
                per_day[day] += count
                per_day_and_store[day][schemas[schema]] = count
        unreadable += [schemas[schema] for schema in failed]
    return OrderFigures(
        per_day={day: per_day[day] for day in window_days(today)},
        per_store=per_store,
        per_day_and_store=dict(per_day_and_store),
        unreadable=sorted(unreadable),
        read_at=timezone.now(),
    )


def _read_placement(
    alias: str, schemas: list[str], since: datetime
) -> tuple[list[tuple], list[str]]:
    """(rows, schemas that could not be read) of one placement."""
    if alias not in connections.databases:  # a placement no longer configured
        return [], schemas
    try:
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute(
                _READABLE_SQL,
                {
                    "schemas": schemas,
                    "table": Order._meta.db_table,
                    "column": Order._meta.get_field("order_date_time").column,
                },
            )
            readable = {name for (name,) in cursor.fetchall()}
    except DatabaseError as exc:  # the whole database is away
        logger.warning("fleet overview: placement %s unreadable: %s", alias, exc)
        return [], schemas
    rows: list[tuple] = []
    failed = [schema for schema in schemas if schema not in readable]
    budget = [RETRY_BUDGET]
    ordered = [schema for schema in schemas if schema in readable]
    for start in range(0, len(ordered), SCHEMAS_PER_QUERY):
        batch_rows, batch_failed = _aggregate(
            alias, ordered[start : start + SCHEMAS_PER_QUERY], since, budget
        )
        rows += batch_rows
        failed += batch_failed
    return rows, failed


def _aggregate(
    alias: str, schemas: list[str], since: datetime, budget: list[int]
) -> tuple[list[tuple], list[str]]:
    """One UNION ALL statement over `schemas`; when it fails (a schema dropped since the
    catalog read, a broken table), each half is tried again until the broken schemas are
    found or the placement's budget of statements is spent (the rest: unreadable)."""
    if not schemas:
        return [], []
    if budget[0] <= 0:
        return [], schemas
    budget[0] -= 1
    try:
        # A savepoint inside a test's or caller's transaction keeps it usable after a failure.
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute(_orders_query(schemas, since))
            return cursor.fetchall(), []
    except DatabaseError as exc:
        if len(schemas) == 1:
            logger.warning("fleet overview: schema %s unreadable: %s", schemas[0], exc)
            return [], schemas
    middle = len(schemas) // 2
    left_rows, left_failed = _aggregate(alias, schemas[:middle], since, budget)
    right_rows, right_failed = _aggregate(alias, schemas[middle:], since, budget)
    return left_rows + right_rows, left_failed + right_failed


def _orders_query(schemas: list[str], since: datetime) -> sql.Composed:
    """Per schema, one scan: (schema, day, false, orders) for each day of the window (day
    NULL: older orders) and (schema, NULL, true, all its orders), by ROLLUP."""
    table = sql.Identifier(Order._meta.db_table)
    column = sql.Identifier(Order._meta.get_field("order_date_time").column)
    zone = sql.Literal(timezone.get_current_timezone_name())
    branch = sql.SQL(
        "SELECT {name}::text, d, GROUPING(d) = 1, count(*) FROM ("
        "SELECT CASE WHEN {column} >= {since} THEN ({column} AT TIME ZONE {zone})::date END"
        " AS d FROM {schema}.{table}) AS o GROUP BY ROLLUP(d)"
    )
    return sql.SQL(" UNION ALL ").join(
        branch.format(
            name=sql.Literal(schema),
            column=column,
            since=sql.Literal(since),
            zone=zone,
            schema=sql.SQL(quote_schema_name(schema)),
            table=table,
        )
        for schema in schemas
    )
