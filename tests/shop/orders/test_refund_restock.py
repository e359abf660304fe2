"""A refund returns the units the store admin chose to stock, once they are refunded: one
damaged item of three goes back, not the whole order; two refunds never return one unit twice;
a refund that failed returns nothing and frees its units for another."""

from decimal import Decimal

import pytest

from shop.catalog.models import Sku, StockMovement
from shop.orders.errors import RefundNotAllowed
from shop.orders.models import Ordersku, Refund
from shop.orders.refunds import refund_order
from tenants.context import tenant_context
from tests.shop.orders.refund_helpers import get_order

pytestmark = pytest.mark.django_db


def _lines(store, identifier) -> dict[int, int]:
    with tenant_context(store):
        return dict(
            Ordersku.objects.filter(order__identifier=identifier).values_list("sku_id", "quantity")
        )


def _track(store, sku_ids, available=5) -> None:
    with tenant_context(store):
        Sku.objects.filter(pk__in=sku_ids).update(track_quantity=True, quantity_available=available)


def _available(store, sku_id) -> int:
    with tenant_context(store):
        return Sku.objects.get(pk=sku_id).quantity_available


def _refund(store, identifier, amount, **restock):
    with tenant_context(store):
        return refund_order(
            order=get_order(store, identifier),
            amount=amount,
            reason="damaged",
            by_user=None,
            **restock,
        )


def test_a_partial_refund_returns_the_chosen_units_and_no_more(store_a, place_guest_order):
    placed = place_guest_order()
    lines = _lines(store_a, placed.identifier)  # 2 clips, 1 pack of rubber bands
    clip = next(sku for sku, units in lines.items() if units == 2)
    bands = next(sku for sku, units in lines.items() if units == 1)
    _track(store_a, [clip, bands])

    first = _refund(store_a, placed.identifier, Decimal("5.00"), restock_lines=[(clip, 1)])

    assert first.restock_lines == [[clip, 1]]
    assert (_available(store_a, clip), _available(store_a, bands)) == (6, 5)
    with pytest.raises(RefundNotAllowed, match=r"Only 1 unit\(s\) of SKU"):
        _refund(store_a, placed.identifier, Decimal("1.00"), restock_lines=[(clip, 2)])
    with tenant_context(store_a):
        assert Refund.objects.count() == 1  # the refused one reserved nothing

    # "Everything left": the other clip and the bands, nothing twice.
    rest = _refund(store_a, placed.identifier, None, restock=True)

    assert sorted(rest.restock_lines) == sorted([[clip, 1], [bands, 1]])
    assert (_available(store_a, clip), _available(store_a, bands)) == (7, 6)
    with tenant_context(store_a):
        moved = list(
            StockMovement.objects.filter(reason="refund-restock")
            .order_by("id")
            .values_list("sku_id", "delta", "reference")
        )
    assert sorted(moved) == sorted(
        [
            (clip, 1, f"refund:{first.pk}"),
            (clip, 1, f"refund:{rest.pk}"),
            (bands, 1, f"refund:{rest.pk}"),
        ]
    )


def test_a_sku_the_order_does_not_have_is_refused(store_a, place_guest_order):
    placed = place_guest_order()
    with tenant_context(store_a):
        other = Sku.objects.exclude(pk__in=list(_lines(store_a, placed.identifier))).first().pk

    with pytest.raises(RefundNotAllowed, match="is not in order"):
        _refund(store_a, placed.identifier, Decimal("1.00"), restock_lines=[(other, 1)])


def test_a_failed_refund_frees_its_units(store_a, place_guest_order, stripe_server):
    placed = place_guest_order()
    clip = next(sku for sku, units in _lines(store_a, placed.identifier).items() if units == 2)
    _track(store_a, [clip])
    first = _refund(store_a, placed.identifier, Decimal("5.00"), restock_lines=[(clip, 2)])
    with tenant_context(store_a):
        Refund.objects.filter(pk=first.pk).update(status=Refund.Status.FAILED)

    again = _refund(store_a, placed.identifier, Decimal("5.00"), restock_lines=[(clip, 2)])

    assert again.restock_lines == [[clip, 2]]
