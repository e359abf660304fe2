"""A store with a custom domain: an ACM certificate validated by DNS, attached to the HTTPS
listener by SNI, and the domain's hosts on the store's rule (which requires the origin header:
the ALB serves CloudFront only, so the domain is served by a distribution of the store's own)."""

from infra_components.names import ORIGIN_VERIFY_HEADER
from infra_components.testing import ORIGIN_VERIFY_VALUE, fake_validation_option, reveal

CERT = "aws:acm/certificate:Certificate"
VALIDATION = "aws:acm/certificateValidation:CertificateValidation"
RECORD = "aws:route53/record:Record"
LISTENER_CERT = "aws:lb/listenerCertificate:ListenerCertificate"
RULE = "aws:lb/listenerRule:ListenerRule"
DISTRIBUTION = "aws:cloudfront/distribution:Distribution"

OUR_ZONE = {
    "custom_domain": "shop.acme.com",
    "custom_domain_aliases": ("www.shop.acme.com",),
    "custom_domain_zone_id": "ZACME",
}


def _validation_records(run):
    return sorted(
        (r for r in run.of_type(RECORD) if r.name.startswith("acme-custom-domain-validation-")),
        key=lambda r: r.name,
    )


def test_the_certificate_covers_the_domain_and_its_aliases_validated_by_dns(run_tenant_stack):
    run = run_tenant_stack(**OUR_ZONE)

    certificate = run.named(CERT, "acme-custom-domain")

    assert certificate.inputs["domainName"] == "shop.acme.com"
    assert certificate.inputs["subjectAlternativeNames"] == ["www.shop.acme.com"]
    assert certificate.inputs["validationMethod"] == "DNS"


def test_the_validation_records_are_the_ones_the_certificate_asks_for(run_tenant_stack):
    run = run_tenant_stack(**OUR_ZONE)
    options = run.named(CERT, "acme-custom-domain").state["domainValidationOptions"]

    records = _validation_records(run)

    assert [(r.name, r.inputs["zoneId"]) for r in records] == [
        ("acme-custom-domain-validation-0", "ZACME"),
        ("acme-custom-domain-validation-1", "ZACME"),
    ]
    assert [(r.inputs["name"], r.inputs["type"], r.inputs["records"]) for r in records] == [
        (o["resourceRecordName"], o["resourceRecordType"], [o["resourceRecordValue"]])
        for o in options
    ]
    # ... which are the mock ACM's answers for exactly these two names.
    assert options == [
        fake_validation_option("shop.acme.com"),
        fake_validation_option("www.shop.acme.com"),
    ]


def test_the_certificate_validation_waits_for_those_records(run_tenant_stack):
    run = run_tenant_stack(**OUR_ZONE)
    certificate = run.named(CERT, "acme-custom-domain")

    validation = run.named(VALIDATION, "acme-custom-domain-validation")

    assert validation.inputs["certificateArn"] == certificate.state["arn"]
    assert validation.inputs["validationRecordFqdns"] == [
        r.state["fqdn"] for r in _validation_records(run)
    ]
    assert validation.inputs["validationRecordFqdns"] == [
        fake_validation_option("shop.acme.com")["resourceRecordName"].rstrip("."),
        fake_validation_option("www.shop.acme.com")["resourceRecordName"].rstrip("."),
    ]


def test_the_listener_presents_the_validated_certificate_by_sni(run_tenant_stack):
    run = run_tenant_stack(**OUR_ZONE)
    validation = run.named(VALIDATION, "acme-custom-domain-validation")

    listener_certificate = run.named(LISTENER_CERT, "acme-listener-certificate")

    assert listener_certificate.inputs["certificateArn"] == validation.state["certificateArn"]
    assert listener_certificate.inputs["listenerArn"] == (
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/sf/1/2"
    )
    assert run.outputs["certificateStatus"] == "issued"


def test_the_rule_matches_every_host_of_the_store(run_tenant_stack):
    run = run_tenant_stack(**OUR_ZONE)

    rule = run.named(RULE, "acme-host-rule")

    assert reveal(rule.inputs["conditions"]) == [
        {
            "hostHeader": {
                "values": ["acme.storefleet.example", "shop.acme.com", "www.shop.acme.com"]
            }
        },
        {"httpHeader": {"httpHeaderName": ORIGIN_VERIFY_HEADER, "values": [ORIGIN_VERIFY_VALUE]}},
    ]
    assert run.outputs["hosts"] == ["acme.storefleet.example", "shop.acme.com", "www.shop.acme.com"]


def test_the_custom_hosts_get_alias_records_of_the_stores_distribution(run_tenant_stack):
    # They used to alias the ALB, which now admits CloudFront only.
    run = run_tenant_stack(**OUR_ZONE)
    distribution = run.named(DISTRIBUTION, "acme-custom-domain-cdn")

    records = [run.named(RECORD, f"acme-custom-record-{i}") for i in (0, 1)]

    assert [(r.inputs["zoneId"], r.inputs["name"], r.inputs["type"]) for r in records] == [
        ("ZACME", "shop.acme.com", "A"),
        ("ZACME", "www.shop.acme.com", "A"),
    ]
    assert [r.inputs["aliases"] for r in records] == [
        [
            {
                "name": distribution.state["domainName"],
                "zoneId": "Z2FDTNDATAQYW2",
                "evaluateTargetHealth": False,
            }
        ]
    ] * 2
    assert run.outputs["customDomainTarget"] == distribution.state["domainName"]


def test_a_customer_owned_zone_gets_the_records_to_publish_and_nothing_attached(
    run_tenant_stack,
):
    run = run_tenant_stack(custom_domain="shop.acme.com")

    assert run.named(CERT, "acme-custom-domain").inputs["validationMethod"] == "DNS"
    # We cannot write their zone, and an unissued certificate cannot go on the listener.
    assert _validation_records(run) == []
    assert run.of_type(VALIDATION) == []
    assert run.of_type(LISTENER_CERT) == []
    assert [r.name for r in run.of_type(RECORD)] == ["acme-store-record"]
    option = fake_validation_option("shop.acme.com")
    assert run.outputs["certificateStatus"] == "pending_validation"
    assert run.outputs["validationRecords"] == [
        {
            "domain": "shop.acme.com",
            "name": option["resourceRecordName"],
            "type": "CNAME",
            "value": option["resourceRecordValue"],
        }
    ]


def test_once_the_owner_published_the_records_the_stack_waits_for_issuance(run_tenant_stack):
    run = run_tenant_stack(custom_domain="shop.acme.com", await_custom_domain_validation=True)
    certificate = run.named(CERT, "acme-custom-domain")

    validation = run.named(VALIDATION, "acme-custom-domain-validation")

    assert validation.inputs["certificateArn"] == certificate.state["arn"]
    assert "validationRecordFqdns" not in validation.inputs
    assert (
        run.named(LISTENER_CERT, "acme-listener-certificate").inputs["certificateArn"]
        == (certificate.state["arn"])
    )
    assert run.outputs["certificateStatus"] == "issued"
