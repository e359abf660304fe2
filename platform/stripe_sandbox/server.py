"""The Stripe sandbox: a local server that speaks the parts of Stripe's API the store uses.

For development (`python -m stripe_sandbox`, started by scripts/run with DEBUG on) and for
tests, in process:

    with StripeSandbox() as sandbox:                         # random free port on 127.0.0.1
        account = sandbox.add_account(name="Alpha Store")    # sk_test_..., pk_test_..., whsec_...
        sandbox.register_webhook(account.secret_key, "http://.../order/stripe-webhook")
        # the real SDK: stripe.StripeClient(account.secret_key,
        #                                   base_addresses={"api": sandbox.base_url})
        sandbox.complete_session(session_id)                 # paid; webhook delivered, signed

API (v1, form-encoded, Bearer auth, Stripe's JSON errors; see handler.py for the routes):
Checkout Sessions (create, retrieve with `expand`, line items with pagination, expire), Coupons
(create, retrieve, delete), Events (retrieve) and Refunds (create, retrieve; refunds.py).
Every object belongs to the account whose secret key created it: another account's key gets
a 404. POSTs honour `Idempotency-Key`
(same key and parameters: the saved response, replayed; other parameters: idempotency_error).
Accounts are registered in process (`add_account`) or over HTTP (`POST /_sandbox/accounts`,
stripe_sandbox.client); with a `state_file` they outlive a restart (sessions do not).

The hosted page (`session.url`, page.py) completes a session in a browser. Completing
(page or `complete_session`) marks it paid, gives it a `pi_...` payment intent with one charge
(`ch_...`) to refund (none and `no_payment_required` when the total is 0), fills
`customer_details` and `collected_information.shipping_details`, and POSTs a signed
`checkout.session.completed` event to the account's webhook endpoint; `expire_session` sends
`checkout.session.expired`.
Deliveries are synchronous and recorded in `deliveries`; Stripe's retries are left to tests,
which can re-send the same event with `session_event` + events.sign_payload. Events that
follow an API call (a refund's) are delivered from a thread after it, as Stripe's are;
`wait_for_deliveries` waits for them.
"""

from __future__ import annotations

import copy
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from stripe_sandbox.events import DEFAULT_API_VERSION, Delivery, build_event, deliver
from stripe_sandbox.params import StripeError, new_id, no_such
from stripe_sandbox.refunds import SandboxRefunds, new_charge

DEFAULT_NAME = "Sandbox store"
# What an account is, as the state file keeps it; its sessions, coupons and events are not kept.
PERSISTED = (
    "name", "secret_key", "publishable_key", "webhook_secret", "webhook_url", "webhook_host",
)  # fmt: skip

DEFAULT_ADDRESS = {
    "city": "Springfield",
    "country": "US",
    "line1": "1 Main Street",
    "line2": None,
    "postal_code": "62701",
    "state": "IL",
}


@dataclass
class SandboxAccount:
    """One Stripe account: its business name (shown on the hosted page), its keys, its webhook
    endpoint and everything its key created."""

    secret_key: str
    publishable_key: str
    webhook_secret: str
    webhook_url: str | None = None
    webhook_host: str | None = None
    name: str = DEFAULT_NAME
    api_version: str = DEFAULT_API_VERSION
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    line_items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    coupons: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    charges: dict[str, dict[str, Any]] = field(default_factory=dict)
    intents: dict[str, str] = field(default_factory=dict)  # payment intent -> its charge
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    idempotent: dict[str, tuple[str, int, dict[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    params: dict[str, Any]
    idempotency_key: str | None
    status: int


class StripeSandbox(SandboxRefunds):
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        state_file: Path | str | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.state_file = Path(state_file) if state_file else None
        self.log = log or (lambda line: None)
        self.lock = threading.RLock()
        self.accounts: dict[str, SandboxAccount] = {}
        self.deliveries: list[Delivery] = []
        self.requests: list[RecordedRequest] = []
        self._session_owner: dict[str, SandboxAccount] = {}
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._sending: list[threading.Thread] = []
        if self.state_file is not None:
            self._load_state()

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> StripeSandbox:
        from stripe_sandbox.handler import StripeRequestHandler

        self._httpd = ThreadingHTTPServer((self.host, self.port), StripeRequestHandler)
        self._httpd.daemon_threads = True
        self._httpd.sandbox = self  # type: ignore[attr-defined]
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> StripeSandbox:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- accounts and webhooks ---------------------------------------------------------------

    def add_account(
        self,
        *,
        name: str = DEFAULT_NAME,
        secret_key: str | None = None,
        publishable_key: str | None = None,
        webhook_secret: str | None = None,
        webhook_url: str | None = None,
        webhook_host: str | None = None,
    ) -> SandboxAccount:
        """A new account (keys generated unless given). Its webhook, if given, is delivered to
        `webhook_url` as is; `register_account` is the upsert that also handles *.localhost."""
        account = SandboxAccount(
            name=name,
            secret_key=secret_key or new_id("sk_test_", 32),
            publishable_key=publishable_key or new_id("pk_test_", 32),
            webhook_secret=webhook_secret or new_id("whsec_", 32),
            webhook_url=webhook_url,
            webhook_host=webhook_host,
        )
        with self.lock:
            self.accounts[account.secret_key] = account
            self._save_state()
        return account

    def register_account(
        self,
        *,
        name: str,
        secret_key: str,
        publishable_key: str,
        webhook_secret: str,
        webhook_url: str | None = None,
        webhook_host: str | None = None,
    ) -> SandboxAccount:
        """Create or update the account with this secret key (its sessions stay). A webhook URL
        on `localhost` or `*.localhost` is delivered to 127.0.0.1 with the URL's host as the
        Host header, since such names need not resolve outside a browser."""
        if webhook_url and webhook_host is None:
            webhook_url, webhook_host = loopback_target(webhook_url)
        with self.lock:
            account = self.accounts.get(secret_key)
            if account is None:
                account = SandboxAccount(
                    secret_key=secret_key,
                    publishable_key=publishable_key,
                    webhook_secret=webhook_secret,
                )
                self.accounts[secret_key] = account
            account.name = name
            account.publishable_key = publishable_key
            account.webhook_secret = webhook_secret
            account.webhook_url = webhook_url
            account.webhook_host = webhook_host
            self._save_state()
        via = f" (Host: {webhook_host})" if webhook_host else ""
        self.log(f"account {name!r} registered; webhooks to {webhook_url}{via}")
        return account

    def register_webhook(
        self, api_key: str, url: str, *, secret: str | None = None, host: str | None = None
    ) -> str:
        """Send this account's events to `url` (with Host `host`); returns the signing secret."""
        with self.lock:
            account = self.accounts[api_key]
            account.webhook_url = url
            account.webhook_host = host
            if secret:
                account.webhook_secret = secret
            self._save_state()
            return account.webhook_secret

    def reset(self) -> None:
        with self.lock:
            self.accounts.clear()
            self._session_owner.clear()
            self.deliveries.clear()
            self.requests.clear()
            self._save_state()

    # -- the state file: accounts outlive a restart ------------------------------------------

    def _load_state(self) -> None:
        assert self.state_file is not None
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        for saved in data.get("accounts", []):
            account = SandboxAccount(**{key: saved.get(key) for key in PERSISTED})
            account.name = account.name or DEFAULT_NAME
            self.accounts[account.secret_key] = account

    def _save_state(self) -> None:
        """Write every account (caller holds the lock). Atomic: a crash keeps the old file."""
        if self.state_file is None:
            return
        accounts = [{key: getattr(a, key) for key in PERSISTED} for a in self.accounts.values()]
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.state_file.with_name(self.state_file.name + ".tmp")
        partial.write_text(json.dumps({"accounts": accounts}, indent=2), encoding="utf-8")
        os.chmod(partial, 0o600)  # it holds (sandbox) secret keys
        os.replace(partial, self.state_file)

    # -- sessions, as a test sees them -------------------------------------------------------

    def get_session(self, session_id: str) -> dict[str, Any]:
        with self.lock:
            account = self._owner(session_id)
            return public(account.sessions[session_id])

    def get_line_items(self, session_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return [public(line) for line in self._owner(session_id).line_items[session_id]]

    def account_for(self, session_id: str) -> SandboxAccount:
        with self.lock:
            return self._owner(session_id)

    def complete_session(
        self,
        session_id: str,
        *,
        email: str | None = None,
        name: str = "Jane Shopper",
        address: dict[str, Any] | None = None,
        phone: str | None = None,
        shipping_name: str | None = None,
        shipping_address: dict[str, Any] | None = None,
        deliver: bool = True,
    ) -> dict[str, Any]:
        """Pay for the session as a customer would on the hosted page. Returns the session."""
        customer = {
            "email": email or "shopper@example.com",
            "name": name,
            "address": {**DEFAULT_ADDRESS, **(address or {})},
            "phone": phone,
        }
        shipping = {
            "name": shipping_name or name,
            "address": {**DEFAULT_ADDRESS, **(shipping_address or address or {})},
        }
        return self._finish(session_id, customer=customer, shipping=shipping, deliver=deliver)

    def expire_session(self, session_id: str, *, deliver: bool = True) -> dict[str, Any]:
        return self._finish(session_id, customer=None, shipping=None, deliver=deliver)

    def session_event(
        self, session_id: str, *, type: str = "checkout.session.completed"
    ) -> dict[str, Any]:
        """A new event (its own `evt_` id) carrying the session as it is now."""
        with self.lock:
            account = self._owner(session_id)
            event = build_event(
                public(account.sessions[session_id]), type=type, api_version=account.api_version
            )
            account.events[event["id"]] = event
            return copy.deepcopy(event)

    # -- internals shared with the HTTP handler ----------------------------------------------

    def _owner(self, session_id: str) -> SandboxAccount:
        account = self._session_owner.get(session_id)
        if account is None:
            raise KeyError(f"no checkout session {session_id!r}")
        return account

    def _remember_session(self, account: SandboxAccount, session: dict, lines: list[dict]) -> None:
        account.sessions[session["id"]] = session
        account.line_items[session["id"]] = lines
        self._session_owner[session["id"]] = account

    def _finish(
        self,
        session_id: str,
        *,
        customer: dict[str, Any] | None,
        shipping: dict[str, Any] | None,
        deliver: bool,
    ) -> dict[str, Any]:
        """Complete (with a customer) or expire (without) an open session; send its event."""
        with self.lock:
            account = self._owner(session_id)
            session = account.sessions[session_id]
            if session["status"] != "open":
                raise StripeError(
                    f'Only Checkout Sessions with a status in ["open"] can be '
                    f"{'completed' if customer else 'expired'}. This session is "
                    f"{session['status']}.",
                    param="session",
                )
            if customer is None:
                session["status"] = "expired"
                event_type = "checkout.session.expired"
            else:
                self._mark_paid(account, session, customer, shipping)
                event_type = "checkout.session.completed"
            event = build_event(public(session), type=event_type, api_version=account.api_version)
            account.events[event["id"]] = event
            snapshot = public(session)
            target = (account.webhook_url, account.webhook_secret, account.webhook_host)
        if deliver and target[0]:
            self.deliver_event(event, url=target[0], secret=target[1], host=target[2])
        return snapshot

    def _mark_paid(self, account: SandboxAccount, session: dict, customer: dict, shipping) -> None:
        session["status"] = "complete"
        if session["amount_total"] > 0:
            session["payment_status"] = "paid"
            session["payment_intent"] = new_id("pi_", 24)
            charge = new_charge(
                payment_intent=session["payment_intent"],
                amount=session["amount_total"],
                currency=session["currency"],
                metadata=session["_payment_intent_data"].get("metadata") or {},
                now=self.now(),
            )
            account.charges[charge["id"]] = charge
            account.intents[session["payment_intent"]] = charge["id"]
        else:
            session["payment_status"] = "no_payment_required"
        session["customer_details"] = {
            "address": customer["address"],
            "business_name": None,
            "email": session["customer_email"] or customer["email"],
            "individual_name": None,
            "name": customer["name"],
            "phone": customer["phone"],
            "tax_exempt": "none",
            "tax_ids": [],
        }
        collects_shipping = session["shipping_address_collection"] is not None
        session["collected_information"] = {
            "business_name": None,
            "individual_name": None,
            "shipping_details": shipping if collects_shipping else None,
        }
        for discount in session["discounts"]:
            coupon = account.coupons.get(discount["coupon"])
            if coupon is not None:
                coupon["times_redeemed"] += 1
                if (
                    coupon["max_redemptions"]
                    and coupon["times_redeemed"] >= coupon["max_redemptions"]
                ):
                    coupon["valid"] = False

    def deliver_event(
        self, event: dict[str, Any], *, url: str, secret: str, host: str | None = None
    ) -> Delivery:
        delivery = deliver(event, url=url, secret=secret, host=host)
        with self.lock:
            self.deliveries.append(delivery)
        outcome = delivery.error or f"HTTP {delivery.status}"
        self.log(f"webhook {delivery.type} {delivery.event_id} -> {host or url}: {outcome}")
        return delivery

    def find_session(self, session_id: str) -> tuple[SandboxAccount, dict[str, Any]]:
        with self.lock:
            account = self._session_owner.get(session_id)
            if account is None:
                raise no_such("checkout.session", session_id, "session", status=404)
            return account, account.sessions[session_id]

    @staticmethod
    def now() -> int:
        return int(time.time())


def loopback_target(url: str) -> tuple[str, str | None]:
    """`http://demo.localhost:8000/x` -> (`http://127.0.0.1:8000/x`, `demo.localhost:8000`);
    any other URL is delivered as it is."""
    parts = urlsplit(url)
    hostname = (parts.hostname or "").lower()
    if hostname != "localhost" and not hostname.endswith(".localhost"):
        return url, None
    port = f":{parts.port}" if parts.port else ""
    loopback = parts._replace(netloc=f"127.0.0.1{port}")
    return urlunsplit(loopback), f"{hostname}{port}"


def public(obj: Any, expand: frozenset[str] = frozenset(), path: str = "") -> Any:
    """An API object as sent: internal `_` fields dropped, nested products collapsed to ids
    unless their path is expanded."""
    if isinstance(obj, list):
        return [public(item, expand, path) for item in obj]
    if not isinstance(obj, dict):
        return obj
    result = {}
    for key, value in obj.items():
        if key.startswith("_"):
            continue
        child = f"{path}.{key}" if path else key
        if key == "product" and isinstance(value, dict) and child not in expand:
            result[key] = value["id"]
        else:
            result[key] = public(value, expand, child)
    return copy.deepcopy(result)
