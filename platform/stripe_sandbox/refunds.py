"""Charges and refunds as Stripe builds them: a paid session's charge, and refunds against it.

A paid Checkout Session's payment intent (`pi_...`) has one succeeded charge (`ch_...`) for
the session's `amount_total`. `POST /v1/refunds` takes `payment_intent` or `charge`, an
optional `amount` (default: what is left), `reason` and `metadata`; it refuses more than is
left (`amount_too_large`) and a charge already refunded in full (`charge_already_refunded`).
Card refunds succeed at once here; `StripeSandbox.fail_refund` makes one fail later, as a
bank can. Each change yields the events Stripe sends: `refund.created` and `charge.refunded`
on creation (the charge carries its refunds, newest first), `refund.updated` and
`refund.failed` on failure.
"""

from __future__ import annotations

import copy
import threading
import time
from typing import Any

from stripe_sandbox.events import build_event
from stripe_sandbox.params import (
    StripeError,
    as_choice,
    as_int,
    as_metadata,
    as_str,
    new_id,
    no_such,
    reject_unknown,
)

REFUND_PARAMS = {"payment_intent", "charge", "amount", "reason", "metadata", "expand"}
REASONS = ("duplicate", "fraudulent", "requested_by_customer")
FAILURE_REASONS = ("lost_or_stolen_card", "expired_or_canceled_card", "unknown")


def new_charge(
    *, payment_intent: str, amount: int, currency: str, metadata: dict, now: int
) -> dict[str, Any]:
    """The succeeded charge of a paid payment intent (refunds kept in `_refunds`, ids)."""
    return {
        "id": new_id("ch_", 24),
        "object": "charge",
        "amount": amount,
        "amount_captured": amount,
        "amount_refunded": 0,
        "captured": True,
        "created": now,
        "currency": currency,
        "livemode": False,
        "metadata": dict(metadata),
        "paid": True,
        "payment_intent": payment_intent,
        "refunded": False,
        "status": "succeeded",
        "_refunds": [],
    }


def find_charge(account: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The account's charge named by `payment_intent` or `charge` (404 when not its own)."""
    intent = params.get("payment_intent")
    charge_id = params.get("charge")
    if intent is None and charge_id is None:
        raise StripeError(
            "One of the following params should be provided for this request: "
            "payment_intent or charge.",
        )
    charge = None
    if intent is not None:
        intent = as_str(intent, "payment_intent")
        if intent not in account.intents:
            raise no_such("payment_intent", intent, "payment_intent", status=404)
        charge = account.charges[account.intents[intent]]
    if charge_id is not None:
        charge_id = as_str(charge_id, "charge")
        if charge_id not in account.charges:
            raise no_such("charge", charge_id, "charge", status=404)
        if charge is not None and charge["id"] != charge_id:
            raise StripeError(
                f"The charge {charge_id} does not belong to the payment intent {intent}.",
                param="charge",
            )
        charge = account.charges[charge_id]
    assert charge is not None
    return charge


def create_refund(account: Any, params: dict[str, Any], *, now: int) -> dict[str, Any]:
    """A new succeeded refund on the account's charge (the caller holds the sandbox lock)."""
    reject_unknown(params, REFUND_PARAMS)
    charge = find_charge(account, params)
    left = charge["amount"] - charge["amount_refunded"]
    if left <= 0:
        raise StripeError(
            f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded"
        )
    amount = left
    if "amount" in params:
        amount = as_int(params["amount"], "amount", minimum=1)
        if amount > left:
            raise StripeError(
                f"Refund amount ({_money(amount, charge)}) is greater than unrefunded amount "
                f"on charge ({_money(left, charge)})",
                param="amount",
                code="amount_too_large",
            )
    reason = None
    if params.get("reason"):
        reason = as_choice(params["reason"], "reason", REASONS)
    refund = {
        "id": new_id("re_", 24),
        "object": "refund",
        "amount": amount,
        "balance_transaction": None,
        "charge": charge["id"],
        "created": now,
        "currency": charge["currency"],
        "destination_details": {"card": {"type": "refund"}, "type": "card"},
        "failure_reason": None,
        "metadata": as_metadata(params.get("metadata", {})),
        "payment_intent": charge["payment_intent"],
        "reason": reason,
        "receipt_number": None,
        "source_transfer_reversal": None,
        "status": "succeeded",
        "transfer_reversal": None,
    }
    account.refunds[refund["id"]] = refund
    charge["_refunds"].insert(0, refund["id"])
    _settle(charge, account)
    return refund


def fail_refund(account: Any, refund: dict[str, Any], *, reason: str) -> dict[str, Any]:
    """The refund failed after all: its amount is back on the charge."""
    if refund["status"] == "failed":
        raise StripeError(f"Refund {refund['id']} has already failed.", param="refund")
    refund["status"] = "failed"
    refund["failure_reason"] = as_choice(reason, "failure_reason", FAILURE_REASONS)
    charge = account.charges[refund["charge"]]
    _settle(charge, account)
    return charge


def render_charge(account: Any, charge: dict[str, Any]) -> dict[str, Any]:
    """The charge as sent, with its refunds (newest first), as in a `charge.refunded` event."""
    refunds = [account.refunds[ident] for ident in charge["_refunds"]]
    data = {key: value for key, value in charge.items() if not key.startswith("_")}
    data["refunds"] = {
        "object": "list",
        "data": refunds,
        "has_more": False,
        "total_count": len(refunds),
        "url": f"/v1/charges/{charge['id']}/refunds",
    }
    return data


def _settle(charge: dict[str, Any], account: Any) -> None:
    """Pending and succeeded refunds count against the charge; failed ones do not."""
    refunded = sum(
        account.refunds[ident]["amount"]
        for ident in charge["_refunds"]
        if account.refunds[ident]["status"] in ("pending", "succeeded")
    )
    charge["amount_refunded"] = refunded
    charge["refunded"] = refunded >= charge["amount"]


def _money(minor: int, charge: dict[str, Any]) -> str:
    symbol = "$" if charge["currency"] == "usd" else ""
    return f"{symbol}{minor // 100}.{minor % 100:02d}"


class SandboxRefunds:
    """StripeSandbox's refunds and its deliveries that follow an API call."""

    lock: threading.RLock
    accounts: dict[str, Any]
    _sending: list[threading.Thread]

    def account_for_refund(self, refund_id: str) -> Any:
        with self.lock:
            for account in self.accounts.values():
                if refund_id in account.refunds:
                    return account
        raise KeyError(f"no refund {refund_id!r}")

    def get_refund(self, refund_id: str) -> dict[str, Any]:
        with self.lock:
            return copy.deepcopy(self.account_for_refund(refund_id).refunds[refund_id])

    def fail_refund(self, refund_id: str, *, reason: str = "unknown") -> dict[str, Any]:
        """The bank returned a refund: it fails, its amount is back on the charge, and
        `refund.updated` and `refund.failed` go to the account's webhook."""
        with self.lock:
            account = self.account_for_refund(refund_id)
            refund = account.refunds[refund_id]
            fail_refund(account, refund, reason=reason)
            events = [
                self.record_event(account, refund, kind)
                for kind in ("refund.updated", "refund.failed")
            ]
        self.send_later(account, events)
        return copy.deepcopy(refund)

    def charge_event(self, account: Any, charge: dict[str, Any]) -> dict[str, Any]:
        return self.record_event(account, render_charge(account, charge), "charge.refunded")

    def record_event(self, account: Any, obj: dict, type: str) -> dict[str, Any]:
        """A new event about `obj`, kept on the account (caller holds the lock)."""
        event = build_event(obj, type=type, api_version=account.api_version)
        account.events[event["id"]] = event
        return copy.deepcopy(event)

    def send_later(self, account: Any, events: list[dict[str, Any]]) -> None:
        """Deliver `events` in order from a thread of their own, as Stripe does after the API
        call returns: a store holding a lock while it calls us is never waiting on itself."""
        target = (account.webhook_url, account.webhook_secret, account.webhook_host)
        if not target[0]:
            return

        def send() -> None:
            for event in events:
                self.deliver_event(event, url=target[0], secret=target[1], host=target[2])

        thread = threading.Thread(target=send, daemon=True)
        with self.lock:
            self._sending.append(thread)
        thread.start()

    def wait_for_deliveries(self, timeout: float = 30) -> None:
        """Wait until every event sent later has been delivered (tests)."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                pending = [t for t in self._sending if t.is_alive()]
                self._sending = pending
            if not pending:
                return
            pending[0].join(max(0.0, deadline - time.monotonic()))
            if time.monotonic() >= deadline:
                raise TimeoutError("webhook deliveries still running")
