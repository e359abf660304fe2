"""Log lines carry the tenant (tenants.log.TenantFilter) so every line names its store, and
the request id and Celery task (core.log_context.LogContextFilter).

LOG_FORMAT=text (the default, `scripts/run`): one plain line per record. LOG_FORMAT=json
(docker-compose, the Pulumi task definitions): one JSON object per line (python-json-logger)
with time, level, logger, store, request_id and message, plus task_name/task_id inside a
task and the access log's fields. REQUEST_LOG: one `storefleet.requests` line per request
(core.middleware.request_id), on by default in JSON mode only, so a newcomer's console
stays quiet.
"""

from pythonjsonlogger.core import RESERVED_ATTRS

from config import env

LOG_LEVEL = env.get_str("LOG_LEVEL", "INFO")
LOG_FORMAT = env.get_choice("LOG_FORMAT", ("text", "json"), "text")
REQUEST_LOG = env.get_bool("REQUEST_LOG", default=LOG_FORMAT == "json")

_FORMATTERS = {
    "text": {"format": "%(asctime)s %(levelname)s [%(tenant)s] %(name)s: %(message)s"},
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": ["levelname", "name", "tenant", "request_id", "message"],
        "rename_fields": {"levelname": "level", "name": "logger", "tenant": "store"},
        "timestamp": "time",  # ISO 8601, UTC
        # Left out: Celery's task lines carry the task's arguments in `data` (addresses,
        # chat messages), which stay out of the logs; django.request's `request` object.
        "reserved_attrs": [*RESERVED_ATTRS, "data", "request"],
    },
}


def build_logging(log_format: str, level: str) -> dict:
    """The LOGGING dict for `log_format` (text or json)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "tenant": {"()": "tenants.log.TenantFilter"},
            "context": {"()": "core.log_context.LogContextFilter"},
        },
        "formatters": {log_format: _FORMATTERS[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["tenant", "context"],
                "formatter": log_format,
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
        },
    }


LOGGING = build_logging(LOG_FORMAT, LOG_LEVEL)
