"""A job nobody runs any more (its worker died, or its chain never reached the broker) is
found and resumed by resume_stalled_jobs (a periodic task and a command); a job a runner
holds is left alone, and a broker that is away never fails the founder's signup."""

import datetime as dt

import psycopg
import pytest
from django.core.management import call_command
from django.utils import timezone

from control_plane.provisioning import services
from control_plane.provisioning.models import ProvisioningJob
from control_plane.signup.services import signup_founder
from tests.control_plane.conftest import signup_data
from tests.fixtures.processes import _point_app_at, database_url

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def unsent_job(slug: str, *, age_seconds: int = 600) -> ProvisioningJob:
    """A signup whose chain was never sent (its on-commit callback never ran), made long ago."""
    job = signup_founder(**signup_data(slug))
    ProvisioningJob.objects.filter(pk=job.pk).update(
        created=timezone.now() - dt.timedelta(seconds=age_seconds)
    )
    return job


def test_a_job_never_sent_is_resumed_and_finishes(django_capture_on_commit_callbacks):
    job = unsent_job("forgotten")

    with django_capture_on_commit_callbacks(execute=True):
        resumed = services.resume_stalled_jobs(idle_seconds=300)

    job.refresh_from_db()
    assert resumed == [job.pk]
    assert job.status == ProvisioningJob.Status.SUCCEEDED
    assert job.tenant.state == "active"


def test_a_recent_job_is_not_stalled():
    unsent_job("just-made", age_seconds=10)

    assert services.resume_stalled_jobs(idle_seconds=300) == []


def test_a_job_a_runner_holds_is_left_alone():
    job = unsent_job("held")

    with psycopg.connect(database_url("default"), autocommit=True) as runner:
        runner.execute("SELECT pg_advisory_lock(%s, %s)", [services._LOCK_NAMESPACE, job.pk])
        resumed = services.resume_stalled_jobs(idle_seconds=300)

    job.refresh_from_db()
    assert resumed == []
    assert job.status == ProvisioningJob.Status.PENDING


def test_the_command_resumes_stalled_jobs(capsys, django_capture_on_commit_callbacks):
    job = unsent_job("via-command")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("resume_provisioning", "--idle-seconds", "60")

    assert capsys.readouterr().out == f"resumed 1 job(s): {job.pk}\n"


def test_a_broker_that_is_away_leaves_the_job_pending_and_the_signup_answered(
    platform_client, django_capture_on_commit_callbacks
):
    from config.celery import app

    eager, urls = app.conf.task_always_eager, (app.conf.broker_url, app.conf.result_backend)
    app.conf.task_always_eager = False
    _point_app_at(app, broker_url="redis://127.0.0.1:1/0", result_backend=None)
    app.conf.broker_transport_options = {"max_retries": 1, "interval_start": 0}
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = platform_client.post(
                "/signup/", signup_data("no-broker"), HTTP_ACCEPT="application/json"
            )
    finally:
        app.conf.task_always_eager = eager
        app.conf.broker_transport_options = {}
        _point_app_at(app, broker_url=urls[0], result_backend=urls[1])

    job = ProvisioningJob.objects.get(tenant__slug="no-broker")
    assert response.status_code == 202
    assert job.status == ProvisioningJob.Status.PENDING


def test_beat_resumes_stalled_jobs_every_minute_next_to_the_other_periodic_tasks(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE

    assert schedule["resume-stalled-provisioning"] == {
        "task": "provisioning.resume_stalled_jobs",
        "schedule": 60.0,
    }
    assert "sweep-campaigns" in schedule
    assert settings.PROVISIONING_STALL_SECONDS == 300
