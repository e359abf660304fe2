"""Handing campaign messages to the mail server over one connection per batch, in two steps,
so the caller can commit its record of the send between them:

    handover = transport.hand_over(message)   # MAIL, RCPT, DATA, the message and its final "."
    ...commit "sent" in the database...
    handover.confirm()                        # read the server's reply to the final "."

Why: once the final "." has been written to the socket the server has the whole message,
even if this process is killed a microsecond later (the kernel still delivers what was
written), and most servers accept it. Committing before reading the reply, instead of after,
shrinks the window in which a crash leaves "sent" uncommitted for a message the server
accepted (which is then sent again, with the same Message-ID) from a network round trip plus
the server's work to the few instructions between the write and the commit. The price: a
reply that refuses the message comes after the commit, so the caller must undo its record
(and cannot, if it dies in between).

Backends other than Django's SMTP backend (locmem in tests, console) send in hand_over and
confirm nothing.
"""

from __future__ import annotations

import re
import secrets
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address

from shop.campaigns.wire import WireMessage

_LEADING_DOT = re.compile(rb"(?m)^\.")
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
_CRLF = b"\r\n"


class TransportError(Exception):
    """The message was not (or may not have been) accepted."""


@dataclass
class Refused(TransportError):
    """The server answered a command with an error: 5xx is permanent, 4xx is worth a retry."""

    code: int
    reply: str
    stage: str

    def __str__(self) -> str:
        return f"{self.stage} refused: {self.code} {self.reply}"[:900]

    @property
    def permanent(self) -> bool:
        return self.code >= 500


class Unavailable(TransportError):
    """The server cannot be reached, or the connection broke before the message was whole:
    the server has not accepted it. The batch stops and is retried later."""


class ReplyLost(TransportError):
    """The whole message was written but no reply came: the server may have accepted it."""


class Handover:
    def confirm(self) -> None:
        """Nothing to wait for (a backend that sent the message in hand_over)."""


@dataclass
class SmtpHandover(Handover):
    smtp: smtplib.SMTP
    transport: CampaignTransport

    def confirm(self) -> None:
        try:
            code, reply = self.smtp.getreply()
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            self.transport.reset()
            raise ReplyLost(f"no reply to the end of data: {error}") from error
        if code != 250:
            raise Refused(code, _text(reply), "end of data")


class CampaignTransport:
    """One mail-server connection for a batch of campaign messages (a context manager)."""

    def __init__(self, backend: BaseEmailBackend | None = None) -> None:
        self.backend = backend or get_connection(fail_silently=False)
        self.is_smtp = isinstance(self.backend, SmtpBackend)
        self._senders: dict[tuple[str, str], str] = {}

    def __enter__(self) -> CampaignTransport:
        return self

    def __exit__(self, *exc_info) -> None:
        self.reset()

    def reset(self) -> None:
        """Drop the connection (a broken one, or at the end of the batch)."""
        if not self.is_smtp:
            return
        try:
            self.backend.close()
        except (smtplib.SMTPException, OSError):
            self.backend.connection = None

    def hand_over(self, message: EmailMessage | WireMessage) -> Handover:
        if not self.is_smtp:
            if isinstance(message, WireMessage):
                message = message.build()
            try:
                self.backend.send_messages([message])
            except (smtplib.SMTPException, OSError) as error:
                raise Unavailable(str(error)) from error
            return Handover()
        reused = self.backend.connection is not None
        try:
            return self._hand_over(message)
        except _Stale:
            if not reused:
                raise Unavailable("the mail server closed the connection") from None
        # A kept connection the server had closed: once more on a fresh one.
        try:
            return self._hand_over(message)
        except _Stale:
            raise Unavailable("the mail server closed the connection") from None

    def _hand_over(self, message: EmailMessage | WireMessage) -> Handover:
        # Envelope addresses are quoted here (as smtplib's mail() and rcpt() would quote them,
        # with no options), the sender once per batch.
        if isinstance(message, WireMessage):  # its address is plain ASCII, its data written
            sender = self._sender(message.from_email, settings.DEFAULT_CHARSET)
            recipients, data = [f"<{message.to}>"], message.data
        else:
            encoding = message.encoding or settings.DEFAULT_CHARSET
            sender = self._sender(message.from_email, encoding)
            recipients = [
                smtplib.quoteaddr(_envelope_address(a, encoding)) for a in message.recipients()
            ]
            data = _serialize(message)
        try:
            self.backend.open()
            smtp = self.backend.connection
            smtp.ehlo_or_helo_if_needed()
            if len(recipients) == 1 and smtp.has_extn("pipelining"):
                self._pipelined_envelope(smtp, sender, recipients[0])
            else:
                self._expect(smtp, smtp.docmd("mail", f"FROM:{sender}"), (250,), "MAIL FROM")
                for recipient in recipients:
                    answer = smtp.docmd("rcpt", f"TO:{recipient}")
                    self._expect(smtp, answer, (250, 251), "RCPT TO")
                self._expect(smtp, smtp.docmd("data"), (354,), "DATA")
            smtp.send(_dot_terminated(data))
        except smtplib.SMTPServerDisconnected:
            self.reset()
            raise _Stale() from None
        except (smtplib.SMTPException, OSError) as error:
            self.reset()
            raise Unavailable(f"{type(error).__name__}: {error}") from error
        return SmtpHandover(smtp=smtp, transport=self)

    def _pipelined_envelope(self, smtp: smtplib.SMTP, sender: str, recipient: str) -> None:
        """MAIL, RCPT and DATA in one write and their three replies read after it (RFC 2920):
        one round trip to the server instead of three. Every reply is read before any is
        judged, so the conversation stays in step whatever was refused."""
        smtp.send(f"MAIL FROM:{sender}\r\nRCPT TO:{recipient}\r\nDATA\r\n")
        *envelope, data = [smtp.getreply() for _ in range(3)]
        stages = (((250,), "MAIL FROM"), ((250, 251), "RCPT TO"))
        judged = list(zip(envelope, stages, strict=True))
        if data[0] == 354 and any(answer[0] not in ok for answer, (ok, _) in judged):
            # Not possible with one recipient, unless the server errs: the message it now
            # expects is never sent; dropping the connection discards it.
            self.reset()
            raise Unavailable(f"DATA accepted after a refused envelope: {envelope}")
        for answer, (ok, stage) in judged:
            self._expect(smtp, answer, ok, stage)
        self._expect(smtp, data, (354,), "DATA")

    def _sender(self, from_email: str, encoding: str) -> str:
        """The envelope sender, quoted, worked out once per batch (every message has the
        same)."""
        key = (from_email, encoding)
        if key not in self._senders:
            self._senders[key] = smtplib.quoteaddr(sanitize_address(from_email, encoding))
        return self._senders[key]

    def _expect(self, smtp: smtplib.SMTP, answer: tuple[int, bytes], ok, stage: str) -> None:
        code, reply = answer
        if code in ok:
            return
        if code == 421 or code == -1:  # the server is closing the connection
            self.reset()
            raise Unavailable(f"{stage}: {code} {_text(reply)}")
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.reset()
        raise Refused(code, _text(reply), stage)


class _Stale(Exception):
    """The server had closed the connection before this message started."""


def _serialize(message: EmailMessage) -> bytes:
    """The message as sent. A multipart message gets its boundary here: the standard
    library would compile a regular expression per message to check a random one against
    the body; a 128-bit random boundary is checked with a substring test instead."""
    mime = message.message()
    if mime.is_multipart() and mime.get_boundary() is None:
        parts = [str(part.get_payload()) for part in mime.get_payload()]
        while True:
            boundary = f"==campaign-{secrets.token_hex(16)}"
            if not any(boundary in part for part in parts):
                break
        mime.set_boundary(boundary)
    return mime.as_bytes(linesep="\r\n")


def _envelope_address(address: str, encoding: str) -> str:
    """A plain ASCII address as it is; anything else through Django's sanitize_address (names,
    international domains, and a ValueError for what is no address)."""
    if _PLAIN_ADDRESS.fullmatch(address):
        return address
    return sanitize_address(address, encoding)


def _dot_terminated(data: bytes) -> bytes:
    """RFC 5321 4.5.2: double every line's leading dot, end with CRLF "." CRLF."""
    data = _LEADING_DOT.sub(b"..", data)
    if not data.endswith(_CRLF):
        data += _CRLF
    return data + b"." + _CRLF


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
