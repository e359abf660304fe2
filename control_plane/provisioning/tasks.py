"""Celery adapters of the provisioning pipeline: a job's steps run in as few tasks as they
need retry boundaries, chained in order.

Every hand-off between tasks costs a trip through the broker (about 20 ms on a quiet machine,
more under load), so the steps that need no boundary of their own run one after another in
one task; a step in `steps.OWN_TASK` (the infrastructure step: cloud work, slow, retried on
its own schedule) starts a task of its own, which the steps after it join. Each step keeps
its own row, attempts and log (services.run_step); a step that already succeeded is skipped,
so a retry, a redelivery or a resumed job starts again at the first unfinished step.

A transient error (the database or the secret store unreachable, a Pulumi stack busy,
another runner on the job) is retried with exponential backoff and jitter, MAX_RETRIES
times per step; anything else, or a step's last retry, fails the step and its job.
"""

from __future__ import annotations

import logging

from celery import Task, chain, shared_task
from celery.utils.time import get_exponential_backoff_interval
from core.secrets import SecretStoreUnavailable
from django.conf import settings
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as KombuOperationalError

from control_plane.infra.provisioner import StackBusy
from control_plane.provisioning import services, steps
from control_plane.provisioning.services import describe_error as describe

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    SecretStoreUnavailable,
    StackBusy,
    services.JobBusy,
)
MAX_RETRIES = 5  # per step
RETRY_BACKOFF = 1  # seconds before the first retry (at most; full jitter), doubling each time
RETRY_BACKOFF_MAX = 60


class StepTask(Task):
    """Run eagerly (no broker, e.g. scripts/run without Redis), a step's attempts are retried
    in place and its failure is recorded on its row, never raised into the caller (a signup
    request). Celery's eager retries only work without propagation, hence `throw=False`."""

    def apply(self, *args, throw=None, **kwargs):
        return super().apply(*args, throw=False, **kwargs)


@shared_task(
    bind=True, base=StepTask, name="provisioning.run_steps", max_retries=None, acks_late=True
)
def run_provisioning_steps(
    self, job_id: int, step_names: list[str], retrying: str = "", failures: int = 0
) -> None:
    """Run the steps in order in this task. `retrying` and `failures`: the step a retry of
    this task was sent for, and its transient failures so far (each step has its own count)."""
    for step_name in step_names:
        _run_one(self, job_id, step_name, failures if step_name == retrying else 0, step_names)


@shared_task(
    bind=True, base=StepTask, name="provisioning.run_step", max_retries=None, acks_late=True
)
def run_provisioning_step(
    self, job_id: int, step_name: str, retrying: str = "", failures: int = 0
) -> None:
    """One step in a task of its own: for messages queued before steps ran in groups (a
    deploy while a job runs); `send_chain` sends `run_provisioning_steps`."""
    _run_one(self, job_id, step_name, failures if step_name == retrying else 0, step_name)


def _run_one(task: Task, job_id: int, step_name: str, failures: int, steps_arg) -> None:
    """Run one step; a failure that will not be retried fails the step and its job here (not
    in on_failure, which Celery skips when tasks run eagerly and propagate)."""
    try:
        if not services.run_step(job_id=job_id, step_name=step_name):
            raise services.JobBusy(f"job {job_id} is held by another runner")
    except TRANSIENT_ERRORS as exc:
        failures += 1
        if failures > MAX_RETRIES:
            if isinstance(exc, services.JobBusy):
                # The runner that holds the job carries it on; this duplicate just stops.
                log.warning(
                    "job %s: gave up on %s, another runner holds the job", job_id, step_name
                )
            else:
                services.fail_step(job_id=job_id, step_name=step_name, error=describe(exc))
            raise
        raise task.retry(
            exc=exc,
            args=(job_id, steps_arg),
            kwargs={"retrying": step_name, "failures": failures},
            countdown=retry_countdown(failures),
        ) from exc
    except Exception as exc:
        services.fail_step(job_id=job_id, step_name=step_name, error=describe(exc))
        raise


def retry_countdown(failures: int) -> int:
    """Seconds before the retry after a step's `failures`-th transient failure: exponential
    (1, 2, 4, ... up to RETRY_BACKOFF_MAX) with full jitter."""
    return get_exponential_backoff_interval(
        factor=RETRY_BACKOFF, retries=failures - 1, maximum=RETRY_BACKOFF_MAX, full_jitter=True
    )


def task_groups(step_names: list[str]) -> list[list[str]]:
    """The steps split into tasks: a new task at the start and at each step of OWN_TASK."""
    groups: list[list[str]] = []
    for name in step_names:
        if not groups or name in steps.OWN_TASK:
            groups.append([])
        groups[-1].append(name)
    return groups


def send_chain(*, job_id: int, step_names: list[str]) -> None:
    """The job's remaining steps as one Celery chain of `task_groups` (each task runs after
    the previous one succeeds)."""
    signature = chain(
        *(run_provisioning_steps.si(job_id, group) for group in task_groups(step_names))
    )
    if not run_provisioning_steps.app.conf.task_always_eager:
        try:
            signature.apply_async()
        except KombuOperationalError:
            # The broker is away: the job stays pending (its page says "being set up") and
            # resume_stalled_jobs sends it again; the founder's request must not fail.
            log.exception("provisioning job %s could not be sent to the workers", job_id)
        return
    try:
        signature.apply_async()
    except Exception:  # already recorded on the step's row (StepTask)
        log.warning("provisioning job %s stopped at a failed step", job_id)


@shared_task(name="provisioning.resume_stalled_jobs")
def resume_stalled_jobs(idle_seconds: int | None = None) -> list[int]:
    """Periodic (celery beat): resume jobs whose worker died or whose chain was never sent."""
    return services.resume_stalled_jobs(
        idle_seconds=idle_seconds or settings.PROVISIONING_STALL_SECONDS
    )


@shared_task(name="provisioning.check_pending_domain_claims")
def check_pending_domain_claims(batch_size: int | None = None) -> dict[str, int]:
    """Periodic (celery beat): look for the TXT records of custom domains still unproven."""
    from control_plane.provisioning import domains

    return domains.check_pending_domain_claims(
        batch_size=batch_size or settings.DOMAIN_VERIFICATION_BATCH_SIZE
    )
