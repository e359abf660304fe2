"""Checkout snapshots: what a Checkout Session charges, frozen when checkout starts.

    snapshot = freeze_cart(cart=cart, member=..., email=..., ...)   # priced, no session yet
    lines = checkout_lines(snapshot)                                 # what Stripe is sent
    snapshot = attach_session(snapshot, session_id=info.session_id)  # tied to its session

The cart is priced once, by the one pricing path (shop.cart.selectors.get_cart_totals), and
everything downstream reads the snapshot: Stripe's line items, coupon, shipping and tax, and
later the order (shop.orders.services.place_order). A cart changed while the shopper is on
Stripe's page therefore changes neither what is charged nor what is ordered.

Status: OPEN when made; PAID when its order is written; EXPIRED when its session is expired
(by a newer checkout of the cart, or by Stripe); MISMATCHED when Stripe reports a paid amount
other than its total (no order is made; the store admin lists these).
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from shop.accounts.models import Member, Prospect
from shop.cart.models import Cart, Cartsku
from shop.cart.selectors import (
    get_cart_shipping_method,
    get_cart_totals,
    list_cart_discounts,
    list_cart_item_rows,
)
from shop.checkout import stock_hooks
from shop.checkout.models import CheckoutSnapshot, CheckoutSnapshotDiscount, CheckoutSnapshotLine
from shop.checkout.stripe_types import CheckoutLine, CheckoutShipping
from shop.discounts import limits as discount_limits
from shop.errors import Conflict
from shop.pricing import CartTotals
from tenants.context import current_alias

log = logging.getLogger(__name__)

Status = CheckoutSnapshot.Status
FREEZE_ATTEMPTS = 3  # reads of a cart that another request is changing at the same moment


class CartChangedDuringCheckout(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "The cart changed while checkout was starting; please try again.",
            code="cart-changed-during-checkout",
        )


def freeze_cart(
    *,
    cart: Cart,
    member: Member | None,
    prospect: Prospect | None,
    email: str | None,
    agreed_to_terms_of_sale: bool,
    newsletter: bool,
    base_url: str,
) -> CheckoutSnapshot:
    """The cart priced now, saved as an OPEN snapshot with no session yet."""
    for _ in range(FREEZE_ATTEMPTS):
        rows = list_cart_item_rows(cart=cart)
        totals = get_cart_totals(cart=cart, now=timezone.now())
        selected = get_cart_shipping_method(cart=cart)
        discounts = {d.discountcode_id: d.discountcode for d in list_cart_discounts(cart=cart)}
        # Lines, method and codes are separate reads: retry if the cart moved between them.
        if _consistent(rows, totals, selected, discounts):
            break
    else:
        raise CartChangedDuringCheckout()
    method = selected.shippingmethod if selected else None
    with transaction.atomic(using=current_alias()):
        snapshot = CheckoutSnapshot.objects.create(
            cart=cart,
            member=member,
            prospect=prospect,
            email=email or "",
            agreed_to_terms_of_sale=agreed_to_terms_of_sale,
            newsletter=newsletter,
            currency=totals.currency,
            item_subtotal=totals.item_subtotal,
            item_discount=totals.item_discount,
            shipping_method=method,
            shipping_identifier=method.identifier if method else "",
            shipping_carrier=method.carrier if method else "",
            shipping_tracking_code_base_url=method.tracking_code_base_url if method else "",
            shipping_cost=totals.shipping_subtotal,
            shipping_discount=totals.shipping_discount,
            sales_tax=totals.sales_tax,
            total=totals.cart_total,
        )
        CheckoutSnapshotLine.objects.bulk_create(
            _line(snapshot, row, totals, base_url) for row in rows
        )
        CheckoutSnapshotDiscount.objects.bulk_create(
            CheckoutSnapshotDiscount(
                snapshot=snapshot,
                discountcode=discounts[result.discount_code_id],
                code=result.code,
                description=discounts[result.discount_code_id].description,
                applies_to=discounts[result.discount_code_id].discounttype.applies_to,
                action=discounts[result.discount_code_id].discounttype.action,
                slot=result.slot or "",
                applied=result.applied,
                amount=result.amount,
            )
            for result in totals.discounts
        )
    return snapshot


def _consistent(rows: list[Cartsku], totals: CartTotals, selected, discounts: dict) -> bool:
    ours = sorted((row.sku_id, row.quantity) for row in rows)
    priced = sorted((line.sku_id, line.quantity) for line in totals.lines)
    cost = selected.shippingmethod.shipping_cost if selected else Decimal("0")
    return (
        bool(rows)
        and ours == priced
        and cost == totals.shipping_subtotal
        and {d.discount_code_id for d in totals.discounts} == set(discounts)
    )


def _line(
    snapshot: CheckoutSnapshot, row: Cartsku, totals: CartTotals, base_url: str
) -> CheckoutSnapshotLine:
    priced = totals.line_for(row.sku_id)
    sku = row.sku
    productskus = list(sku.productskus.all())
    product = productskus[0].product if productskus else None
    image = _main_image(sku.images.all()) or (_main_image(product.images.all()) if product else "")
    shown = image
    if shown and not shown.startswith(("http://", "https://")):
        shown = f"{base_url}/{shown.lstrip('/')}"  # Stripe needs an absolute URL
    return CheckoutSnapshotLine(
        snapshot=snapshot,
        sku=sku,
        quantity=row.quantity,
        unit_price=priced.unit_price,
        line_total=priced.total,
        discount=priced.discount,
        name=((product.title if product else "") or sku.description or f"Item {sku.pk}")[:200],
        description=" - ".join(part for part in (sku.color, sku.size) if part)[:1000],
        image_url=shown[:500],
        product_title=product.title if product else "",
        product_title_url=product.title_url if product else "",
        product_identifier=product.identifier if product else "",
        sku_type_title=sku.sku_type.title,
        sku_color=sku.color,
        sku_size=sku.size,
        sku_description=sku.description,
        sku_image_url=image[:500],
    )


def _main_image(images) -> str:
    return next((image.image_url for image in images if image.main_image), "") or ""


# -- what Stripe is sent ----------------------------------------------------------------------


def checkout_lines(snapshot: CheckoutSnapshot) -> list[CheckoutLine]:
    return [
        CheckoutLine(
            name=line.name,
            unit_price=line.unit_price,
            quantity=line.quantity,
            description=line.description,
            image_url=line.image_url or None,
        )
        for line in snapshot.lines.all()
    ]


def checkout_shipping(snapshot: CheckoutSnapshot) -> CheckoutShipping | None:
    if not snapshot.shipping_identifier:
        return None
    return CheckoutShipping(
        name=snapshot.shipping_carrier or snapshot.shipping_identifier,
        cost=snapshot.shipping_cost,
        discount=snapshot.shipping_discount,
    )


def item_discount_codes(snapshot: CheckoutSnapshot) -> list[str]:
    return [d.code for d in snapshot.discounts.all() if d.applied and d.slot == "item"]


# -- the session's life -----------------------------------------------------------------------


def attach_session(snapshot: CheckoutSnapshot, *, session_id: str) -> CheckoutSnapshot:
    """Tie the draft to the session Stripe made from it. A session Stripe replayed (a double
    click on an unchanged cart: same idempotency key, same request) already has its snapshot;
    that one is kept and the draft dropped."""
    existing = find_snapshot(session_id)
    if existing is None:
        try:
            with transaction.atomic(using=current_alias()):
                CheckoutSnapshot.objects.filter(pk=snapshot.pk).update(
                    stripe_session_id=session_id, updated=timezone.now()
                )
            snapshot.stripe_session_id = session_id
            return snapshot
        except IntegrityError:  # a concurrent click attached its own draft first
            existing = find_snapshot(session_id)
            if existing is None:
                raise
    discard_draft(snapshot)
    return existing


def discard_draft(snapshot: CheckoutSnapshot) -> None:
    """Delete a snapshot no session was made from (Stripe failed, or replayed another)."""
    with transaction.atomic(using=current_alias()):
        _, deleted = CheckoutSnapshot.objects.filter(
            pk=snapshot.pk, stripe_session_id__isnull=True
        ).delete()
        if deleted.get(CheckoutSnapshot._meta.label):
            stock_hooks.release_snapshot_stock(snapshot.pk)  # only the deleter releases


def find_snapshot(session_id: str) -> CheckoutSnapshot | None:
    return (
        CheckoutSnapshot.objects.select_related("member__user", "shipping_method")
        .filter(stripe_session_id=session_id)
        .first()
    )


def mark_expired(session_id: str) -> int:
    """The session can no longer be paid: an OPEN snapshot becomes EXPIRED (1: this call
    moved it, 0: it was not OPEN)."""
    with transaction.atomic(using=current_alias()):
        expired = CheckoutSnapshot.objects.filter(
            stripe_session_id=session_id, status=Status.OPEN
        ).update(status=Status.EXPIRED, updated=timezone.now())
        if expired:  # only the caller that moved it out of OPEN releases its stock
            stock_hooks.release_session_stock(session_id)
        discount_limits.release_for_session(session_id)  # conditional: released once
    return expired


def mark_paid(snapshot: CheckoutSnapshot, *, amount_charged: Decimal) -> None:
    """Its order was written (call inside the order's transaction). Also from EXPIRED: an
    expiry that raced the payment lost, and Stripe's word that it was paid wins."""
    CheckoutSnapshot.objects.filter(pk=snapshot.pk).exclude(status=Status.MISMATCHED).update(
        status=Status.PAID, amount_charged=amount_charged, updated=timezone.now()
    )


def mark_mismatched(snapshot: CheckoutSnapshot, *, amount_charged: Decimal) -> None:
    CheckoutSnapshot.objects.filter(pk=snapshot.pk).exclude(status=Status.PAID).update(
        status=Status.MISMATCHED, amount_charged=amount_charged, updated=timezone.now()
    )
