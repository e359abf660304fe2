"""`[ORDER_EMAIL_FAILURE]` and `[ORDER_AMOUNT_MISMATCH]` log lines become metrics, and the
metrics alarms on one SNS topic."""

import pytest
from infra_components.alarms import get_filter_pattern

FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
NAME = "storefleet-prod-order-email-failures"
TOPIC = "storefleet-prod-order-alarms-topic"


def test_the_filter_matches_the_marker_as_a_literal_term_in_the_app_logs(platform_run):
    metric_filter = platform_run.named(FILTER, NAME)

    assert "[ORDER_EMAIL_FAILURE]" in metric_filter.inputs["pattern"]
    # Quoted: an unquoted [...] is a space-delimited pattern that matches nearly any line.
    assert metric_filter.inputs["pattern"] == '"[ORDER_EMAIL_FAILURE]"'
    assert metric_filter.inputs["logGroupName"] == "/storefleet/prod/app"
    assert metric_filter.inputs["metricTransformation"] == {
        "name": "OrderEmailFailures",
        "namespace": "Storefleet/prod",
        "value": "1",
        "defaultValue": "0",
    }


def test_the_web_worker_and_beat_logs_go_to_the_filtered_group(platform_run):
    for role in ("web", "worker", "beat"):
        definition = platform_run.named(
            "aws:ecs/taskDefinition:TaskDefinition", f"storefleet-prod-{role}"
        )
        assert (
            '"awslogs-group": "/storefleet/prod/app"' in definition.inputs["containerDefinitions"]
        )


def test_the_alarm_fires_on_one_failure_and_notifies_the_topic(platform_run):
    alarm = platform_run.named(ALARM, NAME)
    topic = platform_run.named("aws:sns/topic:Topic", TOPIC)

    assert alarm.inputs["namespace"] == "Storefleet/prod"
    assert alarm.inputs["metricName"] == "OrderEmailFailures"
    assert alarm.inputs["statistic"] == "Sum"
    assert alarm.inputs["comparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert alarm.inputs["threshold"] == 1
    assert alarm.inputs["period"] == 300
    assert alarm.inputs["evaluationPeriods"] == 1
    assert alarm.inputs["treatMissingData"] == "notBreaching"
    assert alarm.inputs["alarmActions"] == [topic.state["arn"]]


def test_the_operators_address_is_subscribed_to_the_topic(platform_run):
    subscription = platform_run.named(
        "aws:sns/topicSubscription:TopicSubscription", "storefleet-prod-order-alarms-email"
    )
    topic = platform_run.named("aws:sns/topic:Topic", TOPIC)

    assert subscription.inputs["topic"] == topic.state["arn"]
    assert subscription.inputs["protocol"] == "email"
    assert subscription.inputs["endpoint"] == "ops@storefleet.example"


def test_the_pattern_quotes_whatever_marker_it_is_given():
    assert get_filter_pattern("[X]") == '"[X]"'


@pytest.mark.parametrize(
    ("name", "marker", "metric"),
    [
        ("storefleet-prod-order-email-failures", "[ORDER_EMAIL_FAILURE]", "OrderEmailFailures"),
        (
            "storefleet-prod-order-amount-mismatches",
            "[ORDER_AMOUNT_MISMATCH]",
            "OrderAmountMismatches",
        ),
    ],
)
def test_each_marker_has_its_own_metric_and_alarm_on_the_one_topic(
    platform_run, name, marker, metric
):
    metric_filter = platform_run.named(FILTER, name)
    alarm = platform_run.named(ALARM, name)
    topic = platform_run.named("aws:sns/topic:Topic", TOPIC)

    assert metric_filter.inputs["pattern"] == f'"{marker}"'
    assert metric_filter.inputs["metricTransformation"]["name"] == metric
    assert (alarm.inputs["metricName"], alarm.inputs["threshold"]) == (metric, 1)
    assert marker in alarm.inputs["alarmDescription"]
    assert alarm.inputs["alarmActions"] == [topic.state["arn"]]
