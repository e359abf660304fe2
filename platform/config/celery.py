"""The Celery app. Store tasks are declared with tenants.tasks.tenant_task."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("storefleet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
