"""Without LOG_FORMAT (scripts/run), logs stay plain text lines and no access log is written;
LOG_FORMAT=json turns both on; anything else stops the settings from loading."""

import io
import logging
import logging.config
import re
import subprocess
import sys

import pytest
from config.settings.components.logging import build_logging

from tests.fixtures.processes import ROOT, child_env

pytestmark = pytest.mark.django_db(databases=["default", "second"])

SCRIPT = """
import logging
import django
django.setup()
from django.conf import settings
logging.getLogger("storefleet.check").warning("hello")
print(settings.LOG_FORMAT, settings.REQUEST_LOG)
"""
PLAIN = re.compile(r"[\d-]{10} [\d:,]{12} WARNING \[public\] storefleet\.check: hello")


def _run_settings(**env: str) -> subprocess.CompletedProcess:
    environment = child_env(**env)
    for name in ("LOG_FORMAT", "REQUEST_LOG"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=environment, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip


def test_unset_means_plain_text_lines_and_no_access_log():
    run = _run_settings()

    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["text", "False"]
    assert PLAIN.fullmatch(run.stderr.strip()), run.stderr


def test_json_turns_on_json_lines_and_the_access_log():
    run = _run_settings(LOG_FORMAT="json")

    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["json", "True"]
    assert run.stderr.startswith('{"level": "WARNING", "logger": "storefleet.check"')


def test_an_unknown_format_stops_the_settings_from_loading():
    run = _run_settings(LOG_FORMAT="xml")

    assert run.returncode != 0
    assert "LOG_FORMAT must be one of text, json" in run.stderr


def test_a_text_mode_request_writes_no_access_line_but_keeps_its_id(store_a, client_for, settings):
    settings.REQUEST_LOG = False  # the text mode's default (the first test)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    logging.config.dictConfig(build_logging("text", "INFO"))
    buffer = io.StringIO()
    root.handlers[0].setStream(buffer)
    try:
        response = client_for(store_a).get("/no-such-page", HTTP_X_REQUEST_ID="quiet-1")
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)

    assert response["X-Request-ID"] == "quiet-1"
    # Django's own "Not Found" warning, as plain text naming the store; no access line.
    [line] = buffer.getvalue().splitlines()
    assert line.endswith(f"[{store_a.schema_name}] django.request: Not Found: /no-such-page")
    assert " WARNING " in line
