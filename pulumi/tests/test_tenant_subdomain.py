"""A store without a custom domain: one DNS record, one host rule, its Stripe secret; no
certificate (the platform's wildcard certificate covers `<slug>.<domain>`)."""

from infra_components.names import ORIGIN_VERIFY_HEADER
from infra_components.testing import ORIGIN_VERIFY_VALUE, reveal

RECORD = "aws:route53/record:Record"
RULE = "aws:lb/listenerRule:ListenerRule"
SECRET = "aws:secretsmanager/secret:Secret"  # noqa: S105 - a resource type


def test_the_store_record_is_an_alias_of_the_alb_in_the_platform_zone(run_tenant_stack):
    run = run_tenant_stack()

    record = run.named(RECORD, "acme-store-record")

    assert record.inputs["zoneId"] == "ZPLATFORM"
    assert record.inputs["name"] == "acme.storefleet.example"
    assert record.inputs["type"] == "A"
    assert record.inputs["aliases"] == [
        {
            "name": "sf-alb-123.eu-west-1.elb.amazonaws.com",
            "zoneId": "Z32O12XQLNTSW2",
            "evaluateTargetHealth": True,
        }
    ]
    assert run.outputs["storeRecordFqdn"] == "acme.storefleet.example"


def test_with_cloudfront_the_store_record_aliases_the_distribution(run_tenant_stack):
    run = run_tenant_stack(edge_dns_name="d111.cloudfront.net", edge_zone_id="Z2FDTNDATAQYW2")

    record = run.named(RECORD, "acme-store-record")

    # CloudFront alias targets cannot evaluate target health.
    assert record.inputs["aliases"] == [
        {"name": "d111.cloudfront.net", "zoneId": "Z2FDTNDATAQYW2", "evaluateTargetHealth": False}
    ]


def test_the_host_rule_forwards_the_store_host_to_the_web_targets(run_tenant_stack):
    run = run_tenant_stack()

    rule = run.named(RULE, "acme-host-rule")

    assert rule.inputs["listenerArn"] == (
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/sf/1/2"
    )
    # ... and only with the origin header CloudFront adds (the value the platform stored).
    assert reveal(rule.inputs["conditions"]) == [
        {"hostHeader": {"values": ["acme.storefleet.example"]}},
        {"httpHeader": {"httpHeaderName": ORIGIN_VERIFY_HEADER, "values": [ORIGIN_VERIFY_VALUE]}},
    ]
    target_group = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/3"
    assert rule.inputs["actions"] == [{"type": "forward", "targetGroupArn": target_group}]
    # Unset: AWS takes the next free priority (no clash between stores' stacks).
    assert "priority" not in rule.inputs


def test_a_configured_rule_priority_is_used(run_tenant_stack):
    run = run_tenant_stack(listener_rule_priority=120)

    assert run.named(RULE, "acme-host-rule").inputs["priority"] == 120


def test_the_stripe_secret_is_named_for_the_app_secret_store(run_tenant_stack):
    run = run_tenant_stack()

    secret = run.named(SECRET, "acme-stripe-secret")

    assert secret.inputs["name"] == "storefleet/prod/tenants/42/stripe"
    assert secret.inputs["recoveryWindowInDays"] == 0
    assert secret.inputs["tags"] == {
        "storefleet:env": "prod",
        "storefleet:managed-by": "pulumi",
        "storefleet:tenant": "42",
        "storefleet:store": "acme",
    }
    # Only the container: the keys are written by the app, never by the stack.
    assert run.of_type("aws:secretsmanager/secretVersion:SecretVersion") == []
    assert run.outputs["stripeSecretName"] == "storefleet/prod/tenants/42/stripe"


def test_no_certificate_is_made_for_the_platform_subdomain(run_tenant_stack):
    run = run_tenant_stack()

    assert run.of_type("aws:acm/certificate:Certificate") == []
    assert run.of_type("aws:lb/listenerCertificate:ListenerCertificate") == []
    assert [r.name for r in run.of_type(RECORD)] == ["acme-store-record"]
    assert run.outputs["certificateStatus"] == "wildcard"
    assert run.outputs["hosts"] == ["acme.storefleet.example"]
    assert run.outputs["validationRecords"] == []
