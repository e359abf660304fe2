"""Names shared by the Pulumi programs and the control plane: hosts, stacks, secrets, tags.

Pure functions, no Pulumi import, so the control plane can use them without the SDK's runtime.
"""

from __future__ import annotations

import re

TENANT_PROJECT = "storefleet-tenant"
PLATFORM_PROJECT = "storefleet-platform"

# The markers the application writes in a log line for people to act on: when an order
# confirmation email fails (DESIGN.md 4) ...
ORDER_EMAIL_FAILURE_MARKER = "[ORDER_EMAIL_FAILURE]"
# ... and when Stripe charged an amount other than the cart's total (shop.orders.services).
ORDER_AMOUNT_MISMATCH_MARKER = "[ORDER_AMOUNT_MISMATCH]"

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_ENVIRONMENT = re.compile(r"^[a-z][a-z0-9-]{0,31}$")


def validate_slug(slug: str) -> str:
    """A store slug is one DNS label: lowercase letters, digits and inner hyphens."""
    if not _SLUG.match(slug or ""):
        raise ValueError(
            f"invalid store slug {slug!r}: use 1-63 lowercase letters, digits, hyphens"
        )
    return slug


def validate_domain(domain: str, *, field: str = "domain") -> str:
    """A fully qualified host name, lowercase, without a trailing dot or a wildcard. Not an
    IP address, and no label of digits only (`1.5`, `10.0.0.1`, `123.example.com`)."""
    labels = (domain or "").split(".")
    if len(labels) < 2 or len(domain) > 253 or not all(_LABEL.match(label) for label in labels):
        raise ValueError(
            f"invalid {field} {domain!r}: expected a lowercase host name like shop.example.com"
        )
    numeric = [label for label in labels if label.isdigit()]
    if numeric:
        raise ValueError(
            f"invalid {field} {domain!r}: expected a host name like shop.example.com, "
            f"not an IP address or a label of digits only ({numeric[0]!r})"
        )
    return domain


def validate_environment(environment: str) -> str:
    if not _ENVIRONMENT.match(environment or ""):
        raise ValueError(f"invalid environment {environment!r}: lowercase letters, digits, hyphens")
    return environment


def get_store_host(*, slug: str, platform_domain: str) -> str:
    """The store's own host on the platform: `<slug>.<PLATFORM_DOMAIN>`."""
    return f"{validate_slug(slug)}.{platform_domain}"


def get_tenant_stack_name(slug: str) -> str:
    """One Pulumi stack per store (one update per stack at a time, so one per tenant)."""
    return f"tenant-{validate_slug(slug)}"


def validate_tenant_id(tenant_id: str | int) -> int:
    """Tenant ids are the control plane's integer primary keys."""
    text = str(tenant_id).strip()
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"invalid tenant id {tenant_id!r}: expected a positive integer")
    return int(text)


def get_tenant_secret_name(*, environment: str, tenant_id: str | int) -> str:
    """The Secrets Manager name of a store's Stripe keys: the same name the app's AWS secret
    store (platform/core/aws_secrets.py, STOREFLEET_ENV) reads and writes."""
    tenant = validate_tenant_id(tenant_id)
    return f"storefleet/{validate_environment(environment)}/tenants/{tenant}/stripe"


# CloudFront adds this header (a random value kept in Secrets Manager) to every request it
# sends to the ALB; listener rules forward only requests that carry it, so the ALB serves
# CloudFront alone even if its security group were opened by mistake.
ORIGIN_VERIFY_HEADER = "X-Storefleet-Origin-Verify"


def get_origin_verify_secret_name(*, environment: str) -> str:
    """The Secrets Manager name of the origin header's value: written by the platform stack,
    read by every tenant stack (their listener rules require the header too)."""
    return f"storefleet/{validate_environment(environment)}/edge/origin-verify"


def get_tags(
    *, environment: str, tenant_id: str | int | None = None, slug: str | None = None
) -> dict[str, str]:
    """Tags on every resource; the keys match the ones core/aws_secrets.py puts on secrets."""
    tags = {"storefleet:env": environment, "storefleet:managed-by": "pulumi"}
    if tenant_id is not None:
        tags["storefleet:tenant"] = str(validate_tenant_id(tenant_id))
    if slug is not None:
        tags["storefleet:store"] = slug
    return tags


class CertificateStatus:
    """How a store's hosts get TLS. Plain strings, so they travel through stack outputs."""

    NOT_NEEDED = "not_needed"  # no cloud: local provisioner, the app serves plain HTTP
    WILDCARD = "wildcard"  # `<slug>.<domain>` is covered by the platform's wildcard certificate
    PENDING_VALIDATION = "pending_validation"  # custom domain: the owner must publish the CNAMEs
    ISSUED = "issued"  # custom domain: validated, attached to the ALB listener (SNI)
