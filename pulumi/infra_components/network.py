"""A VPC over N availability zones: public subnets (ALB, NAT) and private ones (tasks, data).

NAT (`nat_gateways`):
- `per_az` (the default): a NAT gateway in each zone's public subnet, and each private subnet
  routed through its own zone's NAT, so losing a zone takes none of the others' egress with it
  (and no traffic crosses zones to reach a NAT).
- `single`: one NAT in the first zone for every private subnet; cheaper, for non-production
  stacks. Its resources keep the names the network had before `per_az` existed, so a stack
  that chooses it sees no change.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

import pulumi_aws as aws

import pulumi

NAT_PER_AZ = "per_az"
NAT_SINGLE = "single"
NAT_MODES = (NAT_PER_AZ, NAT_SINGLE)


def validate_nat_mode(mode: str) -> str:
    if mode not in NAT_MODES:
        raise ValueError(f"invalid NAT mode {mode!r}: use one of {', '.join(NAT_MODES)}")
    return mode


def plan_subnets(vpc_cidr: str, zone_count: int) -> tuple[list[str], list[str]]:
    """Public and private /24s (or the VPC's size + 8): public first, private from the middle."""
    network = ipaddress.ip_network(vpc_cidr)
    subnets = list(network.subnets(new_prefix=min(network.prefixlen + 8, 28)))
    half = len(subnets) // 2
    if zone_count < 1 or zone_count > half:
        raise ValueError(f"{vpc_cidr} cannot hold {zone_count} public and private subnets")
    return (
        [str(s) for s in subnets[:zone_count]],
        [str(s) for s in subnets[half : half + zone_count]],
    )


class Network(pulumi.ComponentResource):
    """VPC, internet gateway, a public route table to the internet gateway, NAT gateway(s)
    and private route tables through them (one per zone, or one shared: `nat_gateways`)."""

    vpc: aws.ec2.Vpc
    public_subnets: list[aws.ec2.Subnet]
    private_subnets: list[aws.ec2.Subnet]
    nat_gateways: list[aws.ec2.NatGateway]
    private_route_tables: list[aws.ec2.RouteTable]

    def __init__(
        self,
        name: str,
        *,
        cidr_block: str,
        availability_zones: Sequence[str],
        nat_gateways: str = NAT_PER_AZ,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:Network", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        public_cidrs, private_cidrs = plan_subnets(cidr_block, len(availability_zones))

        self.vpc = aws.ec2.Vpc(
            name,
            cidr_block=cidr_block,
            enable_dns_hostnames=True,
            enable_dns_support=True,
            tags={**tags, "Name": name},
            opts=child,
        )
        gateway = aws.ec2.InternetGateway(
            f"{name}-igw", vpc_id=self.vpc.id, tags={**tags, "Name": f"{name}-igw"}, opts=child
        )

        self.public_subnets = [
            aws.ec2.Subnet(
                f"{name}-public-{zone}",
                vpc_id=self.vpc.id,
                cidr_block=cidr,
                availability_zone=zone,
                map_public_ip_on_launch=False,
                tags={**tags, "Name": f"{name}-public-{zone}", "storefleet:tier": "public"},
                opts=child,
            )
            for zone, cidr in zip(availability_zones, public_cidrs, strict=True)
        ]
        self.private_subnets = [
            aws.ec2.Subnet(
                f"{name}-private-{zone}",
                vpc_id=self.vpc.id,
                cidr_block=cidr,
                availability_zone=zone,
                map_public_ip_on_launch=False,
                tags={**tags, "Name": f"{name}-private-{zone}", "storefleet:tier": "private"},
                opts=child,
            )
            for zone, cidr in zip(availability_zones, private_cidrs, strict=True)
        ]

        public_routes = aws.ec2.RouteTable(
            f"{name}-public",
            vpc_id=self.vpc.id,
            routes=[aws.ec2.RouteTableRouteArgs(cidr_block="0.0.0.0/0", gateway_id=gateway.id)],
            tags={**tags, "Name": f"{name}-public"},
            opts=child,
        )
        for subnet, zone in zip(self.public_subnets, availability_zones, strict=True):
            aws.ec2.RouteTableAssociation(
                f"{name}-public-{zone}",
                subnet_id=subnet.id,
                route_table_id=public_routes.id,
                opts=child,
            )

        validate_nat_mode(nat_gateways)
        # (name suffix, the public subnet holding the NAT, the zones whose private subnets use it)
        if nat_gateways == NAT_SINGLE:
            plan = [("", self.public_subnets[0], list(availability_zones))]
        else:
            plan = [
                (f"-{zone}", subnet, [zone])
                for zone, subnet in zip(availability_zones, self.public_subnets, strict=True)
            ]
        private_by_zone = dict(zip(availability_zones, self.private_subnets, strict=True))
        self.nat_gateways = []
        self.private_route_tables = []
        for suffix, public_subnet, served_zones in plan:
            nat_name, routes_name = f"{name}-nat{suffix}", f"{name}-private{suffix}"
            nat_ip = aws.ec2.Eip(
                nat_name,
                domain="vpc",
                tags={**tags, "Name": nat_name},
                opts=child,
            )
            nat = aws.ec2.NatGateway(
                nat_name,
                allocation_id=nat_ip.id,
                subnet_id=public_subnet.id,
                tags={**tags, "Name": nat_name},
                opts=pulumi.ResourceOptions(parent=self, depends_on=[gateway]),
            )
            private_routes = aws.ec2.RouteTable(
                routes_name,
                vpc_id=self.vpc.id,
                routes=[aws.ec2.RouteTableRouteArgs(cidr_block="0.0.0.0/0", nat_gateway_id=nat.id)],
                tags={**tags, "Name": routes_name},
                opts=child,
            )
            self.nat_gateways.append(nat)
            self.private_route_tables.append(private_routes)
            for zone in served_zones:
                aws.ec2.RouteTableAssociation(
                    f"{name}-private-{zone}",
                    subnet_id=private_by_zone[zone].id,
                    route_table_id=private_routes.id,
                    opts=child,
                )

        self.register_outputs(
            {
                "vpc_id": self.vpc.id,
                "public_subnet_ids": [s.id for s in self.public_subnets],
                "private_subnet_ids": [s.id for s in self.private_subnets],
            }
        )

    @property
    def public_subnet_ids(self) -> list[pulumi.Output[str]]:
        return [s.id for s in self.public_subnets]

    @property
    def private_subnet_ids(self) -> list[pulumi.Output[str]]:
        return [s.id for s in self.private_subnets]
