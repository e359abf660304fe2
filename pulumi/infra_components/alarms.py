"""Log lines the application marks for people become metrics and alarms on one SNS topic:
`[ORDER_EMAIL_FAILURE]` (an order confirmation email failed, DESIGN.md 4) and
`[ORDER_AMOUNT_MISMATCH]` (Stripe charged an amount other than the cart's total)."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi_aws as aws

import pulumi
from infra_components.names import ORDER_AMOUNT_MISMATCH_MARKER, ORDER_EMAIL_FAILURE_MARKER


@dataclass(frozen=True)
class Marker:
    text: str
    metric_name: str
    description: str
    name_suffix: str


ORDER_EMAIL_FAILURES = Marker(
    ORDER_EMAIL_FAILURE_MARKER,
    "OrderEmailFailures",
    f"Order confirmation emails fail ({ORDER_EMAIL_FAILURE_MARKER})",
    "order-email-failures",
)
ORDER_AMOUNT_MISMATCHES = Marker(
    ORDER_AMOUNT_MISMATCH_MARKER,
    "OrderAmountMismatches",
    f"Stripe charged an amount other than the cart's total ({ORDER_AMOUNT_MISMATCH_MARKER})",
    "order-amount-mismatches",
)
MARKERS = (ORDER_EMAIL_FAILURES, ORDER_AMOUNT_MISMATCHES)
METRIC_NAME = ORDER_EMAIL_FAILURES.metric_name


def get_filter_pattern(marker: str = ORDER_EMAIL_FAILURE_MARKER) -> str:
    """A CloudWatch Logs term, quoted: unquoted, `[...]` would be read as a space-delimited
    pattern (one field named ORDER_EMAIL_FAILURE) and match almost every line."""
    return f'"{marker}"'


class LogMarkerAlarm(pulumi.ComponentResource):
    """One marker: a metric filter on the app's log group and an alarm on its sum."""

    metric_filter: aws.cloudwatch.LogMetricFilter
    alarm: aws.cloudwatch.MetricAlarm

    def __init__(
        self,
        name: str,
        *,
        marker: Marker,
        log_group_name: pulumi.Input[str],
        namespace: str,
        topic_arn: pulumi.Input[str],
        period_seconds: int = 300,
        threshold: int = 1,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:LogMarkerAlarm", name, None, opts)
        self.metric_filter = aws.cloudwatch.LogMetricFilter(
            name,
            log_group_name=log_group_name,
            pattern=get_filter_pattern(marker.text),
            metric_transformation=aws.cloudwatch.LogMetricFilterMetricTransformationArgs(
                name=marker.metric_name, namespace=namespace, value="1", default_value="0"
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.alarm = aws.cloudwatch.MetricAlarm(
            name,
            alarm_description=marker.description,
            namespace=namespace,
            metric_name=marker.metric_name,
            statistic="Sum",
            period=period_seconds,
            evaluation_periods=1,
            comparison_operator="GreaterThanOrEqualToThreshold",
            threshold=threshold,
            treat_missing_data="notBreaching",
            alarm_actions=[topic_arn],
            ok_actions=[topic_arn],
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.metric_filter]),
        )
        self.register_outputs({"alarm_arn": self.alarm.arn})


class OrderAlarms(pulumi.ComponentResource):
    """The topic operators subscribe to, and an alarm per marker (`<name>-<marker suffix>`)."""

    topic: aws.sns.Topic
    alarms: dict[str, LogMarkerAlarm]

    def __init__(
        self,
        name: str,
        *,
        log_group_name: pulumi.Input[str],
        namespace: str,
        notify_email: str | None = None,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("storefleet:infra:OrderAlarms", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.topic = aws.sns.Topic(f"{name}-order-alarms-topic", tags=tags, opts=child)
        if notify_email:
            aws.sns.TopicSubscription(
                f"{name}-order-alarms-email",
                topic=self.topic.arn,
                protocol="email",
                endpoint=notify_email,
                opts=child,
            )
        self.alarms = {
            marker.metric_name: LogMarkerAlarm(
                f"{name}-{marker.name_suffix}",
                marker=marker,
                log_group_name=log_group_name,
                namespace=namespace,
                topic_arn=self.topic.arn,
                tags=tags,
                opts=child,
            )
            for marker in MARKERS
        }
        self.register_outputs({"topic_arn": self.topic.arn})
