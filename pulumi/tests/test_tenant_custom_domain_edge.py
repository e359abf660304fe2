"""A custom domain is served through a CloudFront distribution of the store's own: the ALB
admits CloudFront only, and the platform's distribution covers the platform's names alone."""

from infra_components.names import ORIGIN_VERIFY_HEADER
from infra_components.testing import ORIGIN_VERIFY_VALUE, is_secret, reveal

CERT = "aws:acm/certificate:Certificate"
VALIDATION = "aws:acm/certificateValidation:CertificateValidation"
DISTRIBUTION = "aws:cloudfront/distribution:Distribution"

OUR_ZONE = {
    "custom_domain": "shop.acme.com",
    "custom_domain_aliases": ("www.shop.acme.com",),
    "custom_domain_zone_id": "ZACME",
}


def test_the_distribution_serves_the_custom_hosts_with_a_us_east_1_certificate(run_tenant_stack):
    run = run_tenant_stack(**OUR_ZONE)
    edge_certificate = run.named(CERT, "acme-custom-domain-edge")
    edge_validation = run.named(VALIDATION, "acme-custom-domain-edge-validation")

    distribution = run.named(DISTRIBUTION, "acme-custom-domain-cdn")

    assert distribution.inputs["aliases"] == ["shop.acme.com", "www.shop.acme.com"]
    assert edge_certificate.inputs["region"] == "us-east-1"
    assert edge_certificate.inputs["domainName"] == "shop.acme.com"
    assert edge_certificate.inputs["subjectAlternativeNames"] == ["www.shop.acme.com"]
    assert edge_validation.inputs["region"] == "us-east-1"
    assert (
        distribution.inputs["viewerCertificate"]["acmCertificateArn"]
        == edge_validation.state["certificateArn"]
    )


def test_the_distribution_sends_the_origin_header_to_the_alb(run_tenant_stack):
    run = run_tenant_stack(**OUR_ZONE)

    distribution = run.named(DISTRIBUTION, "acme-custom-domain-cdn")

    assert is_secret(distribution.inputs["origins"])
    (origin,) = reveal(distribution.inputs["origins"])
    assert origin["domainName"] == "sf-alb-123.eu-west-1.elb.amazonaws.com"
    assert origin["customOriginConfig"]["originProtocolPolicy"] == "https-only"
    assert origin["customHeaders"] == [{"name": ORIGIN_VERIFY_HEADER, "value": ORIGIN_VERIFY_VALUE}]


def test_a_certificate_still_pending_gets_no_distribution_yet(run_tenant_stack):
    run = run_tenant_stack(custom_domain="shop.acme.com")

    assert run.of_type(DISTRIBUTION) == []
    assert [c.name for c in run.of_type(CERT)] == ["acme-custom-domain"]
    assert "customDomainTarget" not in run.outputs


def test_an_owner_managed_zone_is_told_where_to_point_once_validated(run_tenant_stack):
    run = run_tenant_stack(custom_domain="shop.acme.com", await_custom_domain_validation=True)
    distribution = run.named(DISTRIBUTION, "acme-custom-domain-cdn")

    # The owner's validation CNAMEs serve the us-east-1 twin too: no records of ours.
    edge_validation = run.named(VALIDATION, "acme-custom-domain-edge-validation")

    assert "validationRecordFqdns" not in edge_validation.inputs
    assert run.outputs["customDomainTarget"] == distribution.state["domainName"]
