"""STRIPE_SANDBOX_URL (where the development Stripe sandbox answers) is refused at start-up
unless DEBUG is on: production can never be pointed at the sandbox."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings_of(**environment: str) -> subprocess.CompletedProcess:
    code = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        "print(json.dumps([s.DEBUG, s.STRIPE_SANDBOX_URL]))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "STRIPE_SANDBOX_URL"}}
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


def test_a_sandbox_url_without_debug_is_a_configuration_error():
    result = _settings_of(STRIPE_SANDBOX_URL="http://127.0.0.1:12111")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "STRIPE_SANDBOX_URL is set but DEBUG is off" in result.stderr


def test_a_sandbox_url_with_debug_is_taken():
    result = _settings_of(DEBUG="1", STRIPE_SANDBOX_URL="http://127.0.0.1:12111/")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, "http://127.0.0.1:12111"]


def test_no_sandbox_by_default():
    result = _settings_of()

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [False, None]
