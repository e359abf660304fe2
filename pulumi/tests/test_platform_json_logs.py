"""Every task of the platform writes JSON log lines (LOG_FORMAT=json), which CloudWatch Logs
Insights reads field by field; the access log follows (REQUEST_LOG defaults on with it)."""

import json

import pytest

TASK = "aws:ecs/taskDefinition:TaskDefinition"


@pytest.mark.parametrize("role", ["web", "worker", "beat", "migrate"])
def test_every_task_logs_json_lines(platform_run, role):
    (container,) = json.loads(
        platform_run.named(TASK, f"storefleet-prod-{role}").inputs["containerDefinitions"]
    )
    environment = {e["name"]: e["value"] for e in container["environment"]}

    assert environment["LOG_FORMAT"] == "json"
    assert "REQUEST_LOG" not in environment
