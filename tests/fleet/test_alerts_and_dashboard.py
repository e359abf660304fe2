"""The alert rules and the Grafana dashboard in ops/ name only metrics the code defines, and
between them every figure the code exports is shown on the dashboard."""

import json
import re

import pytest
import yaml
from core import metrics
from prometheus_client import REGISTRY

from tests.fixtures.processes import ROOT

ALERTS = ROOT / "ops" / "prometheus" / "alerts.yml"
DASHBOARD = ROOT / "ops" / "grafana" / "storefleet.json"
METRIC_NAME = re.compile(r"\bstorefleet_[a-z0-9_]+\b")
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}


def _families():
    own = [family for family in REGISTRY.collect() if family.name.startswith(metrics.PREFIX)]
    scraped = [family for c in metrics.extra_collectors() for family in c.describe()]
    return own + scraped


def _exported_names() -> dict[str, set[str]]:
    """Each metric family -> the sample names Prometheus stores for it."""
    return {
        family.name: {family.name + suffix for suffix in SUFFIXES[family.type]}
        for family in _families()
    }


def _alert_rules() -> list[dict]:
    groups = yaml.safe_load(ALERTS.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def _dashboard_exprs() -> list[str]:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [target["expr"] for panel in panels for target in panel.get("targets", [])]


def _named(exprs: list[str]) -> set[str]:
    return {name for expr in exprs for name in METRIC_NAME.findall(expr)}


@pytest.mark.parametrize("source", ["alerts", "dashboard"])
def test_every_metric_named_exists(source):
    exprs = [r["expr"] for r in _alert_rules()] if source == "alerts" else _dashboard_exprs()
    known = set().union(*_exported_names().values())

    named = _named(exprs)

    assert named
    assert sorted(named - known) == []


def test_every_exported_figure_is_on_the_dashboard():
    shown = _named(_dashboard_exprs())

    missing = [family for family, names in _exported_names().items() if not names & shown]

    assert missing == []


def test_the_two_cloudwatch_markers_have_alerts():
    exprs = " ".join(rule["expr"] for rule in _alert_rules())

    assert 'marker="ORDER_EMAIL_FAILURE"' in exprs
    assert 'marker="ORDER_AMOUNT_MISMATCH"' in exprs
    assert {"ORDER_EMAIL_FAILURE", "ORDER_AMOUNT_MISMATCH"} == {
        sample.labels["marker"]
        for family in REGISTRY.collect()
        if family.name == "storefleet_log_markers"
        for sample in family.samples
    }


def test_every_alert_has_a_severity_and_a_summary():
    rules = _alert_rules()

    assert [r["alert"] for r in rules if r["labels"]["severity"] not in {"page", "warning"}] == []
    assert [r["alert"] for r in rules if not r["annotations"].get("summary")] == []
    assert len({r["alert"] for r in rules}) == len(rules)
