"""An interrupted benchmark (Ctrl-C or SIGTERM) still drops the database it created."""

import re
import signal
import subprocess
import time

import pytest

from tests.bench.benchrun import database_exists, start_benchmark

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_benchmark_drops_its_database(signum):
    # given a benchmark that has created its database and started working in it
    process = start_benchmark("--runs", "20", "--fleet", "200")
    first = process.stderr.readline()
    name = re.search(r"database (storefleet_bench_[0-9a-f]{8}) created", first)
    assert name, first
    assert database_exists(name.group(1))
    progress = process.stderr.readline()  # "... capturing the template": Django is running
    assert progress.startswith("... "), progress
    time.sleep(0.5)

    # when it is interrupted
    process.send_signal(signum)
    try:
        _, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:  # say where it is stuck (faulthandler on SIGUSR1)
        process.send_signal(signal.SIGUSR1)
        time.sleep(1)
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"the interrupted benchmark did not exit:\n{err[-4000:]}")

    # then it exits with 130 and its database is gone
    assert process.returncode == 130, err[-4000:]
    assert not database_exists(name.group(1))
