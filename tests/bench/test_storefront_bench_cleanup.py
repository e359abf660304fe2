"""An interrupted storefront benchmark (Ctrl-C or SIGTERM) stops its gunicorn servers and
drops the database it created."""

import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.benchrun import bench_env, database_exists

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "scripts" / "bench" / "storefront_bench.py"

pytestmark = pytest.mark.slow


def nothing_listens_on(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_run_stops_its_servers_and_drops_its_database(signum):
    # given a benchmark whose servers are up and under load
    process = subprocess.Popen(
        [sys.executable, str(MODULE), "--ports", "9000-9049", "--seconds", "30"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=bench_env(),
    )
    lines = [process.stderr.readline()]
    name = re.search(r"database (storefleet_bench_[0-9a-f]{8}) created", lines[0])
    assert name, lines[0]
    while not lines[-1].startswith("... /order/products:"):  # the load has started
        lines.append(process.stderr.readline())
        assert lines[-1], "".join(lines)
    ports = re.search(r"on at :(\d+), off at :(\d+)", "".join(lines))
    assert ports, lines
    assert not any(nothing_listens_on(int(port)) for port in ports.groups())

    # when it is interrupted
    process.send_signal(signum)
    process.communicate(timeout=60)

    # then it exits with 130, nothing listens on its ports and its database is gone
    assert process.returncode == 130
    assert all(nothing_listens_on(int(port)) for port in ports.groups())
    assert not database_exists(name.group(1))
