"""A real worker process killed (SIGKILL) in the middle of a step: the job is resumed on
another worker, runs the interrupted step again and none of the steps before it.

The step is held mid-way by a lock: this test takes an ACCESS EXCLUSIVE lock on the local
secret store's table, so the worker blocks inside the stripe_keys step, where it is killed."""

import psycopg
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, connections
from django.test import Client

from control_plane.provisioning import services
from control_plane.provisioning.models import ProvisioningJob
from control_plane.provisioning.steps import STEPS
from tests.control_plane.conftest import FOUNDER_PASSWORD
from tests.control_plane.helpers import remove_store, step_states, wait_for
from tests.fixtures.processes import database_url, start_worker

SLUG = "killed-mid-step"


def _lock_free(job_id: int) -> bool:
    """Whether PostgreSQL has let go of the dead worker's hold on the job."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [services._LOCK_NAMESPACE, job_id])
        (free,) = cursor.fetchone()
        if free:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [services._LOCK_NAMESPACE, job_id])
    return free


def test_a_job_whose_worker_is_killed_mid_step_resumes_on_another_worker(
    worker_queue, celery_worker, redis_url, django_db_blocker
):
    second_worker = holder = None
    with django_db_blocker.unblock():
        try:
            job = services.provision_store(
                name="Killed Mid Step",
                slug=SLUG,
                founder_email=f"founder@{SLUG}.example",
                founder_password_hash=make_password(FOUNDER_PASSWORD),
            )
            holder = psycopg.connect(database_url("default"))
            holder.execute("LOCK TABLE core_encryptedsecret IN ACCESS EXCLUSIVE MODE")
            # The job was sent at commit; the worker gets as far as the locked table.
            wait_for(lambda: step_states(job)["stripe_keys"] == ("running", 1))

            celery_worker.kill()
            holder.rollback()
            wait_for(lambda: _lock_free(job.pk))
            assert step_states(job)["stripe_keys"] == ("running", 1)

            second_worker = start_worker(redis_url, queue=worker_queue)
            services.resume_job(job=job)
            wait_for(lambda: ProvisioningJob.objects.get(pk=job.pk).status == "succeeded")

            assert step_states(job) == {
                name: ("succeeded", 2 if name == "stripe_keys" else 1) for name in STEPS
            }
            host = f"{SLUG}.{settings.PLATFORM_DOMAIN}"
            products = Client(HTTP_HOST=host).get("/order/products").json()["products_data"]
            assert len(products) == 3
        finally:
            if holder is not None:
                holder.close()
            if second_worker is not None:
                second_worker.kill()
            remove_store(SLUG)
            connections.close_all()
