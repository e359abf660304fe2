"""NAT per availability zone (the default): each private subnet leaves the VPC through the NAT
gateway in its own zone, so one zone's outage or NAT failure leaves the others' egress alone."""

import pytest

NAT = "aws:ec2/natGateway:NatGateway"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"


def test_by_default_each_private_subnet_uses_its_own_zones_nat(platform_run, egress_zones):
    assert egress_zones(platform_run) == {"us-east-1a": "us-east-1a", "us-east-1b": "us-east-1b"}
    assert len(platform_run.of_type(NAT)) == 2
    assert len(platform_run.of_type("aws:ec2/eip:Eip")) == 2


@pytest.mark.parametrize("zone_count", [2, 3])
def test_every_zone_gets_its_nat_and_its_route_table(run_platform_stack, egress_zones, zone_count):
    run = run_platform_stack(availability_zone_count=zone_count, nat_gateways="per_az")
    zones = ["us-east-1a", "us-east-1b", "us-east-1c"][:zone_count]

    assert egress_zones(run) == {zone: zone for zone in zones}
    assert sorted(r.name for r in run.of_type(NAT)) == [f"storefleet-prod-nat-{z}" for z in zones]
    private_tables = [r for r in run.of_type(ROUTE_TABLE) if "-private" in r.name]
    assert sorted(r.name for r in private_tables) == [f"storefleet-prod-private-{z}" for z in zones]
    for table in private_tables:
        assert table.inputs["routes"] == [
            {"cidrBlock": "0.0.0.0/0", "natGatewayId": table.name.replace("private", "nat") + "-id"}
        ]
