"""The platform's wildcard certificates (ALB in the stack's region, CloudFront in us-east-1),
validated by DNS in the platform zone and used by the HTTPS listener and the distribution."""

CERT = "aws:acm/certificate:Certificate"
VALIDATION = "aws:acm/certificateValidation:CertificateValidation"
RECORD = "aws:route53/record:Record"
ZONE = "aws:route53/zone:Zone"


def test_the_platform_zone_is_for_the_platform_domain(platform_run):
    zone = platform_run.named(ZONE, "storefleet-prod-zone")

    assert zone.inputs["name"] == "storefleet.example"


def test_both_certificates_cover_the_wildcard_and_the_apex(platform_run):
    for name in ("storefleet-prod-cert", "storefleet-prod-edge-cert"):
        certificate = platform_run.named(CERT, name)

        assert certificate.inputs["domainName"] == "*.storefleet.example"
        assert certificate.inputs["subjectAlternativeNames"] == ["storefleet.example"]
        assert certificate.inputs["validationMethod"] == "DNS"
    assert "region" not in platform_run.named(CERT, "storefleet-prod-cert").inputs
    assert platform_run.named(CERT, "storefleet-prod-edge-cert").inputs["region"] == "us-east-1"


def test_one_validation_record_serves_the_wildcard_and_the_apex(platform_run):
    zone_id = platform_run.named(ZONE, "storefleet-prod-zone").state["zoneId"]
    for name in ("storefleet-prod-cert", "storefleet-prod-edge-cert"):
        options = platform_run.named(CERT, name).state["domainValidationOptions"]
        records = [
            r for r in platform_run.of_type(RECORD) if r.name.startswith(f"{name}-validation")
        ]

        assert [r.name for r in records] == [f"{name}-validation-0"]
        assert records[0].inputs["zoneId"] == zone_id
        assert records[0].inputs["name"] == options[0]["resourceRecordName"]
        assert records[0].inputs["records"] == [options[0]["resourceRecordValue"]]
        # ACM gives `*.x` and `x` the same record; a second copy would be refused.
        assert options[0]["resourceRecordName"] == options[1]["resourceRecordName"]
        assert records[0].inputs["allowOverwrite"] is True

        validation = platform_run.named(VALIDATION, f"{name}-validation")
        assert validation.inputs["certificateArn"] == platform_run.named(CERT, name).state["arn"]
        assert validation.inputs["validationRecordFqdns"] == [records[0].state["fqdn"]]


def test_the_https_listener_and_the_distribution_use_the_validated_certificates(platform_run):
    listener = platform_run.named("aws:lb/listener:Listener", "storefleet-prod-alb-https")
    distribution = platform_run.named(
        "aws:cloudfront/distribution:Distribution", "storefleet-prod-cdn"
    )

    assert (
        listener.inputs["certificateArn"]
        == platform_run.named(VALIDATION, "storefleet-prod-cert-validation").state["certificateArn"]
    )
    assert distribution.inputs["viewerCertificate"] == {
        "acmCertificateArn": platform_run.named(CERT, "storefleet-prod-edge-cert").state["arn"],
        "sslSupportMethod": "sni-only",
        "minimumProtocolVersion": "TLSv1.2_2021",
    }
    assert distribution.inputs["aliases"] == ["storefleet.example", "*.storefleet.example"]


def test_the_apex_and_every_store_subdomain_point_at_cloudfront(platform_run):
    distribution = platform_run.named(
        "aws:cloudfront/distribution:Distribution", "storefleet-prod-cdn"
    )
    aliases = {
        (r.inputs["name"], r.inputs["type"]): r.inputs["aliases"]
        for r in platform_run.of_type(RECORD)
        if r.name.endswith(("-a", "-aaaa"))
    }

    target = [
        {
            "name": distribution.state["domainName"],
            "zoneId": "Z2FDTNDATAQYW2",
            "evaluateTargetHealth": False,
        }
    ]
    assert aliases == {
        ("storefleet.example", "A"): target,
        ("storefleet.example", "AAAA"): target,
        ("*.storefleet.example", "A"): target,
        ("*.storefleet.example", "AAAA"): target,
    }
