"""PgBouncer (transaction mode) between the app tasks and RDS, opt-in (`pgbouncer: true`);
migrations stay direct. No RDS Proxy: infra_components.pgbouncer says why."""

import json

import pytest
from infra_components.testing import is_secret, reveal

SERVICE = "aws:ecs/service:Service"
TASK = "aws:ecs/taskDefinition:TaskDefinition"
SECRET_TYPE = "aws:secretsmanager/secret:Secret"  # noqa: S105 - a resource type
VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
IMAGE = "edoburu/pgbouncer:v1.24.1-p1"


@pytest.fixture
def pooled_run(run_platform_stack):
    return run_platform_stack(pgbouncer=True, pgbouncer_image=IMAGE)


def _container(run, name):
    (container,) = json.loads(run.named(TASK, name).inputs["containerDefinitions"])
    return container


def test_pgbouncer_runs_in_transaction_mode_in_front_of_rds_with_tls(pooled_run):
    database = pooled_run.named("aws:rds/instance:Instance", "storefleet-prod-db")
    container = _container(pooled_run, "storefleet-prod-pgbouncer")
    environment = {e["name"]: e["value"] for e in container["environment"]}
    secrets = {s["name"]: s["valueFrom"] for s in container["secrets"]}

    assert container["image"] == IMAGE
    assert environment["POOL_MODE"] == "transaction"
    assert environment["DB_HOST"] == database.state["address"]
    assert environment["SERVER_TLS_SSLMODE"] == "require"
    assert (environment["LISTEN_PORT"], environment["DEFAULT_POOL_SIZE"]) == ("6432", "20")
    assert secrets == {
        "DB_PASSWORD": pooled_run.named(SECRET_TYPE, "storefleet-prod-db-password").state["arn"]
    }
    service = pooled_run.named(SERVICE, "storefleet-prod-pgbouncer")
    registry = pooled_run.named(
        "aws:servicediscovery/service:Service", "storefleet-prod-pgbouncer-dns"
    )
    assert service.inputs["desiredCount"] == 2
    assert service.inputs["serviceRegistries"]["registryArn"] == registry.state["arn"]
    assert "taskRoleArn" not in pooled_run.named(TASK, "storefleet-prod-pgbouncer").inputs


@pytest.mark.parametrize("role", ["web", "worker", "beat"])
def test_the_app_services_reach_the_database_through_pgbouncer(pooled_run, role):
    secrets = {
        s["name"]: s["valueFrom"]
        for s in _container(pooled_run, f"storefleet-prod-{role}")["secrets"]
    }
    pooled = pooled_run.named(SECRET_TYPE, "storefleet-prod-db-pooled-url")

    assert secrets["DATABASE_URL"] == pooled.state["arn"]
    version = pooled_run.named(VERSION, "storefleet-prod-db-pooled-url")
    assert is_secret(version.inputs["secretString"])
    assert reveal(version.inputs["secretString"]) == (
        "postgres://storefleet:p%40ss%2Fw%3Ard@pgbouncer.prod.storefleet.internal:6432"
        "/storefleet?pool=transaction"
    )


def test_migrations_stay_direct(pooled_run):
    secrets = {
        s["name"]: s["valueFrom"]
        for s in _container(pooled_run, "storefleet-prod-migrate")["secrets"]
    }

    assert (
        secrets["DATABASE_URL"]
        == pooled_run.named(SECRET_TYPE, "storefleet-prod-db-url").state["arn"]
    )


def test_only_the_app_tasks_reach_pgbouncer(pooled_run):
    group = pooled_run.named("aws:ec2/securityGroup:SecurityGroup", "storefleet-prod-pgbouncer-sg")

    assert [(r["fromPort"], r["securityGroups"]) for r in group.inputs["ingress"]] == [
        (6432, ["storefleet-prod-app-sg-id"])
    ]


def test_the_execution_role_may_read_the_pooler_secrets(pooled_run):
    policies = " ".join(
        json.dumps(p.inputs.get("policy", ""))
        for p in pooled_run.of_type("aws:iam/rolePolicy:RolePolicy")
    )

    for name in ("storefleet-prod-db-password", "storefleet-prod-db-pooled-url"):
        assert pooled_run.named(SECRET_TYPE, name).state["arn"] in policies


def test_no_rds_proxy_and_by_default_no_pgbouncer(pooled_run, platform_run):
    assert pooled_run.of_type("aws:rds/proxy:Proxy") == []
    assert [s.name for s in platform_run.of_type(SERVICE) if "pgbouncer" in s.name] == []


def test_pgbouncer_needs_its_image(platform_args):
    with pytest.raises(ValueError, match="pgbouncerImage"):
        platform_args(pgbouncer=True)
