"""Template filters of the storefront: money the way the pages' scripts print it
(static/storefront/js/api.js formatMoney), so first paint and updates look alike."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()
CENT = Decimal("0.01")


@register.filter
def money(value) -> str:
    """`Decimal("3.5")` -> `$3.50`; a negative amount -> `−$3.50`; nothing -> ``."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except InvalidOperation:
        return ""
    sign = "\u2212" if amount < 0 else ""
    return f"{sign}${abs(amount)}"


@register.filter
def discount(value) -> str:
    """A discount, shown subtracted: `1.05` -> `−$1.05`; zero -> `$0.00`."""
    text = money(value)
    if not text or Decimal(str(value)) == 0:
        return text
    return f"\u2212{text}"
