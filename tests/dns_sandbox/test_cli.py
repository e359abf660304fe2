"""`python -m dns_sandbox` for development: `serve` only with DEBUG on, announcing where it
listens; `publish`/`remove`/`list` change the state file a running server answers from."""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import dns.message
import dns.query
import dns.rcode
import pytest

ROOT = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"^dns sandbox listening on 127\.0\.0\.1:(\d+)$")
NAME = "_storefleet-challenge.shop.example.com"


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"} | env
    return subprocess.run(
        [sys.executable, "-m", "dns_sandbox", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=30,
    )  # fmt: skip


@pytest.mark.parametrize("debug", [None, "0", ""])
def test_serve_refuses_to_start_without_debug(tmp_path, debug):
    env = {} if debug is None else {"DEBUG": debug}

    result = run("serve", "--port", "0", "--state-file", str(tmp_path / "s.json"), **env)

    assert result.returncode == 2
    assert "refusing to start: DEBUG is not on" in result.stderr


def test_records_published_from_the_command_line_are_served(tmp_path):
    state = str(tmp_path / "dns.json")
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"} | {"DEBUG": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "dns_sandbox", "serve", "--port", "0", "--state-file", state],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        match = LISTENING.match(server.stdout.readline().strip())
        assert match, server.stderr.read() if server.poll() is not None else ""
        port = int(match[1])

        published = run("publish", NAME, "storefleet-verification=xyz", "--state-file", state)
        query = dns.message.make_query(NAME, "TXT")
        answer = dns.query.udp(query, "127.0.0.1", port=port, timeout=2)
        listed = run("list", "--state-file", state)
        run("remove", NAME, "--state-file", state)
        after = dns.query.udp(query, "127.0.0.1", port=port, timeout=2)
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=10) == 0

    assert published.returncode == 0
    assert [b"".join(r.strings).decode() for rr in answer.answer for r in rr] == [
        "storefleet-verification=xyz"
    ]
    assert listed.stdout == f"{NAME} TXT 'storefleet-verification=xyz'\n"
    assert after.rcode() == dns.rcode.NXDOMAIN
