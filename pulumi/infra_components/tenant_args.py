"""What a tenant stack is made of, as plain data: `TenantStackArgs` and its stack config.

No Pulumi import here, so the control plane can build and check the args (and the config it
sets on a stack) without loading the SDK's runtime.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from infra_components.names import (
    CertificateStatus,
    get_store_host,
    validate_domain,
    validate_environment,
    validate_slug,
    validate_tenant_id,
)

# An ALB rule holds at most five condition values, and one is the origin header that every
# forwarding rule requires (names.ORIGIN_VERIFY_HEADER): four hosts remain.
MAX_HOSTS_PER_RULE = 4


@dataclass(frozen=True)
class TenantStackArgs:
    slug: str
    tenant_id: int
    environment: str
    platform_domain: str
    hosted_zone_id: str
    alb_listener_arn: str
    alb_dns_name: str
    alb_zone_id: str
    target_group_arn: str
    custom_domain: str | None = None
    custom_domain_aliases: tuple[str, ...] = ()
    # Set when the custom domain's hosted zone is in our account: we publish its records.
    custom_domain_zone_id: str | None = None
    # Customer-owned zone: the owner has published the validation CNAMEs; wait for issuance.
    await_custom_domain_validation: bool = False
    # CloudFront in front of the ALB (platform stack outputs); None sends the store to the ALB.
    edge_dns_name: str | None = None
    edge_zone_id: str | None = None
    listener_rule_priority: int | None = None

    def __post_init__(self) -> None:
        validate_slug(self.slug)
        validate_environment(self.environment)
        validate_domain(self.platform_domain, field="platform domain")
        validate_tenant_id(self.tenant_id)
        for field in ("hosted_zone_id", "alb_listener_arn", "alb_dns_name", "alb_zone_id"):
            if not getattr(self, field):
                raise ValueError(f"{field} is required")
        if not self.target_group_arn:
            raise ValueError("target_group_arn is required")
        if (self.edge_dns_name is None) != (self.edge_zone_id is None):
            raise ValueError("edge_dns_name and edge_zone_id go together")
        if self.custom_domain is None:
            if self.custom_domain_aliases or self.custom_domain_zone_id:
                raise ValueError("custom domain aliases and zone need a custom domain")
            return
        for name in (self.custom_domain, *self.custom_domain_aliases):
            validate_domain(name, field="custom domain")
            if name == self.platform_domain or name.endswith("." + self.platform_domain):
                raise ValueError(
                    f"{name!r} is under the platform domain; it needs no custom domain"
                )
        if len(self.hosts) > MAX_HOSTS_PER_RULE:
            raise ValueError(f"a store has at most {MAX_HOSTS_PER_RULE} hosts on the ALB rule")

    @property
    def store_host(self) -> str:
        return get_store_host(slug=self.slug, platform_domain=self.platform_domain)

    @property
    def custom_hosts(self) -> tuple[str, ...]:
        if self.custom_domain is None:
            return ()
        return (self.custom_domain, *self.custom_domain_aliases)

    @property
    def hosts(self) -> tuple[str, ...]:
        return (self.store_host, *self.custom_hosts)

    @property
    def certificate_status(self) -> str:
        if self.custom_domain is None:
            return CertificateStatus.WILDCARD
        if self.custom_domain_zone_id or self.await_custom_domain_validation:
            return CertificateStatus.ISSUED
        return CertificateStatus.PENDING_VALIDATION


# Stack config keys (project namespace `storefleet-tenant:`), one per TenantStackArgs field.
CONFIG_KEYS: dict[str, str] = {
    "slug": "slug",
    "tenant_id": "tenantId",
    "environment": "environment",
    "platform_domain": "platformDomain",
    "hosted_zone_id": "hostedZoneId",
    "alb_listener_arn": "albListenerArn",
    "alb_dns_name": "albDnsName",
    "alb_zone_id": "albZoneId",
    "target_group_arn": "targetGroupArn",
    "custom_domain": "customDomain",
    "custom_domain_aliases": "customDomainAliases",
    "custom_domain_zone_id": "customDomainZoneId",
    "await_custom_domain_validation": "awaitCustomDomainValidation",
    "edge_dns_name": "edgeDnsName",
    "edge_zone_id": "edgeZoneId",
    "listener_rule_priority": "listenerRulePriority",
}


def get_tenant_stack_config(args: TenantStackArgs) -> dict[str, str]:
    """The stack config (key -> string value) that `tenant_args_from_mapping` reads back."""
    config = {}
    for field in dataclasses.fields(args):
        value = getattr(args, field.name)
        if value is None or value == ():
            continue
        if isinstance(value, bool):
            if not value:
                continue
            value = "true"
        elif isinstance(value, tuple):
            value = ",".join(value)
        config[CONFIG_KEYS[field.name]] = str(value)
    return config


def tenant_args_from_mapping(get: Callable[[str], str | None]) -> TenantStackArgs:
    """Build the args from config values, read by key (e.g. `pulumi.Config().get`)."""

    def text(field: str) -> str | None:
        value = get(CONFIG_KEYS[field])
        return value.strip() if value and value.strip() else None

    def required(field: str) -> str:
        value = text(field)
        if value is None:
            raise ValueError(f"missing stack config {CONFIG_KEYS[field]!r}")
        return value

    priority = text("listener_rule_priority")
    aliases = text("custom_domain_aliases")
    return TenantStackArgs(
        slug=required("slug"),
        tenant_id=validate_tenant_id(required("tenant_id")),
        environment=required("environment"),
        platform_domain=required("platform_domain"),
        hosted_zone_id=required("hosted_zone_id"),
        alb_listener_arn=required("alb_listener_arn"),
        alb_dns_name=required("alb_dns_name"),
        alb_zone_id=required("alb_zone_id"),
        target_group_arn=required("target_group_arn"),
        custom_domain=text("custom_domain"),
        custom_domain_aliases=tuple(a.strip() for a in aliases.split(",")) if aliases else (),
        custom_domain_zone_id=text("custom_domain_zone_id"),
        await_custom_domain_validation=(text("await_custom_domain_validation") or "") == "true",
        edge_dns_name=text("edge_dns_name"),
        edge_zone_id=text("edge_zone_id"),
        listener_rule_priority=int(priority) if priority else None,
    )
