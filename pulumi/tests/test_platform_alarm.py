"""`[ORDER_EMAIL_FAILURE]` log lines become a metric, and the metric an alarm to SNS."""

from infra_components.alarms import get_filter_pattern

FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
NAME = "storefleet-prod-order-email-failures"


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
    topic = platform_run.named("aws:sns/topic:Topic", f"{NAME}-topic")

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
        "aws:sns/topicSubscription:TopicSubscription", f"{NAME}-email"
    )
    topic = platform_run.named("aws:sns/topic:Topic", f"{NAME}-topic")

    assert subscription.inputs["topic"] == topic.state["arn"]
    assert subscription.inputs["protocol"] == "email"
    assert subscription.inputs["endpoint"] == "ops@storefleet.example"


def test_the_pattern_quotes_whatever_marker_it_is_given():
    assert get_filter_pattern("[X]") == '"[X]"'
