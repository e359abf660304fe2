"""The campaign benchmark's mail server: a local SMTP server (aiosmtpd) in a process of its
own that accepts every message and writes one line per message to a log file:

    <monotonic time>\t<envelope recipients, comma-separated>\t<Message-ID>

    python campaign_smtp.py PORT LOGFILE     prints "ready" once it listens; stops on SIGTERM
"""

from __future__ import annotations

import logging
import re
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller
from core.smtp_pipelining import AdvertisePipelining

_MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class CountingSink(AdvertisePipelining):
    def __init__(self, log) -> None:
        self.log = log
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd API)
        head = envelope.content.split(b"\r\n\r\n", 1)[0]
        found = _MESSAGE_ID.search(head)
        message_id = found.group(1).decode("ascii", "replace") if found else ""
        line = f"{time.monotonic():.6f}\t{','.join(envelope.rcpt_tos)}\t{message_id}\n"
        with self.lock:
            self.log.write(line)
            self.log.flush()
        return "250 OK"


def main(argv: list[str]) -> int:
    port, path = int(argv[0]), argv[1]
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with open(path, "a", encoding="utf-8") as log:
        controller = Controller(CountingSink(log), hostname="127.0.0.1", port=port)
        controller.start()
        print("ready", flush=True)
        try:
            stop.wait()
        finally:
            controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
