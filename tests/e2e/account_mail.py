"""Reading the account mails the session's web server sends to `e2e_smtp_server`."""

from __future__ import annotations

import re
import time

from tests.fixtures.smtp import CapturedMessage, SmtpServer


def wait_for_mail(
    smtp: SmtpServer, address: str, *, count: int = 1, timeout: float = 15.0
) -> list[CapturedMessage]:
    """The first `count` messages to `address`, waiting for them to arrive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = smtp.to(address)
        if len(found) >= count:
            return found[:count]
        time.sleep(0.1)
    raise TimeoutError(f"{len(smtp.to(address))} of {count} mails to {address} arrived")


def link_path(message: CapturedMessage, path: str) -> str:
    """The path and query of the mail's link to `path` (mail links name the store's public
    host; the test server listens on another port)."""
    found = re.search(rf"https?://[^/\s]+({re.escape(path)}[^\s<>\"]*)", message.text)
    assert found, f"no link to {path} in:\n{message.text}"
    return found.group(1)
