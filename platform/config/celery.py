"""The Celery app. Store tasks are declared with tenants.tasks.tenant_task."""

import os

# Request ids into the tasks a request queues, task names into their log lines.
import core.celery_logging  # noqa: F401
import core.celery_metrics  # noqa: F401  (task durations and failures for Prometheus)
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("storefleet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
