"""The origin behind CloudFront: an ALB that only CloudFront can reach, and only with the secret
origin header, forwarding to the web tasks.

Two locks, each enough on its own to keep direct traffic out:
- the security group admits 443 from CloudFront's origin-facing managed prefix list only
  (`com.amazonaws.global.cloudfront.origin-facing`); no 80: CloudFront talks HTTPS to the
  origin and redirects viewers to HTTPS itself. The prefix list weighs about 55 rules against
  the 60-rule security group quota, so it can be referenced once: one ingress rule.
- the HTTPS listener's default action is a fixed 403; rules that forward require the header
  CloudFront adds (names.ORIGIN_VERIFY_HEADER). The platform's rule forwards its own hosts;
  each store's rule (tenant stacks) forwards its custom domain, header required there too.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi_aws as aws

import pulumi
from infra_components.names import ORIGIN_VERIFY_HEADER

HEALTH_CHECK_PATH = "/healthz"
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing"
# Tenant rules without an explicit priority get "the next after the highest": keep the
# platform's rule low so that leaves room (priorities go up to 50000), and clear of the
# numbers stores created before this rule existed may hold (the default quota is 100 rules).
PLATFORM_RULE_PRIORITY = 1000
FORBIDDEN_BODY = "Forbidden"


def origin_verify_condition(value: pulumi.Input[str]) -> aws.lb.ListenerRuleConditionArgs:
    """The listener rule condition every forwarding rule carries (platform and tenants)."""
    return aws.lb.ListenerRuleConditionArgs(
        http_header=aws.lb.ListenerRuleConditionHttpHeaderArgs(
            http_header_name=ORIGIN_VERIFY_HEADER, values=[pulumi.Output.secret(value)]
        )
    )


class LoadBalancer(pulumi.ComponentResource):
    """ALB in the public subnets; target group of Fargate task IPs checked on `/healthz`
    (answered on every host, before tenant routing: tenants/middleware.py). `hosts` are the
    platform's host patterns (apex, `*.<domain>`) its forwarding rule matches."""

    security_group: aws.ec2.SecurityGroup
    alb: aws.lb.LoadBalancer
    target_group: aws.lb.TargetGroup
    https_listener: aws.lb.Listener
    platform_rule: aws.lb.ListenerRule

    def __init__(
        self,
        name: str,
        *,
        vpc_id: pulumi.Input[str],
        vpc_cidr_block: pulumi.Input[str],
        subnet_ids: Sequence[pulumi.Input[str]],
        certificate_arn: pulumi.Input[str],
        target_port: int,
        hosts: Sequence[str],
        origin_verify_value: pulumi.Input[str],
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:LoadBalancer", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        cloudfront = aws.ec2.get_managed_prefix_list_output(
            name=CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST, opts=pulumi.InvokeOutputOptions(parent=self)
        )
        self.security_group = aws.ec2.SecurityGroup(
            f"{name}-sg",
            vpc_id=vpc_id,
            description="ALB: HTTPS from CloudFront only",
            ingress=[
                aws.ec2.SecurityGroupIngressArgs(
                    description="CloudFront origin-facing",
                    protocol="tcp",
                    from_port=443,
                    to_port=443,
                    prefix_list_ids=[cloudfront.id],
                ),
            ],
            # Out only to the tasks (traffic and health checks), inside the VPC.
            egress=[
                aws.ec2.SecurityGroupEgressArgs(
                    description="web tasks",
                    protocol="tcp",
                    from_port=target_port,
                    to_port=target_port,
                    cidr_blocks=[vpc_cidr_block],
                )
            ],
            tags={**tags, "Name": f"{name}-sg"},
            opts=child,
        )
        self.alb = aws.lb.LoadBalancer(
            name,
            load_balancer_type="application",
            internal=False,
            subnets=list(subnet_ids),
            security_groups=[self.security_group.id],
            drop_invalid_header_fields=True,
            idle_timeout=60,
            tags=tags,
            opts=child,
        )
        self.target_group = aws.lb.TargetGroup(
            f"{name}-web",
            vpc_id=vpc_id,
            target_type="ip",
            protocol="HTTP",
            port=target_port,
            deregistration_delay=30,
            health_check=aws.lb.TargetGroupHealthCheckArgs(
                path=HEALTH_CHECK_PATH,
                protocol="HTTP",
                matcher="200",
                interval=15,
                timeout=5,
                healthy_threshold=2,
                unhealthy_threshold=3,
            ),
            tags=tags,
            opts=child,
        )
        self.https_listener = aws.lb.Listener(
            f"{name}-https",
            load_balancer_arn=self.alb.arn,
            port=443,
            protocol="HTTPS",
            ssl_policy=TLS_POLICY,
            certificate_arn=certificate_arn,
            # Whatever no rule forwards (no origin header, or a host nobody claimed) ends here.
            default_actions=[
                aws.lb.ListenerDefaultActionArgs(
                    type="fixed-response",
                    fixed_response=aws.lb.ListenerDefaultActionFixedResponseArgs(
                        content_type="text/plain", message_body=FORBIDDEN_BODY, status_code="403"
                    ),
                )
            ],
            tags=tags,
            opts=child,
        )
        # Django routes the platform's hosts by Host (an unknown store: its own 404).
        self.platform_rule = aws.lb.ListenerRule(
            f"{name}-platform-hosts",
            listener_arn=self.https_listener.arn,
            priority=PLATFORM_RULE_PRIORITY,
            conditions=[
                aws.lb.ListenerRuleConditionArgs(
                    host_header=aws.lb.ListenerRuleConditionHostHeaderArgs(values=list(hosts))
                ),
                origin_verify_condition(origin_verify_value),
            ],
            actions=[
                aws.lb.ListenerRuleActionArgs(
                    type="forward", target_group_arn=self.target_group.arn
                )
            ],
            tags=tags,
            opts=child,
        )
        self.register_outputs(
            {
                "dns_name": self.alb.dns_name,
                "zone_id": self.alb.zone_id,
                "https_listener_arn": self.https_listener.arn,
                "target_group_arn": self.target_group.arn,
            }
        )
