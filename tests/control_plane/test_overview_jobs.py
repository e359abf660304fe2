"""The overview lists failed and stalled provisioning jobs, each linking to its job page; the
count of each links to the jobs list filtered the same way, which shows the same number."""

import datetime as dt

import pytest
from django.utils import timezone

from control_plane.dashboard.permissions import Role
from control_plane.provisioning.models import ProvisioningJob
from control_plane.signup.services import signup_founder
from tests.control_plane.conftest import signup_data
from tests.control_plane.overview_pages import (
    OVERVIEW,
    get_page,
    linked_figures,
    list_count,
    listed_rows,
    section,
)

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def stalled_job(slug: str, *, idle_seconds: int) -> ProvisioningJob:
    """A signup whose chain never ran (no step moved), made `idle_seconds` ago."""
    job = signup_founder(**signup_data(slug))
    ProvisioningJob.objects.filter(pk=job.pk).update(
        created=timezone.now() - dt.timedelta(seconds=idle_seconds)
    )
    return job


def test_failed_and_stalled_jobs_are_listed_with_links(failed_job, settings, staff_client):
    settings.PROVISIONING_STALL_SECONDS = 300
    stuck = stalled_job("stuck-shop", idle_seconds=900)
    stalled_job("just-started", idle_seconds=30)  # not stalled yet
    viewer = staff_client(Role.VIEWER)

    html = get_page(viewer, OVERVIEW)

    failed, stalled = section(html, "failed-jobs"), section(html, "stalled-jobs")
    assert failed_job.status == ProvisioningJob.Status.FAILED
    assert linked_figures(failed) == [("/dashboard/jobs/?status=failed", 1)]
    assert (
        f'<a href="/dashboard/tenants/unlucky/jobs/{failed_job.pk}/">Job {failed_job.pk}</a>'
        in failed
    )
    assert linked_figures(stalled) == [("/dashboard/jobs/?status=stalled", 1)]
    assert f'<a href="/dashboard/tenants/stuck-shop/jobs/{stuck.pk}/">Job {stuck.pk}</a>' in stalled
    assert "just-started" not in stalled
    assert viewer.get(f"/dashboard/tenants/stuck-shop/jobs/{stuck.pk}/").status_code == 200


def test_each_job_count_leads_to_a_list_of_as_many_jobs(failed_job, staff_client):
    stuck = stalled_job("stuck-shop", idle_seconds=3600)
    viewer = staff_client(Role.VIEWER)

    html = get_page(viewer, OVERVIEW)

    figures = linked_figures(section(html, "failed-jobs")) + linked_figures(
        section(html, "stalled-jobs")
    )
    for link, count in figures:
        assert list_count(viewer, link) == count, link
    assert listed_rows(viewer, "/dashboard/jobs/?status=failed", "data-job") == [str(failed_job.pk)]
    assert listed_rows(viewer, "/dashboard/jobs/?status=stalled", "data-job") == [str(stuck.pk)]
    assert list_count(viewer, "/dashboard/jobs/") == ProvisioningJob.objects.count()
