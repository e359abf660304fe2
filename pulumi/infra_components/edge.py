"""CloudFront in front of the ALB for the platform host and every store subdomain."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi_aws as aws

import pulumi
from infra_components.names import ORIGIN_VERIFY_HEADER

# AWS managed policies (CloudFront "Use managed cache policies" / "origin request policies").
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
ORIGIN_ID = "alb"
# CloudFront takes viewer certificates from us-east-1 only.
CERTIFICATE_REGION = "us-east-1"
# The viewer's `IP:port`, added by CloudFront itself (a viewer cannot set it) when the origin
# request policy names it; the app reads it (CLIENT_ADDRESS_SOURCE=cloudfront-viewer-address).
VIEWER_ADDRESS_HEADER = "CloudFront-Viewer-Address"
CLIENT_ADDRESS_SOURCE = "cloudfront-viewer-address"


def get_viewer_address_policy_name(*, environment: str) -> str:
    return f"storefleet-{environment}-viewer-address"


def viewer_address_policy(
    name: str, *, environment: str, opts: pulumi.ResourceOptions | None = None
) -> aws.cloudfront.OriginRequestPolicy:
    """What the managed AllViewer policy forwards (every viewer header, Host included: Django
    routes stores by it; cookies; query strings) plus CloudFront-Viewer-Address, without which
    every shopper would reach the app as the ALB's address and share one rate limit.

    One per environment, made by the platform stack under a known name; tenant stacks look it
    up by that name (CloudFront allows 20 custom origin request policies per account)."""
    return aws.cloudfront.OriginRequestPolicy(
        name,
        name=get_viewer_address_policy_name(environment=environment),
        comment="All viewer headers, cookies and query strings, and CloudFront-Viewer-Address",
        headers_config=aws.cloudfront.OriginRequestPolicyHeadersConfigArgs(
            header_behavior="allViewerAndWhitelistCloudFront",
            headers=aws.cloudfront.OriginRequestPolicyHeadersConfigHeadersArgs(
                items=[VIEWER_ADDRESS_HEADER]
            ),
        ),
        cookies_config=aws.cloudfront.OriginRequestPolicyCookiesConfigArgs(cookie_behavior="all"),
        query_strings_config=aws.cloudfront.OriginRequestPolicyQueryStringsConfigArgs(
            query_string_behavior="all"
        ),
        opts=opts,
    )


def get_viewer_address_policy_id(*, environment: str) -> pulumi.Output[str]:
    """The id of the platform stack's policy (tenant stacks)."""
    return aws.cloudfront.get_origin_request_policy_output(
        name=get_viewer_address_policy_name(environment=environment)
    ).apply(lambda policy: policy.id)


class Cdn(pulumi.ComponentResource):
    """A distribution whose aliases are the platform apex and `*.<domain>`; pages are never
    cached (they are per tenant and per session), `/static/*` is. The viewer certificate must
    live in us-east-1 (a CloudFront rule), hence a separate wildcard certificate there.

    Every request to the origin carries `ORIGIN_VERIFY_HEADER: <origin_verify_value>`, which
    the ALB's rules require (load_balancer.py), and goes through `origin_request_policy_id`
    (`viewer_address_policy`: the viewer's Host and address reach the app). Tenant stacks
    reuse this for a store's custom domain (its own aliases and certificate, the same origin,
    header and policy)."""

    distribution: aws.cloudfront.Distribution

    def __init__(
        self,
        name: str,
        *,
        aliases: Sequence[str],
        origin_domain_name: pulumi.Input[str],
        certificate_arn: pulumi.Input[str],
        origin_verify_value: pulumi.Input[str],
        origin_request_policy_id: pulumi.Input[str],
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
                origin_request_policy_id=origin_request_policy_id,
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
                    # Host too: without it the ALB's host rules refuse the request.
                    origin_request_policy_id=origin_request_policy_id,
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
