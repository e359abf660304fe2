"""A logging filter that stamps every record with the active store's schema."""

import logging


class TenantFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "tenant"):
            # django.request's lines name the request: its store, even when they are logged
            # after the tenant middleware has left the store's context.
            tenant = getattr(getattr(record, "request", None), "tenant", None)
            if tenant is not None:
                record.tenant = tenant.schema_name
                return True
            # Imported here: logging is configured before the app registry is ready.
            from tenants.context import current

            record.tenant = current().schema_name
        return True
