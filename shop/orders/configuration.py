"""The store's Orderconfiguration keys, read with their defaults (a missing row never 500s)."""

from __future__ import annotations

from decimal import Decimal

from shop.orders.models import Orderconfiguration

Key = Orderconfiguration.Key

DEFAULTS: dict[str, str] = {
    Key.USERNAMES_ALLOWED_TO_CHECKOUT: "*",
    Key.AN_CT_VALUES_ALLOWED_TO_CHECKOUT: "*",
    Key.DEFAULT_SHIPPING_METHOD: "",
    Key.INITIAL_ORDER_STATUS: "accepted",
    Key.ORDER_CONFIRMATION_EM_CD_MEMBER: "",
    Key.ORDER_CONFIRMATION_EM_CD_PROSPECT: "",
}


def get_config_string(key: str) -> str:
    row = Orderconfiguration.objects.filter(key=key).values_list("string_value", flat=True).first()
    return DEFAULTS.get(key, "") if row is None else row


def get_sales_tax_rate() -> Decimal:
    """A fraction (0.0825 = 8.25%), applied to items after the item discount. Default 0."""
    value = (
        Orderconfiguration.objects.filter(key=Key.SALES_TAX_RATE)
        .values_list("decimal_value", flat=True)
        .first()
    )
    return Decimal(value) if value is not None else Decimal("0")


def is_allowed_by_list(value: str | None, *, key: str) -> bool:
    """The checkout allow-lists: `*` lets everyone in, else a comma-separated list of values."""
    allowed = {item.strip() for item in get_config_string(key).split(",") if item.strip()}
    return "*" in allowed or (value is not None and value in allowed)
