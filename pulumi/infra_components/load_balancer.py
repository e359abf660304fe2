"""The public entry: an ALB with HTTP->HTTPS redirect and an HTTPS listener to the web tasks."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi_aws as aws

import pulumi

HEALTH_CHECK_PATH = "/healthz"
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"


class LoadBalancer(pulumi.ComponentResource):
    """ALB in the public subnets; target group of Fargate task IPs checked on `/healthz`
    (answered on every host, before tenant routing: tenants/middleware.py)."""

    security_group: aws.ec2.SecurityGroup
    alb: aws.lb.LoadBalancer
    target_group: aws.lb.TargetGroup
    http_listener: aws.lb.Listener
    https_listener: aws.lb.Listener

    def __init__(
        self,
        name: str,
        *,
        vpc_id: pulumi.Input[str],
        subnet_ids: Sequence[pulumi.Input[str]],
        certificate_arn: pulumi.Input[str],
        target_port: int,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:LoadBalancer", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        everywhere = {"cidr_blocks": ["0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"]}
        self.security_group = aws.ec2.SecurityGroup(
            f"{name}-sg",
            vpc_id=vpc_id,
            description="ALB: HTTP and HTTPS from anywhere",
            ingress=[
                aws.ec2.SecurityGroupIngressArgs(
                    protocol="tcp", from_port=80, to_port=80, **everywhere
                ),
                aws.ec2.SecurityGroupIngressArgs(
                    protocol="tcp", from_port=443, to_port=443, **everywhere
                ),
            ],
            egress=[
                aws.ec2.SecurityGroupEgressArgs(
                    protocol="-1", from_port=0, to_port=0, cidr_blocks=["0.0.0.0/0"]
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
        self.http_listener = aws.lb.Listener(
            f"{name}-http",
            load_balancer_arn=self.alb.arn,
            port=80,
            protocol="HTTP",
            default_actions=[
                aws.lb.ListenerDefaultActionArgs(
                    type="redirect",
                    redirect=aws.lb.ListenerDefaultActionRedirectArgs(
                        protocol="HTTPS", port="443", status_code="HTTP_301"
                    ),
                )
            ],
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
            # Django routes by Host (unknown host: its own 404), so every host goes to the app;
            # per-store rules (tenant stacks) only add hosts explicitly.
            default_actions=[
                aws.lb.ListenerDefaultActionArgs(
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
