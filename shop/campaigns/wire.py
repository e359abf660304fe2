"""A campaign message written straight to the bytes the mail server gets, without building a
Django EmailMessage and running it through the standard library's MIME generator (which
folds every header through email.header, about a quarter of a message's CPU).

What every message of a campaign shares is worked out once per batch (WireLayout: the From
header, the store header, the encoded subject); per recipient only the subject (when it
differs), To, Date, Message-ID, List-Unsubscribe and the two bodies are written. The result
is the message Django would send: the same headers (values encoded the way Django encodes
them), `multipart/alternative` with `text/plain` and `text/html` parts (or `text/plain`
alone), UTF-8, `7bit` or `8bit`; tests/shop/campaigns/test_campaign_wire.py parses both and
compares them.

Only the plain case is written here; anything else returns None and is built by Django as
before: an address that is not plain ASCII (or would inject a header), a per-recipient header
value with a line break or outside ASCII, a body line over 998 bytes (Django sends those
quoted-printable), or a DEFAULT_CHARSET other than UTF-8.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import forbid_multi_line_headers

from shop.emails.rendering import EmailMessageParts

_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_NEWLINE = re.compile(rb"\r\n|\r|\n")  # what the standard library's generator splits on
_MAX_LINE = 998  # RFC 5322 2.1.1
_CRLF = b"\r\n"


@dataclass(frozen=True)
class WireMessage:
    """A campaign message as the SMTP connection sends it: envelope and data. `build` makes
    the same message as a Django EmailMessage, for backends other than SMTP."""

    from_email: str
    to: str
    data: bytes
    build: Callable[[], EmailMessage]

    def recipients(self) -> list[str]:
        return [self.to]


@dataclass
class WireLayout:
    """The headers every message of one campaign shares, encoded once."""

    from_email: str
    store: str
    shared: bytes = b""  # From and the store header, CRLF-terminated
    _subjects: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        sender = _encoded("From", self.from_email)
        self.shared = b"From: " + sender + _CRLF + b"X-Storefleet-Store: " + self._ascii(self.store)

    @staticmethod
    def _ascii(value: str) -> bytes:
        """A plain header value, CRLF-terminated; a long one folded after its commas."""
        if "\n" in value or "\r" in value or not value.isascii() or len(value) > 900:
            raise ValueError(f"not a plain header value: {value[:100]!r}")
        if len(value) > 70:
            value = value.replace(", ", ",\r\n ")
        return value.encode("ascii") + _CRLF

    def subject(self, subject: str) -> bytes:
        """The Subject line as Django writes it (RFC 2047 when not ASCII), once per subject."""
        line = self._subjects.get(subject)
        if line is None:
            line = b"Subject: " + _encoded("Subject", subject) + _CRLF
            if len(self._subjects) < 64:  # a subject per recipient is not worth keeping
                self._subjects[subject] = line
        return line


def get_wire_layout(*, from_email: str, store: str) -> WireLayout | None:
    """The campaign's shared headers, or None when this campaign's messages are left to
    Django (a charset other than UTF-8, a store name that is no plain header value)."""
    if settings.DEFAULT_CHARSET.lower() not in ("utf-8", "utf8"):
        return None
    try:
        return WireLayout(from_email=from_email, store=store)
    except ValueError:
        return None


def write_message(
    layout: WireLayout,
    *,
    parts: EmailMessageParts,
    to: str,
    headers: Mapping[str, str],
    build: Callable[[], EmailMessage],
) -> WireMessage | None:
    """The message's bytes, or None when it is not the plain case (see the module)."""
    if not _PLAIN_ADDRESS.fullmatch(to):
        return None
    try:
        text = _body(parts.body_text)
        html = None if parts.body_html is None else _body(parts.body_html)
        own = b"".join(
            name.encode("ascii") + b": " + layout._ascii(value) for name, value in headers.items()
        )
    except ValueError:  # a long line, a line break or non-ASCII in a header, a lone surrogate
        return None
    if text is None or (parts.body_html is not None and html is None):
        return None
    head = (
        layout.subject(parts.subject)
        + layout.shared
        + b"To: "
        + to.encode("ascii")
        + _CRLF
        + b"Date: "
        + formatdate(localtime=settings.EMAIL_USE_LOCALTIME).encode("ascii")
        + _CRLF
        + own
    )
    if html is None:
        data = _part_head("plain", text) + head + _CRLF + text[1]
    else:
        boundary = _boundary(text[1], html[1])
        delimiter = b"--" + boundary
        data = b"".join(
            [
                b'Content-Type: multipart/alternative;\r\n boundary="' + boundary + b'"\r\n',
                b"MIME-Version: 1.0\r\n",
                head,
                _CRLF,
                delimiter + _CRLF,
                _part_head("plain", text) + _CRLF + text[1],
                _CRLF + delimiter + _CRLF,
                _part_head("html", html) + _CRLF + html[1],
                _CRLF + delimiter + b"--" + _CRLF,
            ]
        )
    return WireMessage(from_email=layout.from_email, to=to, data=data, build=build)


def _encoded(name: str, value: str) -> bytes:
    """`value` encoded for header `name` as Django encodes it (ValueError on a line break)."""
    _name, encoded = forbid_multi_line_headers(name, value, settings.DEFAULT_CHARSET)
    return encoded.replace("\r\n", "\n").replace("\n", "\r\n").encode("ascii")


def _body(body: str) -> tuple[bytes, bytes] | None:
    """(Content-Transfer-Encoding, CRLF-lined UTF-8) of a body; None if a line is too long
    for 7bit/8bit."""
    encoded = body.encode("utf-8")  # a lone surrogate: UnicodeEncodeError, a ValueError
    lines = _NEWLINE.split(encoded)
    if len(encoded) > _MAX_LINE and any(len(line) > _MAX_LINE for line in lines):
        return None
    return (b"7bit" if encoded.isascii() else b"8bit"), _CRLF.join(lines)


def _part_head(subtype: str, body: tuple[bytes, bytes]) -> bytes:
    return (
        b"Content-Type: text/" + subtype.encode("ascii") + b'; charset="utf-8"\r\n'
        b"MIME-Version: 1.0\r\n"
        b"Content-Transfer-Encoding: " + body[0] + _CRLF
    )


def _boundary(*bodies: bytes) -> bytes:
    while True:
        boundary = f"==campaign-{secrets.token_hex(16)}".encode("ascii")
        if not any(boundary in body for body in bodies):
            return boundary
