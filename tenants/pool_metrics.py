"""The spare pool's size for Prometheus, counted when /metrics is scraped (METRICS_COLLECTORS):
spares of the current build waiting per database and starter catalog; both labels come from
settings, never from a store."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import cache

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily

from tenants.models import SpareSchema
from tenants.pool import spare_fingerprint

log = logging.getLogger(__name__)

# Hashing the seeder's code once per process: it changes only with a deploy (a new process).
_fingerprint = cache(spare_fingerprint)

NAME = "storefleet_spare_schemas"
HELP = "Spare store schemas of the current build waiting, by database and starter catalog."


class SparePoolCollector:
    def describe(self) -> Iterator[GaugeMetricFamily]:
        # Registering must not query the database.
        yield GaugeMetricFamily(NAME, HELP, labels=["placement", "catalog"])

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(NAME, HELP, labels=["placement", "catalog"])
        # Every configured (database, catalog) shows, at 0 when empty, so "empty" can alert.
        waiting: dict[tuple[str, str], int] = {}
        if settings.TENANT_SPARE_SCHEMAS > 0:
            catalogs = list(settings.TENANT_SPARE_CATALOGS) or [""]
            waiting = {(alias, kind): 0 for alias in settings.DATABASES for kind in catalogs}
        try:
            rows = (
                SpareSchema.objects.filter(fingerprint=_fingerprint())
                .values_list("placement", "catalog")
                .annotate(waiting=Count("pk"))
                .order_by()
            )
            for placement, catalog, count in rows:
                waiting[(placement, catalog)] = count
        except DatabaseError:  # the rest of the scrape still answers
            log.warning("spare pool size not counted: the database did not answer")
            return
        for (placement, catalog), count in sorted(waiting.items()):
            family.add_metric([placement, catalog or "unseeded"], count)
        yield family
