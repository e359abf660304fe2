"""Reading the account mails the session's web server sends to `e2e_smtp_server`."""

from __future__ import annotations

import re
import time

from tests.fixtures.smtp import CapturedMessage, SmtpServer


def wait_for_mail(
    smtp: SmtpServer,
    address: str,
    *,
    count: int = 1,
    containing: str | None = None,
    timeout: float = 15.0,
) -> list[CapturedMessage]:
    """The first `count` messages to `address` (only those whose text holds `containing`, if
    given), waiting for them to arrive. The session's SMTP server is shared by the tests a
    process runs, whichever they are: count the mails a test itself caused."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in smtp.to(address) if containing is None or containing in m.text]
        if len(found) >= count:
            return found[:count]
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{len(found)} of {count} mails to {address} arrived")
        time.sleep(0.1)


def link_path(message: CapturedMessage, path: str) -> str:
    """The path and query of the mail's link to `path` (mail links name the store's public
    host; the test server listens on another port)."""
    found = re.search(rf"https?://[^/\s]+({re.escape(path)}[^\s<>\"]*)", message.text)
    assert found, f"no link to {path} in:\n{message.text}"
    return found.group(1)
