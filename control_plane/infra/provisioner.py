"""The provisioning pipeline's door to the cloud: one call per store, two implementations.

    provisioner = get_provisioner()
    result = provisioner.ensure_store_infrastructure(tenant.slug, tenant_id=tenant.pk)
    result.hosts, result.certificate_status, result.validation_records

- `LocalProvisioner` (INFRA_PROVISIONER=local, the default) makes nothing: the app's own Host
  routing serves `<slug>.localhost` and `<slug>.<PLATFORM_DOMAIN>`, and no certificate exists,
  which the result says as it is (`not_needed`).
- `PulumiProvisioner` (INFRA_PROVISIONER=pulumi, control_plane/infra/pulumi_provisioner.py)
  runs the `pulumi/tenant` program for the store through the Automation API, one stack per
  store. It blocks for minutes: call it from a Celery task, never from a request.

Both are idempotent: calling `ensure_store_infrastructure` again converges on the same
resources, so a retried or resumed provisioning step is safe.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from django.conf import settings
from infra_components.names import CertificateStatus, get_store_host, validate_domain, validate_slug

logger = logging.getLogger("storefleet.infra")

OnOutput = Callable[[str], None]

__all__ = [
    "CertificateStatus",
    "InfraResult",
    "InvalidInfraRequest",
    "LocalProvisioner",
    "OnOutput",
    "Provisioner",
    "ProvisionerError",
    "PulumiCliMissing",
    "StackBusy",
    "StackUpdateFailed",
    "ValidationRecord",
    "get_provisioner",
]


class ProvisionerError(Exception):
    """Cloud provisioning of a store did not happen. Messages carry no secrets."""


class InvalidInfraRequest(ProvisionerError, ValueError):
    """The request itself is wrong (bad slug or domain): retrying cannot help."""


class PulumiCliMissing(ProvisionerError):
    """The Automation API drives the Pulumi CLI, and there is none: nothing was attempted."""


class StackBusy(ProvisionerError):
    """Another update of this store's stack is running (one update per stack): retry later."""


class StackUpdateFailed(ProvisionerError):
    """Pulumi ran and failed; `output` holds the tail of its log for the step's record."""

    def __init__(self, message: str, *, output: str = "") -> None:
        super().__init__(message)
        self.output = output


@dataclass(frozen=True)
class ValidationRecord:
    """A DNS record the owner of a custom domain must publish for its certificate."""

    domain: str
    name: str
    type: str
    value: str


@dataclass(frozen=True)
class InfraResult:
    provisioner: str
    tenant_slug: str
    hosts: tuple[str, ...]
    certificate_status: str
    validation_records: tuple[ValidationRecord, ...] = ()
    outputs: Mapping[str, Any] = field(default_factory=dict)


@runtime_checkable
class Provisioner(Protocol):
    name: str

    def ensure_store_infrastructure(
        self,
        tenant_slug: str,
        *,
        tenant_id: int | None = None,
        custom_domain: str | None = None,
        custom_domain_zone_id: str | None = None,
        custom_domain_validated: bool = False,
        on_output: OnOutput | None = None,
    ) -> InfraResult:
        """Create or update the store's cloud resources and say how its hosts are served.

        `custom_domain_zone_id`: the custom domain's Route53 zone when it is ours (records
        and certificate validation happen at once). Without it the certificate waits for its
        owner: the result lists `validation_records` to publish; call again with
        `custom_domain_validated=True` once they are published.
        """
        ...

    def destroy_store_infrastructure(
        self,
        tenant_slug: str,
        *,
        tenant_id: int | None = None,
        on_output: OnOutput | None = None,
    ) -> None: ...


def clean_slug(tenant_slug: str) -> str:
    try:
        return validate_slug(tenant_slug)
    except ValueError as exc:
        raise InvalidInfraRequest(str(exc)) from exc


def clean_custom_domain(custom_domain: str | None) -> str | None:
    if custom_domain is None:
        return None
    try:
        return validate_domain(custom_domain.strip().lower().rstrip("."), field="custom domain")
    except ValueError as exc:
        raise InvalidInfraRequest(str(exc)) from exc


class LocalProvisioner:
    """No cloud at all: the hosts work through the app's own routing (Domain rows)."""

    name = "local"

    def __init__(self, *, platform_domain: str) -> None:
        self.platform_domain = platform_domain

    def list_hosts(self, tenant_slug: str, *, custom_domain: str | None = None) -> tuple[str, ...]:
        slug = clean_slug(tenant_slug)
        hosts = [get_store_host(slug=slug, platform_domain=self.platform_domain)]
        for host in (f"{slug}.localhost", clean_custom_domain(custom_domain)):
            if host and host not in hosts:
                hosts.append(host)
        return tuple(hosts)

    def ensure_store_infrastructure(
        self,
        tenant_slug: str,
        *,
        tenant_id: int | None = None,
        custom_domain: str | None = None,
        custom_domain_zone_id: str | None = None,
        custom_domain_validated: bool = False,
        on_output: OnOutput | None = None,
    ) -> InfraResult:
        hosts = self.list_hosts(tenant_slug, custom_domain=custom_domain)
        message = (
            f"[{tenant_slug}] local provisioner: nothing to create in the cloud; "
            f"served by the app's host routing at {', '.join(hosts)}; no TLS certificate"
        )
        logger.info(message)
        if on_output is not None:
            on_output(message)
        return InfraResult(
            provisioner=self.name,
            tenant_slug=tenant_slug,
            hosts=hosts,
            certificate_status=CertificateStatus.NOT_NEEDED,
        )

    def destroy_store_infrastructure(
        self,
        tenant_slug: str,
        *,
        tenant_id: int | None = None,
        on_output: OnOutput | None = None,
    ) -> None:
        clean_slug(tenant_slug)
        message = f"[{tenant_slug}] local provisioner: nothing to destroy"
        logger.info(message)
        if on_output is not None:
            on_output(message)


def parse_validation_records(
    records: Sequence[Mapping[str, str]] | None,
) -> tuple[ValidationRecord, ...]:
    return tuple(
        ValidationRecord(domain=r["domain"], name=r["name"], type=r["type"], value=r["value"])
        for r in records or ()
    )


def get_provisioner() -> Provisioner:
    """The provisioner the INFRA_PROVISIONER setting names (config/settings/components/infra.py)."""
    if settings.INFRA_PROVISIONER == "pulumi":
        from control_plane.infra.pulumi_provisioner import PulumiProvisioner, PulumiSettings

        return PulumiProvisioner(PulumiSettings.from_django_settings(settings))
    return LocalProvisioner(platform_domain=settings.PLATFORM_DOMAIN)
