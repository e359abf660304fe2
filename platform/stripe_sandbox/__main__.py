"""`python -m stripe_sandbox --port PORT [--host 127.0.0.1] --state-file PATH`

Development only: refuses to start (exit 2) unless DEBUG is on in the environment. Prints
`stripe sandbox listening on http://HOST:PORT` once it answers, then serves until interrupted
(Ctrl-C or SIGTERM). Accounts registered with it are kept in the state file.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence

from stripe_sandbox.server import StripeSandbox

# The values config.env reads as true; the sandbox does not load Django to ask it.
_TRUE = {"1", "true", "yes", "on"}


def debug_on() -> bool:
    return os.environ.get("DEBUG", "").strip().lower() in _TRUE


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stripe_sandbox",
        description="A local Stripe-speaking sandbox with a hosted test checkout page.",
    )
    parser.add_argument("--port", type=int, required=True, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--state-file", required=True, help="JSON file keeping the accounts")
    args = parser.parse_args(argv)
    if not debug_on():
        print(
            "stripe sandbox: refusing to start: DEBUG is not on (the sandbox is for "
            "development only)",
            file=sys.stderr,
        )
        return 2

    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    sandbox = StripeSandbox(
        args.host,
        args.port,
        state_file=args.state_file,
        log=lambda line: print(f"stripe sandbox: {line}", file=sys.stderr, flush=True),
    )
    try:
        sandbox.start()
    except OSError as exc:
        print(f"stripe sandbox: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    print(f"stripe sandbox listening on {sandbox.base_url}", flush=True)
    try:
        while not stopped.wait(0.5):  # short waits: Ctrl-C is seen at once
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
