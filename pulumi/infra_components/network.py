"""A VPC over N availability zones: public subnets (ALB, NAT) and private ones (tasks, data)."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

import pulumi_aws as aws

import pulumi


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
    """VPC, internet gateway, one NAT gateway (cost over zone redundancy; documented choice),
    a public route table to the internet gateway and a private one through the NAT."""

    vpc: aws.ec2.Vpc
    public_subnets: list[aws.ec2.Subnet]
    private_subnets: list[aws.ec2.Subnet]

    def __init__(
        self,
        name: str,
        *,
        cidr_block: str,
        availability_zones: Sequence[str],
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

        nat_ip = aws.ec2.Eip(
            f"{name}-nat", domain="vpc", tags={**tags, "Name": f"{name}-nat"}, opts=child
        )
        nat = aws.ec2.NatGateway(
            f"{name}-nat",
            allocation_id=nat_ip.id,
            subnet_id=self.public_subnets[0].id,
            tags={**tags, "Name": f"{name}-nat"},
            opts=pulumi.ResourceOptions(parent=self, depends_on=[gateway]),
        )
        private_routes = aws.ec2.RouteTable(
            f"{name}-private",
            vpc_id=self.vpc.id,
            routes=[aws.ec2.RouteTableRouteArgs(cidr_block="0.0.0.0/0", nat_gateway_id=nat.id)],
            tags={**tags, "Name": f"{name}-private"},
            opts=child,
        )
        for subnet, zone in zip(self.private_subnets, availability_zones, strict=True):
            aws.ec2.RouteTableAssociation(
                f"{name}-private-{zone}",
                subnet_id=subnet.id,
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
