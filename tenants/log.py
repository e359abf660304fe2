"""A logging filter that stamps every record with the active store's schema."""

import logging


class TenantFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "tenant"):
            # Imported here: logging is configured before the app registry is ready.
            from tenants.context import current

            record.tenant = current().schema_name
        return True
