"""Reads of the client-event settings (current store)."""

from __future__ import annotations

from shop.clientevents.models import Configuration


def get_log_client_events() -> bool:
    """Whether the storefront should report events (True until the store says otherwise)."""
    value = (
        Configuration.objects.filter(pk=Configuration.SINGLETON_ID)
        .values_list("log_client_events", flat=True)
        .first()
    )
    return True if value is None else value
