"""The VPC: public and private subnets in two availability zones; SES identity with DKIM."""

import pytest
from infra_components.network import plan_subnets

SUBNET = "aws:ec2/subnet:Subnet"


def test_two_zones_get_a_public_and_a_private_subnet_each(platform_run):
    subnets = {
        r.name: (r.inputs["availabilityZone"], r.inputs["cidrBlock"])
        for r in platform_run.of_type(SUBNET)
    }

    assert subnets == {
        "storefleet-prod-public-us-east-1a": ("us-east-1a", "10.20.0.0/24"),
        "storefleet-prod-public-us-east-1b": ("us-east-1b", "10.20.1.0/24"),
        "storefleet-prod-private-us-east-1a": ("us-east-1a", "10.20.128.0/24"),
        "storefleet-prod-private-us-east-1b": ("us-east-1b", "10.20.129.0/24"),
    }


def test_the_load_balancer_is_public_and_the_tasks_are_not(platform_run):
    alb = platform_run.named("aws:lb/loadBalancer:LoadBalancer", "storefleet-prod-alb")
    web = platform_run.named("aws:ecs/service:Service", "storefleet-prod-web")

    assert alb.inputs["internal"] is False
    assert alb.inputs["subnets"] == [
        "storefleet-prod-public-us-east-1a-id",
        "storefleet-prod-public-us-east-1b-id",
    ]
    assert web.inputs["networkConfiguration"]["subnets"] == [
        "storefleet-prod-private-us-east-1a-id",
        "storefleet-prod-private-us-east-1b-id",
    ]


def test_ses_publishes_its_verification_and_three_dkim_records(platform_run):
    dkim = platform_run.named("aws:ses/domainDkim:DomainDkim", "storefleet-prod-email")
    records = {
        r.inputs["name"]: (r.inputs["type"], r.inputs["records"])
        for r in platform_run.of_type("aws:route53/record:Record")
        if r.name.startswith("storefleet-prod-email-dkim-")
    }

    assert records == {
        f"{token}._domainkey.storefleet.example": ("CNAME", [f"{token}.dkim.amazonses.com"])
        for token in dkim.state["dkimTokens"]
    }
    assert dkim.inputs["domain"] == "storefleet.example"


def test_a_vpc_too_small_for_the_zones_is_refused():
    with pytest.raises(ValueError, match="cannot hold 3"):
        plan_subnets("10.0.0.0/27", 3)
