"""`python -m dns_sandbox COMMAND`: the DNS sandbox from the command line (development).

    python -m dns_sandbox serve --port 5353 [--host 127.0.0.1] [--state-file F]
    python -m dns_sandbox publish NAME VALUE [--state-file F]
    python -m dns_sandbox remove NAME [VALUE] [--state-file F]
    python -m dns_sandbox list [--state-file F]

The state file (default `$DNS_SANDBOX_STATE_FILE`, else `$DATA_DIR/dns-sandbox.json`, else
`.data/dns-sandbox.json`) holds the records; a running server reads it again when it changes,
so `publish` and `remove` act on it at once. `serve` refuses to start (exit 2) unless DEBUG is
on in the environment, and prints `dns sandbox listening on HOST:PORT` once it answers.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from core.serving import refuse_without_debug, serve_until_signalled

from dns_sandbox.server import DnsSandbox, publish_record, read_state, remove_record, write_state


def default_state_file() -> Path:
    explicit = os.environ.get("DNS_SANDBOX_STATE_FILE")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("DATA_DIR") or ".data") / "dns-sandbox.json"


def _serve(args: argparse.Namespace) -> int:
    if refuse_without_debug("dns sandbox"):
        return 2
    sandbox = DnsSandbox(
        args.host,
        args.port,
        state_file=args.state_file,
        log=lambda line: print(f"dns sandbox: {line}", file=sys.stderr, flush=True),
    )
    return serve_until_signalled(sandbox, name="dns sandbox", address=lambda: sandbox.address)


def _publish(args: argparse.Namespace) -> int:
    write_state(args.state_file, publish_record(read_state(args.state_file), args.name, args.value))
    print(f"published TXT {args.name} {args.value!r}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    write_state(args.state_file, remove_record(read_state(args.state_file), args.name, args.value))
    print(f"removed TXT {args.name}" + (f" {args.value!r}" if args.value else ""))
    return 0


def _list(args: argparse.Namespace) -> int:
    for name, values in sorted(read_state(args.state_file).items()):
        for value in values:
            print(f"{name} TXT {value!r}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dns_sandbox", description="A local DNS server for TXT records."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="answer DNS queries until interrupted")
    serve.add_argument("--port", type=int, required=True, help="0 picks a free port")
    serve.add_argument("--host", default="127.0.0.1")
    publish = commands.add_parser("publish", help="add a TXT record")
    publish.add_argument("name")
    publish.add_argument("value")
    remove = commands.add_parser("remove", help="remove a TXT record (all of a name's values)")
    remove.add_argument("name")
    remove.add_argument("value", nargs="?")
    listing = commands.add_parser("list", help="print the published records")
    for command in (serve, publish, remove, listing):
        command.add_argument("--state-file", type=Path, default=default_state_file())
    args = parser.parse_args(argv)
    handlers = {"serve": _serve, "publish": _publish, "remove": _remove, "list": _list}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
