"""IAM roles of the ECS tasks: what ECS needs to start them, and what the app may do."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pulumi_aws as aws

import pulumi

EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
_ASSUME_BY_ECS_TASKS = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


def render_execution_secrets_policy(secret_arns: Sequence[str]) -> str:
    """ECS reads the app's own secrets (DATABASE_URL, SECRET_KEY...) to inject them."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["secretsmanager:GetSecretValue"],
                    "Resource": list(secret_arns),
                }
            ],
        }
    )


def render_app_policy(*, environment: str) -> str:
    """The app's secret store manages `storefleet/<env>/tenants/*` (core/aws_secrets.py) and
    sends mail through SES; nothing else."""
    tenant_secrets = f"arn:aws:secretsmanager:*:*:secret:storefleet/{environment}/tenants/*"
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": [
                        "secretsmanager:GetSecretValue",
                        "secretsmanager:DescribeSecret",
                        "secretsmanager:PutSecretValue",
                        "secretsmanager:CreateSecret",
                        "secretsmanager:DeleteSecret",
                        "secretsmanager:RestoreSecret",
                        "secretsmanager:TagResource",
                    ],
                    "Resource": tenant_secrets,
                },
                {
                    "Effect": "Allow",
                    "Action": ["ses:SendEmail", "ses:SendRawEmail"],
                    "Resource": "*",
                },
            ],
        }
    )


class TaskRoles(pulumi.ComponentResource):
    execution_role: aws.iam.Role
    task_role: aws.iam.Role

    def __init__(
        self,
        name: str,
        *,
        environment: str,
        secret_arns: Sequence[pulumi.Input[str]],
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:TaskRoles", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.execution_role = aws.iam.Role(
            f"{name}-execution", assume_role_policy=_ASSUME_BY_ECS_TASKS, tags=tags, opts=child
        )
        aws.iam.RolePolicyAttachment(
            f"{name}-execution",
            role=self.execution_role.name,
            policy_arn=EXECUTION_POLICY,
            opts=child,
        )
        aws.iam.RolePolicy(
            f"{name}-execution-secrets",
            role=self.execution_role.id,
            policy=pulumi.Output.all(*secret_arns).apply(render_execution_secrets_policy),
            opts=child,
        )
        self.task_role = aws.iam.Role(
            f"{name}-task", assume_role_policy=_ASSUME_BY_ECS_TASKS, tags=tags, opts=child
        )
        aws.iam.RolePolicy(
            f"{name}-task-app",
            role=self.task_role.id,
            policy=render_app_policy(environment=environment),
            opts=child,
        )
        self.register_outputs({"task_role_arn": self.task_role.arn})
