"""Load clients of the storefront benchmark: wrk when it is installed, else a small Python
client (threads + http.client). Either runs as a process of its own, separate from the
servers and from the benchmark driver, for a fixed number of seconds, and reports the same
thing: requests, duration, errors and the full latency histogram in microseconds.

    python storefront_load.py --port 9000 --path /order/products --seconds 1 \
        --concurrency 4 --header 'Host: demo.localhost'      # the Python client, JSON out
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WRK_SCRIPT = HERE / "storefront_wrk.lua"
MARKER = "STOREFRONT_JSON "


@dataclass
class LoadResult:
    """One load run, or several merged. `requests` counts every completed response; `errors`
    counts non-2xx responses and connection errors, read/write failures and timeouts."""

    requests: int = 0
    duration_s: float = 0.0
    errors: int = 0
    latency_us: Counter = field(default_factory=Counter)

    def merged(self, other: LoadResult) -> LoadResult:
        return LoadResult(
            requests=self.requests + other.requests,
            duration_s=self.duration_s + other.duration_s,
            errors=self.errors + other.errors,
            latency_us=self.latency_us + other.latency_us,
        )

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    def percentile_ms(self, percent: float) -> float:
        """Nearest-rank percentile of the recorded latencies, in milliseconds."""
        total = sum(self.latency_us.values())
        if not total:
            return 0.0
        rank = max(1, -(-total * percent // 100))  # ceil(total * percent / 100)
        seen = 0
        for value in sorted(self.latency_us):
            seen += self.latency_us[value]
            if seen >= rank:
                return value / 1000
        raise AssertionError("unreachable")


def from_json(data: dict) -> LoadResult:
    errors = data["errors"]
    return LoadResult(
        requests=data["requests"],
        duration_s=data["duration_us"] / 1e6,
        errors=sum(errors.values()) if isinstance(errors, dict) else errors,
        latency_us=Counter({int(value): int(count) for value, count in data["latency_us"]}),
    )


@dataclass(frozen=True)
class Target:
    """Where and what to send: one endpoint of one server, with the request's headers."""

    port: int
    path: str
    headers: dict[str, str]


def wrk_path() -> str | None:
    return shutil.which("wrk")


def describe_client(name: str, concurrency: int) -> str:
    if name == "wrk":
        probe = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
        version = (probe.stdout or probe.stderr).split(" [")[0].strip() or "wrk"
        return f"{version}, 1 thread, {concurrency} connections"
    return f"Python client (threads + http.client), {concurrency} threads"


def run_load(client: str, target: Target, *, seconds: int, concurrency: int) -> LoadResult:
    """Drive `target` for `seconds` with `concurrency` connections from a child process."""
    if client == "wrk":
        command = [
            "wrk",
            "-t1",
            f"-c{concurrency}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(WRK_SCRIPT),
        ]
        for name, value in target.headers.items():
            command += ["-H", f"{name}: {value}"]
        command.append(f"http://127.0.0.1:{target.port}{target.path}")
    else:
        command = [sys.executable, str(Path(__file__).resolve()), "--port", str(target.port)]
        command += ["--path", target.path, "--seconds", str(seconds)]
        command += ["--concurrency", str(concurrency)]
        for name, value in target.headers.items():
            command += ["--header", f"{name}: {value}"]
    finished = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    for line in finished.stdout.splitlines():
        if line.startswith(MARKER):
            return from_json(json.loads(line[len(MARKER) :]))
    raise RuntimeError(
        f"{client} gave no result (exit {finished.returncode}): "
        f"{finished.stderr.strip()[-500:] or finished.stdout.strip()[-500:]}"
    )


def _drive(target: Target, deadline: float, result: LoadResult, lock: threading.Lock) -> None:
    latencies: Counter = Counter()
    requests = errors = 0
    connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=10)
    while time.perf_counter() < deadline:
        started = time.perf_counter_ns()
        try:
            connection.request("GET", target.path, headers=target.headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()  # reopened by the next request
            continue
        latencies[(time.perf_counter_ns() - started) // 1000] += 1
        requests += 1
        if not 200 <= response.status < 300:
            errors += 1
        if response.will_close:  # gunicorn's sync workers close after every response
            connection.close()
    connection.close()
    with lock:
        result.requests += requests
        result.errors += errors
        result.latency_us.update(latencies)


def run_python_client(target: Target, *, seconds: float, concurrency: int) -> LoadResult:
    result = LoadResult()
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds
    threads = [
        threading.Thread(target=_drive, args=(target, deadline, result, lock), daemon=True)
        for _ in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.duration_s = time.perf_counter() - started
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="The Python load client (JSON on stdout).")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--header", action="append", default=[], help="'Name: value'")
    args = parser.parse_args(argv)
    headers = dict(item.split(": ", 1) for item in args.header)
    result = run_python_client(
        Target(port=args.port, path=args.path, headers=headers),
        seconds=args.seconds,
        concurrency=args.concurrency,
    )
    payload = {
        "requests": result.requests,
        "duration_us": round(result.duration_s * 1e6),
        "errors": result.errors,
        "latency_us": sorted(result.latency_us.items()),
    }
    print(MARKER + json.dumps(payload), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
