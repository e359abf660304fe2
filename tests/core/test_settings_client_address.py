"""CLIENT_ADDRESS_SOURCE and CLIENT_ADDRESS_PROXY_HOPS come from the environment; a wrong value
stops the settings from loading; RATELIMIT_TRUSTED_PROXIES still works as a deprecated alias."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from config.settings.components.security import get_client_address_settings
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
VIEWER = "cloudfront-viewer-address"
NAMES = ("CLIENT_ADDRESS_SOURCE", "CLIENT_ADDRESS_PROXY_HOPS", "RATELIMIT_TRUSTED_PROXIES")


@pytest.fixture
def environment(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)

    def set_to(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_to


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, ("remote-addr", 0)),
        ({"CLIENT_ADDRESS_SOURCE": ""}, ("remote-addr", 0)),
        ({"CLIENT_ADDRESS_SOURCE": VIEWER}, (VIEWER, 0)),
        ({"CLIENT_ADDRESS_SOURCE": " CloudFront-Viewer-Address "}, (VIEWER, 0)),
        ({"CLIENT_ADDRESS_SOURCE": "x-forwarded-for"}, ("x-forwarded-for", 1)),
        (
            {"CLIENT_ADDRESS_SOURCE": "x-forwarded-for", "CLIENT_ADDRESS_PROXY_HOPS": "2"},
            ("x-forwarded-for", 2),
        ),
        ({"RATELIMIT_TRUSTED_PROXIES": "2"}, ("x-forwarded-for", 2)),
        ({"RATELIMIT_TRUSTED_PROXIES": "0"}, ("remote-addr", 0)),
        (
            {"RATELIMIT_TRUSTED_PROXIES": "1", "CLIENT_ADDRESS_SOURCE": "remote-addr"},
            ("remote-addr", 0),
        ),
        (
            {"RATELIMIT_TRUSTED_PROXIES": "1", "CLIENT_ADDRESS_SOURCE": VIEWER},
            (VIEWER, 0),
        ),
    ],
)
def test_the_source_and_hops_read_from_the_environment(environment, values, expected):
    environment(**values)

    assert get_client_address_settings() == expected


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"CLIENT_ADDRESS_SOURCE": "x-real-ip"}, "CLIENT_ADDRESS_SOURCE must be one of"),
        ({"CLIENT_ADDRESS_SOURCE": "cloudfront"}, "CLIENT_ADDRESS_SOURCE must be one of"),
        ({"CLIENT_ADDRESS_PROXY_HOPS": "two"}, "CLIENT_ADDRESS_PROXY_HOPS must be an integer"),
        ({"CLIENT_ADDRESS_PROXY_HOPS": "-1"}, "CLIENT_ADDRESS_PROXY_HOPS must be positive"),
    ],
)
def test_a_wrong_value_is_refused(environment, values, message):
    environment(**values)

    with pytest.raises(ImproperlyConfigured, match=message):
        get_client_address_settings()


def _load_settings(**environment: str) -> subprocess.CompletedProcess:
    code = (
        "import json; import django; from django.conf import settings as s; django.setup(); "
        "print(json.dumps([s.CLIENT_ADDRESS_SOURCE, s.CLIENT_ADDRESS_PROXY_HOPS]))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {*NAMES, "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "PYTHONPATH": f"{ROOT}/platform",
            "SECRET_KEY": "k" * 50,
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_settings_carry_the_configured_source():
    result = _load_settings(CLIENT_ADDRESS_SOURCE="cloudfront-viewer-address")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["cloudfront-viewer-address", 0]


def test_a_wrong_source_stops_the_settings_from_loading():
    result = _load_settings(CLIENT_ADDRESS_SOURCE="true-client-ip")

    assert result.returncode != 0
    assert "ImproperlyConfigured: CLIENT_ADDRESS_SOURCE must be one of" in result.stderr
