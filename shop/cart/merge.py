"""Login: the anonymous cart joins the member's (the reference's rules, plus discount codes).

- The member has no cart: the anonymous cart becomes the member's (re-owned, its anonymous
  id cleared so the old cookie no longer finds it).
- The member has a cart: each anonymous line whose SKU is not already in the member's cart
  moves over with its quantity (lines for SKUs the member already has are dropped: the
  member's quantity wins); the anonymous shipping method is copied if the member's cart has
  none; each anonymous discount code moves over if it could be applied to the member's
  cart now (shop.discounts rules); then the anonymous cart is deleted.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from shop.accounts.models import Member
from shop.cart.models import Cart, Cartdiscount, Cartshippingmethod, Cartsku
from shop.cart.services import check_discount_code_applicable
from shop.cart.totals_cache import cart_changed
from shop.errors import DiscountNotApplicable
from tenants.context import current_alias


def merge_carts(*, anonymous_cart: Cart | None, member: Member) -> Cart | None:
    """Merge the shopper's anonymous cart into `member`'s; returns the member's cart."""
    with transaction.atomic(using=current_alias()):
        member_cart = Cart.objects.select_for_update().filter(member=member).first()
        if anonymous_cart is None:
            return member_cart
        anonymous = (
            Cart.objects.select_for_update()
            .filter(pk=anonymous_cart.pk, member__isnull=True)
            .first()
        )
        if anonymous is None:  # already merged (a second login racing the first)
            return member_cart
        cart_changed(anonymous, member_cart)  # before the anonymous id is cleared
        if member_cart is None:
            anonymous.member = member
            anonymous.anonymous_cart_id = None
            anonymous.updated_date_time = timezone.now()
            anonymous.save(update_fields=["member", "anonymous_cart_id", "updated_date_time"])
            cart_changed(anonymous)  # now the member's
            return anonymous
        _move_lines(source=anonymous, target=member_cart)
        _copy_shipping_method(source=anonymous, target=member_cart)
        _move_discount_codes(source=anonymous, target=member_cart)
        anonymous.delete()
        Cart.objects.filter(pk=member_cart.pk).update(updated_date_time=timezone.now())
        return member_cart


def _move_lines(*, source: Cart, target: Cart) -> None:
    held = Cartsku.objects.filter(cart=target).values("sku_id")
    Cartsku.objects.filter(cart=source).exclude(sku_id__in=held).update(cart=target)


def _copy_shipping_method(*, source: Cart, target: Cart) -> None:
    if Cartshippingmethod.objects.filter(cart=target).exists():
        return
    selected = Cartshippingmethod.objects.filter(cart=source).first()
    if selected is not None:
        Cartshippingmethod.objects.create(cart=target, shippingmethod_id=selected.shippingmethod_id)


def _move_discount_codes(*, source: Cart, target: Cart) -> None:
    now = timezone.now()
    for applied in Cartdiscount.objects.filter(cart=source).select_related("discountcode"):
        try:
            check_discount_code_applicable(cart=target, code=applied.discountcode, now=now)
        except DiscountNotApplicable:
            continue
        Cartdiscount.objects.create(
            cart=target, discountcode=applied.discountcode, applied_date_time=now
        )
