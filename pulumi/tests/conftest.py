"""Pulumi programs under `pulumi.runtime.set_mocks`: no CLI, no provider plugin, no credentials.

Each program runs through `infra_components.testing.run_program`, in a thread of its own (the
Pulumi runtime's settings are process-wide context variables), so these tests share a process
with the Django suite and with each other, under pytest-xdist too. The builders are called
directly; `__main__.py` (which reads stack config) is never imported.
"""

from __future__ import annotations

import dataclasses
import warnings

import pytest
from infra_components.platform_stack import PlatformStackArgs, build_platform_stack
from infra_components.tenant_stack import TenantStackArgs, build_tenant_stack
from infra_components.testing import ProgramRun, run_program

TENANT_DEFAULTS = TenantStackArgs(
    slug="acme",
    tenant_id=42,
    environment="prod",
    platform_domain="storefleet.example",
    hosted_zone_id="ZPLATFORM",
    alb_listener_arn="arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/sf/1/2",
    alb_dns_name="sf-alb-123.eu-west-1.elb.amazonaws.com",
    alb_zone_id="Z32O12XQLNTSW2",
    target_group_arn="arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/3",
)

PLATFORM_DEFAULTS = PlatformStackArgs(
    environment="prod",
    domain="storefleet.example",
    region="eu-west-1",
    image="123456789012.dkr.ecr.eu-west-1.amazonaws.com/storefleet:1.0.0",
    db_password="p@ss/w:rd",  # noqa: S106 - a test value with characters a URL must escape
    secret_key="not-a-real-secret-key",  # noqa: S106
    alarm_email="ops@storefleet.example",
)


@pytest.fixture
def tenant_args():
    """A factory: TenantStackArgs of the store `acme` (id 42), with any field overridden."""

    def make(**overrides) -> TenantStackArgs:
        return dataclasses.replace(TENANT_DEFAULTS, **overrides)

    return make


@pytest.fixture
def run_tenant_stack(tenant_args):
    """A factory: run the tenant program under mocks with those args."""

    def run(**overrides) -> ProgramRun:
        args = tenant_args(**overrides)
        return run_program(
            lambda: build_tenant_stack(args), project="storefleet-tenant", stack="tenant-acme"
        )

    return run


@pytest.fixture
def platform_args():
    """A factory: PLATFORM_DEFAULTS with any field overridden (validated again)."""

    def make(**overrides) -> PlatformStackArgs:
        return dataclasses.replace(PLATFORM_DEFAULTS, **overrides)

    return make


@pytest.fixture
def run_platform_stack(platform_args):
    """A factory: run the platform program under mocks with those args."""

    def run(**overrides) -> ProgramRun:
        args = platform_args(**overrides)
        return run_program(
            lambda: build_platform_stack(args),
            project="storefleet-platform",
            stack=args.environment,
        )

    return run


@pytest.fixture(scope="session")
def platform_run() -> ProgramRun:
    """The platform program, run once: its registrations are plain data, read-only here."""
    return run_program(
        lambda: build_platform_stack(PLATFORM_DEFAULTS), project="storefleet-platform", stack="prod"
    )


def _egress_zones(run: ProgramRun) -> dict[str, str]:
    """Each private subnet's zone -> the zone of the NAT gateway its route table's default route
    goes through, following the recorded inputs (association, route table, NAT, subnet)."""

    def find(typ: str, resource_id: str):
        (match,) = [r for r in run.of_type(f"aws:ec2/{typ}") if f"{r.name}-id" == resource_id]
        return match

    zones = {}
    for subnet in run.of_type("aws:ec2/subnet:Subnet"):
        if subnet.inputs["tags"]["storefleet:tier"] != "private":
            continue
        (association,) = [
            a
            for a in run.of_type("aws:ec2/routeTableAssociation:RouteTableAssociation")
            if a.inputs["subnetId"] == f"{subnet.name}-id"
        ]
        table = find("routeTable:RouteTable", association.inputs["routeTableId"])
        (default,) = [r for r in table.inputs["routes"] if r["cidrBlock"] == "0.0.0.0/0"]
        nat = find("natGateway:NatGateway", default["natGatewayId"])
        nat_subnet = find("subnet:Subnet", nat.inputs["subnetId"])
        assert nat_subnet.inputs["tags"]["storefleet:tier"] == "public"
        zones[subnet.inputs["availabilityZone"]] = nat_subnet.inputs["availabilityZone"]
    return zones


@pytest.fixture
def egress_zones():
    """`egress_zones(run)`: private subnet zone -> the zone of the NAT it leaves through."""
    return _egress_zones


with warnings.catch_warnings():
    # pulumi_aws.ec2 warns, on import, about one of its own deprecated resources (not ours).
    warnings.simplefilter("ignore", DeprecationWarning)
    import pulumi_aws

    pulumi_aws.ec2.Vpc  # noqa: B018 - the module is lazy: touching it runs the import
