"""The storefront benchmark runs end to end and prints a consistent report.

It runs as its own process (throwaway database, two gunicorn servers on ports 9000-9049),
for 1 second per endpoint and configuration, against the server of this test run's
DATABASE_URL; once with the default client (wrk when installed) and with `--stores 20`, and
once with the Python one.
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
FLOOR = "/bench/floor"
TARGETS_VS_FLOOR = {"/order/products": 1.5, "/order/product/<id>": 1.5, "/order/cart-totals": 1.3}
STORES = 20
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
        rf"\s+(\d+(?:-\d+)?|-)\s+(\d+)-(\d+)$",
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


def floor_rows(output: str) -> dict[str, tuple[float, ...]]:
    """The rows (the floor's req/s and CPU ms/req alongside, req/s ratio, CPU ratio) of the
    "vs floor" section, and its verdicts."""
    section = output.split("vs floor, on", 1)[1].split("\n  (", 1)[0]
    rows = {}
    for label in ENDPOINTS:
        match = re.search(
            rf"^{re.escape(label)}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}x\s+{NUMBER}x"
            rf"(?:\s+<= {NUMBER}x\s+(PASS|MISS))?$",
            section,
            flags=re.MULTILINE,
        )
        assert match, f"no floor row for {label} in:\n{section}"
        floor_rate, floor_cpu, rate, cpu, target, verdict = match.groups()
        assert (target is not None) == (label in TARGETS_VS_FLOOR), label
        if target is not None:
            assert float(target) == TARGETS_VS_FLOOR[label]
            assert verdict == ("PASS" if float(cpu) <= float(target) else "MISS")
        assert float(floor_rate) > 0 and float(floor_cpu) > 0, label
        rows[label] = (float(floor_rate), float(floor_cpu), float(rate), float(cpu))
    return rows


def many_store_rows(output: str) -> dict[str, tuple[float, ...]]:
    """p50/p99 with 2 stores, with STORES, and both ratios, per endpoint (--stores)."""
    section = output.split("many stores, on (p50 / p99 ms)", 1)[1].split("\n  (", 1)[0]
    rows = {}
    for label in ENDPOINTS:
        match = re.search(
            rf"^{re.escape(label)}\s+{NUMBER} /\s*{NUMBER}\s+{NUMBER} /\s*{NUMBER}\s+{NUMBER}x"
            rf"\s+{NUMBER}x\s+<= 1\.1x\s+(PASS|MISS)$",
            section,
            flags=re.MULTILINE,
        )
        assert match, f"no many-stores row for {label} in:\n{section}"
        *numbers, verdict = match.groups()
        two50, two99, many50, many99, r50, r99 = map(float, numbers)
        assert 0 < two50 <= two99 and 0 < many50 <= many99, label
        assert r50 == round(many50 / two50, 2) and r99 == round(many99 / two99, 2), label
        assert verdict == ("PASS" if max(r50, r99) <= 1.1 else "MISS"), label
        rows[label] = tuple(map(float, numbers))
    return rows


@pytest.mark.parametrize(("client", "stores"), [("auto", STORES), ("python", 0)])
def test_a_one_second_run_prints_every_number_and_overheads_computed_from_them(client, stores):
    # given a PostgreSQL server, when the benchmark runs for 1 s per endpoint and configuration
    # (with --stores: measured again with that many stores present)
    extra = ("--stores", str(stores)) if stores else ()
    finished = run_benchmark("--seconds", "1", "--client", client, *extra)

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
            for label in [FLOOR, *ENDPOINTS] for config in ("on", "off")}  # fmt: skip
    for key, row in rows.items():
        assert row["rate"] > 0, key
        assert 0 < row["p50"] <= row["p99"], key
        assert row["errors"] == 0, key
        assert row["cpu"] > 0, key
        assert 0 < row["slices"][0] <= row["slices"][1], key
        # the pinned store sets the search path only on a new connection (at most once in the
        # samples, as a connection lives 60 s); routing sets it on every request that makes a
        # query: the cart's items always, the catalog's and the cart's totals only when not
        # answered from the catalog cache (Redis); the floor makes no query (not counted)
        if key[0] == FLOOR:
            assert row["sets"] == "-", key
        elif key[1] == "off":
            assert row["sets"] in ("0", "0-1"), key
        elif key[0] == "/order/cart-items":
            assert row["sets"] == "1", key
        else:
            assert row["sets"] in ("0", "0-1", "1"), key

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
        match = re.search(rf"^{re.escape(label)}\s+(\S+)\s+<= 1\s+(PASS|MISS)$", out, re.MULTILINE)
        assert match, label
        assert match.group(1) == rows[(label, "on")]["sets"]
        assert match.group(2) == ("PASS" if match.group(1) in ("0", "0-1", "1") else "MISS")

    # and each endpoint is set against the floor measured alongside it (tenancy on), from the
    # printed numbers, and the last line repeats the CPU ratios of the endpoints with a target
    ratios = floor_rows(out)
    for label, (floor_rate, floor_cpu, rate, cpu) in ratios.items():
        assert rate == round(rows[(label, "on")]["rate"] / floor_rate, 2), label
        assert cpu == round(rows[(label, "on")]["cpu"] / floor_cpu, 2), label
    last = out.rstrip("\n").splitlines()[-1]
    assert last == (
        f"storefront vs floor: products {ratios['/order/products'][3]:.2f}x "
        f"product {ratios['/order/product/<id>'][3]:.2f}x "
        f"cart-totals {ratios['/order/cart-totals'][3]:.2f}x"
    )

    # and with --stores, the latencies with 2 and with that many stores, and a no-op migrate
    if stores:
        assert set(many_store_rows(out)) == set(ENDPOINTS)
        migrate = re.search(
            rf"^no-op fleet migrate over {stores} stores: (\d+) ms \({NUMBER} ms per store; "
            rf"manage.py migrate: stores on default: {stores} current, 0 migrated",
            out,
            flags=re.MULTILINE,
        )
        assert migrate, out
        assert f"{stores - 2} stores made by replaying the schema template" in out
    else:
        assert "many stores" not in out

    # and its servers and its database are gone again
    ports = re.search(r"on at 127\.0\.0\.1:(\d+), off at 127\.0\.0\.1:(\d+)", out)
    assert ports, out
    assert all(nothing_listens_on(int(port)) for port in ports.groups())
    name = re.search(r"^database\s+(storefleet_bench_[0-9a-f]{8}) ", out, flags=re.MULTILINE)
    assert name, out
    assert not database_exists(name.group(1))
