"""Prometheus metrics (core.metrics): who may read `/metrics` on the platform host."""

import ipaddress

from django.core.exceptions import ImproperlyConfigured

from config import env

# A caller presenting `Authorization: Bearer <METRICS_TOKEN>` may read /metrics; empty: no
# token is accepted.
METRICS_TOKEN = env.get_str("METRICS_TOKEN")


def get_metrics_allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """METRICS_ALLOWED_ADDRESSES: addresses or networks (CIDR), comma-separated, whose client
    address (core.client_address) may read /metrics without the token."""
    networks = []
    for entry in env.get_list("METRICS_ALLOWED_ADDRESSES", []):
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(f"METRICS_ALLOWED_ADDRESSES: {error}") from None
    return networks


METRICS_ALLOWED_NETWORKS = get_metrics_allowed_networks()

# Figures computed at scrape time by the apps (core imports none of them).
METRICS_COLLECTORS = ["tenants.pool_metrics.SparePoolCollector"]

# A Celery worker serves its own /metrics on this port (core.metrics_exporter; 0: none), to
# the same token or addresses: its tasks' figures, where it shares no directory with the web.
METRICS_WORKER_PORT = env.get_int("METRICS_WORKER_PORT", 0)
