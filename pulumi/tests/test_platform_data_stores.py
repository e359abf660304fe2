"""RDS PostgreSQL 16 and ElastiCache Redis 7: private, encrypted, reachable from the app only;
their URLs reach the tasks through Secrets Manager and the environment."""

import json

from infra_components.data_stores import format_database_url
from infra_components.testing import is_secret, reveal

DB = "aws:rds/instance:Instance"
REDIS = "aws:elasticache/replicationGroup:ReplicationGroup"
SG = "aws:ec2/securityGroup:SecurityGroup"


def _private_subnet_ids(run):
    return [f"{r.name}-id" for r in run.of_type("aws:ec2/subnet:Subnet") if "-private-" in r.name]


def test_the_database_is_postgres_16_private_encrypted_and_backed_up(platform_run):
    database = platform_run.named(DB, "storefleet-prod-db")

    assert database.inputs["engine"] == "postgres"
    assert database.inputs["engineVersion"] == "16"
    assert database.inputs["publiclyAccessible"] is False
    assert database.inputs["storageEncrypted"] is True
    assert database.inputs["backupRetentionPeriod"] == 7
    assert database.inputs["deletionProtection"] is True
    assert database.inputs["skipFinalSnapshot"] is False


def test_the_database_lives_in_the_private_subnets_behind_the_app_security_group(platform_run):
    database = platform_run.named(DB, "storefleet-prod-db")
    subnet_group = platform_run.named(
        "aws:rds/subnetGroup:SubnetGroup", "storefleet-prod-db-subnets"
    )
    db_sg = platform_run.named(SG, "storefleet-prod-db-sg")

    assert subnet_group.inputs["subnetIds"] == _private_subnet_ids(platform_run)
    assert database.inputs["dbSubnetGroupName"] == subnet_group.state["name"]
    assert database.inputs["vpcSecurityGroupIds"] == ["storefleet-prod-db-sg-id"]
    assert [
        (rule["fromPort"], rule["toPort"], rule["securityGroups"])
        for rule in db_sg.inputs["ingress"]
    ] == [(5432, 5432, ["storefleet-prod-app-sg-id"])]
    assert "cidrBlocks" not in db_sg.inputs["ingress"][0]


def test_the_database_url_secret_holds_the_escaped_password_and_requires_tls(platform_run):
    database = platform_run.named(DB, "storefleet-prod-db")
    version = platform_run.named(
        "aws:secretsmanager/secretVersion:SecretVersion", "storefleet-prod-db-url"
    )

    assert is_secret(version.inputs["secretString"])
    assert reveal(version.inputs["secretString"]) == (
        f"postgres://storefleet:p%40ss%2Fw%3Ard@{database.state['address']}:5432/storefleet"
        "?sslmode=require"
    )
    assert (
        platform_run.named("aws:secretsmanager/secret:Secret", "storefleet-prod-db-url").inputs[
            "name"
        ]
        == "storefleet/prod/app/database-url"
    )


def test_redis_is_version_7_encrypted_in_transit_and_at_rest(platform_run):
    redis = platform_run.named(REDIS, "storefleet-prod-redis")
    redis_sg = platform_run.named(SG, "storefleet-prod-redis-sg")

    assert redis.inputs["engine"] == "redis"
    assert redis.inputs["engineVersion"].split(".")[0] == "7"
    assert redis.inputs["transitEncryptionEnabled"] is True
    assert redis.inputs["atRestEncryptionEnabled"] is True
    assert redis.inputs["securityGroupIds"] == ["storefleet-prod-redis-sg-id"]
    assert [(r["fromPort"], r["securityGroups"]) for r in redis_sg.inputs["ingress"]] == [
        (6379, ["storefleet-prod-app-sg-id"])
    ]


def test_the_tasks_get_rediss_url_and_the_database_url_from_secrets_manager(platform_run):
    redis = platform_run.named(REDIS, "storefleet-prod-redis")
    url_secret = platform_run.named("aws:secretsmanager/secret:Secret", "storefleet-prod-db-url")
    definition = platform_run.named(
        "aws:ecs/taskDefinition:TaskDefinition", "storefleet-prod-worker"
    )

    (container,) = json.loads(definition.inputs["containerDefinitions"])
    environment = {e["name"]: e["value"] for e in container["environment"]}
    secrets = {s["name"]: s["valueFrom"] for s in container["secrets"]}

    assert environment["REDIS_URL"] == (
        f"rediss://{redis.state['primaryEndpointAddress']}:6379/0?ssl_cert_reqs=required"
    )
    assert secrets["DATABASE_URL"] == url_secret.state["arn"]
    assert "DATABASE_URL" not in environment


def test_special_characters_in_the_password_are_escaped():
    url = format_database_url(password="a b@c", host="db", port=5432.0)  # noqa: S106

    assert url == ("postgres://storefleet:a%20b%40c@db:5432/storefleet?sslmode=require")
