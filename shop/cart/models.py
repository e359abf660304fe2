"""Carts: a member's (at most one) or an anonymous shopper's, found by the signed `an_ct`
cookie whose value is `anonymous_cart_id`. Lines hold 1..99 units of a SKU, once per SKU."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from shop.accounts.models import Member
from shop.catalog.models import Sku
from shop.discounts.models import Discountcode
from shop.shipping.models import Shippingmethod

MIN_QUANTITY = 1
MAX_QUANTITY = 99


class Cart(models.Model):
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="carts"
    )
    anonymous_cart_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    created_date_time = models.DateTimeField(default=timezone.now)
    updated_date_time = models.DateTimeField(default=timezone.now)
    # Bumped when a checkout of this cart needs a new Stripe session (the previous one was
    # paid or expired): it is part of the session's idempotency key (shop.checkout.services).
    checkout_attempt = models.PositiveIntegerField(default=0)
    # The Checkout Session last handed to the shopper. A new one (the cart changed) expires
    # it first, so only one session of a cart can ever be paid (shop.checkout.services).
    checkout_session_id = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [
            # One cart per member: concurrent "create my cart" requests cannot make two.
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(member__isnull=False),
                name="cart_one_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(member__isnull=False)
                | models.Q(anonymous_cart_id__isnull=False),
                name="cart_has_an_owner",
            ),
        ]

    def __str__(self) -> str:
        owner = f"member {self.member_id}" if self.member_id else "anonymous"
        return f"cart {self.pk} ({owner})"


class Cartsku(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="cartskus")
    sku = models.ForeignKey(Sku, on_delete=models.CASCADE, related_name="cartskus")
    quantity = models.PositiveSmallIntegerField(default=1)
    added_date_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "sku"], name="cartsku_unique_pair"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=MIN_QUANTITY, quantity__lte=MAX_QUANTITY),
                name="cartsku_quantity_1_to_99",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x sku {self.sku_id}"


class Cartdiscount(models.Model):
    """A code the shopper applied. Whether it takes money off is decided at pricing time."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="cartdiscounts")
    discountcode = models.ForeignKey(
        Discountcode, on_delete=models.CASCADE, related_name="cartdiscounts"
    )
    applied_date_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["applied_date_time", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cart", "discountcode"], name="cartdiscount_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.discountcode} on cart {self.cart_id}"


class Cartshippingmethod(models.Model):
    cart = models.OneToOneField(Cart, on_delete=models.CASCADE, related_name="cartshippingmethod")
    shippingmethod = models.ForeignKey(
        Shippingmethod, on_delete=models.PROTECT, related_name="cartshippingmethods"
    )

    def __str__(self) -> str:
        return f"{self.shippingmethod.identifier} for cart {self.cart_id}"
