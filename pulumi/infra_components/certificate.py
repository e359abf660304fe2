"""An ACM certificate validated by DNS records, in our Route53 zone or published by its owner."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi_aws as aws

import pulumi


def list_validation_names(domain_name: str, subject_alternative_names: Sequence[str]) -> list[str]:
    """The names whose validation records are distinct, in order.

    ACM gives `*.example.com` and `example.com` the same CNAME, so one record serves both;
    creating it twice would make Route53 refuse the second.
    """
    seen: set[str] = set()
    names = []
    for name in [domain_name, *subject_alternative_names]:
        base = name.removeprefix("*.")
        if base not in seen:
            seen.add(base)
            names.append(name)
    return names


def _option_for(options: Sequence, domain_name: str):
    for option in options:
        if option.domain_name == domain_name:
            return option
    raise ValueError(f"ACM gave no validation option for {domain_name!r}")


def _records_for_owner(options: Sequence, names: Sequence[str]) -> list[dict[str, str]]:
    return [
        {
            "domain": name,
            "name": _option_for(options, name).resource_record_name,
            "type": _option_for(options, name).resource_record_type,
            "value": _option_for(options, name).resource_record_value,
        }
        for name in names
    ]


class DnsValidatedCertificate(pulumi.ComponentResource):
    """`acm.Certificate(validation_method="DNS")` plus, when the zone is ours, one Route53 record
    per distinct validation name and an `acm.CertificateValidation` that waits for issuance.

    - `zone_id` given: records in that zone, then the validation (certificate issued on `up`).
    - `zone_id` None and `wait_for_issue`: the owner published the records; wait for issuance.
    - `zone_id` None and not `wait_for_issue`: only the certificate; `validation_records` tells
      the owner which CNAMEs to publish, and `validated_certificate_arn` is None.

    `region` pins the certificate (CloudFront needs us-east-1); None means the provider's region.
    """

    certificate: aws.acm.Certificate
    validation_records: list[aws.route53.Record]
    validation: aws.acm.CertificateValidation | None
    validated_certificate_arn: pulumi.Output[str] | None
    owner_records: pulumi.Output[list[dict[str, str]]]

    def __init__(
        self,
        name: str,
        *,
        domain_name: str,
        subject_alternative_names: Sequence[str] = (),
        zone_id: pulumi.Input[str] | None,
        wait_for_issue: bool = True,
        region: str | None = None,
        tags: dict[str, str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:DnsValidatedCertificate", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        sans = list(subject_alternative_names)
        names = list_validation_names(domain_name, sans)

        self.certificate = aws.acm.Certificate(
            name,
            domain_name=domain_name,
            subject_alternative_names=sans or None,
            validation_method="DNS",
            region=region,
            tags=tags,
            opts=child,
        )
        options = self.certificate.domain_validation_options
        self.owner_records = options.apply(lambda opts: _records_for_owner(opts, names))

        self.validation_records = []
        if zone_id is not None:
            for index, validated_name in enumerate(names):
                option = options.apply(lambda opts, n=validated_name: _option_for(opts, n))
                self.validation_records.append(
                    aws.route53.Record(
                        f"{name}-validation-{index}",
                        zone_id=zone_id,
                        name=option.apply(lambda o: o.resource_record_name),
                        type=option.apply(lambda o: o.resource_record_type),
                        records=[option.apply(lambda o: o.resource_record_value)],
                        ttl=60,
                        # Another certificate for the same name (e.g. the us-east-1 twin for
                        # CloudFront) needs the very same record.
                        allow_overwrite=True,
                        opts=child,
                    )
                )

        self.validation = None
        self.validated_certificate_arn = None
        if zone_id is not None or wait_for_issue:
            self.validation = aws.acm.CertificateValidation(
                f"{name}-validation",
                certificate_arn=self.certificate.arn,
                validation_record_fqdns=[r.fqdn for r in self.validation_records] or None,
                region=region,
                opts=child,
            )
            self.validated_certificate_arn = self.validation.certificate_arn

        self.register_outputs(
            {
                "certificate_arn": self.certificate.arn,
                "validated_certificate_arn": self.validated_certificate_arn,
                "owner_records": self.owner_records,
            }
        )
