"""Refunds as plain values out of shop.checkout.stripe_api and Stripe's refund events
(`refund.*` carry a refund, `charge.refunded` a charge with its refunds). Amounts in Decimal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.money import from_minor_units


@dataclass(frozen=True)
class RefundInfo:
    refund_id: str
    status: str  # Stripe's: pending | requires_action | succeeded | failed | canceled
    amount: Decimal
    currency: str  # upper case
    payment_intent_id: str | None
    charge_id: str | None
    reason: str | None
    failure_reason: str | None
    metadata: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any]) -> RefundInfo:
        currency = (data.get("currency") or "usd").upper()
        return cls(
            refund_id=str(data["id"]),
            status=str(data.get("status") or "pending"),
            amount=from_minor_units(int(data.get("amount") or 0), currency),
            currency=currency,
            payment_intent_id=_id(data.get("payment_intent")),
            charge_id=_id(data.get("charge")),
            reason=data.get("reason"),
            failure_reason=data.get("failure_reason"),
            metadata={str(k): str(v) for k, v in (data.get("metadata") or {}).items()},
        )


def refunds_in_event(obj: Mapping[str, Any]) -> list[RefundInfo]:
    """The refunds an event's `data.object` carries: itself (a refund) or a charge's list.
    Raises KeyError, TypeError or ValueError for an object that is neither."""
    if obj.get("object") == "refund":
        return [RefundInfo.from_stripe(obj)]
    if obj.get("object") == "charge":
        listed = (obj.get("refunds") or {}).get("data") or []
        return [RefundInfo.from_stripe(item) for item in listed]
    raise ValueError("not a refund or a charge")


def _id(value: Any) -> str | None:
    if isinstance(value, Mapping):  # expanded
        value = value.get("id")
    return str(value) if value else None
