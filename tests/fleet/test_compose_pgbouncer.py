"""docker-compose.yml (reviewed, never run here): the app reaches PostgreSQL through PgBouncer
in transaction mode; migrations go straight to PostgreSQL."""

from __future__ import annotations

import yaml
from config import env

from tests.fixtures.processes import ROOT


def _services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_pgbouncer_pools_in_transaction_mode_in_front_of_postgres():
    pgbouncer = _services()["pgbouncer"]

    assert pgbouncer["environment"]["POOL_MODE"] == "transaction"
    assert pgbouncer["environment"]["DB_HOST"] == "postgres"
    assert pgbouncer["environment"]["LISTEN_PORT"] == "6432"
    assert pgbouncer["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_web_worker_and_beat_go_through_pgbouncer_and_migrate_does_not():
    services = _services()

    for name in ("web", "worker", "beat"):
        url = services[name]["environment"]["DATABASE_URL"].replace("${", "").replace("}", "")
        db = env.parse_database_url(url.replace(":?set POSTGRES_PASSWORD", ""))
        assert (db["HOST"], db["PORT"], db.get("POOL_MODE")) == ("pgbouncer", "6432", "transaction")
        assert services[name]["depends_on"]["pgbouncer"]["condition"] == "service_healthy"
    migrate = services["migrate"]["environment"]["DATABASE_URL"]
    assert "@postgres:5432/" in migrate and "pool=" not in migrate
