"""The webhook storm benchmark runs end to end with small storms against gunicorn and prints
both storms' figures, one order per paid session, no Stripe call, and its final line."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.benchrun import bench_env, database_exists

pytestmark = pytest.mark.slow

MODULE = Path(__file__).resolve().parents[2] / "scripts" / "bench" / "webhook_bench.py"
NUMBER = r"(\d+(?:\.\d+)?)"


def test_two_small_storms_print_their_latencies_and_one_order_each(redis_url):
    env = {**bench_env(), "REDIS_URL": redis_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["PYTHONPATH"] = f"{env['PYTHONPATH']}:{MODULE.parents[2]}"
    process = subprocess.run(
        [sys.executable, str(MODULE), "--deliveries", "8", "--rounds", "2",
         "--ports", "9100-9149"],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip

    assert process.returncode == 0, process.stderr[-3000:]
    out = process.stdout
    for label in ("first storm (event new)", "second storm (event already processed)"):
        row = re.search(re.escape(label) + rf"\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+200x16\s+0$",
                        out, re.MULTILINE)  # fmt: skip
        assert row, out
        p50, p99, cpu = (float(row.group(n)) for n in (1, 2, 3))
        assert 0 < p50 <= p99 and cpu > 0
    assert "orders per paid session: 1, 1" in out
    verdict = re.search(r"first storm, p99\s+(\d+) ms\s+<= 100 ms\s+(PASS|MISS)", out)
    assert verdict, out
    assert verdict.group(2) == ("PASS" if int(verdict.group(1)) <= 100 else "MISS")
    final = out.strip().splitlines()[-1]
    assert re.fullmatch(
        r"webhook storm: p50 \d+ ms p99 \d+ ms orders 1 \(target p99 <= 100 ms\); "
        r"processed duplicate storm: p50 \d+ ms p99 \d+ ms",
        final,
    ), final
    database = re.search(r"database\s+(storefleet_bench_\w+)", out).group(1)
    assert not database_exists(database)
