"""The per-store stack: DNS, custom-domain certificate and CloudFront, ALB host rule, Stripe
secret.

`build_tenant_stack(args)` is the whole program. `pulumi/tenant/__main__.py` calls it with the
stack's config, and the control plane runs the same function as an Automation API inline
program, so both paths create exactly the same resources.

AWS quotas shape it (reference/tenancy-and-anchors.md 0 and 5.2): an ALB takes 25 extra
certificates and 100 rules by default, so only custom domains get a certificate (the platform's
wildcard certificate covers `<slug>.<domain>`), and a store's hosts share one rule.

The ALB serves CloudFront only (load_balancer.py): the store's rule requires the secret origin
header (read from Secrets Manager, where the platform stack keeps it), and a custom domain is
served by a CloudFront distribution of the store's own (its aliases, a us-east-1 twin of its
certificate, the ALB as origin with the header, and the platform stack's origin request policy,
looked up by name, which adds CloudFront-Viewer-Address: the app's client address). The ALB
still presents the regional certificate by SNI: CloudFront forwards the viewer's Host and checks
the origin's certificate against it.
"""

from __future__ import annotations

import pulumi_aws as aws

import pulumi
from infra_components.certificate import DnsValidatedCertificate
from infra_components.edge import CERTIFICATE_REGION, Cdn, get_viewer_address_policy_id
from infra_components.load_balancer import origin_verify_condition
from infra_components.names import (
    get_origin_verify_secret_name,
    get_tags,
    get_tenant_secret_name,
)
from infra_components.tenant_args import TenantStackArgs, tenant_args_from_mapping

__all__ = ["TenantStackArgs", "build_tenant_stack", "tenant_args_from_config"]


def tenant_args_from_config(config: pulumi.Config | None = None) -> TenantStackArgs:
    config = config or pulumi.Config()
    return tenant_args_from_mapping(config.get)


def _alias_record(
    name: str,
    *,
    zone_id: str,
    host: str,
    target: pulumi.Input[str],
    target_zone: pulumi.Input[str],
    check: bool,
) -> aws.route53.Record:
    return aws.route53.Record(
        name,
        zone_id=zone_id,
        name=host,
        type="A",
        aliases=[
            aws.route53.RecordAliasArgs(
                name=target, zone_id=target_zone, evaluate_target_health=check
            )
        ],
    )


def build_tenant_stack(args: TenantStackArgs) -> dict[str, object]:
    """Create the store's resources and export (and return) the stack outputs."""
    tags = get_tags(environment=args.environment, tenant_id=args.tenant_id, slug=args.slug)
    origin_verify_value = pulumi.Output.secret(
        aws.secretsmanager.get_secret_version_output(
            secret_id=get_origin_verify_secret_name(environment=args.environment)
        ).secret_string
    )

    # <slug>.<domain>: through CloudFront when the platform has it, else straight to the ALB
    # (which now admits CloudFront only: the ALB fallback serves nobody on a current platform).
    # CloudFront is no alias target health check: evaluate_target_health must be off.
    via_edge = args.edge_dns_name is not None
    store_record = _alias_record(
        f"{args.slug}-store-record",
        zone_id=args.hosted_zone_id,
        host=args.store_host,
        target=args.edge_dns_name if via_edge else args.alb_dns_name,
        target_zone=args.edge_zone_id if via_edge else args.alb_zone_id,
        check=not via_edge,
    )

    exports: dict[str, object] = {
        "hosts": list(args.hosts),
        "storeHost": args.store_host,
        "storeRecordFqdn": store_record.fqdn,
        "certificateStatus": args.certificate_status,
        "validationRecords": [],
    }

    if args.custom_domain is not None:
        certificate = DnsValidatedCertificate(
            f"{args.slug}-custom-domain",
            domain_name=args.custom_domain,
            subject_alternative_names=args.custom_domain_aliases,
            zone_id=args.custom_domain_zone_id,
            wait_for_issue=args.await_custom_domain_validation,
            tags=tags,
        )
        exports["certificateArn"] = certificate.certificate.arn
        exports["validationRecords"] = certificate.owner_records
        if certificate.validated_certificate_arn is not None:
            # SNI: the HTTPS listener presents this certificate for the custom domain.
            aws.lb.ListenerCertificate(
                f"{args.slug}-listener-certificate",
                listener_arn=args.alb_listener_arn,
                certificate_arn=certificate.validated_certificate_arn,
            )
            # ACM asks for the same validation CNAMEs in every region of an account, so the
            # records above (or the ones the owner published) validate this twin as well.
            edge_certificate = DnsValidatedCertificate(
                f"{args.slug}-custom-domain-edge",
                domain_name=args.custom_domain,
                subject_alternative_names=args.custom_domain_aliases,
                zone_id=args.custom_domain_zone_id,
                wait_for_issue=True,
                region=CERTIFICATE_REGION,
                tags=tags,
            )
            cdn = Cdn(
                f"{args.slug}-custom-domain-cdn",
                aliases=list(args.custom_hosts),
                origin_domain_name=args.alb_dns_name,
                certificate_arn=edge_certificate.validated_certificate_arn,
                origin_verify_value=origin_verify_value,
                # The platform stack's policy: the app reads the viewer's address from it.
                origin_request_policy_id=get_viewer_address_policy_id(environment=args.environment),
                comment=f"store {args.slug}: custom domain",
                tags=tags,
            )
            # Where the owner points the custom hosts (CNAME) when the zone is theirs.
            exports["customDomainTarget"] = cdn.distribution.domain_name
            if args.custom_domain_zone_id is not None:
                for index, host in enumerate(args.custom_hosts):
                    _alias_record(
                        f"{args.slug}-custom-record-{index}",
                        zone_id=args.custom_domain_zone_id,
                        host=host,
                        target=cdn.distribution.domain_name,
                        target_zone=cdn.distribution.hosted_zone_id,
                        check=False,
                    )

    rule = aws.lb.ListenerRule(
        f"{args.slug}-host-rule",
        listener_arn=args.alb_listener_arn,
        priority=args.listener_rule_priority,
        # Without the origin header, the listener's default answers 403 (load_balancer.py).
        conditions=[
            aws.lb.ListenerRuleConditionArgs(
                host_header=aws.lb.ListenerRuleConditionHostHeaderArgs(values=list(args.hosts))
            ),
            origin_verify_condition(origin_verify_value),
        ],
        actions=[
            aws.lb.ListenerRuleActionArgs(type="forward", target_group_arn=args.target_group_arn)
        ],
        tags=tags,
    )
    exports["listenerRuleArn"] = rule.arn

    # The container only; the app writes the keys through its secret store (core/aws_secrets).
    secret = aws.secretsmanager.Secret(
        f"{args.slug}-stripe-secret",
        name=get_tenant_secret_name(environment=args.environment, tenant_id=args.tenant_id),
        description=f"Stripe keys and webhook secret of store {args.slug}",
        # Deleted at once, like core/aws_secrets.py does: a name waiting out a recovery window
        # could not be created again by a retried provisioning job.
        recovery_window_in_days=0,
        tags=tags,
    )
    exports["stripeSecretName"] = secret.name
    exports["stripeSecretArn"] = secret.arn

    for key, value in exports.items():
        pulumi.export(key, value)
    return exports
