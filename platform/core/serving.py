"""Running a development server from the command line (`python -m stripe_sandbox`,
`python -m dns_sandbox serve`): only with DEBUG on, announcing where it listens once it
answers, then serving until Ctrl-C or SIGTERM.

Django is not loaded: DEBUG is read from the environment here.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Protocol

_TRUE = {"1", "true", "yes", "on"}  # what config.env reads as true


class Server(Protocol):
    host: str
    port: int

    def start(self) -> object: ...

    def stop(self) -> None: ...


def debug_on() -> bool:
    return os.environ.get("DEBUG", "").strip().lower() in _TRUE


def refuse_without_debug(name: str) -> bool:
    """Whether `name` must not start (DEBUG is off); says so on stderr."""
    if debug_on():
        return False
    print(
        f"{name}: refusing to start: DEBUG is not on (the sandbox is for development only)",
        file=sys.stderr,
    )
    return True


def serve_until_signalled(server: Server, *, name: str, address: Callable[[], str]) -> int:
    """Start `server`, print `{name} listening on {address()}` once it answers, serve until
    Ctrl-C or SIGTERM, stop it. The exit status: 0, or 1 when it cannot listen."""
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        server.start()
    except OSError as exc:
        print(f"{name}: cannot listen on {server.host}:{server.port}: {exc}", file=sys.stderr)
        return 1
    print(f"{name} listening on {address()}", flush=True)
    try:
        while not stopped.wait(0.5):  # short waits: Ctrl-C is seen at once
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
