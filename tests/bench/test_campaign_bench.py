"""The campaign benchmark runs end to end on a small campaign and prints a consistent report:
every recipient reached once, the rate the quotient of its own numbers, CPU time per message,
a verdict per target, and its database dropped again."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.benchrun import bench_env, database_exists

pytestmark = pytest.mark.slow

MODULE = Path(__file__).resolve().parents[2] / "scripts" / "bench" / "campaign_bench.py"
NUMBER = r"(\d+(?:\.\d+)?)"


def value(output: str, label: str) -> float:
    match = re.search(re.escape(label) + r"\s+" + NUMBER, output)
    assert match, f"no {label!r} in:\n{output}"
    return float(match.group(1))


def test_a_campaign_of_200_by_2_workers_reaches_everyone_once_and_reports_it(redis_url):
    env = {**bench_env(), "REDIS_URL": redis_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.run(
        [
            sys.executable,
            str(MODULE),
            "--recipients",
            "200",
            "--workers",
            "2",
            "--batch-size",
            "25",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=os.fspath(MODULE.parents[2]),
    )

    out = process.stdout
    assert process.returncode == 0, process.stderr[-3000:]
    assert "campaign   200 members, 2 worker processes (solo pool), batches of 25" in out
    assert value(out, "messages received by the SMTP server") == 200
    assert value(out, "Emailsent rows") == 200
    assert re.search(r"^deliveries\s+sent 200$", out, flags=re.MULTILINE), out
    for label in (
        "raw duplicates (copies beyond one)",
        "distinct-Message-ID duplicates",
        "missing recipients",
        "messages to someone outside the audience",
    ):
        assert value(out, label) == 0, label
    # CPU time per message from /proc (this machine runs the SMTP server and PostgreSQL)
    assert value(out, "CPU per message: worker processes") > 0
    assert value(out, "CPU per message: the SMTP server process") > 0
    assert re.search(r"^CPU per message: their PostgreSQL sessions\*\s+(n/a|\d)", out, re.M), out
    total = value(out, "total: call -> campaign SENT")
    assert total > 0
    assert value(out, "messages per second (received / total)") == pytest.approx(
        200 / total, rel=0.02
    )
    targets = r"messages per second|raw duplicates|distinct-Message-ID duplicates|missing"
    verdicts = re.findall(rf"^  ({targets})\s.*(PASS|MISS)$", out, flags=re.MULTILINE)
    assert [label for label, _ in verdicts] == [
        "messages per second",
        "raw duplicates",
        "distinct-Message-ID duplicates",
        "missing",
    ]
    assert [verdict for label, verdict in verdicts if label != "messages per second"] == [
        "PASS"
    ] * 3
    name = re.search(r"^database\s+(storefleet_bench_[0-9a-f]{8}) ", out, flags=re.MULTILINE)
    assert name, out
    assert not database_exists(name.group(1))
