"""The provisioning benchmark runs end to end and prints a consistent table.

It runs as its own process (it configures Django for a throwaway database of its own), with
2 runs per path and a fleet of 5 stores, against the server of this test run's DATABASE_URL.
"""

import re

import pytest

from tests.bench.benchrun import database_exists, start_benchmark

NUMBER = r"(\d+(?:\.\d+)?)"

pytestmark = pytest.mark.slow


def row(output: str, label: str, count: int) -> list[float]:
    """The `count` numbers printed after `label` on its line."""
    match = re.search(re.escape(label) + r"\s+" + r"\s+".join([NUMBER] * count), output)
    assert match, f"no row {label!r} in:\n{output}"
    return [float(value) for value in match.groups()]


def test_two_runs_and_five_stores_print_every_number_and_consistent_ratios():
    # given a PostgreSQL server, when the benchmark runs with 2 runs per path and 5 stores
    process = start_benchmark("--runs", "2", "--fleet", "5")
    out, err = process.communicate(timeout=120)

    # then it succeeds and every measured number is real
    assert process.returncode == 0, err
    assert row(out, "template capture (once per migration state)", 1)[0] > 0
    p50 = {}
    for key, label in [
        ("fast", "fast path (create_tenant, POOL: rename a spare)"),
        ("replay", "replay captured DDL (create_tenant, TEMPLATE)"),
        ("clone", "django-tenants clone (NODATA) + fake migrate"),
        ("clone_schema", "of which clone_schema"),
        ("fake", "of which migrate --fake"),
        ("migrate", "migrating (create_tenant, MIGRATE)"),
    ]:
        median, p95 = row(out, label, 2)
        assert 0 < median <= p95, label
        p50[key] = median
    assert "creating a store (2 runs each, interleaved)" in out

    # and each ratio is the quotient of the printed p50s
    assert row(out, "migrate / fast", 1)[0] == round(p50["migrate"] / p50["fast"], 2)
    assert row(out, "clone / fast", 1)[0] == round(p50["clone"] / p50["fast"], 2)
    assert row(out, "replay / fast", 1)[0] == round(p50["replay"] / p50["fast"], 2)

    # and the fleet line covers 5 stores, per store being total / 5
    assert "no-op fleet migrate over 5 stores" in out
    total, per_store = row(out, "tenants.fleet.migrate_fleet", 2)
    assert total > 0
    assert per_store == round(total / 5, 2)
    dt_total, dt_per_store = row(out, "django-tenants migrate_schemas --tenant", 2)
    assert dt_total > 0
    assert dt_per_store == round(dt_total / 5, 2)

    # and every target carries a verdict
    verdicts = re.findall(r"^  (fast path p50|fast path vs migrating|no-op fleet).*(PASS|MISS)$",
                          out, flags=re.MULTILINE)  # fmt: skip
    assert len(verdicts) == 3

    # and its database is gone again
    name = re.search(r"^database\s+(storefleet_bench_[0-9a-f]{8}) ", out, flags=re.MULTILINE)
    assert name, out
    assert not database_exists(name.group(1))
