"""Celery adapters of the provisioning pipeline: one task per step, chained in order.

A transient error (the database or the secret store unreachable, a Pulumi stack busy,
another runner on the job) is retried with exponential backoff and jitter; anything else,
or the last retry, fails the step and its job.
"""

from __future__ import annotations

import logging

from celery import Task, chain, shared_task
from core.secrets import SecretStoreUnavailable
from django.conf import settings
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as KombuOperationalError

from control_plane.infra.provisioner import StackBusy
from control_plane.provisioning import services
from control_plane.provisioning.services import describe_error as describe

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    SecretStoreUnavailable,
    StackBusy,
    services.JobBusy,
)
MAX_RETRIES = 5


class StepTask(Task):
    """Run eagerly (no broker, e.g. scripts/run without Redis), a step's attempts are retried
    in place and its failure is recorded on its row, never raised into the caller (a signup
    request). Celery's eager retries only work without propagation, hence `throw=False`."""

    def apply(self, *args, throw=None, **kwargs):
        return super().apply(*args, throw=False, **kwargs)


@shared_task(
    bind=True,
    base=StepTask,
    name="provisioning.run_step",
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=MAX_RETRIES,
    retry_backoff=1,
    retry_backoff_max=60,
    retry_jitter=True,
    acks_late=True,
)
def run_provisioning_step(self, job_id: int, step_name: str) -> None:
    """Run one step; a failure that will not be retried fails the step and its job here (not
    in on_failure, which Celery skips when tasks run eagerly and propagate)."""
    try:
        if not services.run_step(job_id=job_id, step_name=step_name):
            raise services.JobBusy(f"job {job_id} is held by another runner")
    except services.JobBusy:
        if self.request.retries >= self.max_retries:
            # The runner that holds the job carries it on; this duplicate just stops.
            log.warning("job %s: gave up on %s, another runner holds the job", job_id, step_name)
        raise
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            services.fail_step(job_id=job_id, step_name=step_name, error=describe(exc))
        raise
    except Exception as exc:
        services.fail_step(job_id=job_id, step_name=step_name, error=describe(exc))
        raise


def send_chain(*, job_id: int, step_names: list[str]) -> None:
    """The job's remaining steps as one Celery chain (each runs after the previous succeeds)."""
    signature = chain(*(run_provisioning_step.si(job_id, name) for name in step_names))
    if not run_provisioning_step.app.conf.task_always_eager:
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
