"""A step that hits a transient error (the database or the secret store away for a moment)
is retried by Celery with exponential backoff; one that keeps failing, or fails for good,
fails the job. Every attempt is counted and logged."""

import pytest
from core.secrets import SecretStoreUnavailable
from django.db import OperationalError

from control_plane.provisioning import steps, tasks
from control_plane.provisioning.models import ProvisioningJob
from tests.control_plane.helpers import step_states

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def failing(monkeypatch, step_name: str, errors: list[Exception]) -> None:
    """`step_name` raises each of `errors` in turn, then does its real work."""
    original = steps.STEPS[step_name]
    pending = list(errors)

    def run(job, log):
        if pending:
            raise pending.pop(0)
        original.run(job, log)

    monkeypatch.setitem(steps.STEPS, step_name, steps.Step(original.name, original.label, run))


def test_the_steps_task_retries_transient_errors_with_exponential_backoff(monkeypatch):
    task = tasks.run_provisioning_steps
    assert set(tasks.TRANSIENT_ERRORS) == {
        OperationalError,
        tasks.InterfaceError,
        SecretStoreUnavailable,
        tasks.StackBusy,
        tasks.services.JobBusy,
    }
    assert (tasks.MAX_RETRIES, tasks.RETRY_BACKOFF, tasks.RETRY_BACKOFF_MAX) == (5, 1, 60)
    assert task.acks_late is True
    monkeypatch.setattr("random.randrange", lambda stop: stop - 1)  # the jitter's ceiling
    assert [tasks.retry_countdown(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_a_transient_error_is_retried_and_the_job_carries_on(monkeypatch, signed_up):
    failing(
        monkeypatch,
        "stripe_keys",
        [SecretStoreUnavailable("secrets manager timed out"), OperationalError("server closed")],
    )

    job = signed_up("bumpy")

    assert job.status == ProvisioningJob.Status.SUCCEEDED
    assert step_states(job)["stripe_keys"] == ("succeeded", 3)
    # The retries ran in the task the earlier steps had run in: none of them ran again.
    assert {n: a for n, (_, a) in step_states(job).items() if n != "stripe_keys"} == dict.fromkeys(
        steps.STEPS.keys() - {"stripe_keys"}, 1
    )
    log = job.steps.get(name="stripe_keys").log
    lines = [line.split(" ", 1)[1] for line in log.splitlines()]
    assert lines[:4] == [
        "attempt 1",
        "failed: SecretStoreUnavailable: secrets manager timed out",
        "attempt 2",
        "failed: OperationalError: server closed",
    ]
    assert lines[4] == "attempt 3"
    assert lines[5].startswith("stored test-mode placeholder keys: secret key sk_test_****")


def test_a_step_still_failing_after_the_last_retry_fails_the_job(monkeypatch, signed_up):
    failing(monkeypatch, "seed", [OperationalError("down")] * (tasks.MAX_RETRIES + 1))

    job = signed_up("hopeless")

    assert job.status == ProvisioningJob.Status.FAILED
    assert step_states(job)["seed"] == ("failed", tasks.MAX_RETRIES + 1)
    assert job.steps.get(name="seed").error == "OperationalError: down"
    assert job.tenant.state == "failed"


def test_a_permanent_error_is_not_retried(monkeypatch, signed_up):
    failing(monkeypatch, "seed", [ValueError("unknown catalog")])

    job = signed_up("doomed")

    assert job.status == ProvisioningJob.Status.FAILED
    assert step_states(job)["seed"] == ("failed", 1)
    assert step_states(job)["admin_account"] == ("pending", 0)


def test_each_step_of_one_task_has_retries_of_its_own(monkeypatch, signed_up):
    """Two steps of the first task each fail MAX_RETRIES times: neither uses the other's."""
    failing(monkeypatch, "schema", [OperationalError("busy")] * tasks.MAX_RETRIES)
    failing(monkeypatch, "stripe_keys", [SecretStoreUnavailable("away")] * tasks.MAX_RETRIES)

    job = signed_up("twice-bumpy")

    assert job.status == ProvisioningJob.Status.SUCCEEDED
    states = step_states(job)
    assert states["schema"] == states["stripe_keys"] == ("succeeded", tasks.MAX_RETRIES + 1)
    assert states["seed"] == ("succeeded", 1)
