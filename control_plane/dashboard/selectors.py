"""Reads for the operator dashboard: the fleet, scoped and filtered, and per-store facts
(order counts, Stripe keys masked) gathered with as few queries as the data allows."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date

from core.secrets import SecretStoreError, get_secret_store
from django.conf import settings
from django.db import ProgrammingError, connections, transaction
from django.db.models import Prefetch, Q, QuerySet
from infra_components.names import CertificateStatus
from psycopg import sql
from psycopg.errors import InvalidSchemaName, UndefinedTable

from control_plane.audit import OperatorAuditLog
from control_plane.provisioning.models import ProvisioningJob, ProvisioningStep
from control_plane.provisioning.selectors import list_stalled_jobs
from control_plane.provisioning.steps import STEPS
from shop.orders.models import Order
from tenants.models import DomainClaim, SpareSchema, Tenant
from tenants.pool import spare_fingerprint
from tenants.services import primary_host_for

# Which of the given schemas have the orders table: read first, so the count query below only
# names tables that exist. Plain catalog reads and UNION ALL work on every PostgreSQL we
# support, with or without libxml (which every XML function needs).
_SCHEMAS_WITH_TABLE_SQL = """
SELECT n.nspname
FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
WHERE n.nspname = ANY(%(schemas)s) AND c.relname = %(table)s AND c.relkind IN ('r', 'p')
ORDER BY n.nspname
"""

logger = logging.getLogger(__name__)


def list_tenants(
    *,
    search: str = "",
    state: str = "",
    plan: str = "",
    placement: str = "",
    created_on: date | None = None,
) -> QuerySet[Tenant]:
    tenants = Tenant.objects.prefetch_related("domains").order_by("-created", "-id")
    if search:
        tenants = tenants.filter(
            Q(slug__icontains=search)
            | Q(name__icontains=search)
            | Q(domains__domain__icontains=search)
        ).distinct()
    if state:
        tenants = tenants.filter(state=state)
    if plan:
        tenants = tenants.filter(plan=plan)
    if placement:
        tenants = tenants.filter(placement=placement)
    if created_on:  # the day in the current time zone, as the overview's signups count it
        tenants = tenants.filter(created__date=created_on)
    return tenants


# What the jobs list filters by: a job's status, or "stalled" (provisioning.selectors).
STALLED = "stalled"


def list_jobs(*, status: str = "") -> QuerySet[ProvisioningJob]:
    """Provisioning jobs of every store, newest first; `status` "stalled": unfinished jobs
    none of whose steps moved for PROVISIONING_STALL_SECONDS (oldest first)."""
    if status == STALLED:
        stalled = list_stalled_jobs(idle_seconds=settings.PROVISIONING_STALL_SECONDS)
        return (
            ProvisioningJob.objects.filter(pk__in=[job.pk for job in stalled])
            .select_related("tenant")
            .order_by("created", "id")
        )
    jobs = ProvisioningJob.objects.select_related("tenant").order_by("-created", "-id")
    return jobs.filter(status=status) if status else jobs


def list_spares(*, placement: str = "", catalog: str | None = None) -> list[SpareSchema]:
    """The spare pool's schemas, each marked `usable` (built under the current fingerprint,
    so the next signup can claim it) or not (stale, dropped at the next top-up)."""
    spares = SpareSchema.objects.order_by("placement", "catalog", "created", "pk")
    if placement:
        spares = spares.filter(placement=placement)
    if catalog is not None:
        spares = spares.filter(catalog=catalog)
    fingerprint = spare_fingerprint()
    rows = list(spares)
    for spare in rows:
        spare.usable = spare.fingerprint == fingerprint
    return rows


def count_orders(*, tenants: list[Tenant]) -> dict[int, int | None]:
    """Orders per store (None: no schema or no orders table yet); one query per database."""
    by_alias: dict[str, list[Tenant]] = defaultdict(list)
    for tenant in tenants:
        by_alias[tenant.placement].append(tenant)
    counts: dict[int, int | None] = {tenant.pk: None for tenant in tenants}
    for alias, group in by_alias.items():
        schema_to_id = {tenant.schema_name: tenant.pk for tenant in group}
        for schema, count in _count_rows(alias, list(schema_to_id), Order._meta.db_table):
            counts[schema_to_id[schema]] = count
    return counts


def _count_rows(alias: str, schemas: list[str], table: str) -> list[tuple[str, int]]:
    """(schema, rows of schema.table) for each of `schemas` that has the table, on one
    database: a catalog read, then one UNION ALL query counting in all of them."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        for attempt in (1, 2):
            cursor.execute(_SCHEMAS_WITH_TABLE_SQL, {"schemas": schemas, "table": table})
            present = [schema for (schema,) in cursor.fetchall()]
            if not present:
                return []
            query = sql.SQL(" UNION ALL ").join(
                sql.SQL("SELECT {}::text, count(*) FROM {}").format(
                    sql.Literal(schema), sql.Identifier(schema, table)
                )
                for schema in present
            )
            # A failed statement aborts an enclosing transaction: a savepoint keeps it usable.
            guard = transaction.atomic(using=alias) if connection.in_atomic_block else nullcontext()
            try:
                with guard:
                    cursor.execute(query)
                    return cursor.fetchall()
            except ProgrammingError as exc:
                # A store deleted between the two reads: read the catalog again, once.
                if not isinstance(exc.__cause__, (UndefinedTable, InvalidSchemaName)):
                    raise
                if attempt == 2:
                    logger.warning("order counts on %s: tables kept vanishing (%s)", alias, exc)
    return []


def get_masked_stripe_keys(*, tenant: Tenant) -> dict | None:
    """The store's keys as an operator may see them: masked, never in full."""
    try:
        keys = get_secret_store().get_tenant_stripe_keys(tenant.pk)
    except SecretStoreError as exc:
        return {"error": str(exc)}
    if keys is None:
        return None
    return {**keys.masked(), "placeholder": "placeholder" in keys.secret_key}


def list_audit_log(*, tenant: Tenant, limit: int = 50) -> list[OperatorAuditLog]:
    return list(OperatorAuditLog.objects.filter(tenant=tenant).order_by("-created", "-id")[:limit])


def get_tenant(*, slug: str) -> Tenant | None:
    return Tenant.objects.prefetch_related("domains").filter(slug=slug).first()


# --- Provisioning records as an operator reads them ------------------------------------

# A step's log is the lines of each attempt, in order, each attempt opened by its own line
# (control_plane.provisioning.services.StepLog): "<HH:MM:SS.mmm> attempt <n>".
_ATTEMPT_RE = re.compile(r"^(?P<stamp>\d\d:\d\d:\d\d\.\d{3}) attempt (?P<number>\d+)$")
_FAILED_RE = re.compile(r"^\d\d:\d\d:\d\d\.\d{3} failed: (?P<error>.*)$")

CERTIFICATE_LABELS = {
    CertificateStatus.NOT_NEEDED: "Not needed (served by the platform, no cloud)",
    CertificateStatus.WILDCARD: "Platform wildcard certificate",
    CertificateStatus.PENDING_VALIDATION: "Waiting for DNS validation",
    CertificateStatus.ISSUED: "Issued",
}


@dataclass(frozen=True)
class Attempt:
    number: int
    started_at: str  # the time of day the attempt's first line was written
    lines: list[str]
    error: str  # the attempt's failure, "" when it did not fail


def split_attempts(log: str) -> list[Attempt]:
    """A step's log cut into its attempts (older logs without attempt lines: one attempt)."""
    attempts: list[Attempt] = []
    number, stamp, lines, error = 0, "", [], ""
    for line in log.splitlines():
        opened = _ATTEMPT_RE.match(line)
        if opened:
            if lines or number:
                attempts.append(Attempt(number, stamp, lines, error))
            number, stamp, lines, error = int(opened["number"]), opened["stamp"], [], ""
            continue
        failed = _FAILED_RE.match(line)
        if failed:
            error = failed["error"]
        lines.append(line)
    if lines or number:
        attempts.append(Attempt(number, stamp, lines, error))
    return attempts


def get_job(*, tenant: Tenant, job_id: int) -> ProvisioningJob | None:
    """One job of the store with its steps in order, each labelled and cut into attempts."""
    job = (
        ProvisioningJob.objects.filter(tenant=tenant, pk=job_id)
        .select_related("tenant", "requested_by")
        .prefetch_related(Prefetch("steps", queryset=ProvisioningStep.objects.order_by("order")))
        .first()
    )
    if job is None:
        return None
    for step in job.steps.all():
        step.label = STEPS[step.name].label
        step.attempt_list = split_attempts(step.log)
    return job


@dataclass(frozen=True)
class DomainRow:
    domain: str
    is_primary: bool
    certificate: str  # a CertificateStatus value, "in_progress", "failed" or "unknown"
    certificate_label: str
    validation_records: list[str]


def list_domains_with_certificates(
    *, tenant: Tenant, jobs: list[ProvisioningJob]
) -> list[DomainRow]:
    """Each domain of the store with its certificate's state as the provisioner last reported
    it (Domain.certificate_status); a domain it has not reported on yet shows the state of the
    latest job setting it up (`jobs`: the store's jobs with their steps, newest first)."""
    platform_hosts = {primary_host_for(tenant.slug), f"{tenant.slug}.localhost"}
    rows = []
    for domain in tenant.domains.all():
        host = domain.domain
        certificate = domain.certificate_status
        if not certificate:
            job = next(
                (
                    job
                    for job in jobs
                    if (job.custom_domain == host)
                    or (host in platform_hosts and job.kind == ProvisioningJob.Kind.SIGNUP)
                ),
                None,
            )
            certificate = _infrastructure_state(job)
        label = CERTIFICATE_LABELS.get(certificate) or {
            "in_progress": "Being set up",
            "failed": "Set-up failed (see the job)",
        }.get(certificate, "Unknown")
        records = [
            f"{r.get('type', '')} {r.get('name', '')} {r.get('value', '')}".strip()
            for r in domain.validation_records or []
        ]
        rows.append(DomainRow(host, domain.is_primary, certificate, label, records))
    return rows


def _infrastructure_state(job: ProvisioningJob | None) -> str:
    step = (
        None
        if job is None
        else next((s for s in job.steps.all() if s.name == "infrastructure"), None)
    )
    if step is None:
        return "unknown"
    if step.state == ProvisioningStep.State.FAILED:
        return "failed"
    if step.state != ProvisioningStep.State.SUCCEEDED:
        return "in_progress"
    return "unknown"


def list_domain_claims(*, tenant: Tenant) -> list[DomainClaim]:
    """The store's custom domain claims (pending first), each with the record to publish
    (`record_name`, `record_type`, `record_value`)."""
    order = {DomainClaim.Status.PENDING: 0, DomainClaim.Status.TAKEN: 1}
    claims = list(tenant.domain_claims.order_by("domain", "pk"))
    return sorted(claims, key=lambda claim: order.get(claim.status, 2))
