"""`python -m stripe_sandbox` runs the sandbox for development: only with DEBUG on, announcing
where it listens, keeping registered accounts in its state file across restarts."""

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
import stripe
from stripe_sandbox.client import register_account
from stripe_sandbox.keys import new_sandbox_keys

from tests.stripe_sandbox.checkout_params import session_params

ROOT = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"^stripe sandbox listening on (http://127\.0\.0\.1:\d+)$")


def environment(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    return {**env, **changes}


def command(state_file: Path) -> list[str]:
    return [sys.executable, "-m", "stripe_sandbox", "--port", "0", "--state-file", str(state_file)]


@contextmanager
def running(state_file: Path) -> Iterator[str]:
    """The sandbox in its own process (DEBUG=1); yields its base URL, stops it with SIGTERM."""
    process = subprocess.Popen(
        command(state_file),
        cwd=ROOT,
        env=environment(DEBUG="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline().strip()  # printed once it answers
        match = LISTENING.match(line)
        assert match, (line, process.stderr.read() if process.poll() is not None else "")
        yield match[1]
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


@pytest.mark.parametrize("debug", [None, "0", "false", ""])
def test_without_debug_it_refuses_to_start(tmp_path, debug):
    env = environment() if debug is None else environment(DEBUG=debug)

    result = subprocess.run(
        command(tmp_path / "state.json"),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "stripe sandbox: refusing to start: DEBUG is not on (the sandbox is for development only)"
    ]
    assert not (tmp_path / "state.json").exists()


def test_with_debug_it_serves_the_sdk_and_keeps_accounts_across_a_restart(tmp_path):
    state = tmp_path / "sandbox" / "state.json"
    keys = new_sandbox_keys()

    with running(state) as base_url:
        register_account(
            base_url,
            keys=keys,
            name="Demo Store",
            webhook_url="http://demo.localhost:8000/order/stripe-webhook",
        )
        client = stripe.StripeClient(
            keys.secret_key, base_addresses={"api": base_url}, max_network_retries=0
        )
        first = client.v1.checkout.sessions.create(params=session_params())
        page = requests.get(first.url, timeout=5).text

    saved = json.loads(state.read_text())
    with running(state) as base_url:
        client = stripe.StripeClient(
            keys.secret_key, base_addresses={"api": base_url}, max_network_retries=0
        )
        second = client.v1.checkout.sessions.create(params=session_params())

    assert first.url.startswith(base_url.rsplit(":", 1)[0])
    assert "id='store-name'>Demo Store</span>" in page and "TEST MODE" in page
    assert saved == {
        "accounts": [
            {
                "name": "Demo Store",
                "secret_key": keys.secret_key,
                "publishable_key": keys.publishable_key,
                "webhook_secret": keys.webhook_secret,
                "webhook_url": "http://127.0.0.1:8000/order/stripe-webhook",
                "webhook_host": "demo.localhost:8000",
            }
        ]
    }
    assert (second.status, second.amount_total) == ("open", first.amount_total)
