"""The platform stack: network, data stores, the app on ECS Fargate, edge, DNS, email, alarms.

`build_platform_stack(args)` is the whole program; `pulumi/platform/__main__.py` reads the
stack config into `PlatformStackArgs` and calls it. The exports named like the tenant stack's
config keys (hostedZoneId, albListenerArn, ...) are what every tenant stack is configured with.

Migrations are a step of the deploy, not of a service: nothing migrates when a task starts,
so web, worker and beat never race each other over a schema. The stack registers a task
definition `<prefix>-migrate` (the app image, `python manage.py migrate --no-input`, the
services' environment, secrets, subnets and security group) and exports what
`aws ecs run-task` needs. A deploy of image `<new>`:

1. `pulumi config set migrationImage <new>` and `pulumi up`: only the migrate task
   definition changes (the services keep running `image`; the preview shows it).
2. Run it and wait for it, stopping the deploy unless it exits 0:

       task=$(aws ecs run-task --cluster "$(pulumi stack output clusterName)" \
         --launch-type FARGATE \
         --task-definition "$(pulumi stack output migrateTaskDefinitionArn)" \
         --network-configuration "$(pulumi stack output migrateNetworkConfiguration --json)" \
         --query 'tasks[0].taskArn' --output text)
       aws ecs wait tasks-stopped --cluster "$(pulumi stack output clusterName)" --tasks "$task"
       aws ecs describe-tasks --cluster "$(pulumi stack output clusterName)" --tasks "$task" \
         --query 'tasks[0].containers[0].exitCode'     # must be 0

3. `pulumi config set image <new>`, `pulumi config rm migrationImage`, `pulumi up`: the
   services roll to the new image (the migrate definition is `image` again: no change).

The old code serves while the new migrations run: migrations must be backward compatible
(add first, drop in a later release). Without `migrationImage` the migrate definition follows
`image`, so a one-step `pulumi up` still leaves a definition to run afterwards by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi_aws as aws

import pulumi
from infra_components.alarms import OrderAlarms
from infra_components.certificate import DnsValidatedCertificate
from infra_components.data_stores import Cache, Database
from infra_components.edge import (
    CERTIFICATE_REGION,
    CLIENT_ADDRESS_SOURCE,
    Cdn,
    viewer_address_policy,
)
from infra_components.email import EmailDomain
from infra_components.fargate_service import FargateService, FargateTask
from infra_components.load_balancer import LoadBalancer
from infra_components.names import (
    get_origin_verify_secret_name,
    get_tags,
    validate_domain,
    validate_environment,
)
from infra_components.network import NAT_PER_AZ, Network, validate_nat_mode
from infra_components.pgbouncer import PgBouncerService, format_pooled_database_url
from infra_components.task_roles import TaskRoles

APP_PORT = 8000
WEB_COMMAND = ["gunicorn", "config.wsgi", "--bind", f"0.0.0.0:{APP_PORT}", "--access-logfile", "-"]
WORKER_COMMAND = ["celery", "-A", "config", "worker", "--loglevel", "INFO", "--concurrency", "2"]
BEAT_COMMAND = [
    "celery", "-A", "config", "beat", "--loglevel", "INFO",
    "--schedule", "/tmp/celerybeat-schedule",  # noqa: S108 - the container's own scratch file
]  # fmt: skip
MIGRATE_COMMAND = ["python", "manage.py", "migrate", "--no-input"]
CLOUDFRONT_CERTIFICATE_REGION = CERTIFICATE_REGION


@dataclass(frozen=True)
class PlatformStackArgs:
    environment: str
    domain: str
    region: str
    image: str
    db_password: pulumi.Input[str]
    secret_key: pulumi.Input[str]
    email_url: pulumi.Input[str] | None = None
    # The image the migrate task definition runs; None: `image` (see the module docstring).
    migration_image: str | None = None
    default_from_email: str | None = None
    alarm_email: str | None = None
    vpc_cidr: str = "10.20.0.0/16"
    availability_zone_count: int = 2
    # `per_az` (a NAT per zone) or `single` (one NAT, for cheap non-production stacks).
    nat_gateways: str = NAT_PER_AZ
    db_instance_class: str = "db.t4g.small"
    db_multi_az: bool = False
    db_backup_retention_days: int = 7
    db_deletion_protection: bool = True
    cache_node_type: str = "cache.t4g.micro"
    web_count: int = 2
    worker_count: int = 1
    # PgBouncer (transaction mode) between the app tasks and RDS (infra_components.pgbouncer
    # says why not RDS Proxy); the migrate task stays direct.
    pgbouncer: bool = False
    pgbouncer_image: str | None = None
    pgbouncer_pool_size: int = 20  # server connections per PgBouncer task
    pgbouncer_count: int = 2

    def __post_init__(self) -> None:
        validate_environment(self.environment)
        validate_domain(self.domain, field="platform domain")
        if not self.image:
            raise ValueError("image is required")
        if self.availability_zone_count < 2:
            raise ValueError("the ALB and RDS subnet groups need at least 2 availability zones")
        validate_nat_mode(self.nat_gateways)
        if self.pgbouncer and not self.pgbouncer_image:
            raise ValueError("pgbouncer needs pgbouncerImage (e.g. edoburu/pgbouncer:<version>)")


def platform_args_from_config(
    config: pulumi.Config | None = None, aws_config: pulumi.Config | None = None
) -> PlatformStackArgs:
    config = config or pulumi.Config()
    aws_config = aws_config or pulumi.Config("aws")
    environment = config.get("environment") or pulumi.get_stack()
    return PlatformStackArgs(
        environment=environment,
        domain=config.require("domain"),
        region=aws_config.require("region"),
        image=config.require("image"),
        db_password=config.require_secret("dbPassword"),
        secret_key=config.require_secret("secretKey"),
        email_url=config.get_secret("emailUrl"),
        migration_image=config.get("migrationImage") or None,
        default_from_email=config.get("defaultFromEmail"),
        alarm_email=config.get("alarmEmail"),
        vpc_cidr=config.get("vpcCidr") or "10.20.0.0/16",
        availability_zone_count=config.get_int("availabilityZoneCount") or 2,
        nat_gateways=config.get("natGateways") or NAT_PER_AZ,
        db_instance_class=config.get("dbInstanceClass") or "db.t4g.small",
        db_multi_az=bool(config.get_bool("dbMultiAz")),
        db_deletion_protection=config.get_bool("dbDeletionProtection") is not False,
        cache_node_type=config.get("cacheNodeType") or "cache.t4g.micro",
        web_count=config.get_int("webCount") or 2,
        worker_count=config.get_int("workerCount") or 1,
        pgbouncer=config.get_bool("pgbouncer") is True,
        pgbouncer_image=config.get("pgbouncerImage") or None,
        pgbouncer_pool_size=config.get_int("pgbouncerPoolSize") or 20,
        pgbouncer_count=config.get_int("pgbouncerCount") or 2,
    )


def _app_secret(
    name: str, *, secret_name: str, value: pulumi.Input[str], tags
) -> aws.secretsmanager.Secret:
    secret = aws.secretsmanager.Secret(name, name=secret_name, recovery_window_in_days=7, tags=tags)
    aws.secretsmanager.SecretVersion(
        name, secret_id=secret.id, secret_string=pulumi.Output.secret(value)
    )
    return secret


def _origin_verify_secret(
    name: str, *, environment: str, tags
) -> tuple[aws.secretsmanager.Secret, pulumi.Output[str]]:
    """The origin header's value: random, drawn once and kept in Secrets Manager.

    Secrets Manager draws a new password on every run, so the version ignores changes to its
    string and the value read back is the one stored at creation. Rotating it: `pulumi up
    --replace <the SecretVersion's URN>`, then `pulumi up` every tenant stack (their rules
    read the secret); requests are refused with 403 between the two.
    """
    secret = aws.secretsmanager.Secret(
        name,
        name=get_origin_verify_secret_name(environment=environment),
        description="Header value CloudFront adds to requests to the ALB (origin verification)",
        recovery_window_in_days=7,
        tags=tags,
    )
    # No punctuation: ALB header conditions read `*` and `?` as wildcards.
    drawn = aws.secretsmanager.get_random_password_output(
        password_length=48, exclude_punctuation=True
    )
    version = aws.secretsmanager.SecretVersion(
        name,
        secret_id=secret.id,
        secret_string=pulumi.Output.secret(drawn.random_password),
        opts=pulumi.ResourceOptions(ignore_changes=["secret_string"]),
    )
    return secret, pulumi.Output.secret(version.secret_string)


def _alias_to(
    name: str, *, zone_id, host: str, record_type: str, distribution
) -> aws.route53.Record:
    return aws.route53.Record(
        name,
        zone_id=zone_id,
        name=host,
        type=record_type,
        aliases=[
            aws.route53.RecordAliasArgs(
                name=distribution.domain_name,
                zone_id=distribution.hosted_zone_id,
                evaluate_target_health=False,
            )
        ],
    )


def build_platform_stack(args: PlatformStackArgs) -> dict[str, object]:
    """Create the platform's resources and export (and return) the stack outputs."""
    env = args.environment
    tags = get_tags(environment=env)
    prefix = f"storefleet-{env}"

    zones = aws.get_availability_zones(state="available").names[: args.availability_zone_count]
    if len(zones) < args.availability_zone_count:
        raise ValueError(f"{args.region} has only {len(zones)} availability zones available")
    network = Network(
        prefix,
        cidr_block=args.vpc_cidr,
        availability_zones=zones,
        nat_gateways=args.nat_gateways,
        tags=tags,
    )

    # DNS and certificates: `*.<domain>` + apex, validated by DNS in our own zone.
    zone = aws.route53.Zone(
        f"{prefix}-zone", name=args.domain, comment="Storefleet platform", tags=tags
    )
    names = {"domain_name": f"*.{args.domain}", "subject_alternative_names": [args.domain]}
    alb_certificate = DnsValidatedCertificate(
        f"{prefix}-cert", **names, zone_id=zone.zone_id, tags=tags
    )
    edge_certificate = DnsValidatedCertificate(
        f"{prefix}-edge-cert",
        **names,
        zone_id=zone.zone_id,
        region=CLOUDFRONT_CERTIFICATE_REGION,
        tags=tags,
    )

    origin_secret, origin_verify_value = _origin_verify_secret(
        f"{prefix}-origin-verify", environment=env, tags=tags
    )
    load_balancer = LoadBalancer(
        f"{prefix}-alb",
        vpc_id=network.vpc.id,
        vpc_cidr_block=args.vpc_cidr,
        subnet_ids=network.public_subnet_ids,
        certificate_arn=alb_certificate.validated_certificate_arn,
        target_port=APP_PORT,
        hosts=[args.domain, f"*.{args.domain}"],
        origin_verify_value=origin_verify_value,
        tags=tags,
    )
    app_security_group = aws.ec2.SecurityGroup(
        f"{prefix}-app-sg",
        vpc_id=network.vpc.id,
        description="App tasks: the web port from the ALB only",
        ingress=[
            aws.ec2.SecurityGroupIngressArgs(
                protocol="tcp",
                from_port=APP_PORT,
                to_port=APP_PORT,
                security_groups=[load_balancer.security_group.id],
            )
        ],
        egress=[
            aws.ec2.SecurityGroupEgressArgs(
                protocol="-1", from_port=0, to_port=0, cidr_blocks=["0.0.0.0/0"]
            )
        ],
        tags={**tags, "Name": f"{prefix}-app-sg"},
    )

    database = Database(
        f"{prefix}-db",
        vpc_id=network.vpc.id,
        subnet_ids=network.private_subnet_ids,
        client_security_group_id=app_security_group.id,
        password=args.db_password,
        url_secret_name=f"storefleet/{env}/app/database-url",
        instance_class=args.db_instance_class,
        multi_az=args.db_multi_az,
        backup_retention_days=args.db_backup_retention_days,
        deletion_protection=args.db_deletion_protection,
        tags=tags,
    )
    cache = Cache(
        f"{prefix}-redis",
        vpc_id=network.vpc.id,
        subnet_ids=network.private_subnet_ids,
        client_security_group_id=app_security_group.id,
        node_type=args.cache_node_type,
        tags=tags,
    )

    secrets = {
        "DATABASE_URL": database.url_secret.arn,
        "SECRET_KEY": _app_secret(
            f"{prefix}-secret-key",
            secret_name=f"storefleet/{env}/app/secret-key",
            value=args.secret_key,
            tags=tags,
        ).arn,
    }
    if args.email_url is not None:
        secrets["EMAIL_URL"] = _app_secret(
            f"{prefix}-email-url",
            secret_name=f"storefleet/{env}/app/email-url",
            value=args.email_url,
            tags=tags,
        ).arn

    log_group = aws.cloudwatch.LogGroup(
        f"{prefix}-logs", name=f"/storefleet/{env}/app", retention_in_days=30, tags=tags
    )
    migrate_secrets = secrets  # migrations reach RDS directly, also with PgBouncer
    readable = list(secrets.values())
    pooler_host = f"pgbouncer.{env}.storefleet.internal"
    if args.pgbouncer:
        db_password_secret = _app_secret(
            f"{prefix}-db-password",
            secret_name=f"storefleet/{env}/pgbouncer/db-password",
            value=args.db_password,
            tags=tags,
        )
        pooled_url_secret = _app_secret(
            f"{prefix}-db-pooled-url",
            secret_name=f"storefleet/{env}/app/database-pooled-url",
            value=pulumi.Output.from_input(args.db_password).apply(
                lambda password: format_pooled_database_url(password=password, host=pooler_host)
            ),
            tags=tags,
        )
        secrets = {**secrets, "DATABASE_URL": pooled_url_secret.arn}
        readable += [db_password_secret.arn, pooled_url_secret.arn]
    roles = TaskRoles(f"{prefix}-roles", environment=env, secret_arns=readable, tags=tags)
    cluster = aws.ecs.Cluster(
        f"{prefix}-cluster",
        settings=[aws.ecs.ClusterSettingArgs(name="containerInsights", value="enabled")],
        tags=tags,
    )
    environment = {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "PLATFORM_DOMAIN": args.domain,
        "REDIS_URL": cache.url,
        "DEBUG": "0",
        "SECRETS_BACKEND": "aws",
        "STOREFLEET_ENV": env,
        "AWS_REGION": args.region,
        "DEFAULT_FROM_EMAIL": args.default_from_email or f"no-reply@{args.domain}",
        # Every request reaches the app from the ALB: the viewer is in CloudFront's header.
        "CLIENT_ADDRESS_SOURCE": CLIENT_ADDRESS_SOURCE,
        # JSON lines: CloudWatch Logs Insights reads their fields (store, request_id, status).
        "LOG_FORMAT": "json",
    }
    common = {
        "cluster_arn": cluster.arn,
        "image": args.image,
        "environment": environment,
        "secrets": secrets,
        "execution_role_arn": roles.execution_role.arn,
        "task_role_arn": roles.task_role.arn,
        "log_group_name": log_group.name,
        "region": args.region,
        "subnet_ids": network.private_subnet_ids,
        "security_group_ids": [app_security_group.id],
        "tags": tags,
    }
    services = {
        "web": FargateService(
            f"{prefix}-web",
            command=WEB_COMMAND,
            port=APP_PORT,
            target_group_arn=load_balancer.target_group.arn,
            desired_count=args.web_count,
            opts=pulumi.ResourceOptions(depends_on=[load_balancer.https_listener]),
            **common,
        ),
        # Celery finishes its current task on SIGTERM: give it Fargate's longest stop timeout.
        "worker": FargateService(
            f"{prefix}-worker",
            command=WORKER_COMMAND,
            desired_count=args.worker_count,
            stop_timeout=120,
            **common,
        ),
        "beat": FargateService(f"{prefix}-beat", command=BEAT_COMMAND, singleton=True, **common),
    }
    if args.pgbouncer:
        services["pgbouncer"] = PgBouncerService(
            f"{prefix}-pgbouncer",
            vpc_id=network.vpc.id,
            namespace=pooler_host.removeprefix("pgbouncer."),
            image=args.pgbouncer_image,
            db_host=database.instance.address,
            db_password_secret_arn=db_password_secret.arn,
            client_security_group_id=app_security_group.id,
            pool_size=args.pgbouncer_pool_size,
            desired_count=args.pgbouncer_count,
            service_args=common,
            subnet_ids=network.private_subnet_ids,
            tags=tags,
        ).service

    task_args = {key: value for key, value in common.items() if key != "cluster_arn"}
    migrate = FargateTask(
        f"{prefix}-migrate",
        command=MIGRATE_COMMAND,
        **{**task_args, "image": args.migration_image or args.image, "secrets": migrate_secrets},
    )

    cdn = Cdn(
        f"{prefix}-cdn",
        aliases=[args.domain, f"*.{args.domain}"],
        origin_domain_name=load_balancer.alb.dns_name,
        certificate_arn=edge_certificate.validated_certificate_arn,
        origin_verify_value=origin_verify_value,
        origin_request_policy_id=viewer_address_policy(
            f"{prefix}-viewer-address", environment=env
        ).id,
        tags=tags,
    )
    for host, label in ((args.domain, "apex"), (f"*.{args.domain}", "wildcard")):
        for record_type in ("A", "AAAA"):
            _alias_to(
                f"{prefix}-{label}-{record_type.lower()}",
                zone_id=zone.zone_id,
                host=host,
                record_type=record_type,
                distribution=cdn.distribution,
            )

    EmailDomain(f"{prefix}-email", domain=args.domain, zone_id=zone.zone_id)
    alarm = OrderAlarms(
        prefix,
        log_group_name=log_group.name,
        namespace=f"Storefleet/{env}",
        notify_email=args.alarm_email,
        tags=tags,
    )

    exports: dict[str, object] = {
        "environment": env,
        "platformDomain": args.domain,
        "vpcId": network.vpc.id,
        "hostedZoneId": zone.zone_id,
        "nameServers": zone.name_servers,
        "albDnsName": load_balancer.alb.dns_name,
        "albZoneId": load_balancer.alb.zone_id,
        "albListenerArn": load_balancer.https_listener.arn,
        "targetGroupArn": load_balancer.target_group.arn,
        "edgeDnsName": cdn.distribution.domain_name,
        "edgeZoneId": cdn.distribution.hosted_zone_id,
        "originVerifySecretArn": origin_secret.arn,
        "clusterName": cluster.name,
        "clusterArn": cluster.arn,
        "migrateTaskDefinitionArn": migrate.task_definition.arn,
        "migrateContainerName": migrate.container_name,
        "migrateNetworkConfiguration": migrate.network_configuration,
        "serviceNames": {role: service.service.name for role, service in services.items()},
        "databaseAddress": database.instance.address,
        "logGroupName": log_group.name,
        "alarmTopicArn": alarm.topic.arn,
    }
    for key, value in exports.items():
        pulumi.export(key, value)
    return exports
