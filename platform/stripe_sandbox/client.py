"""Talk to a running sandbox from another process (the demo's management command).

keys = new_sandbox_keys()
register_account("http://127.0.0.1:12111", keys=keys, name="Demo Store",
                 webhook_url="http://demo.localhost:8000/order/stripe-webhook")
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol


class SandboxUnavailable(RuntimeError):
    """The sandbox could not be reached or refused the request."""


class KeyTriple(Protocol):  # core.secrets.StripeKeys, or anything shaped like it
    publishable_key: str
    secret_key: str
    webhook_secret: str


def register_account(
    base_url: str, *, keys: KeyTriple, name: str, webhook_url: str, timeout: float = 10
) -> None:
    """Create or update the sandbox account with these keys (idempotent: upsert by secret key).

    Its hosted page shows `name`; its events go to `webhook_url` (a `*.localhost` URL is
    delivered through 127.0.0.1 with that host name as the Host header).
    """
    body = json.dumps(
        {
            "name": name,
            "secret_key": keys.secret_key,
            "publishable_key": keys.publishable_key,
            "webhook_secret": keys.webhook_secret,
            "webhook_url": webhook_url,
        }
    ).encode("utf-8")
    url = base_url.rstrip("/") + "/_sandbox/accounts"
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"the sandbox URL must be http(s), got {base_url!r}")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:200]
        raise SandboxUnavailable(f"the sandbox refused {name!r}: HTTP {exc.code} {detail}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise SandboxUnavailable(f"the sandbox at {base_url} cannot be reached: {exc}") from exc
