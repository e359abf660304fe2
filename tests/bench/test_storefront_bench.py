"""The storefront benchmark runs end to end and prints a consistent report.

It runs as its own process (throwaway database, two gunicorn servers on ports 9000-9049),
for 1 second per endpoint and configuration, against the server of this test run's
DATABASE_URL; once with the default client (wrk when installed) and once with the Python one.
"""

import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.benchrun import bench_env, database_exists

ROOT = Path(__file__).resolve().parents[2]
# The module the scripts/bench/storefront wrapper runs (the wrapper adds .venv and wrk setup).
MODULE = ROOT / "scripts" / "bench" / "storefront_bench.py"
PORTS = "9000-9049"
ENDPOINTS = ["/order/products", "/order/product/<id>", "/order/cart-items", "/order/cart-totals"]
NUMBER = r"(-?\d+(?:\.\d+)?)"

pytestmark = pytest.mark.slow


def run_benchmark(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MODULE), "--ports", PORTS, *args],
        capture_output=True,
        text=True,
        env=bench_env(),
        timeout=300,
        check=False,
    )


def measurements(output: str, label: str, config: str) -> dict:
    match = re.search(
        rf"^{re.escape(label)}\s+{config}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+(\d+)\s+{NUMBER}"
        rf"\s+(\d+(?:-\d+)?)\s+(\d+)-(\d+)$",
        output,
        flags=re.MULTILINE,
    )
    assert match, f"no row {label} {config} in:\n{output}"
    rate, p50, p99, errors, cpu, sets, low, high = match.groups()
    return {"rate": float(rate), "p50": float(p50), "p99": float(p99), "errors": int(errors),
            "cpu": float(cpu), "sets": sets, "slices": (int(low), int(high))}  # fmt: skip


def overhead_rows(output: str, title: str) -> dict[str, tuple[float, float, str]]:
    """The rows (ratio, overhead %, verdict) under one overhead title."""
    section = output.split(f"  {title}\n", 1)[1].split("\n  (", 1)[0]
    rows = {}
    for label in ENDPOINTS:
        match = re.search(
            rf"^{re.escape(label)}\s+{NUMBER}\s+{NUMBER}%\s+<= 10%\s+(PASS|MISS)$",
            section,
            flags=re.MULTILINE,
        )
        assert match, f"no {title} row for {label} in:\n{section}"
        rows[label] = (float(match.group(1)), float(match.group(2)), match.group(3))
    return rows


def nothing_listens_on(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize("client", ["auto", "python"])
def test_a_one_second_run_prints_every_number_and_overheads_computed_from_them(client):
    # given a PostgreSQL server, when the benchmark runs for 1 s per endpoint and configuration
    finished = run_benchmark("--seconds", "1", "--client", client)

    # then it succeeds and says how it ran, on what machine load
    assert finished.returncode == 0, finished.stderr
    out = finished.stdout
    assert re.search(r"load average \d+\.\d at start, \d+\.\d at end", out), out
    assert "1 s warm-up, then 1 x 1 s, interleaved on off off on" in out
    # (auto takes wrk when it is installed: the scripts/bench/storefront wrapper installs it)
    assert ("Python client" in out) == (client == "python" or shutil.which("wrk") is None)
    assert re.search(r"^off\s+PinnedStoreMiddleware in its place", out, flags=re.MULTILINE)

    # and every measured number is real: requests served without errors, latencies, CPU
    rows = {(label, config): measurements(out, label, config)
            for label in ENDPOINTS for config in ("on", "off")}  # fmt: skip
    for key, row in rows.items():
        assert row["rate"] > 0, key
        assert 0 < row["p50"] <= row["p99"], key
        assert row["errors"] == 0, key
        assert row["cpu"] > 0, key
        assert 0 < row["slices"][0] <= row["slices"][1], key
        # the pinned store sets the search path only on a new connection (at most once in the
        # samples, as a connection lives 60 s); routing sets it on every request
        if key[1] == "off":
            assert row["sets"] in ("0", "0-1"), key
        else:
            assert int(row["sets"].split("-")[0]) >= 1, key

    # and each overhead is computed from the printed numbers, with its verdict
    for label, (ratio, overhead, verdict) in overhead_rows(out, "throughput (req/s)").items():
        assert ratio == round(rows[(label, "on")]["rate"] / rows[(label, "off")]["rate"], 3)
        assert overhead == round((1 - ratio) * 100, 1)
        assert verdict == ("PASS" if overhead <= 10 else "MISS")
    for label, (ratio, overhead, verdict) in overhead_rows(out, "server CPU per request").items():
        assert ratio == round(rows[(label, "on")]["cpu"] / rows[(label, "off")]["cpu"], 3)
        assert overhead == round((ratio - 1) * 100, 1)
        assert verdict == ("PASS" if overhead <= 10 else "MISS")

    # and the SET search_path verdicts follow the printed counts
    for label in ENDPOINTS:
        match = re.search(rf"^{re.escape(label)}\s+(\S+)\s+= 1\s+(PASS|MISS)$", out, re.MULTILINE)
        assert match, label
        assert match.group(1) == rows[(label, "on")]["sets"]
        assert match.group(2) == ("PASS" if match.group(1) == "1" else "MISS")

    # and its servers and its database are gone again
    ports = re.search(r"on at 127\.0\.0\.1:(\d+), off at 127\.0\.0\.1:(\d+)", out)
    assert ports, out
    assert all(nothing_listens_on(int(port)) for port in ports.groups())
    name = re.search(r"^database\s+(storefleet_bench_[0-9a-f]{8}) ", out, flags=re.MULTILINE)
    assert name, out
    assert not database_exists(name.group(1))
