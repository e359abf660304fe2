"""A job that cannot finish fails its step, itself and its store: the store's hosts answer
404, nothing half-made is reachable, and an operator can re-run the failed step."""

import pytest
from django.conf import settings

from control_plane.audit import OperatorAuditLog
from control_plane.dashboard.permissions import Role
from control_plane.provisioning.models import ProvisioningJob
from tenants.models import Domain, Tenant
from tests.control_plane.conftest import TAKEN
from tests.control_plane.helpers import step_states

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_step_that_cannot_succeed_fails_the_job_and_the_store(failed_job):
    assert failed_job.status == ProvisioningJob.Status.FAILED
    assert failed_job.current_step == "infrastructure"
    states = step_states(failed_job)
    assert states["primary_domain"] == ("succeeded", 1)
    assert states["infrastructure"] == ("failed", 1)
    assert states["activate"] == ("pending", 0)
    step = failed_job.steps.get(name="infrastructure")
    assert step.error == f"StepError: {TAKEN} already serves another store"
    assert Tenant.objects.get(slug="unlucky").state == Tenant.State.FAILED


def test_a_failed_store_is_not_reachable_on_any_of_its_hosts(failed_job, client_for):
    host = f"unlucky.{settings.PLATFORM_DOMAIN}"
    assert Domain.objects.filter(domain=host).exists()  # made, yet unreachable

    for path in ("/", "/order/products", "/admin/"):
        response = client_for(host).get(path)
        assert response.status_code == 404, path
        assert b"No store here" in response.content


def test_the_founder_sees_the_failure_without_its_details(failed_job, platform_client):
    status = platform_client.get(f"/signup/jobs/{failed_job.token}/status").json()
    page = platform_client.get(f"/signup/jobs/{failed_job.token}/").content.decode()

    assert (status["status"], status["live"], status["links"]) == ("failed", False, None)
    assert "Something went wrong while setting up your store." in page
    assert TAKEN not in page and TAKEN not in str(status)


def test_an_operator_re_runs_the_failed_step_once_the_cause_is_gone(
    failed_job, store_a, staff_client, client_for, django_capture_on_commit_callbacks
):
    operator = staff_client(Role.OPERATOR)
    Domain.objects.filter(domain=TAKEN).delete()  # the operator frees the domain

    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(
            f"/dashboard/tenants/unlucky/jobs/{failed_job.pk}/steps/infrastructure/rerun"
        )

    assert response.status_code == 302
    failed_job.refresh_from_db()
    assert failed_job.status == ProvisioningJob.Status.SUCCEEDED
    assert step_states(failed_job)["infrastructure"] == ("succeeded", 2)
    assert step_states(failed_job)["schema"] == ("succeeded", 1)
    assert client_for(TAKEN).get("/order/products").status_code == 200
    audit = OperatorAuditLog.objects.get(tenant__slug="unlucky")
    assert (audit.action, audit.actor, audit.detail) == (
        "rerun_step",
        operator.user,
        {"job": failed_job.pk, "step": "infrastructure"},
    )


def test_only_a_failed_step_can_be_re_run(signed_up, staff_client):
    job = signed_up("all-good")

    response = staff_client(Role.OPERATOR).post(
        f"/dashboard/tenants/all-good/jobs/{job.pk}/steps/seed/rerun"
    )

    assert response.status_code == 400
    assert "the job has already succeeded" in response.content.decode()
    assert not OperatorAuditLog.objects.exists()
