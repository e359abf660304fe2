"""One container of the app image on ECS Fargate: a service (web, worker, beat) or a task
definition alone, run on demand (`FargateTask`: the migrations, DESIGN.md 5)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pulumi_aws as aws

import pulumi


def render_container_definitions(
    *,
    name: str,
    image: str,
    command: Sequence[str],
    environment: Mapping[str, str],
    secrets: Mapping[str, str],
    log_group: str,
    region: str,
    port: int | None,
    stop_timeout: int,
) -> str:
    """The task's container definition JSON (ECS RegisterTaskDefinition shape)."""
    container = {
        "name": name,
        "image": image,
        "essential": True,
        "command": list(command),
        "environment": [{"name": k, "value": environment[k]} for k in sorted(environment)],
        "secrets": [{"name": k, "valueFrom": secrets[k]} for k in sorted(secrets)],
        "portMappings": [{"containerPort": port, "protocol": "tcp"}] if port else [],
        "stopTimeout": stop_timeout,
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": log_group,
                "awslogs-region": region,
                "awslogs-stream-prefix": name,
            },
        },
    }
    return json.dumps([container])


def register_task_definition(
    name: str,
    *,
    image: str,
    command: Sequence[str],
    environment: Mapping[str, pulumi.Input[str]],
    secrets: Mapping[str, pulumi.Input[str]],
    execution_role_arn: pulumi.Input[str],
    task_role_arn: pulumi.Input[str],
    log_group_name: pulumi.Input[str],
    region: str,
    cpu: int,
    memory: int,
    port: int | None,
    stop_timeout: int,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.ecs.TaskDefinition:
    """A Fargate task definition of one container named `name` (family `name` too)."""
    env_keys = sorted(environment)
    secret_keys = sorted(secrets)
    definitions = pulumi.Output.all(
        pulumi.Output.all(*[environment[k] for k in env_keys]),
        pulumi.Output.all(*[secrets[k] for k in secret_keys]),
        log_group_name,
    ).apply(
        lambda values: render_container_definitions(
            name=name,
            image=image,
            command=command,
            environment=dict(zip(env_keys, values[0], strict=True)),
            secrets=dict(zip(secret_keys, values[1], strict=True)),
            log_group=values[2],
            region=region,
            port=port,
            stop_timeout=stop_timeout,
        )
    )
    return aws.ecs.TaskDefinition(
        name,
        family=name,
        requires_compatibilities=["FARGATE"],
        network_mode="awsvpc",
        cpu=str(cpu),
        memory=str(memory),
        execution_role_arn=execution_role_arn,
        task_role_arn=task_role_arn,
        runtime_platform=aws.ecs.TaskDefinitionRuntimePlatformArgs(
            operating_system_family="LINUX", cpu_architecture="X86_64"
        ),
        container_definitions=definitions,
        tags=tags,
        opts=opts,
    )


def render_network_configuration(
    *, subnet_ids: Sequence[str], security_group_ids: Sequence[str]
) -> dict[str, object]:
    """`aws ecs run-task --network-configuration` JSON: the private subnets, no public IP."""
    return {
        "awsvpcConfiguration": {
            "subnets": list(subnet_ids),
            "securityGroups": list(security_group_ids),
            "assignPublicIp": "DISABLED",
        }
    }


class FargateTask(pulumi.ComponentResource):
    """A task definition and no service: a one-off run (`aws ecs run-task`) of the image, e.g.
    the migrations before the services roll. `network_configuration` is what run-task needs
    to start it where the services run (their subnets and security groups)."""

    task_definition: aws.ecs.TaskDefinition
    container_name: str
    network_configuration: pulumi.Output[dict[str, object]]

    def __init__(
        self,
        name: str,
        *,
        image: str,
        command: Sequence[str],
        environment: Mapping[str, pulumi.Input[str]],
        secrets: Mapping[str, pulumi.Input[str]],
        execution_role_arn: pulumi.Input[str],
        task_role_arn: pulumi.Input[str],
        log_group_name: pulumi.Input[str],
        region: str,
        subnet_ids: Sequence[pulumi.Input[str]],
        security_group_ids: Sequence[pulumi.Input[str]],
        cpu: int = 512,
        memory: int = 1024,
        stop_timeout: int = 120,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:FargateTask", name, None, opts)
        self.task_definition = register_task_definition(
            name,
            image=image,
            command=command,
            environment=environment,
            secrets=secrets,
            execution_role_arn=execution_role_arn,
            task_role_arn=task_role_arn,
            log_group_name=log_group_name,
            region=region,
            cpu=cpu,
            memory=memory,
            port=None,
            stop_timeout=stop_timeout,
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.container_name = name
        self.network_configuration = pulumi.Output.all(
            pulumi.Output.all(*subnet_ids), pulumi.Output.all(*security_group_ids)
        ).apply(
            lambda ids: render_network_configuration(subnet_ids=ids[0], security_group_ids=ids[1])
        )
        self.register_outputs(
            {
                "task_definition_arn": self.task_definition.arn,
                "network_configuration": self.network_configuration,
            }
        )


class FargateService(pulumi.ComponentResource):
    """Task definition + service in the private subnets. With `target_group_arn` it serves
    traffic behind the ALB; with `singleton` at most one task ever runs (Celery beat: two
    schedulers would send every periodic task twice), even during a deployment."""

    task_definition: aws.ecs.TaskDefinition
    service: aws.ecs.Service

    def __init__(
        self,
        name: str,
        *,
        cluster_arn: pulumi.Input[str],
        image: str,
        command: Sequence[str],
        environment: Mapping[str, pulumi.Input[str]],
        secrets: Mapping[str, pulumi.Input[str]],
        execution_role_arn: pulumi.Input[str],
        task_role_arn: pulumi.Input[str],
        log_group_name: pulumi.Input[str],
        region: str,
        subnet_ids: Sequence[pulumi.Input[str]],
        security_group_ids: Sequence[pulumi.Input[str]],
        cpu: int = 512,
        memory: int = 1024,
        desired_count: int = 1,
        port: int | None = None,
        target_group_arn: pulumi.Input[str] | None = None,
        singleton: bool = False,
        stop_timeout: int = 30,
        service_registry_arn: pulumi.Input[str] | None = None,  # a Cloud Map name for it
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:FargateService", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        if target_group_arn is not None and port is None:
            raise ValueError(f"{name}: a service behind the load balancer needs a port")
        if singleton and desired_count > 1:
            raise ValueError(f"{name}: a singleton service runs one task")

        self.task_definition = register_task_definition(
            name,
            image=image,
            command=command,
            environment=environment,
            secrets=secrets,
            execution_role_arn=execution_role_arn,
            task_role_arn=task_role_arn,
            log_group_name=log_group_name,
            region=region,
            cpu=cpu,
            memory=memory,
            port=port,
            stop_timeout=stop_timeout,
            tags=tags,
            opts=child,
        )
        load_balancers = None
        if target_group_arn is not None:
            load_balancers = [
                aws.ecs.ServiceLoadBalancerArgs(
                    target_group_arn=target_group_arn, container_name=name, container_port=port
                )
            ]
        self.service = aws.ecs.Service(
            name,
            cluster=cluster_arn,
            task_definition=self.task_definition.arn,
            desired_count=desired_count,
            launch_type="FARGATE",
            network_configuration=aws.ecs.ServiceNetworkConfigurationArgs(
                subnets=list(subnet_ids),
                security_groups=list(security_group_ids),
                assign_public_ip=False,
            ),
            load_balancers=load_balancers,
            service_registries=(
                aws.ecs.ServiceServiceRegistriesArgs(registry_arn=service_registry_arn)
                if service_registry_arn is not None
                else None
            ),
            health_check_grace_period_seconds=60 if load_balancers else None,
            deployment_minimum_healthy_percent=0 if singleton else 100,
            deployment_maximum_percent=100 if singleton else 200,
            deployment_circuit_breaker=aws.ecs.ServiceDeploymentCircuitBreakerArgs(
                enable=True, rollback=True
            ),
            propagate_tags="SERVICE",
            tags=tags,
            opts=child,
        )
        self.register_outputs({"service_name": self.service.name})
