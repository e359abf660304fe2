"""The tenant stack's args: checked on construction, and carried by stack config unchanged."""

import pytest
from infra_components.names import get_tenant_stack_name
from infra_components.tenant_args import get_tenant_stack_config, tenant_args_from_mapping


def test_stack_config_reads_back_as_the_same_args(tenant_args):
    args = tenant_args(
        custom_domain="shop.acme.com",
        custom_domain_aliases=("www.shop.acme.com", "acme.com"),
        custom_domain_zone_id="ZACME",
        edge_dns_name="d111.cloudfront.net",
        edge_zone_id="Z2FDTNDATAQYW2",
        listener_rule_priority=7,
    )

    config = get_tenant_stack_config(args)

    assert tenant_args_from_mapping(config.get) == args
    assert config["customDomainAliases"] == "www.shop.acme.com,acme.com"
    assert config["tenantId"] == "42"


def test_stack_config_leaves_out_what_is_not_set(tenant_args):
    config = get_tenant_stack_config(tenant_args())

    assert config == {
        "slug": "acme",
        "tenantId": "42",
        "environment": "prod",
        "platformDomain": "storefleet.example",
        "hostedZoneId": "ZPLATFORM",
        "albListenerArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/sf/1/2",
        "albDnsName": "sf-alb-123.eu-west-1.elb.amazonaws.com",
        "albZoneId": "Z32O12XQLNTSW2",
        "targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/3",
    }


def test_missing_config_names_the_key(tenant_args):
    config = get_tenant_stack_config(tenant_args())
    del config["albListenerArn"]

    with pytest.raises(ValueError, match="missing stack config 'albListenerArn'"):
        tenant_args_from_mapping(config.get)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slug": "Acme"}, "invalid store slug"),
        ({"slug": "-acme"}, "invalid store slug"),
        ({"tenant_id": 0}, "invalid tenant id"),
        ({"environment": "prod/x"}, "invalid environment"),
        ({"custom_domain": "shop.storefleet.example"}, "under the platform domain"),
        ({"custom_domain": "not a domain"}, "invalid custom domain"),
        ({"custom_domain_zone_id": "ZACME"}, "need a custom domain"),
        ({"edge_dns_name": "d111.cloudfront.net"}, "go together"),
        (
            {
                "custom_domain": "a.example.com",
                "custom_domain_aliases": ("b.com", "c.com", "d.com"),
            },
            "at most 4 hosts",
        ),
    ],
)
def test_bad_args_are_refused_with_a_clear_message(tenant_args, overrides, message):
    with pytest.raises(ValueError, match=message):
        tenant_args(**overrides)


def test_one_stack_per_store_is_named_after_its_slug():
    assert get_tenant_stack_name("acme") == "tenant-acme"
