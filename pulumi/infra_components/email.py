"""SES sending domain: identity, verification TXT record and DKIM CNAMEs in our zone."""

from __future__ import annotations

import pulumi_aws as aws

import pulumi

DKIM_TOKEN_COUNT = 3  # SES Easy DKIM always issues three tokens


class EmailDomain(pulumi.ComponentResource):
    identity: aws.ses.DomainIdentity
    dkim: aws.ses.DomainDkim
    dkim_records: list[aws.route53.Record]

    def __init__(
        self,
        name: str,
        *,
        domain: str,
        zone_id: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:EmailDomain", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.identity = aws.ses.DomainIdentity(name, domain=domain, opts=child)
        aws.route53.Record(
            f"{name}-verification",
            zone_id=zone_id,
            name=f"_amazonses.{domain}",
            type="TXT",
            ttl=600,
            records=[self.identity.verification_token],
            opts=child,
        )
        self.dkim = aws.ses.DomainDkim(name, domain=self.identity.domain, opts=child)
        self.dkim_records = [
            aws.route53.Record(
                f"{name}-dkim-{index}",
                zone_id=zone_id,
                name=self.dkim.dkim_tokens.apply(
                    lambda tokens, i=index: f"{tokens[i]}._domainkey.{domain}"
                ),
                type="CNAME",
                ttl=600,
                records=[
                    self.dkim.dkim_tokens.apply(
                        lambda tokens, i=index: f"{tokens[i]}.dkim.amazonses.com"
                    )
                ],
                opts=child,
            )
            for index in range(DKIM_TOKEN_COUNT)
        ]
        self.register_outputs({"identity_arn": self.identity.arn})
