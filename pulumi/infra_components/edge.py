"""CloudFront in front of the ALB for the platform host and every store subdomain."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi_aws as aws

import pulumi
from infra_components.names import ORIGIN_VERIFY_HEADER

# AWS managed policies (CloudFront "Use managed cache policies" / "origin request policies").
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3"  # forwards Host: Django routes stores by it
ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
ORIGIN_ID = "alb"
# CloudFront takes viewer certificates from us-east-1 only.
CERTIFICATE_REGION = "us-east-1"


class Cdn(pulumi.ComponentResource):
    """A distribution whose aliases are the platform apex and `*.<domain>`; pages are never
    cached (they are per tenant and per session), `/static/*` is. The viewer certificate must
    live in us-east-1 (a CloudFront rule), hence a separate wildcard certificate there.

    Every request to the origin carries `ORIGIN_VERIFY_HEADER: <origin_verify_value>`, which
    the ALB's rules require (load_balancer.py). Tenant stacks reuse this for a store's custom
    domain (its own aliases and certificate, the same origin and header)."""

    distribution: aws.cloudfront.Distribution

    def __init__(
        self,
        name: str,
        *,
        aliases: Sequence[str],
        origin_domain_name: pulumi.Input[str],
        certificate_arn: pulumi.Input[str],
        origin_verify_value: pulumi.Input[str],
        comment: str | None = None,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:Cdn", name, None, opts)
        self.distribution = aws.cloudfront.Distribution(
            name,
            enabled=True,
            is_ipv6_enabled=True,
            http_version="http2and3",
            price_class="PriceClass_100",
            comment=comment or f"{name}: platform and store hosts",
            aliases=list(aliases),
            origins=[
                aws.cloudfront.DistributionOriginArgs(
                    origin_id=ORIGIN_ID,
                    domain_name=origin_domain_name,
                    custom_headers=[
                        aws.cloudfront.DistributionOriginCustomHeaderArgs(
                            name=ORIGIN_VERIFY_HEADER,
                            value=pulumi.Output.secret(origin_verify_value),
                        )
                    ],
                    custom_origin_config=aws.cloudfront.DistributionOriginCustomOriginConfigArgs(
                        http_port=80,
                        https_port=443,
                        origin_protocol_policy="https-only",
                        origin_ssl_protocols=["TLSv1.2"],
                    ),
                )
            ],
            default_cache_behavior=aws.cloudfront.DistributionDefaultCacheBehaviorArgs(
                target_origin_id=ORIGIN_ID,
                viewer_protocol_policy="redirect-to-https",
                allowed_methods=ALL_METHODS,
                cached_methods=["GET", "HEAD"],
                cache_policy_id=CACHING_DISABLED,
                origin_request_policy_id=ALL_VIEWER,
                compress=True,
            ),
            ordered_cache_behaviors=[
                aws.cloudfront.DistributionOrderedCacheBehaviorArgs(
                    path_pattern="/static/*",
                    target_origin_id=ORIGIN_ID,
                    viewer_protocol_policy="redirect-to-https",
                    allowed_methods=["GET", "HEAD"],
                    cached_methods=["GET", "HEAD"],
                    cache_policy_id=CACHING_OPTIMIZED,
                    compress=True,
                )
            ],
            restrictions=aws.cloudfront.DistributionRestrictionsArgs(
                geo_restriction=aws.cloudfront.DistributionRestrictionsGeoRestrictionArgs(
                    restriction_type="none"
                )
            ),
            viewer_certificate=aws.cloudfront.DistributionViewerCertificateArgs(
                acm_certificate_arn=certificate_arn,
                ssl_support_method="sni-only",
                minimum_protocol_version="TLSv1.2_2021",
            ),
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs(
            {
                "domain_name": self.distribution.domain_name,
                "hosted_zone_id": self.distribution.hosted_zone_id,
            }
        )
