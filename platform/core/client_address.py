"""The client's address, read from the one source the deployment trusts.

    client_address(request) -> "198.51.100.7"

`CLIENT_ADDRESS_SOURCE` names the source (settings/components/security.py parses it):

- `remote-addr`: the peer of the socket (REMOTE_ADDR). Right when nothing sits in front of
  the app (docker-compose, `scripts/run`).
- `x-forwarded-for`: the entry `CLIENT_ADDRESS_PROXY_HOPS` from the right of X-Forwarded-For.
  Each trusted proxy appends the address it saw, so everything further left was chosen by the
  client and is never read.
- `cloudfront-viewer-address`: the `CloudFront-Viewer-Address` header (`IP:port`, IPv6 as
  `2001:db8::1:443`), which CloudFront sets itself when the distribution's origin request
  policy includes it (pulumi/infra_components/edge.py). The ALB admits CloudFront only.

A value that is missing, malformed or shaped like a spoof (several addresses, no port, not an
address) falls back to REMOTE_ADDR: never a 500, never a client-chosen value. The first
fallback of each kind in a process logs a warning (a misconfigured deployment shows up once in
the logs, not on every request); the later ones log at DEBUG.

The address is returned in `ipaddress`' canonical form, so one client spelled two ways counts
once (`2001:DB8:0::1` and `2001:db8::1`).
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)

REMOTE_ADDR = "remote-addr"
X_FORWARDED_FOR = "x-forwarded-for"
CLOUDFRONT_VIEWER_ADDRESS = "cloudfront-viewer-address"
SOURCES = (REMOTE_ADDR, X_FORWARDED_FOR, CLOUDFRONT_VIEWER_ADDRESS)

# The longest address text kept (an IPv6 address with a zone is under 64 characters).
MAX_LENGTH = 64

_warned: set[str] = set()


def client_address(request: HttpRequest) -> str:
    """The client's address from the configured source; REMOTE_ADDR when that source fails."""
    source = getattr(settings, "CLIENT_ADDRESS_SOURCE", REMOTE_ADDR)
    if source == REMOTE_ADDR:
        return _remote_addr(request)
    if source == X_FORWARDED_FOR:
        hops = getattr(settings, "CLIENT_ADDRESS_PROXY_HOPS", 1)
        address, problem = _from_forwarded_for(request, hops=hops)
    elif source == CLOUDFRONT_VIEWER_ADDRESS:
        address, problem = _from_viewer_address(request)
    else:  # refused at start-up; only a settings override at run time gets here
        address, problem = None, f"unknown CLIENT_ADDRESS_SOURCE {source!r}"
    if address is None:
        _note_fallback(source, problem)
        return _remote_addr(request)
    return address


def _remote_addr(request: HttpRequest) -> str:
    raw = request.META.get("REMOTE_ADDR", "")
    return _canonical(raw) or raw[:MAX_LENGTH]


def _canonical(text: str) -> str | None:
    """`text` as an IP address in canonical form, None unless it is exactly one address."""
    text = text.strip()
    if not text or len(text) > MAX_LENGTH:
        return None
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def _from_forwarded_for(request: HttpRequest, *, hops: int) -> tuple[str | None, str]:
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not header.strip():
        return None, "no X-Forwarded-For header"
    if not isinstance(hops, int) or hops < 1:
        return None, f"CLIENT_ADDRESS_PROXY_HOPS is {hops!r}, not a positive number"
    entries = [entry.strip() for entry in header.split(",")]
    if len(entries) < hops:
        return None, f"X-Forwarded-For has fewer than {hops} entries"
    address = _canonical(entries[-hops])
    if address is None:
        return None, "X-Forwarded-For holds no address at the trusted position"
    return address, ""


def _from_viewer_address(request: HttpRequest) -> tuple[str | None, str]:
    header = request.META.get("HTTP_CLOUDFRONT_VIEWER_ADDRESS", "").strip()
    if not header:
        return None, "no CloudFront-Viewer-Address header"
    host, colon, port = header.rpartition(":")
    if not colon or not port.isascii() or not port.isdigit() or int(port) > 65535:
        return None, "CloudFront-Viewer-Address is not IP:port"
    address = _canonical(host.removeprefix("[").removesuffix("]"))
    if address is None or host != host.strip():
        return None, "CloudFront-Viewer-Address holds no address"
    return address, ""


def _note_fallback(source: str, problem: str) -> None:
    kind = f"{source}: {problem}"
    if kind in _warned:
        logger.debug("client address from REMOTE_ADDR (%s)", kind)
        return
    _warned.add(kind)
    logger.warning(
        "client address from REMOTE_ADDR (%s); logged once per process, "
        "check CLIENT_ADDRESS_SOURCE and the proxies in front of the app",
        kind,
    )
