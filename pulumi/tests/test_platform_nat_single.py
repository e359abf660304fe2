"""`natGateways: single`: one NAT gateway for every private subnet (cheap non-production
stacks), under the names the network had before NAT per zone, so such stacks see no change."""

import pytest
from infra_components.platform_stack import platform_args_from_config

NAT = "aws:ec2/natGateway:NatGateway"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"


def test_one_nat_in_the_first_zone_serves_every_private_subnet(run_platform_stack, egress_zones):
    run = run_platform_stack(nat_gateways="single", availability_zone_count=3)

    (nat,) = run.of_type(NAT)
    private = run.named(ROUTE_TABLE, "storefleet-prod-private")

    assert egress_zones(run) == {
        zone: "us-east-1a" for zone in ("us-east-1a", "us-east-1b", "us-east-1c")
    }
    assert nat.name == "storefleet-prod-nat"
    assert nat.inputs["subnetId"] == "storefleet-prod-public-us-east-1a-id"
    assert private.inputs["routes"] == [
        {"cidrBlock": "0.0.0.0/0", "natGatewayId": "storefleet-prod-nat-id"}
    ]
    assert [r.name for r in run.of_type(ROUTE_TABLE)] == [
        "storefleet-prod-public",
        "storefleet-prod-private",
    ]


def test_an_unknown_nat_mode_is_refused(platform_args):
    with pytest.raises(ValueError, match="invalid NAT mode 'two': use one of per_az, single"):
        platform_args(nat_gateways="two")


class _Config:
    """What `platform_args_from_config` reads from `pulumi.Config`, from a dict."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def get(self, key: str) -> str | None:
        return self.values.get(key)

    get_secret = get

    def require(self, key: str) -> str:
        return self.values[key]

    require_secret = require

    def get_int(self, key: str) -> int | None:
        return int(self.values[key]) if key in self.values else None

    def get_bool(self, key: str) -> bool | None:
        return self.values[key] == "true" if key in self.values else None


STACK_CONFIG = {
    "environment": "staging",
    "domain": "storefleet.example",
    "image": "storefleet:1",
    "dbPassword": "pw",
    "secretKey": "sk",
    "availabilityZoneCount": "3",
}


def test_the_stack_config_chooses_the_nat_mode_and_defaults_to_one_per_zone():
    region = _Config({"region": "eu-west-1"})

    default = platform_args_from_config(_Config(STACK_CONFIG), region)
    single = platform_args_from_config(_Config({**STACK_CONFIG, "natGateways": "single"}), region)

    assert default.nat_gateways == "per_az"
    assert single.nat_gateways == "single"
    # The keys stacks already had keep their meaning.
    assert (single.environment, single.availability_zone_count) == ("staging", 3)
