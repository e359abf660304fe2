"""A job's steps run in as few Celery tasks as they need retry boundaries (issue 13.3): the
steps before the infrastructure step in one task, the infrastructure step (slow cloud work,
retried on its own) starting a second one; each step keeps its own row, attempts and log."""

import pytest
from celery.signals import task_prerun

from control_plane.provisioning import tasks
from control_plane.provisioning.models import ProvisioningJob
from control_plane.provisioning.steps import PLANS, STEPS
from control_plane.signup.services import signup_founder
from tests.control_plane.conftest import signup_data
from tests.control_plane.helpers import step_states

pytestmark = pytest.mark.django_db(databases=["default", "second"])

FIRST = ["schema", "seed", "admin_account", "stripe_keys", "primary_domain"]


@pytest.mark.parametrize(
    ("names", "groups"),
    [
        (list(PLANS["signup"]), [FIRST, ["infrastructure", "activate"]]),
        (["stripe_keys", "primary_domain", "infrastructure", "activate"],
         [["stripe_keys", "primary_domain"], ["infrastructure", "activate"]]),
        (["infrastructure", "activate"], [["infrastructure", "activate"]]),
        (["activate"], [["activate"]]),
        (list(PLANS["custom_domain"]), [["infrastructure"]]),
    ],
)  # fmt: skip
def test_steps_are_grouped_into_tasks_at_the_infrastructure_step(names, groups):
    assert tasks.task_groups(names) == groups


@pytest.fixture
def tasks_run():
    names: list[tuple[str, tuple]] = []

    def record(sender=None, args=None, **_):
        names.append((sender.name, tuple(args or ())))

    task_prerun.connect(record, weak=False)
    yield names
    task_prerun.disconnect(record)


def test_a_signup_runs_in_two_tasks_and_records_every_step(signed_up, tasks_run):
    job = signed_up("two-tasks")

    assert job.status == ProvisioningJob.Status.SUCCEEDED
    assert tasks_run == [
        ("provisioning.run_steps", (job.pk, FIRST)),
        ("provisioning.run_steps", (job.pk, ["infrastructure", "activate"])),
    ]
    assert step_states(job) == {name: ("succeeded", 1) for name in STEPS}
    for step in job.steps.all():
        assert step.started and step.finished and step.log.splitlines()[0].endswith("attempt 1")


def test_a_message_of_the_one_step_task_still_runs_its_step(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # no chain sent
        job = signup_founder(**signup_data("old-message"))

    tasks.run_provisioning_step.apply(args=(job.pk, "schema"))

    assert step_states(job)["schema"] == ("succeeded", 1)
    assert step_states(job)["seed"] == ("pending", 0)
