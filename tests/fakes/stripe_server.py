"""A small local server that speaks the parts of Stripe's API the store uses.

    with FakeStripeServer() as stripe_server:              # random free port on 127.0.0.1
        account = stripe_server.add_account()               # sk_test_..., pk_test_..., whsec_...
        stripe_server.register_webhook(account.secret_key, "http://.../order/stripe-webhook")
        # the real SDK: stripe.StripeClient(account.secret_key,
        #                                   base_addresses={"api": stripe_server.base_url})
        stripe_server.complete_session(session_id)          # paid; webhook delivered, signed

API (v1, form-encoded, Bearer auth, Stripe's JSON errors; see stripe_http.py for the routes):
Checkout Sessions (create, retrieve with `expand`, line items with pagination, expire), Coupons
(create, retrieve, delete) and Events (retrieve). Every object belongs to the account whose
secret key created it: another account's key gets a 404. POSTs honour `Idempotency-Key`
(same key and parameters: the saved response, replayed; other parameters: idempotency_error).

The hosted page (`session.url`, stripe_page.py) completes a session in a browser. Completing
(page or `complete_session`) marks it paid, gives it a `pi_...` payment intent (none and
`no_payment_required` when the total is 0), fills `customer_details` and
`collected_information.shipping_details`, and POSTs a signed `checkout.session.completed` event
to the account's webhook endpoint; `expire_session` sends `checkout.session.expired`.
Deliveries are synchronous and recorded in `deliveries`; Stripe's retries are left to tests,
which can re-send the same event with `session_event` + stripe_events.sign_payload.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any

from tests.fakes.stripe_events import DEFAULT_API_VERSION, Delivery, build_event, deliver
from tests.fakes.stripe_params import StripeError, new_id, no_such

DEFAULT_ADDRESS = {
    "city": "Springfield",
    "country": "US",
    "line1": "1 Main Street",
    "line2": None,
    "postal_code": "62701",
    "state": "IL",
}


@dataclass
class FakeAccount:
    """One Stripe account: its keys, its webhook endpoint and everything its key created."""

    secret_key: str
    publishable_key: str
    webhook_secret: str
    webhook_url: str | None = None
    webhook_host: str | None = None
    api_version: str = DEFAULT_API_VERSION
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    line_items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    coupons: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    idempotent: dict[str, tuple[str, int, dict[str, Any]]] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    params: dict[str, Any]
    idempotency_key: str | None
    status: int


class FakeStripeServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.lock = threading.RLock()
        self.accounts: dict[str, FakeAccount] = {}
        self.deliveries: list[Delivery] = []
        self.requests: list[RecordedRequest] = []
        self._session_owner: dict[str, FakeAccount] = {}
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeStripeServer:
        from tests.fakes.stripe_http import StripeRequestHandler

        self._httpd = ThreadingHTTPServer((self.host, self.port), StripeRequestHandler)
        self._httpd.daemon_threads = True
        self._httpd.fake = self  # type: ignore[attr-defined]
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

    def __enter__(self) -> FakeStripeServer:
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
        secret_key: str | None = None,
        publishable_key: str | None = None,
        webhook_secret: str | None = None,
    ) -> FakeAccount:
        account = FakeAccount(
            secret_key=secret_key or new_id("sk_test_", 32),
            publishable_key=publishable_key or new_id("pk_test_", 32),
            webhook_secret=webhook_secret or new_id("whsec_", 32),
        )
        with self.lock:
            self.accounts[account.secret_key] = account
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
            return account.webhook_secret

    def reset(self) -> None:
        with self.lock:
            self.accounts.clear()
            self._session_owner.clear()
            self.deliveries.clear()
            self.requests.clear()

    # -- sessions, as a test sees them -------------------------------------------------------

    def get_session(self, session_id: str) -> dict[str, Any]:
        with self.lock:
            account = self._owner(session_id)
            return public(account.sessions[session_id])

    def get_line_items(self, session_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return [public(line) for line in self._owner(session_id).line_items[session_id]]

    def account_for(self, session_id: str) -> FakeAccount:
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

    def _owner(self, session_id: str) -> FakeAccount:
        account = self._session_owner.get(session_id)
        if account is None:
            raise KeyError(f"no checkout session {session_id!r}")
        return account

    def _remember_session(self, account: FakeAccount, session: dict, lines: list[dict]) -> None:
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

    def _mark_paid(self, account: FakeAccount, session: dict, customer: dict, shipping) -> None:
        session["status"] = "complete"
        if session["amount_total"] > 0:
            session["payment_status"] = "paid"
            session["payment_intent"] = new_id("pi_", 24)
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
        return delivery

    def find_session(self, session_id: str) -> tuple[FakeAccount, dict[str, Any]]:
        with self.lock:
            account = self._session_owner.get(session_id)
            if account is None:
                raise no_such("checkout.session", session_id, "session", status=404)
            return account, account.sessions[session_id]

    @staticmethod
    def now() -> int:
        return int(time.time())


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
