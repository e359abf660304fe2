"""Order confirmation emails that fail are logged with `[ORDER_EMAIL_FAILURE]` (DESIGN.md 4);
this turns those log lines into a metric and an alarm that notifies an SNS topic."""

from __future__ import annotations

import pulumi_aws as aws

import pulumi
from infra_components.names import ORDER_EMAIL_FAILURE_MARKER

METRIC_NAME = "OrderEmailFailures"


def get_filter_pattern(marker: str = ORDER_EMAIL_FAILURE_MARKER) -> str:
    """A CloudWatch Logs term, quoted: unquoted, `[...]` would be read as a space-delimited
    pattern (one field named ORDER_EMAIL_FAILURE) and match almost every line."""
    return f'"{marker}"'


class EmailFailureAlarm(pulumi.ComponentResource):
    topic: aws.sns.Topic
    metric_filter: aws.cloudwatch.LogMetricFilter
    alarm: aws.cloudwatch.MetricAlarm

    def __init__(
        self,
        name: str,
        *,
        log_group_name: pulumi.Input[str],
        namespace: str,
        notify_email: str | None = None,
        period_seconds: int = 300,
        threshold: int = 1,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:EmailFailureAlarm", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.topic = aws.sns.Topic(f"{name}-topic", tags=tags, opts=child)
        if notify_email:
            aws.sns.TopicSubscription(
                f"{name}-email",
                topic=self.topic.arn,
                protocol="email",
                endpoint=notify_email,
                opts=child,
            )
        self.metric_filter = aws.cloudwatch.LogMetricFilter(
            name,
            log_group_name=log_group_name,
            pattern=get_filter_pattern(),
            metric_transformation=aws.cloudwatch.LogMetricFilterMetricTransformationArgs(
                name=METRIC_NAME, namespace=namespace, value="1", default_value="0"
            ),
            opts=child,
        )
        self.alarm = aws.cloudwatch.MetricAlarm(
            name,
            alarm_description=f"Order confirmation emails fail ({ORDER_EMAIL_FAILURE_MARKER})",
            namespace=namespace,
            metric_name=METRIC_NAME,
            statistic="Sum",
            period=period_seconds,
            evaluation_periods=1,
            comparison_operator="GreaterThanOrEqualToThreshold",
            threshold=threshold,
            treat_missing_data="notBreaching",
            alarm_actions=[self.topic.arn],
            ok_actions=[self.topic.arn],
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.metric_filter]),
        )
        self.register_outputs({"topic_arn": self.topic.arn, "alarm_arn": self.alarm.arn})
