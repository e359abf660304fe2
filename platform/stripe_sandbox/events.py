"""Stripe events and webhook deliveries, signed exactly like Stripe signs them.

    event = build_event(session, type="checkout.session.completed")
    body = encode_event(event)
    header = sign_payload(body, secret="whsec_...")          # "t=<ts>,v1=<hex>"
    client.post(url, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)

The signature is HMAC-SHA256 over "<timestamp>.<raw body>" keyed with the endpoint's signing
secret (docs.stripe.com/webhooks#verify-manually); the SDK's `Webhook.construct_event` checks
it and refuses a timestamp older than its tolerance (300 s by default).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from stripe_sandbox.params import new_id

# The API version the SDK in this tree pins (stripe/_api_version.py), used when none is known.
DEFAULT_API_VERSION = "2026-10-28.endive"
USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"


def build_event(
    obj: dict[str, Any],
    *,
    type: str,
    api_version: str = DEFAULT_API_VERSION,
    event_id: str | None = None,
    created: int | None = None,
) -> dict[str, Any]:
    """An `event` object whose `data.object` is a snapshot of `obj`."""
    return {
        "id": event_id or new_id("evt_", 24),
        "object": "event",
        "api_version": api_version,
        "created": int(time.time()) if created is None else created,
        "data": {"object": copy.deepcopy(obj)},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": type,
    }


def encode_event(event: dict[str, Any]) -> bytes:
    return json.dumps(event, indent=2).encode("utf-8")


def sign_payload(payload: bytes | str, *, secret: str, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header Stripe would send with `payload`."""
    body = payload.decode("utf-8") if isinstance(payload, bytes) else payload
    stamp = int(time.time()) if timestamp is None else int(timestamp)
    digest = hmac.new(
        secret.encode("utf-8"), f"{stamp}.{body}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={stamp},v1={digest}"


@dataclass(frozen=True)
class Delivery:
    """One POST of an event to a webhook endpoint, and what the endpoint answered."""

    event_id: str
    type: str
    url: str
    status: int | None
    body: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def deliver(
    event: dict[str, Any], *, url: str, secret: str, host: str | None = None, timeout: float = 30
) -> Delivery:
    """POST the signed event to `url` (optionally with another Host header) and record it."""
    body = encode_event(event)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Stripe-Signature": sign_payload(body, secret=secret),
        "User-Agent": USER_AGENT,
        "Accept": "*/*; q=0.5, application/xml",
    }
    if host:
        headers["Host"] = host
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, text = response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as exc:
        return Delivery(event["id"], event["type"], url, None, "", error=repr(exc))
    return Delivery(event["id"], event["type"], url, status, text)
