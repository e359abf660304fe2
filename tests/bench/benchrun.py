"""Running the provisioning benchmark from a test, and looking at its server afterwards."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
from config.env import parse_database_url

ROOT = Path(__file__).resolve().parents[2]
# The module the scripts/bench/provisioning wrapper runs (the wrapper adds .venv setup).
MODULE = ROOT / "scripts" / "bench" / "provisioning_bench.py"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def bench_env() -> dict[str, str]:
    env = {**os.environ, "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT / "platform")}
    env.setdefault("DATABASE_URL", DEFAULT_SERVER)
    return env


def start_benchmark(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(MODULE), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=bench_env(),
    )


def database_exists(name: str) -> bool:
    settings = parse_database_url(bench_env()["DATABASE_URL"])
    params = {
        "dbname": "postgres",
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "host": settings["HOST"],
        "port": settings["PORT"],
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None
