"""An operator's page of one provisioning job: every step with its attempts, their log lines
and errors, and (operators only) the failed step's re-run, which leads back to the page."""

import pytest

from control_plane.dashboard.permissions import Role
from control_plane.dashboard.selectors import Attempt, split_attempts
from tenants.models import Domain
from tests.control_plane.conftest import TAKEN

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_the_job_page_shows_each_steps_attempts_log_lines_and_error(failed_job, staff_client):
    html = staff_client(Role.VIEWER).get(f"/dashboard/tenants/unlucky/jobs/{failed_job.pk}/")

    page = html.content.decode()
    assert html.status_code == 200
    assert page.count("<h1") == 1
    assert f"<h1>Job {failed_job.pk}: New store</h1>" in page
    assert page.count('<tr data-step="') == 7
    infrastructure = page[page.index('id="step-infrastructure"') :]
    infrastructure = infrastructure[: infrastructure.index("</section>")]
    error = f"StepError: {TAKEN} already serves another store"
    assert f"Last error: {error}" in infrastructure
    assert "Attempt 1, started " in infrastructure and ": failed</summary>" in infrastructure
    assert f"failed: {error}" in infrastructure  # the attempt's own log line
    assert "/rerun" not in page  # a viewer changes nothing


def test_an_operator_re_runs_the_failed_step_from_the_job_page_and_comes_back_to_it(
    failed_job, staff_client, django_capture_on_commit_callbacks
):
    operator = staff_client(Role.OPERATOR)
    page_url = f"/dashboard/tenants/unlucky/jobs/{failed_job.pk}/"
    rerun = f"{page_url}steps/infrastructure/rerun"
    assert f'action="{rerun}"' in operator.get(page_url).content.decode()
    Domain.objects.filter(domain=TAKEN).delete()  # the conflict is resolved

    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(rerun)

    assert (response.status_code, response["Location"]) == (302, page_url)
    page = operator.get(page_url).content.decode()
    assert "Re-running infrastructure of job" in page
    infrastructure = page[page.index('id="step-infrastructure"') :]
    assert "2 attempts" in infrastructure
    assert "Attempt 2, started " in infrastructure


def test_a_job_of_another_store_or_no_job_is_a_404(failed_job, store_a, staff_client):
    viewer = staff_client(Role.VIEWER)

    assert viewer.get(f"/dashboard/tenants/{store_a.slug}/jobs/{failed_job.pk}/").status_code == 404
    assert viewer.get("/dashboard/tenants/unlucky/jobs/999999/").status_code == 404
    assert viewer.get("/dashboard/tenants/nobody/jobs/1/").status_code == 404


def test_a_steps_log_is_cut_into_its_attempts():
    log = (
        "10:00:00.000 attempt 1\n"
        "10:00:00.100 calling the provisioner\n"
        "10:00:01.000 failed: StackBusy: another update is running\n"
        "10:00:05.000 attempt 2\n"
        "10:00:05.200 added domain shop.example\n"
    )

    assert split_attempts(log) == [
        Attempt(
            1,
            "10:00:00.000",
            [
                "10:00:00.100 calling the provisioner",
                "10:00:01.000 failed: StackBusy: another update is running",
            ],
            "StackBusy: another update is running",
        ),
        Attempt(2, "10:00:05.000", ["10:00:05.200 added domain shop.example"], ""),
    ]
    assert split_attempts("") == []
