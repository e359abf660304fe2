"""PgBouncer in transaction mode between the app tasks and RDS, as an ECS Fargate service.

Why PgBouncer and not RDS Proxy: RDS Proxy for PostgreSQL pins a client to one server
connection for the rest of its session on any `SET` command (SET LOCAL and set_config
included), on `nextval` (every INSERT into a table with an identity key, i.e. almost every
write of ours) and on advisory lock functions (AWS, "Avoiding pinning an RDS Proxy",
conditions for RDS for PostgreSQL). Each of our store statements carries a `SET LOCAL
search_path` (tenants.postgresql_backend), so every client would be pinned and RDS Proxy
would multiplex nothing. PgBouncer's transaction mode hands the server connection back at
each transaction's end whatever ran in it, which is what that backend is built for (and
tested against, tests/fleet).

The app reaches it at `pgbouncer.<namespace>:6432` (Cloud Map); PgBouncer reaches RDS with
TLS required. The image is configured by environment (edoburu/pgbouncer's variables).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import quote

import pulumi_aws as aws

import pulumi
from infra_components.data_stores import DATABASE_NAME, DATABASE_USER
from infra_components.fargate_service import FargateService

PGBOUNCER_PORT = 6432
PGBOUNCER_COMMAND = ["/usr/bin/pgbouncer", "/etc/pgbouncer/pgbouncer.ini"]


def format_pooled_database_url(*, password: str, host: str) -> str:
    """The app's DATABASE_URL through PgBouncer: `?pool=transaction` selects the backend that
    never sends a session-level SET (config/env.py parse_database_url)."""
    return (
        f"postgres://{DATABASE_USER}:{quote(password, safe='')}@{host}:{PGBOUNCER_PORT}"
        f"/{DATABASE_NAME}?pool=transaction"
    )


def pgbouncer_environment(
    *, db_host: pulumi.Input[str], pool_size: int
) -> dict[str, pulumi.Input[str]]:
    """PgBouncer's settings, in the image's environment variables."""
    return {
        "DB_HOST": db_host,
        "DB_PORT": "5432",
        "DB_USER": DATABASE_USER,
        "DB_NAME": DATABASE_NAME,
        "LISTEN_PORT": str(PGBOUNCER_PORT),
        "POOL_MODE": "transaction",
        "DEFAULT_POOL_SIZE": str(pool_size),
        "MAX_CLIENT_CONN": "1000",
        # RDS PostgreSQL 16 stores SCRAM verifiers; the app signs in to PgBouncer the same way.
        "AUTH_TYPE": "scram-sha-256",
        "SERVER_TLS_SSLMODE": "require",
        # TimeZone and the like are tracked per client by PgBouncer; nothing else of a
        # session survives a transaction, and the app keeps nothing there.
        "IGNORE_STARTUP_PARAMETERS": "extra_float_digits",
    }


class PgBouncerService(pulumi.ComponentResource):
    """PgBouncer tasks (one per availability zone by default) behind a Cloud Map name."""

    host: str
    service: FargateService
    security_group: aws.ec2.SecurityGroup

    def __init__(
        self,
        name: str,
        *,
        vpc_id: pulumi.Input[str],
        namespace: str,
        image: str,
        db_host: pulumi.Input[str],
        db_password_secret_arn: pulumi.Input[str],
        client_security_group_id: pulumi.Input[str],
        pool_size: int,
        desired_count: int,
        service_args: Mapping[str, object],
        subnet_ids: Sequence[pulumi.Input[str]],
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:PgBouncer", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.security_group = aws.ec2.SecurityGroup(
            f"{name}-sg",
            vpc_id=vpc_id,
            description=f"{name}-sg: port {PGBOUNCER_PORT} from the app tasks only",
            ingress=[
                aws.ec2.SecurityGroupIngressArgs(
                    protocol="tcp",
                    from_port=PGBOUNCER_PORT,
                    to_port=PGBOUNCER_PORT,
                    security_groups=[client_security_group_id],
                    description="app tasks",
                )
            ],
            egress=[
                aws.ec2.SecurityGroupEgressArgs(
                    protocol="-1", from_port=0, to_port=0, cidr_blocks=["0.0.0.0/0"]
                )
            ],
            tags={**tags, "Name": f"{name}-sg"},
            opts=child,
        )
        dns = aws.servicediscovery.PrivateDnsNamespace(
            f"{name}-ns", name=namespace, vpc=vpc_id, tags=tags, opts=child
        )
        registry = aws.servicediscovery.Service(
            f"{name}-dns",
            name="pgbouncer",
            dns_config=aws.servicediscovery.ServiceDnsConfigArgs(
                namespace_id=dns.id,
                dns_records=[aws.servicediscovery.ServiceDnsConfigDnsRecordArgs(ttl=10, type="A")],
                routing_policy="MULTIVALUE",
            ),
            tags=tags,
            opts=child,
        )
        self.host = f"pgbouncer.{namespace}"
        self.service = FargateService(
            name,
            **{
                **service_args,
                "image": image,
                # The image's entrypoint writes pgbouncer.ini from the environment first.
                "command": PGBOUNCER_COMMAND,
                "environment": pgbouncer_environment(db_host=db_host, pool_size=pool_size),
                "secrets": {"DB_PASSWORD": db_password_secret_arn},
                "task_role_arn": None,  # it calls no AWS API
                # The app's group reaches RDS; this one lets the app tasks in.
                "security_group_ids": [client_security_group_id, self.security_group.id],
                "subnet_ids": subnet_ids,
                "port": PGBOUNCER_PORT,
                "cpu": 256,
                "memory": 512,
                "desired_count": desired_count,
                "service_registry_arn": registry.arn,
                "tags": tags,
            },
            opts=child,
        )
        self.register_outputs({"host": self.host})
