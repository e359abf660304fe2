"""`python -m stripe_sandbox --port PORT [--host 127.0.0.1] --state-file PATH`

Development only: refuses to start (exit 2) unless DEBUG is on in the environment. Prints
`stripe sandbox listening on http://HOST:PORT` once it answers, then serves until interrupted
(Ctrl-C or SIGTERM). Accounts registered with it are kept in the state file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from core.serving import refuse_without_debug, serve_until_signalled

from stripe_sandbox.server import StripeSandbox


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stripe_sandbox",
        description="A local Stripe-speaking sandbox with a hosted test checkout page.",
    )
    parser.add_argument("--port", type=int, required=True, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--state-file", required=True, help="JSON file keeping the accounts")
    args = parser.parse_args(argv)
    if refuse_without_debug("stripe sandbox"):
        return 2
    sandbox = StripeSandbox(
        args.host,
        args.port,
        state_file=args.state_file,
        log=lambda line: print(f"stripe sandbox: {line}", file=sys.stderr, flush=True),
    )
    return serve_until_signalled(sandbox, name="stripe sandbox", address=lambda: sandbox.base_url)


if __name__ == "__main__":
    sys.exit(main())
