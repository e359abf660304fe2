"""Settings come from the environment; bad values fail at start-up; production is locked down."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from config import env
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]


def test_database_url_with_a_socket_folder():
    db = env.parse_database_url("postgres://postgres@/shop?host=/srv/pg/run")

    assert (db["NAME"], db["USER"], db["HOST"], db["PORT"]) == (
        "shop",
        "postgres",
        "/srv/pg/run",
        "",
    )


def test_database_url_with_credentials_and_port():
    db = env.parse_database_url("postgresql://app:p%40ss@db.internal:6543/shop?sslmode=require")

    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "app",
        "p@ss",
        "db.internal",
        "6543",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize("url", ["mysql://x@y/z", "postgres://x@y/", "nonsense"])
def test_bad_database_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured):
        env.parse_database_url(url)


def test_database_urls_name_the_extra_placements():
    assert env.parse_database_urls("eu=postgres://a@b/c, us2=postgres://d@e/f") == {
        "eu": "postgres://a@b/c",
        "us2": "postgres://d@e/f",
    }
    with pytest.raises(ImproperlyConfigured):
        env.parse_database_urls("default=postgres://a@b/c")


def _settings_of(**environment):
    code = (
        "import json; from django.conf import settings as s; import django; django.setup(); "
        "print(json.dumps({k: getattr(s, k, None) for k in ["
        "'DEBUG','SECURE_HSTS_SECONDS','SECURE_SSL_REDIRECT','SESSION_COOKIE_SECURE',"
        "'CSRF_COOKIE_SECURE','SECURE_PROXY_SSL_HEADER','SESSION_COOKIE_HTTPONLY','PLATFORM_DOMAIN']}))"
    )
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "PLATFORM_DOMAIN"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "PYTHONPATH": f"{ROOT}/platform",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_turn_on_https_protections():
    import json

    result = _settings_of(SECRET_KEY="k" * 50, PLATFORM_DOMAIN="shops.example.com")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)

    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["PLATFORM_DOMAIN"] == "shops.example.com"


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_of()

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_malformed_boolean_fails_at_start_up():
    result = _settings_of(SECRET_KEY="k" * 50, DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
