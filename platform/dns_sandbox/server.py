"""The DNS sandbox: a small authoritative DNS server that answers TXT queries for the records
published to it, over real UDP (and TCP, on the same port). For the custom domain ownership
proof (a TXT record `_storefleet-challenge.<domain>`) in tests and in development:

    with DnsSandbox() as dns:                     # 127.0.0.1, a free port
        settings.DOMAIN_VERIFICATION_NAMESERVERS = dns.address     # "127.0.0.1:PORT"
        dns.publish("_storefleet-challenge.shop.example.com", "storefleet-verification=...")
        dns.remove("_storefleet-challenge.shop.example.com")

A name with records answers its TXT records (other types: no answer); any other name is
NXDOMAIN. With a `state_file` the records are kept in that JSON file and read again whenever
it changes, so another process (`python -m dns_sandbox publish ...`) can publish to a running
server.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from dnslib import QTYPE, RCODE, RR, TXT
from dnslib.server import BaseResolver, DNSServer

Records = dict[str, list[str]]


def normalize_name(name: str) -> str:
    """`_X.Shop.Example.COM.` -> `_x.shop.example.com` (DNS names are case-insensitive)."""
    return str(name).strip().lower().rstrip(".")


def read_state(path: Path | str) -> Records:
    """The records a state file holds ({} when it does not exist yet)."""
    try:
        data = json.loads(Path(path).read_text())
    except FileNotFoundError:
        return {}
    return {normalize_name(name): [str(v) for v in values] for name, values in data.items()}


def write_state(path: Path | str, records: Records) -> None:
    """Write the records atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w") as handle:
        json.dump(records, handle, indent=2, sort_keys=True)
    os.replace(tmp, path)


def publish_record(records: Records, name: str, value: str) -> Records:
    values = records.setdefault(normalize_name(name), [])
    if value not in values:
        values.append(value)
    return records


def remove_record(records: Records, name: str, value: str | None = None) -> Records:
    name = normalize_name(name)
    if value is None:
        records.pop(name, None)
    else:
        remaining = [v for v in records.get(name, []) if v != value]
        if remaining:
            records[name] = remaining
        else:
            records.pop(name, None)
    return records


class _Quiet:
    """dnslib's logger interface, silenced (or one line per query through `log`)."""

    def __init__(self, log: Callable[[str], None] | None) -> None:
        self._log = log

    def log_request(self, handler, request) -> None:
        if self._log is not None:
            self._log(f"{QTYPE[request.q.qtype]} {request.q.qname}")

    def __getattr__(self, name: str):
        return lambda *args: None


def _txt(value: str) -> TXT:
    """A TXT record of `value`: strings of at most 255 bytes each, as DNS wants them."""
    data = value.encode()
    return TXT([data[i : i + 255] for i in range(0, len(data), 255)] or [b""])


class _Resolver(BaseResolver):
    def __init__(self, sandbox: DnsSandbox) -> None:
        self.sandbox = sandbox

    def resolve(self, request, handler):
        reply = request.reply()  # authoritative answer
        name = normalize_name(request.q.qname)
        values = self.sandbox.records().get(name)
        if values is None:
            reply.header.rcode = RCODE.NXDOMAIN
        elif request.q.qtype in (QTYPE.TXT, QTYPE.ANY):
            for value in values:
                reply.add_answer(RR(request.q.qname, QTYPE.TXT, rdata=_txt(value), ttl=60))
        return reply


class DnsSandbox:
    """The server: `start()` binds 127.0.0.1 (UDP, and TCP on the same port) and serves from
    daemon threads; `stop()` closes both. Thread-safe publish/remove."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        tcp: bool = True,
        state_file: Path | str | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.tcp = tcp
        self.state_file = Path(state_file) if state_file else None
        self._log = log
        self._lock = threading.Lock()
        self._records: Records = {}
        self._state_mtime: float | None = None
        self._servers: list[DNSServer] = []

    @property
    def address(self) -> str:
        """`host:port`, the form DOMAIN_VERIFICATION_NAMESERVERS takes."""
        return f"{self.host}:{self.port}"

    # Records -------------------------------------------------------------------------------

    def records(self) -> Records:
        with self._lock:
            if self.state_file is not None:
                self._reload_state()
            return {name: list(values) for name, values in self._records.items()}

    def publish(self, name: str, value: str) -> None:
        self._change(lambda records: publish_record(records, name, value))

    def remove(self, name: str, value: str | None = None) -> None:
        """Remove one value of a name, or the whole name."""
        self._change(lambda records: remove_record(records, name, value))

    def clear(self) -> None:
        self._change(lambda records: {})

    def _change(self, change: Callable[[Records], Records]) -> None:
        with self._lock:
            if self.state_file is not None:
                self._reload_state()
            self._records = change(self._records)
            if self.state_file is not None:
                write_state(self.state_file, self._records)
                self._state_mtime = self.state_file.stat().st_mtime

    def _reload_state(self) -> None:
        try:
            mtime = self.state_file.stat().st_mtime
        except FileNotFoundError:
            return
        if mtime != self._state_mtime:
            self._records = read_state(self.state_file)
            self._state_mtime = mtime

    # Serving -------------------------------------------------------------------------------

    def start(self) -> DnsSandbox:
        resolver, logger = _Resolver(self), _Quiet(self._log)
        for attempt in range(20):
            udp = DNSServer(resolver, address=self.host, port=self.port, logger=logger)
            port = udp.server.server_address[1]
            if not self.tcp:
                break
            try:
                tcp = DNSServer(resolver, address=self.host, port=port, tcp=True, logger=logger)
            except OSError:
                udp.server.server_close()
                if self.port or attempt == 19:  # a fixed port is taken for TCP: give up
                    raise
                continue  # the free UDP port is taken for TCP: pick another pair
            self._servers.append(tcp)
            break
        self._servers.insert(0, udp)
        self.port = port
        for server in self._servers:
            server.server.daemon_threads = True
            server.thread = threading.Thread(
                target=server.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            server.thread.start()
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.server.shutdown()
            server.server.server_close()
            server.thread.join(timeout=5)
        self._servers = []

    def __enter__(self) -> DnsSandbox:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
