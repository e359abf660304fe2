"""A store's listener rule forwards only requests with the origin header CloudFront adds: the
ALB's default answer is 403, and a rule without the header would reopen it for the store's
hosts (a custom domain's above all: it has a certificate on the listener)."""

from infra_components.names import ORIGIN_VERIFY_HEADER
from infra_components.testing import ORIGIN_VERIFY_VALUE, is_secret, reveal

RULE = "aws:lb/listenerRule:ListenerRule"
GET_SECRET_VERSION = "aws:secretsmanager/getSecretVersion:getSecretVersion"  # noqa: S105


def test_the_custom_domain_rule_requires_the_origin_header(run_tenant_stack):
    run = run_tenant_stack(custom_domain="shop.acme.com", custom_domain_zone_id="ZACME")

    rule = run.named(RULE, "acme-host-rule")

    assert is_secret(rule.inputs["conditions"])
    host, header = reveal(rule.inputs["conditions"])
    assert host == {"hostHeader": {"values": ["acme.storefleet.example", "shop.acme.com"]}}
    assert header == {
        "httpHeader": {"httpHeaderName": ORIGIN_VERIFY_HEADER, "values": [ORIGIN_VERIFY_VALUE]}
    }


def test_the_header_value_is_read_from_the_platforms_secret(run_tenant_stack):
    run = run_tenant_stack(environment="staging")

    reads = [args for token, args in run.calls if token == GET_SECRET_VERSION]

    assert reads == [{"secretId": "storefleet/staging/edge/origin-verify"}]


def test_every_rule_of_a_store_carries_the_header(run_tenant_stack):
    run = run_tenant_stack(
        custom_domain="shop.acme.com",
        custom_domain_aliases=("www.shop.acme.com",),
        await_custom_domain_validation=True,
    )

    for rule in run.of_type(RULE):
        conditions = reveal(rule.inputs["conditions"])
        assert {
            "httpHeader": {"httpHeaderName": ORIGIN_VERIFY_HEADER, "values": [ORIGIN_VERIFY_VALUE]}
        } in conditions
