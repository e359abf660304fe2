"""The public schema's view of the fleet: who the stores are, where they live, how to reach them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django_tenants.models import DomainMixin, TenantMixin

SLUG_RE = r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$"


def validate_placement(value: str) -> None:
    if value not in settings.DATABASES:
        raise ValidationError(f"{value!r} is not a configured database (DATABASE_URLS)")


class Tenant(TenantMixin):
    """One store. Its schema is created by tenants.services, never by save()."""

    class State(models.TextChoices):
        PROVISIONING = "provisioning", "Provisioning"
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        FAILED = "failed", "Failed"

    class Plan(models.TextChoices):
        FREE = "free", "Free"
        BASIC = "basic", "Basic"
        PRO = "pro", "Pro"

    # Schemas are made by our fast path (tenants.schema_template), not by save().
    auto_create_schema = False
    auto_drop_schema = False

    slug = models.SlugField(max_length=40, unique=True, validators=[RegexValidator(SLUG_RE)])
    name = models.CharField(max_length=100)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PROVISIONING)
    placement = models.CharField(max_length=63, default="default", validators=[validate_placement])
    plan = models.CharField(max_length=16, choices=Plan.choices, default=Plan.FREE)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_live(self) -> bool:
        return self.state == self.State.ACTIVE

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        _forget_routes_on_commit(list(self.domains.values_list("domain", flat=True)))

    def delete(self, *args, **kwargs):
        hosts = list(self.domains.values_list("domain", flat=True))
        result = super().delete(*args, **kwargs)
        _forget_routes_on_commit(hosts)
        return result


class Domain(DomainMixin):
    """A host name that serves one store (`<slug>.<PLATFORM_DOMAIN>` or a custom domain).

    `certificate_status` is what the infrastructure provisioner last said of the host's TLS
    certificate (control_plane.infra CertificateStatus; "" before it has run), and
    `validation_records` the DNS records a custom domain's owner must publish for it."""

    certificate_status = models.CharField(max_length=30, blank=True, default="")
    validation_records = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["domain"]

    def save(self, *args, **kwargs) -> None:
        self.domain = self.domain.strip().lower()
        previous = None
        if self.pk:
            previous = Domain.objects.filter(pk=self.pk).values_list("domain", flat=True).first()
        super().save(*args, **kwargs)
        _forget_routes_on_commit([self.domain, previous])

    def delete(self, *args, **kwargs):
        hosts = [self.domain]
        result = super().delete(*args, **kwargs)
        _forget_routes_on_commit(hosts)
        return result


CHALLENGE_PREFIX = "_storefleet-challenge"
CHALLENGE_VALUE_PREFIX = "storefleet-verification="


class DomainClaim(models.Model):
    """A store's claim on a custom domain, routed only once proven (tenants.domain_claims).

    The proof is a DNS TXT record `_storefleet-challenge.<domain>` holding
    `storefleet-verification=<token>`, the token being this claim's own. Proving inserts the
    Domain row (its unique domain decides between stores) and marks the claim verified in one
    transaction; the other stores' claims on the domain become `taken`."""

    class Status(models.TextChoices):
        PENDING = "pending-verification", "Waiting for the DNS record"
        VERIFIED = "verified", "Verified"
        TAKEN = "taken", "Proven by another store"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="domain_claims")
    domain = models.CharField(max_length=253)
    token = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["domain", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "domain"], name="domainclaim_one_per_store")
        ]
        indexes = [models.Index(fields=["status", "checked_at"])]

    def __str__(self) -> str:
        return f"{self.domain} ({self.status})"

    @property
    def record_name(self) -> str:
        return f"{CHALLENGE_PREFIX}.{self.domain}"

    @property
    def record_type(self) -> str:
        return "TXT"

    @property
    def record_value(self) -> str:
        return f"{CHALLENGE_VALUE_PREFIX}{self.token}"


class SchemaTemplate(models.Model):
    """The DDL of a fully migrated store schema, captured once per migration state.

    Creating a store replays `sql` in one transaction instead of running every migration.
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    sql = models.TextField()
    statement_count = models.PositiveIntegerField()
    # md5 of the applied-migrations list a schema at this state holds (fleet no-op checks).
    migrations_digest = models.CharField(max_length=32)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"template {self.fingerprint[:12]} ({self.statement_count} statements)"


def _forget_routes_on_commit(hosts: list[str | None]) -> None:
    from tenants import routing

    names = [host for host in hosts if host]
    if names:
        transaction.on_commit(lambda: routing.forget_hosts(names), using="default")


class SpareSchema(models.Model):
    """A fully built store schema waiting to be claimed by the next new store.

    Claiming one is a rename (tenants.pool), so a founder never waits for DDL; a background
    task builds the next spare, seeded with a starter catalog (`catalog`), so the founder
    never waits for the seed either. A spare of an older migration state is dropped, never
    used.
    """

    name = models.CharField(max_length=63, unique=True)
    placement = models.CharField(max_length=63, validators=[validate_placement])
    fingerprint = models.CharField(max_length=64)  # tenants.pool.spare_fingerprint
    # The starter catalog it was seeded with when built (shop.seed), so the new store's seed
    # step has nothing left to do; "" for a spare built without seed data.
    catalog = models.CharField(max_length=32, blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["placement", "fingerprint"])]

    def __str__(self) -> str:
        return self.name
