"""The platform's state: RDS PostgreSQL 16 and ElastiCache Redis 7, private and encrypted."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

import pulumi_aws as aws

import pulumi

DATABASE_USER = "storefleet"
DATABASE_NAME = "storefleet"


def format_database_url(*, password: str, host: str, port: int | float | str) -> str:
    """The app's DATABASE_URL (config/env.py parse_database_url), TLS required."""
    return (
        f"postgres://{DATABASE_USER}:{quote(password, safe='')}@{host}:{int(port)}/{DATABASE_NAME}"
        "?sslmode=require"
    )


def _client_only_security_group(
    name: str, *, vpc_id, port: int, client_security_group_id, tags, opts
) -> aws.ec2.SecurityGroup:
    return aws.ec2.SecurityGroup(
        name,
        vpc_id=vpc_id,
        description=f"{name}: port {port} from the app tasks only",
        ingress=[
            aws.ec2.SecurityGroupIngressArgs(
                protocol="tcp",
                from_port=port,
                to_port=port,
                security_groups=[client_security_group_id],
                description="app tasks",
            )
        ],
        tags={**tags, "Name": name},
        opts=opts,
    )


class Database(pulumi.ComponentResource):
    """PostgreSQL 16 in the private subnets, encrypted, backed up, reachable from the app only.

    Its DATABASE_URL (with the password) goes to Secrets Manager, which the ECS tasks read;
    it never appears in a task definition or a stack output in clear.
    """

    instance: aws.rds.Instance
    url_secret: aws.secretsmanager.Secret

    def __init__(
        self,
        name: str,
        *,
        vpc_id: pulumi.Input[str],
        subnet_ids: Sequence[pulumi.Input[str]],
        client_security_group_id: pulumi.Input[str],
        password: pulumi.Input[str],
        url_secret_name: str,
        instance_class: str = "db.t4g.small",
        allocated_storage: int = 20,
        max_allocated_storage: int = 200,
        multi_az: bool = False,
        backup_retention_days: int = 7,
        deletion_protection: bool = True,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:Database", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        security_group = _client_only_security_group(
            f"{name}-sg",
            vpc_id=vpc_id,
            port=5432,
            client_security_group_id=client_security_group_id,
            tags=tags,
            opts=child,
        )
        subnet_group = aws.rds.SubnetGroup(
            f"{name}-subnets", subnet_ids=list(subnet_ids), tags=tags, opts=child
        )
        self.instance = aws.rds.Instance(
            name,
            engine="postgres",
            engine_version="16",
            instance_class=instance_class,
            allocated_storage=allocated_storage,
            max_allocated_storage=max_allocated_storage,
            storage_type="gp3",
            storage_encrypted=True,
            publicly_accessible=False,
            db_subnet_group_name=subnet_group.name,
            vpc_security_group_ids=[security_group.id],
            db_name=DATABASE_NAME,
            username=DATABASE_USER,
            password=password,
            port=5432,
            multi_az=multi_az,
            backup_retention_period=backup_retention_days,
            backup_window="03:00-04:00",
            maintenance_window="sun:04:30-sun:05:30",
            copy_tags_to_snapshot=True,
            deletion_protection=deletion_protection,
            skip_final_snapshot=False,
            final_snapshot_identifier=f"{name}-final",
            auto_minor_version_upgrade=True,
            enabled_cloudwatch_logs_exports=["postgresql"],
            tags=tags,
            opts=child,
        )
        self.url_secret = aws.secretsmanager.Secret(
            f"{name}-url",
            name=url_secret_name,
            description="DATABASE_URL of the Storefleet app",
            recovery_window_in_days=7,
            tags=tags,
            opts=child,
        )
        url = pulumi.Output.all(password, self.instance.address, self.instance.port).apply(
            lambda values: format_database_url(password=values[0], host=values[1], port=values[2])
        )
        aws.secretsmanager.SecretVersion(
            f"{name}-url",
            secret_id=self.url_secret.id,
            secret_string=pulumi.Output.secret(url),
            opts=child,
        )
        self.register_outputs(
            {"address": self.instance.address, "url_secret_arn": self.url_secret.arn}
        )


class Cache(pulumi.ComponentResource):
    """Redis 7 (ElastiCache replication group) for Celery and the cache, TLS and at-rest
    encryption on; `url` is the app's REDIS_URL (rediss://, certificate checked)."""

    replication_group: aws.elasticache.ReplicationGroup
    url: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        *,
        vpc_id: pulumi.Input[str],
        subnet_ids: Sequence[pulumi.Input[str]],
        client_security_group_id: pulumi.Input[str],
        node_type: str = "cache.t4g.micro",
        nodes: int = 1,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:Cache", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        security_group = _client_only_security_group(
            f"{name}-sg",
            vpc_id=vpc_id,
            port=6379,
            client_security_group_id=client_security_group_id,
            tags=tags,
            opts=child,
        )
        subnet_group = aws.elasticache.SubnetGroup(
            f"{name}-subnets", subnet_ids=list(subnet_ids), tags=tags, opts=child
        )
        self.replication_group = aws.elasticache.ReplicationGroup(
            name,
            description="Storefleet Celery broker and cache",
            engine="redis",
            engine_version="7.1",
            parameter_group_name="default.redis7",
            node_type=node_type,
            num_cache_clusters=nodes,
            automatic_failover_enabled=nodes > 1,
            multi_az_enabled=nodes > 1,
            port=6379,
            subnet_group_name=subnet_group.name,
            security_group_ids=[security_group.id],
            at_rest_encryption_enabled=True,
            transit_encryption_enabled=True,
            snapshot_retention_limit=1,
            tags=tags,
            opts=child,
        )
        self.url = pulumi.Output.concat(
            "rediss://",
            self.replication_group.primary_endpoint_address,
            ":6379/0?ssl_cert_reqs=required",
        )
        self.register_outputs({"url": self.url})
