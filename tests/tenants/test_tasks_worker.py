"""In a real Celery worker process, a store's task runs in its own schema and database."""

import pytest
from django.db import connections

from tenants.tasks import probe

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_worker_runs_each_task_in_the_schema_and_database_it_was_given(
    store_a, store_far, celery_worker
):
    results = {
        tenant.slug: probe.apply_async((tenant.pk,), queue=celery_worker.queue).get(timeout=60)
        for tenant in (store_far, store_a, store_far)
    }

    assert results["alpha"]["schema"] == store_a.schema_name
    assert results["alpha"]["database"] == connections["default"].settings_dict["NAME"]
    assert results["faraway"]["schema"] == store_far.schema_name
    assert results["faraway"]["database"] == connections["second"].settings_dict["NAME"]
    # The worker imported the standard library's platform module, not our folder.
    assert {r["python_platform"] for r in results.values()} == {"Linux"}
