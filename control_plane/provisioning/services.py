"""Provisioning a store: create the job, run its steps one by one, resume it, fail it.

    job = provision_store(name="Acme", slug="acme", founder_email=..., founder_password_hash=...)

`provision_store` answers at once: the job's steps run in a Celery chain after commit
(control_plane.provisioning.tasks), the steps that need no retry boundary of their own in
one task, each with its own record. A step that raises a transient error is retried with
exponential backoff; any other error (or running out of retries) fails the
step, the job and, for a new store, the store (state failed: its hosts answer 404). A job
whose worker died mid-step, or one that failed, is resumed with `resume_job`: succeeded
steps are skipped, the rest run again (each step is idempotent).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from core import metrics
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from control_plane.audit import AuditAction, record_action
from control_plane.provisioning.models import ProvisioningJob, ProvisioningStep
from control_plane.provisioning.selectors import list_stalled_jobs
from control_plane.provisioning.steps import PLANS, STEPS
from shop.seed import CATALOGS
from tenants import domain_claims
from tenants.locks import advisory_lock
from tenants.models import Tenant
from tenants.services import register_tenant

log = logging.getLogger(__name__)

_LOCK_NAMESPACE = 0x7072_6F76  # pg advisory lock class: "prov"


class JobBusy(Exception):
    """Another runner holds this job right now (transient: the task retries later)."""


class NothingToResume(ValidationError):
    pass


def clean_custom_domain(host: str) -> str:
    """A custom domain a store may take: a host name outside the platform's own domain."""
    from control_plane.infra.provisioner import InvalidInfraRequest
    from control_plane.infra.provisioner import clean_custom_domain as clean

    try:
        cleaned = clean(host) or ""
    except InvalidInfraRequest as exc:
        raise ValidationError({"custom_domain": ValidationError(str(exc), code="invalid")}) from exc
    platform = settings.PLATFORM_DOMAIN
    if cleaned == platform or cleaned.endswith("." + platform):
        raise ValidationError(
            {
                "custom_domain": ValidationError(
                    f"addresses under {platform} are the platform's", code="invalid"
                )
            }
        )
    return cleaned


def provision_store(
    *,
    name: str,
    slug: str,
    founder_email: str,
    founder_password_hash: str,
    catalog: str = "office-supplies",
    placement: str = DEFAULT_DB_ALIAS,
    plan: str = Tenant.Plan.FREE,
    custom_domain: str = "",
    acting_operator: User | None = None,
) -> ProvisioningJob:
    """A new store (state provisioning) and its job; the steps start after commit. A custom
    domain is claimed, pending its owner's DNS proof (control_plane.provisioning.domains):
    the store opens on its platform host meanwhile."""
    if catalog not in CATALOGS:
        raise ValidationError({"catalog": f"choose one of {', '.join(CATALOGS)}"})
    custom_domain = clean_custom_domain(custom_domain) if custom_domain else ""
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        tenant = register_tenant(slug=slug, name=name, placement=placement, plan=plan)
        job = create_job(
            tenant=tenant,
            kind=ProvisioningJob.Kind.SIGNUP,
            catalog=catalog,
            founder_email=founder_email,
            founder_password_hash=founder_password_hash,
            custom_domain=custom_domain,
            requested_by=acting_operator,
        )
        if custom_domain:
            try:
                domain_claims.claim_domain(tenant=tenant, host=custom_domain)
            except ValidationError as exc:
                raise ValidationError({"custom_domain": exc.error_list}) from exc
        transaction.on_commit(lambda: start_job(job_id=job.pk), using=DEFAULT_DB_ALIAS)
    return job


def create_job(*, tenant: Tenant, kind: str, **fields: object) -> ProvisioningJob:
    """The job row and one pending row per step of its kind."""
    job = ProvisioningJob.objects.create(tenant=tenant, kind=kind, **fields)
    ProvisioningStep.objects.bulk_create(
        ProvisioningStep(job=job, name=name, order=order)
        for order, name in enumerate(PLANS[kind], start=1)
    )
    return job


def start_job(*, job_id: int) -> None:
    """Send the chain of the job's unfinished steps to the workers (or run it, when eager)."""
    from control_plane.provisioning.tasks import send_chain

    names = list(
        ProvisioningStep.objects.filter(job_id=job_id)
        .exclude(state=ProvisioningStep.State.SUCCEEDED)
        .order_by("order")
        .values_list("name", flat=True)
    )
    if names:
        send_chain(job_id=job_id, step_names=names)


def resume_job(
    *, job: ProvisioningJob, acting_operator: User | None = None, step_name: str = ""
) -> None:
    """Run a failed or stalled job again from its first unfinished step.

    Failed steps go back to pending; a step left `running` by a dead worker simply runs
    again. A new store that had failed goes back to provisioning (still unreachable).
    """
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        job = ProvisioningJob.objects.select_for_update().get(pk=job.pk)
        if job.status == ProvisioningJob.Status.SUCCEEDED:
            raise NothingToResume("the job has already succeeded")
        reset = job.steps.filter(state=ProvisioningStep.State.FAILED)
        if step_name:
            reset = reset.filter(name=step_name)
            if not reset.exists():
                raise NothingToResume(f"step {step_name!r} has not failed")
        reset.update(state=ProvisioningStep.State.PENDING, finished=None)
        job.status = ProvisioningJob.Status.RUNNING
        job.finished = None
        job.save(update_fields=["status", "finished"])
        tenant = Tenant.objects.select_for_update().get(pk=job.tenant_id)
        if job.kind == ProvisioningJob.Kind.SIGNUP and tenant.state == Tenant.State.FAILED:
            tenant.state = Tenant.State.PROVISIONING  # still unreachable, no longer a 404
            tenant.save(update_fields=["state", "updated"])
        if acting_operator is not None:
            action = AuditAction.RERUN_STEP if step_name else AuditAction.RESUME_JOB
            detail = {"job": job.pk, "step": step_name} if step_name else {"job": job.pk}
            record_action(actor=acting_operator, action=action, tenant=tenant, detail=detail)
        transaction.on_commit(lambda: start_job(job_id=job.pk), using=DEFAULT_DB_ALIAS)


@contextmanager
def job_lock(job_id: int) -> Iterator[bool]:
    """An advisory lock held across the job's steps: one runner per job. PostgreSQL drops it
    with the runner's connection (tenants.locks: its own transaction's, behind PgBouncer),
    so a worker killed mid-step never leaves the job locked."""
    with advisory_lock(DEFAULT_DB_ALIAS, _LOCK_NAMESPACE, job_id) as acquired:
        yield acquired


def is_job_running(*, job_id: int) -> bool:
    """Whether a runner holds the job right now."""
    with job_lock(job_id) as acquired:
        return not acquired


def resume_stalled_jobs(*, idle_seconds: int = 300) -> list[int]:
    """Resume every unfinished job nobody runs and nothing touched for `idle_seconds`: its
    worker died, or its chain never reached the broker. For a periodic task or an operator."""
    resumed = []
    for job in list_stalled_jobs(idle_seconds=idle_seconds):
        if is_job_running(job_id=job.pk):
            continue
        log.warning("resuming stalled provisioning job %s of %s", job.pk, job.tenant_id)
        resume_job(job=job)
        resumed.append(job.pk)
    return resumed


class StepLog:
    """The lines of one attempt, timestamped, written to the step's row with its outcome. Its
    opening line ("<time> attempt <n>") is written when the attempt is claimed (`opening`),
    so an attempt whose worker was killed still shows in the step's log."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    @staticmethod
    def opening(attempt: int) -> str:
        return f"{_stamp()} attempt {attempt}\n"

    def __call__(self, message: str) -> None:
        for line in str(message).splitlines() or [""]:
            self.lines.append(f"{_stamp()} {line}")

    def text(self) -> str:
        return "".join(f"{line}\n" for line in self.lines)


def _stamp() -> str:
    return timezone.now().strftime("%H:%M:%S.%f")[:-3]


def run_step(*, job_id: int, step_name: str) -> bool:
    """Run one step of a job unless it already succeeded. False: another runner holds the job
    (the caller retries). Exceptions from the step propagate after being recorded."""
    step = ProvisioningStep.objects.get(job_id=job_id, name=step_name)
    if step.state == ProvisioningStep.State.SUCCEEDED:
        return True
    with job_lock(job_id) as acquired:
        if not acquired:
            return False
        step = _claim(job_id, step_name)
        if step is None:
            return True
        job = ProvisioningJob.objects.select_related("tenant").get(pk=job_id)
        attempt_log = StepLog()
        started = time.perf_counter()
        try:
            STEPS[step_name].run(job, attempt_log)
        except Exception as exc:
            _observe_step(step_name, "failed", started)
            attempt_log(f"failed: {describe_error(exc)}")
            _save_attempt(step, attempt_log, state=ProvisioningStep.State.PENDING, error=exc)
            raise
        _observe_step(step_name, "succeeded", started)
        _succeed(job, step, attempt_log)
    return True


def _observe_step(step_name: str, outcome: str, started: float) -> None:
    """The step's own work, without the bookkeeping around it (step names are a fixed set)."""
    metrics.PROVISIONING_STEP_SECONDS.labels(step_name, outcome).observe(
        time.perf_counter() - started
    )


def _claim(job_id: int, step_name: str) -> ProvisioningStep | None:
    """Mark the step running with its next attempt and that attempt's opening log line, and
    the job running at it: two UPDATEs and a read in one transaction (a founder waits on
    every round trip of every step)."""
    now = timezone.now()
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        _commit_without_waiting_for_disk()
        attempt = F("attempts") + 1  # in an UPDATE, the row's old value plus one
        claimed = (
            ProvisioningStep.objects.filter(job_id=job_id, name=step_name)
            .exclude(state=ProvisioningStep.State.SUCCEEDED)
            .update(
                state=ProvisioningStep.State.RUNNING,
                attempts=attempt,
                started=now,
                finished=None,
                error="",
                log=Concat(
                    Coalesce("log", Value("", output_field=TextField())),
                    Value(f"{_stamp()} attempt ", output_field=TextField()),
                    Cast(attempt, output_field=TextField()),
                    Value("\n", output_field=TextField()),
                    output_field=TextField(),
                ),
            )
        )
        if not claimed:
            return None
        ProvisioningJob.objects.filter(pk=job_id).update(
            status=ProvisioningJob.Status.RUNNING,
            current_step=step_name,
            finished=None,
            started=Coalesce("started", Value(now)),
        )
        return ProvisioningStep.objects.get(job_id=job_id, name=step_name)


def _save_attempt(step: ProvisioningStep, attempt_log: StepLog, *, state: str, error=None) -> None:
    step.state = state
    step.log = (step.log or "") + attempt_log.text()
    step.error = describe_error(error) if error is not None else ""
    step.finished = timezone.now()
    step.save(update_fields=["state", "log", "error", "finished"])


def _commit_without_waiting_for_disk() -> None:
    """This transaction's commit returns before its WAL reaches the disk (PostgreSQL's
    synchronous_commit off, for this transaction only): a step's bookkeeping, not its work.
    A database crash in the next moment may lose it but never leaves anything inconsistent,
    and a lost record only means a step runs again (every step is idempotent); the step's own
    work commits durably, flushing the bookkeeping before it. Each of a signup's fourteen
    bookkeeping commits saves a disk flush (about 3.5 ms here) on the founder's time."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.savepoint_ids:  # inside a caller's transaction: its commit is not ours
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")


def _succeed(job: ProvisioningJob, step: ProvisioningStep, attempt_log: StepLog) -> None:
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        _commit_without_waiting_for_disk()
        _save_attempt(step, attempt_log, state=ProvisioningStep.State.SUCCEEDED)
        steps = list(job.steps.values_list("state", flat=True))
        done = steps.count(ProvisioningStep.State.SUCCEEDED)
        job.progress = round(100 * done / len(steps))
        fields = ["progress"]
        if done == len(steps):
            job.status = ProvisioningJob.Status.SUCCEEDED
            job.current_step = ""
            job.finished = timezone.now()
            job.founder_password_hash = ""  # the store's own auth holds the founder now
            fields += ["status", "current_step", "finished", "founder_password_hash"]
        job.save(update_fields=fields)


def fail_step(*, job_id: int, step_name: str, error: str) -> None:
    """The step is beyond retrying: fail it, its job, and a new store (404 from now on)."""
    now = timezone.now()
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        job = ProvisioningJob.objects.select_for_update().get(pk=job_id)
        ProvisioningStep.objects.filter(job_id=job_id, name=step_name).exclude(
            state=ProvisioningStep.State.SUCCEEDED
        ).update(state=ProvisioningStep.State.FAILED, error=error[:2000], finished=now)
        job.status = ProvisioningJob.Status.FAILED
        job.current_step = step_name
        job.finished = now
        job.save(update_fields=["status", "current_step", "finished"])
        if job.kind == ProvisioningJob.Kind.SIGNUP:
            tenant = Tenant.objects.select_for_update().get(pk=job.tenant_id)
            if tenant.state == Tenant.State.PROVISIONING:
                tenant.state = Tenant.State.FAILED
                tenant.save(update_fields=["state", "updated"])
    log.error("provisioning job %s failed at step %s: %s", job_id, step_name, error)


def describe_error(exc: BaseException) -> str:
    """One line for the step's record: the error's type and message (never a secret: the
    steps' own errors carry none, and the secret store's errors are written without values)."""
    message = " ".join(str(exc).split())[:500]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
