"""HTTP for the Stripe sandbox: authentication, routing, idempotency, the hosted page.

Routes (all answers JSON, errors as `{"error": {"type", "message", "param", "code"}}`):
    POST   /v1/checkout/sessions                     create            (auth)
    GET    /v1/checkout/sessions/{id}                retrieve, expand  (auth, own sessions)
    GET    /v1/checkout/sessions/{id}/line_items     list, paginated   (auth, own sessions)
    POST   /v1/checkout/sessions/{id}/expire         expire            (auth, own sessions)
    POST   /v1/coupons    GET|DELETE /v1/coupons/{id}                  (auth, own coupons)
    GET    /v1/events/{id}                                             (auth, own events)
    POST   /v1/refunds    GET /v1/refunds/{id}     refunds of paid sessions (auth, own charges)
    GET|POST /c/pay/{id}                             the hosted payment page (no auth)
    GET    /c/checkout.css                           the hosted page's style sheet
    GET    /c/favicon.svg (and /favicon.ico)          the hosted page's icon
    POST   /_sandbox/accounts                        register (upsert) an account, JSON body
                                                     (sandbox only; see stripe_sandbox.client)
"""

from __future__ import annotations

import base64
import copy
import json
import re
from http.server import BaseHTTPRequestHandler
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from stripe_sandbox.checkout import build_session
from stripe_sandbox.discounts import build_coupon
from stripe_sandbox.forms import FormError, decode_form
from stripe_sandbox.page import DECLINED, not_found_page, read_form, render_page
from stripe_sandbox.params import (
    StripeError,
    as_int,
    as_str,
    expand_paths,
    new_id,
    no_such,
    reject_unknown,
)
from stripe_sandbox.refunds import create_refund
from stripe_sandbox.server import RecordedRequest, SandboxAccount, StripeSandbox, public

ACCOUNT_FIELDS = ("name", "secret_key", "publishable_key", "webhook_secret")
KEY_PREFIXES = {"secret_key": "sk_", "publishable_key": "pk_", "webhook_secret": "whsec_"}
ACCOUNT_OPTIONAL = ("webhook_url", "webhook_host")
PAGE_CSS = files("stripe_sandbox").joinpath("checkout.css").read_bytes()
# The hosted page's icon (a browser asks for one; without it, its console reports an error).
FAVICON = (
    b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'>"
    b"<rect width='16' height='16' rx='3' fill='#635bff'/>"
    b"<text x='8' y='12' font-size='10' text-anchor='middle' fill='#fff'>S</text></svg>"
)
HTML = "text/html; charset=utf-8"
# The hosted page uses its own style sheet only; its form may redirect to any success_url.
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' http: https:; "
    "base-uri 'none'; frame-ancestors 'none'"
)

SESSION_EXPANDABLE = {"line_items", "line_items.data.price.product"}
LINE_ITEMS_EXPANDABLE = {"data.price.product"}


class StripeRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "StripeSandbox/1.0"
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    @property
    def sandbox(self) -> StripeSandbox:
        return self.server.sandbox  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read `requests`
        return

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    # -- plumbing ----------------------------------------------------------------------------

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        if parts.path.startswith("/c/pay/"):
            self._page(method, parts.path.removeprefix("/c/pay/"), body)
            return
        if parts.path == "/c/checkout.css" and method == "GET":
            self._send_bytes(200, PAGE_CSS, "text/css; charset=utf-8")
            return
        if parts.path in ("/c/favicon.svg", "/favicon.ico") and method == "GET":
            self._send_bytes(200, FAVICON, "image/svg+xml")
            return
        if parts.path == "/_sandbox/accounts":
            self._register_account(method, body)
            return
        raw = parts.query if method in ("GET", "DELETE") else body
        params: dict[str, Any] = {}
        key = self.headers.get("Idempotency-Key")
        try:
            params = decode_form(raw)
            account = self._authenticate()
            status, payload, replayed = self._api(method, parts.path, params, account, key)
        except FormError as exc:
            status, payload, replayed = 400, StripeError(str(exc), param=exc.param).body(), False
        except StripeError as exc:
            status, payload, replayed = exc.status, exc.body(), False
        with self.sandbox.lock:
            self.sandbox.requests.append(RecordedRequest(method, parts.path, params, key, status))
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        if key:
            headers["Idempotency-Key"] = key
        self._send(status, json.dumps(payload, indent=2), "application/json", headers)

    def _send(
        self, status: int, text: str, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self._send_bytes(status, text.encode("utf-8"), content_type, headers)

    def _send_bytes(
        self, status: int, data: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", new_id("req_", 14))
        if content_type == HTML:
            self.send_header("Content-Security-Policy", PAGE_CSP)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _authenticate(self) -> SandboxAccount:
        header = self.headers.get("Authorization", "")
        key = ""
        if header.startswith("Bearer "):
            key = header.removeprefix("Bearer ").strip()
        elif header.startswith("Basic "):
            decoded = base64.b64decode(header.removeprefix("Basic ")).decode("utf-8", "replace")
            key = decoded.partition(":")[0]
        if not key:
            raise StripeError(
                "You did not provide an API key. You need to provide your API key in the "
                "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                "YOUR_SECRET_KEY').",
                status=401,
            )
        if key.startswith("pk_"):
            raise StripeError(
                "This API call cannot be made with a publishable API key. Please use a secret "
                "API key.",
                status=401,
            )
        with self.sandbox.lock:
            account = self.sandbox.accounts.get(key)
        if account is None:
            shown = f"{key[:8]}****{key[-4:]}" if len(key) > 12 else "****"
            raise StripeError(f"Invalid API Key provided: {shown}", status=401)
        return account

    # -- the API -----------------------------------------------------------------------------

    def _api(
        self, method: str, path: str, params: dict, account: SandboxAccount, key: str | None
    ) -> tuple[int, dict[str, Any], bool]:
        if method != "POST" or not key:
            return 200, self._route(method, path, params, account), False
        fingerprint = json.dumps([path, params], sort_keys=True)
        with self.sandbox.lock:
            saved = account.idempotent.get(key)
            if saved is not None and saved[1] == 0:
                raise StripeError(
                    "There is currently another in-progress request using this Idempotent Key "
                    "(that probably means you submitted twice, and the other request is still "
                    "going through): " + key + ". Please try again later.",
                    status=409,
                    type="idempotency_error",
                )
            if saved is not None:
                if saved[0] != fingerprint:
                    raise StripeError(
                        "Keys for idempotent requests can only be used with the same parameters "
                        f"they were first used with. Try using a key other than '{key}' if you "
                        "meant to execute a different request.",
                        type="idempotency_error",
                    )
                return saved[1], saved[2], True
            account.idempotent[key] = (fingerprint, 0, {})  # in flight
        try:
            payload = self._route(method, path, params, account)
        except BaseException:
            # Failed validation saves no result (docs.stripe.com/idempotency): the key is free.
            with self.sandbox.lock:
                account.idempotent.pop(key, None)
            raise
        with self.sandbox.lock:
            account.idempotent[key] = (fingerprint, 200, payload)
        return 200, payload, False

    def _route(self, method: str, path: str, params: dict, account: SandboxAccount) -> dict:
        routes = [
            ("POST", r"/v1/checkout/sessions", self._create_session),
            ("GET", r"/v1/checkout/sessions/(?P<ident>[^/]+)", self._retrieve_session),
            ("GET", r"/v1/checkout/sessions/(?P<ident>[^/]+)/line_items", self._list_line_items),
            ("POST", r"/v1/checkout/sessions/(?P<ident>[^/]+)/expire", self._expire_session),
            ("POST", r"/v1/coupons", self._create_coupon),
            ("GET", r"/v1/coupons/(?P<ident>[^/]+)", self._retrieve_coupon),
            ("DELETE", r"/v1/coupons/(?P<ident>[^/]+)", self._delete_coupon),
            ("GET", r"/v1/events/(?P<ident>[^/]+)", self._retrieve_event),
            ("POST", r"/v1/refunds", self._create_refund),
            ("GET", r"/v1/refunds/(?P<ident>[^/]+)", self._retrieve_refund),
        ]
        for verb, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if verb == method and match:
                return handler(account, params, **match.groupdict())
        raise StripeError(
            f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs "
            "or we can help at https://support.stripe.com/.",
            status=404,
        )

    def _session(self, account: SandboxAccount, ident: str) -> dict[str, Any]:
        session = account.sessions.get(ident)
        if session is None:
            raise no_such("checkout.session", ident, "session", status=404)
        return session

    def _render_session(self, account: SandboxAccount, session: dict, expand: list[str]) -> dict:
        _check_expand(expand, SESSION_EXPANDABLE)
        data = dict(session)
        if "line_items" in expand or "line_items.data.price.product" in expand:
            lines = account.line_items[session["id"]]
            data["line_items"] = _list_object(
                lines[:10], len(lines) > 10, f"/v1/checkout/sessions/{session['id']}/line_items"
            )
        return public(data, frozenset(expand))

    def _create_session(self, account: SandboxAccount, params: dict) -> dict:
        expand = expand_paths(params)
        with self.sandbox.lock:
            coupons = copy.deepcopy(account.coupons)
        session, lines = build_session(
            params, coupons=coupons, base_url=self.sandbox.base_url, now=self.sandbox.now()
        )
        with self.sandbox.lock:
            self.sandbox._remember_session(account, session, lines)
            return self._render_session(account, session, expand)

    def _retrieve_session(self, account: SandboxAccount, params: dict, ident: str) -> dict:
        expand = expand_paths(params)
        reject_unknown(params, set())
        with self.sandbox.lock:
            return self._render_session(account, self._session(account, ident), expand)

    def _list_line_items(self, account: SandboxAccount, params: dict, ident: str) -> dict:
        expand = expand_paths(params)
        _check_expand(expand, LINE_ITEMS_EXPANDABLE)
        reject_unknown(params, {"limit", "starting_after"})
        limit = as_int(params.get("limit", "10"), "limit", minimum=1, maximum=100)
        with self.sandbox.lock:
            lines = account.line_items[self._session(account, ident)["id"]]
            start = 0
            if "starting_after" in params:
                after = as_str(params["starting_after"], "starting_after")
                ids = [line["id"] for line in lines]
                if after not in ids:
                    raise no_such("item", after, "starting_after")
                start = ids.index(after) + 1
            page = lines[start : start + limit]
            listing = _list_object(
                page, start + limit < len(lines), f"/v1/checkout/sessions/{ident}/line_items"
            )
            return public(listing, frozenset(expand))

    def _expire_session(self, account: SandboxAccount, params: dict, ident: str) -> dict:
        reject_unknown(params, set())
        with self.sandbox.lock:
            self._session(account, ident)
        return self.sandbox.expire_session(ident)

    def _create_coupon(self, account: SandboxAccount, params: dict) -> dict:
        with self.sandbox.lock:
            coupon = build_coupon(params, now=self.sandbox.now(), existing=account.coupons)
            account.coupons[coupon["id"]] = coupon
            return public(coupon)

    def _retrieve_coupon(self, account: SandboxAccount, params: dict, ident: str) -> dict:
        with self.sandbox.lock:
            if ident not in account.coupons:
                raise no_such("coupon", ident, "id", status=404)
            return public(account.coupons[ident])

    def _delete_coupon(self, account: SandboxAccount, params: dict, ident: str) -> dict:
        with self.sandbox.lock:
            if account.coupons.pop(ident, None) is None:
                raise no_such("coupon", ident, "id", status=404)
        return {"id": ident, "object": "coupon", "deleted": True}

    def _retrieve_event(self, account: SandboxAccount, params: dict, ident: str) -> dict:
        with self.sandbox.lock:
            if ident not in account.events:
                raise no_such("event", ident, "id", status=404)
            return public(account.events[ident])

    def _create_refund(self, account: SandboxAccount, params: dict) -> dict:
        _check_expand(expand_paths(params), set())
        with self.sandbox.lock:
            refund = create_refund(account, params, now=self.sandbox.now())
            charge = account.charges[refund["charge"]]
            events = [
                self.sandbox.record_event(account, refund, "refund.created"),
                self.sandbox.charge_event(account, charge),
            ]
            answer = public(refund)
        self.sandbox.send_later(account, events)
        return answer

    def _retrieve_refund(self, account: SandboxAccount, params: dict, ident: str) -> dict:
        _check_expand(expand_paths(params), set())
        reject_unknown(params, set())
        with self.sandbox.lock:
            if ident not in account.refunds:
                raise no_such("refund", ident, "id", status=404)
            return public(account.refunds[ident])

    # -- sandbox only: accounts over HTTP ----------------------------------------------------

    def _register_account(self, method: str, body: str) -> None:
        """Upsert by secret key, so scripts/run can register its stores at every start."""
        if method != "POST":
            self._send(405, json.dumps({"error": "POST a JSON account"}), "application/json")
            return
        try:
            data = json.loads(body or "null")
            if not isinstance(data, dict):
                raise ValueError("the body must be a JSON object")
            missing = [key for key in ACCOUNT_FIELDS if not isinstance(data.get(key), str)]
            if missing:
                raise ValueError(f"missing or not text: {', '.join(missing)}")
            for key, prefix in KEY_PREFIXES.items():
                if not data[key].startswith(prefix):
                    raise ValueError(f"{key} must start with {prefix}")
            for key in ACCOUNT_OPTIONAL:
                if data.get(key) is not None and not isinstance(data[key], str):
                    raise ValueError(f"{key} must be text")
        except ValueError as exc:  # JSONDecodeError is one
            self._send(400, json.dumps({"error": str(exc)}), "application/json")
            return
        account = self.sandbox.register_account(
            **{key: data[key] for key in ACCOUNT_FIELDS},
            **{key: data.get(key) or None for key in ACCOUNT_OPTIONAL},
        )
        answer = {
            "name": account.name,
            "webhook_url": account.webhook_url,
            "webhook_host": account.webhook_host,
        }
        self._send(200, json.dumps(answer), "application/json")

    # -- the hosted page ---------------------------------------------------------------------

    def _page(self, method: str, session_id: str, body: str) -> None:
        try:
            account, session = self.sandbox.find_session(session_id)
        except StripeError:
            self._send(404, not_found_page(), HTML)
            return
        with self.sandbox.lock:
            lines = [public(line) for line in account.line_items[session_id]]
            session = public(session)
            store = account.name
        if method != "POST" or session["status"] != "open":
            self._send(200, render_page(session, lines, store=store), HTML)
            return
        try:
            form = decode_form(body)
        except FormError:
            form = {}
        customer, values, errors = read_form(form, session)
        if customer is None:
            page = render_page(session, lines, store=store, errors=errors, values=values)
            self._send(402 if DECLINED in errors.values() else 400, page, HTML)
            return
        try:
            done = self.sandbox.complete_session(
                session_id,
                email=customer["email"],
                name=customer["name"],
                address=customer["address"],
                phone=customer["phone"],
            )
        except StripeError:  # paid twice at once: the other click won
            done = self.sandbox.get_session(session_id)
        if not done["success_url"]:
            self._send(200, render_page(done, lines, store=store), HTML)
            return
        target = done["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
        self.send_response(303)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _check_expand(expand: list[str], allowed: set[str]) -> None:
    for path in expand:
        if path not in allowed:
            raise StripeError(f"This property cannot be expanded ({path}).", param="expand")


def _list_object(data: list[dict], has_more: bool, url: str) -> dict[str, Any]:
    return {"object": "list", "data": data, "has_more": has_more, "url": url}
