"""Plain values in and out of shop.checkout.stripe_api: no Stripe type leaves that module.

In: CheckoutLine (one cart line), CheckoutShipping (the chosen method and its discount).
Out: CheckoutSessionInfo (a Checkout Session, amounts as Decimal in major units) and
WebhookEvent (a verified event). Both are built from Stripe's JSON as plain dicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from core.money import InvalidAmount, from_minor_units

ZERO = Decimal("0")


@dataclass(frozen=True)
class CheckoutLine:
    """One line of the cart as Stripe shows it: `quantity` x `unit_price` of `name`."""

    name: str
    unit_price: Decimal
    quantity: int
    description: str = ""
    image_url: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a checkout line needs a name")
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int):
            raise ValueError("quantity must be an int")
        if self.quantity < 1:
            raise ValueError(f"quantity must be at least 1, got {self.quantity}")
        if not isinstance(self.unit_price, Decimal):
            raise InvalidAmount("unit_price must be a Decimal")
        if self.image_url and not self.image_url.startswith(("https://", "http://")):
            raise ValueError("image_url must be an absolute http(s) URL")


@dataclass(frozen=True)
class CheckoutShipping:
    """The chosen shipping method; Stripe is charged `cost - discount`."""

    name: str
    cost: Decimal
    discount: Decimal = ZERO

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a shipping method needs a name")
        if self.discount < 0 or self.discount > self.cost:
            raise InvalidAmount(f"shipping discount must be within 0..{self.cost}")

    @property
    def net(self) -> Decimal:
        return self.cost - self.discount


@dataclass(frozen=True)
class Address:
    line1: str | None
    line2: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any] | None) -> Address | None:
        if not data:
            return None
        return cls(
            line1=data.get("line1"),
            line2=data.get("line2"),
            city=data.get("city"),
            state=data.get("state"),
            postal_code=data.get("postal_code"),
            country=data.get("country"),
        )


@dataclass(frozen=True)
class CheckoutSessionInfo:
    """A Checkout Session as the store needs it. Amounts are what Stripe charges, in Decimal.

    `payment_intent_id` is None until paid, and stays None for a session Stripe completed with
    nothing to pay (`payment_status == "no_payment_required"`, a 100% discount).
    """

    session_id: str
    url: str | None
    status: str  # open | complete | expired
    payment_status: str  # unpaid | paid | no_payment_required
    payment_intent_id: str | None
    currency: str  # upper case, like settings.DEFAULT_CURRENCY
    amount_subtotal: Decimal
    amount_discount: Decimal
    amount_shipping: Decimal
    amount_tax: Decimal
    amount_total: Decimal
    customer_email: str | None
    customer_name: str | None
    customer_phone: str | None
    billing_address: Address | None
    shipping_name: str | None
    shipping_address: Address | None
    metadata: dict[str, str] = field(default_factory=dict)
    created: datetime | None = None
    expires_at: datetime | None = None

    @property
    def is_paid(self) -> bool:
        return self.status == "complete" and self.payment_status in {
            "paid",
            "no_payment_required",
        }

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any]) -> CheckoutSessionInfo:
        currency = (data.get("currency") or "usd").upper()
        totals = data.get("total_details") or {}
        details = data.get("customer_details") or {}
        shipping = (data.get("collected_information") or {}).get("shipping_details") or {}
        intent = data.get("payment_intent")
        if isinstance(intent, Mapping):  # expanded
            intent = intent.get("id")

        def money(minor: Any) -> Decimal:
            return from_minor_units(int(minor or 0), currency)

        return cls(
            session_id=data["id"],
            url=data.get("url"),
            status=data.get("status") or "open",
            payment_status=data.get("payment_status") or "unpaid",
            payment_intent_id=intent,
            currency=currency,
            amount_subtotal=money(data.get("amount_subtotal")),
            amount_discount=money(totals.get("amount_discount")),
            amount_shipping=money(totals.get("amount_shipping")),
            amount_tax=money(totals.get("amount_tax")),
            amount_total=money(data.get("amount_total")),
            customer_email=details.get("email") or data.get("customer_email"),
            customer_name=details.get("name"),
            customer_phone=details.get("phone"),
            billing_address=Address.from_stripe(details.get("address")),
            shipping_name=shipping.get("name"),
            shipping_address=Address.from_stripe(shipping.get("address")),
            metadata={str(k): str(v) for k, v in (data.get("metadata") or {}).items()},
            created=_timestamp(data.get("created")),
            expires_at=_timestamp(data.get("expires_at")),
        )


@dataclass(frozen=True)
class WebhookEvent:
    """A verified Stripe event. `object` is `data.object` as sent (a plain dict);
    `checkout_session` is that object read as a session, for `checkout.session.*` events."""

    event_id: str
    type: str
    created: datetime | None
    livemode: bool
    api_version: str | None
    object: dict[str, Any]
    checkout_session: CheckoutSessionInfo | None = None

    @classmethod
    def from_stripe(cls, data: Mapping[str, Any]) -> WebhookEvent:
        """Raises KeyError, TypeError or ValueError for a payload that is not an event."""
        if data.get("object") != "event":
            raise ValueError("not an event object")
        obj = data["data"]["object"]
        if not isinstance(obj, dict):
            raise TypeError("data.object is not an object")
        event_id, event_type = data["id"], data["type"]
        if not isinstance(event_id, str) or not isinstance(event_type, str):
            raise TypeError("id and type must be strings")
        session = None
        if obj.get("object") == "checkout.session":
            session = CheckoutSessionInfo.from_stripe(obj)
        return cls(
            event_id=event_id,
            type=event_type,
            created=_timestamp(data.get("created")),
            livemode=bool(data.get("livemode")),
            api_version=data.get("api_version"),
            object=obj,
            checkout_session=session,
        )


def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return datetime.fromtimestamp(value, tz=UTC)
