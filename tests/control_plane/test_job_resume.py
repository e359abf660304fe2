"""A job whose worker dies in the middle of any step resumes at that step: what succeeded is
not run again, the interrupted step runs once more (idempotently), and the store ends up
exactly like one that was never interrupted. Until then it is not reachable."""

import pytest
from django.conf import settings

from control_plane.dashboard.permissions import Role
from control_plane.provisioning import steps
from control_plane.provisioning.models import ProvisioningJob
from control_plane.provisioning.services import resume_job
from control_plane.signup.services import signup_founder
from tenants.models import Tenant
from tests.control_plane.conftest import signup_data
from tests.control_plane.helpers import remove_store, step_states, store_snapshot

pytestmark = pytest.mark.django_db(databases=["default", "second"])

STEP_NAMES = list(steps.STEPS)
# What the store's host answers while the job is stopped after each step's work: no host
# yet (404), "being set up" (503), or live (the activation itself had committed).
WHILE_STOPPED = {
    "schema": 404,
    "seed": 404,
    "admin_account": 404,
    "stripe_keys": 404,
    "primary_domain": 503,
    "infrastructure": 503,
    "activate": 200,
}


class WorkerKilled(BaseException):
    """The process died here: no `except Exception` sees it, nothing records it."""


def kill_after_work_once(monkeypatch, step_name: str) -> list[str]:
    """Make `step_name` do its work, then die, on its first run only."""
    original = steps.STEPS[step_name]
    runs: list[str] = []

    def run(job, log):
        original.run(job, log)
        runs.append(step_name)
        if len(runs) == 1:
            raise WorkerKilled(step_name)

    monkeypatch.setitem(steps.STEPS, step_name, steps.Step(original.name, original.label, run))
    return runs


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker) -> dict:
    """A store whose job ran without interruption (committed, snapshotted, removed)."""
    with django_db_blocker.unblock():
        try:
            job = signup_founder(**signup_data("clean-run"))
            return store_snapshot(job.tenant)
        finally:
            remove_store("clean-run")


@pytest.mark.parametrize("step_name", STEP_NAMES)
def test_a_job_killed_in_a_step_resumes_there_and_ends_like_an_uninterrupted_one(
    step_name, reference, monkeypatch, signed_up, client_for, django_capture_on_commit_callbacks
):
    runs = kill_after_work_once(monkeypatch, step_name)

    slug = "crash-" + step_name.replace("_", "-")  # hosts stay cached across tests
    with pytest.raises(WorkerKilled):
        signed_up(slug)

    job = ProvisioningJob.objects.get(tenant__slug=slug)
    position = STEP_NAMES.index(step_name)
    assert step_states(job) == {
        name: ("succeeded", 1)
        if i < position
        else ("running", 1)
        if i == position
        else ("pending", 0)
        for i, name in enumerate(STEP_NAMES)
    }
    host = f"{slug}.{settings.PLATFORM_DOMAIN}"
    assert client_for(host).get("/order/products").status_code == WHILE_STOPPED[step_name]

    with django_capture_on_commit_callbacks(execute=True):
        resume_job(job=job)

    job.refresh_from_db()
    assert job.status == ProvisioningJob.Status.SUCCEEDED
    assert step_states(job) == {
        name: ("succeeded", 2 if name == step_name else 1) for name in STEP_NAMES
    }
    assert runs == [step_name, step_name]
    assert store_snapshot(job.tenant) == reference
    products = client_for(host).get("/order/products").json()["products_data"]
    assert sorted(p["title"] for p in products.values()) == [
        "Binder Clips",
        "Paper Clips",
        "Rubber Bands",
    ]


def test_a_resumed_job_logs_each_attempt_of_the_interrupted_step(
    monkeypatch, signed_up, django_capture_on_commit_callbacks
):
    kill_after_work_once(monkeypatch, "seed")
    with pytest.raises(WorkerKilled):
        signed_up("logged")
    job = ProvisioningJob.objects.get(tenant__slug="logged")

    with django_capture_on_commit_callbacks(execute=True):
        resume_job(job=job)

    seed = job.steps.get(name="seed")
    lines = [line.split(" ", 1)[1] for line in seed.log.splitlines()]
    # The killed attempt left its opening line (written when it was claimed) and nothing
    # more; the second one found the seed the first had committed (its mark on the schema).
    assert lines == [
        "attempt 1",
        "attempt 2",
        "starter catalog 'office-supplies' already seeded: nothing to do",
    ]
    assert Tenant.objects.get(slug="logged").state == Tenant.State.ACTIVE


def test_the_job_page_shows_the_killed_attempt_as_one_that_ended_silently(
    monkeypatch, signed_up, django_capture_on_commit_callbacks, staff_client
):
    kill_after_work_once(monkeypatch, "seed")
    with pytest.raises(WorkerKilled):
        signed_up("silent")
    job = ProvisioningJob.objects.get(tenant__slug="silent")
    with django_capture_on_commit_callbacks(execute=True):
        resume_job(job=job)

    page = staff_client(Role.VIEWER).get(f"/dashboard/tenants/silent/jobs/{job.pk}/")

    seed = page.content.decode()
    seed = seed[seed.index('id="step-seed"') : seed.index('id="step-admin_account"')]
    assert seed.count("<summary>Attempt ") == 2
    first = seed[seed.index("<summary>Attempt 1") : seed.index("<summary>Attempt 2")]
    assert "No outcome recorded: the worker stopped during this attempt." in first
    assert "starter catalog" in seed[seed.index("<summary>Attempt 2") :]
