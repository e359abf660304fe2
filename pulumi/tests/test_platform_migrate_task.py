"""Migrations are a deploy step: a `migrate` task definition of the app image (no service runs
it), exported with what `aws ecs run-task` needs to start it where the services run."""

import json

TASK = "aws:ecs/taskDefinition:TaskDefinition"
SERVICE = "aws:ecs/service:Service"
IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/storefleet:1.0.0"


def _container(run, name):
    (container,) = json.loads(run.named(TASK, name).inputs["containerDefinitions"])
    return container


def test_the_migrate_task_runs_manage_py_migrate_with_the_app_image(platform_run):
    migrate = _container(platform_run, "storefleet-prod-migrate")
    web = _container(platform_run, "storefleet-prod-web")

    assert migrate["command"] == ["python", "manage.py", "migrate", "--no-input"]
    assert migrate["image"] == IMAGE
    assert migrate["name"] == "storefleet-prod-migrate"
    # The database and settings the app itself gets, and no port: nothing sends it traffic.
    assert migrate["environment"] == web["environment"]
    assert migrate["secrets"] == web["secrets"]
    assert migrate["portMappings"] == []
    definition = platform_run.named(TASK, "storefleet-prod-migrate")
    assert definition.inputs["requiresCompatibilities"] == ["FARGATE"]
    assert definition.inputs["networkMode"] == "awsvpc"


def test_no_service_runs_the_migrations(platform_run):
    migrate_arn = platform_run.named(TASK, "storefleet-prod-migrate").state["arn"]

    assert sorted(s.name for s in platform_run.of_type(SERVICE)) == [
        "storefleet-prod-beat",
        "storefleet-prod-web",
        "storefleet-prod-worker",
    ]
    assert migrate_arn not in {s.inputs["taskDefinition"] for s in platform_run.of_type(SERVICE)}
    for role in ("web", "worker", "beat"):
        assert "migrate" not in _container(platform_run, f"storefleet-prod-{role}")["command"]


def test_the_stack_exports_what_run_task_needs(platform_run):
    definition = platform_run.named(TASK, "storefleet-prod-migrate")
    web = platform_run.named(SERVICE, "storefleet-prod-web")
    cluster = platform_run.named("aws:ecs/cluster:Cluster", "storefleet-prod-cluster")

    assert platform_run.outputs["migrateTaskDefinitionArn"] == definition.state["arn"]
    assert platform_run.outputs["migrateContainerName"] == "storefleet-prod-migrate"
    assert platform_run.outputs["clusterArn"] == cluster.state["arn"]
    # `--network-configuration` JSON: where the web tasks run, no public IP.
    assert platform_run.outputs["migrateNetworkConfiguration"] == {
        "awsvpcConfiguration": {
            "subnets": web.inputs["networkConfiguration"]["subnets"],
            "securityGroups": web.inputs["networkConfiguration"]["securityGroups"],
            "assignPublicIp": "DISABLED",
        }
    }
    assert web.inputs["networkConfiguration"]["subnets"] == [
        "storefleet-prod-private-us-east-1a-id",
        "storefleet-prod-private-us-east-1b-id",
    ]


def test_a_migration_image_moves_the_migrate_task_ahead_of_the_services(run_platform_stack):
    new_image = IMAGE.replace("1.0.0", "1.1.0")

    run = run_platform_stack(migration_image=new_image)

    assert _container(run, "storefleet-prod-migrate")["image"] == new_image
    for role in ("web", "worker", "beat"):
        assert _container(run, f"storefleet-prod-{role}")["image"] == IMAGE
