"""The pool mode is opt-in per database: unset, a DATABASES entry is exactly what it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from config import env
from django.core.exceptions import ImproperlyConfigured

from tests.fixtures.processes import ROOT

URL = "postgres://app@db.internal:6432/shop"


def test_without_the_mode_the_entry_is_django_tenants_own():
    db = env.parse_database_url(URL)

    assert db["ENGINE"] == "django_tenants.postgresql_backend"
    assert "POOL_MODE" not in db and "DISABLE_SERVER_SIDE_CURSORS" not in db
    assert env.parse_database_url(URL + "?pool=session") == db


def test_pool_transaction_on_the_url():
    db = env.parse_database_url(URL + "?pool=transaction")

    assert db["ENGINE"] == "tenants.postgresql_backend"
    assert db["POOL_MODE"] == "transaction"
    assert db["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_a_url_parameter_wins_over_the_default_mode():
    assert env.parse_database_url(URL + "?pool=session", pool="transaction")["ENGINE"] == (
        "django_tenants.postgresql_backend"
    )
    assert env.parse_database_url(URL, pool="transaction")["POOL_MODE"] == "transaction"


def test_an_unknown_pool_mode_is_refused():
    with pytest.raises(ImproperlyConfigured, match="pool"):
        env.parse_database_url(URL + "?pool=statement")


def _databases(**environment: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({a: [d['ENGINE'], d.get('POOL_MODE')] "
        "for a, d in settings.DATABASES.items()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "PYTHONPATH": f"{ROOT}/platform",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_database_pool_mode_applies_to_every_database():
    databases = _databases(
        DATABASE_URL=URL, DATABASE_URLS=f"eu1={URL}", DATABASE_POOL_MODE="transaction"
    )

    assert databases == {
        "default": ["tenants.postgresql_backend", "transaction"],
        "eu1": ["tenants.postgresql_backend", "transaction"],
    }


def test_one_database_behind_pgbouncer_the_other_direct():
    databases = _databases(
        DATABASE_URL=URL, DATABASE_URLS=f"eu1={URL}?pool=transaction", DATABASE_POOL_MODE=""
    )

    assert databases == {
        "default": ["django_tenants.postgresql_backend", None],
        "eu1": ["tenants.postgresql_backend", "transaction"],
    }


def test_session_options_are_refused_in_transaction_mode():
    from tenants.postgresql_backend.base import DatabaseWrapper

    settings_dict = {**env.parse_database_url(URL + "?pool=transaction"), "TIME_ZONE": None}
    settings_dict["OPTIONS"] = {"assume_role": "owner"}
    with pytest.raises(ImproperlyConfigured, match="assume_role"):
        DatabaseWrapper(settings_dict)
