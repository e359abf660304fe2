"""The app on ECS Fargate: web (gunicorn) behind the ALB, Celery worker, one Celery beat."""

import json

import pytest

SERVICE = "aws:ecs/service:Service"
TASK = "aws:ecs/taskDefinition:TaskDefinition"
LISTENER = "aws:lb/listener:Listener"


def _container(run, role):
    (container,) = json.loads(
        run.named(TASK, f"storefleet-prod-{role}").inputs["containerDefinitions"]
    )
    return container


@pytest.mark.parametrize(
    ("role", "command"),
    [
        ("web", ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]),
        (
            "worker",
            ["celery", "-A", "config", "worker", "--loglevel", "INFO", "--concurrency", "2"],
        ),
        (
            "beat",
            [
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                "/tmp/celerybeat-schedule",  # noqa: S108
            ],
        ),
    ],
)
def test_each_service_runs_the_one_image_with_its_command(platform_run, role, command):
    container = _container(platform_run, role)
    service = platform_run.named(SERVICE, f"storefleet-prod-{role}")

    assert container["command"] == command
    assert container["image"] == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/storefleet:1.0.0"
    assert service.inputs["launchType"] == "FARGATE"
    assert (
        service.inputs["taskDefinition"]
        == platform_run.named(TASK, f"storefleet-prod-{role}").state["arn"]
    )
    assert service.inputs["networkConfiguration"]["assignPublicIp"] is False


def test_only_the_web_service_is_behind_the_load_balancer(platform_run):
    target_group = platform_run.named("aws:lb/targetGroup:TargetGroup", "storefleet-prod-alb-web")

    web = platform_run.named(SERVICE, "storefleet-prod-web")

    assert web.inputs["loadBalancers"] == [
        {
            "targetGroupArn": target_group.state["arn"],
            "containerName": "storefleet-prod-web",
            "containerPort": 8000,
        }
    ]
    assert web.inputs["desiredCount"] == 2
    assert _container(platform_run, "web")["portMappings"] == [
        {"containerPort": 8000, "protocol": "tcp"}
    ]
    for role in ("worker", "beat"):
        assert "loadBalancers" not in platform_run.named(SERVICE, f"storefleet-prod-{role}").inputs


def test_beat_never_runs_twice_even_during_a_deployment(platform_run):
    beat = platform_run.named(SERVICE, "storefleet-prod-beat")

    assert beat.inputs["desiredCount"] == 1
    assert beat.inputs["deploymentMaximumPercent"] == 100
    assert beat.inputs["deploymentMinimumHealthyPercent"] == 0


def test_the_target_group_checks_healthz(platform_run):
    target_group = platform_run.named("aws:lb/targetGroup:TargetGroup", "storefleet-prod-alb-web")

    assert target_group.inputs["targetType"] == "ip"
    assert target_group.inputs["port"] == 8000
    assert target_group.inputs["healthCheck"]["path"] == "/healthz"
    assert target_group.inputs["healthCheck"]["matcher"] == "200"


def test_the_only_listener_is_https_and_it_forbids_by_default(platform_run):
    # There used to be an HTTP listener redirecting to HTTPS: CloudFront redirects viewers
    # itself and reaches the origin over HTTPS only, and the security group admits 443 alone.
    (https,) = platform_run.of_type(LISTENER)

    assert https.name == "storefleet-prod-alb-https"
    assert https.inputs["port"] == 443
    assert https.inputs["protocol"] == "HTTPS"
    assert https.inputs["defaultActions"] == [
        {
            "type": "fixed-response",
            "fixedResponse": {
                "contentType": "text/plain",
                "messageBody": "Forbidden",
                "statusCode": "403",
            },
        }
    ]


def test_the_tasks_know_the_platform_and_read_secrets_from_aws(platform_run):
    container = _container(platform_run, "web")
    environment = {e["name"]: e["value"] for e in container["environment"]}

    assert environment["PLATFORM_DOMAIN"] == "storefleet.example"
    assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.base"
    assert environment["SECRETS_BACKEND"] == "aws"
    assert environment["STOREFLEET_ENV"] == "prod"
    assert environment["DEBUG"] == "0"
    assert sorted(s["name"] for s in container["secrets"]) == ["DATABASE_URL", "SECRET_KEY"]
    assert container["logConfiguration"]["options"]["awslogs-region"] == "eu-west-1"


def test_the_task_role_may_manage_tenant_secrets_and_nothing_else_there(platform_run):
    policy = json.loads(
        platform_run.named(
            "aws:iam/rolePolicy:RolePolicy", "storefleet-prod-roles-task-app"
        ).inputs["policy"]
    )

    secrets_statement = policy["Statement"][0]
    assert (
        secrets_statement["Resource"]
        == "arn:aws:secretsmanager:*:*:secret:storefleet/prod/tenants/*"
    )
    assert "secretsmanager:PutSecretValue" in secrets_statement["Action"]
