"""Discount types and codes. The rules are in the package docstring (shop/discounts/__init__.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from shop.fields import money_field
from shop.shipping.models import Shippingmethod


class Discounttype(models.Model):
    class AppliesTo(models.TextChoices):
        ITEM_TOTAL = "item_total", "Item total"
        SHIPPING = "shipping", "Shipping"
        SUBSCRIPTION = "subscription", "Subscription"

    class Action(models.TextChoices):
        PERCENT_OFF = "percent-off", "Percent off items"
        DOLLAR_AMT_OFF = "dollar-amt-off", "Amount off items"
        FREE_SHIPPING = "free-shipping", "Free shipping on one method"
        FREE_DIGITAL_MONTHS = "free-digital-months", "Free digital months"

    # Which slot each action takes; `applies_to` must agree with it.
    APPLIES_TO_OF_ACTION = {
        Action.PERCENT_OFF: AppliesTo.ITEM_TOTAL,
        Action.DOLLAR_AMT_OFF: AppliesTo.ITEM_TOTAL,
        Action.FREE_SHIPPING: AppliesTo.SHIPPING,
        Action.FREE_DIGITAL_MONTHS: AppliesTo.SUBSCRIPTION,
    }

    title = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=500, blank=True)
    applies_to = models.CharField(max_length=20, choices=AppliesTo.choices)
    action = models.CharField(max_length=30, choices=Action.choices)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(action__in=["percent-off", "dollar-amt-off"], applies_to="item_total")
                    | models.Q(action="free-shipping", applies_to="shipping")
                    | models.Q(action="free-digital-months", applies_to="subscription")
                ),
                name="discounttype_action_matches_applies_to",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Discountcode(models.Model):
    code = models.CharField(max_length=100)
    description = models.CharField(max_length=500, blank=True)
    start_date_time = models.DateTimeField()
    end_date_time = models.DateTimeField()
    combinable = models.BooleanField(default=False)
    discounttype = models.ForeignKey(
        Discounttype, on_delete=models.PROTECT, related_name="discountcodes"
    )
    # Percent for percent-off (0-100], money for dollar-amt-off, 0 otherwise.
    discount_amount = money_field(default=0)
    order_minimum = money_field(default=0)
    # The one method a free-shipping code frees; empty for every other kind.
    shipping_method = models.ForeignKey(
        Shippingmethod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="free_shipping_codes",
    )
    # Limits (None: no limit), enforced by shop.discounts.limits: reserved at checkout start,
    # consumed when the order is placed. Per customer counts uses by email, case-insensitively.
    usage_limit = models.PositiveIntegerField(null=True, blank=True)
    usage_limit_per_customer = models.PositiveIntegerField(null=True, blank=True)
    # Orders placed with the code; only shop.discounts.limits writes it (an F() update).
    times_used = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(Lower("code"), name="discountcode_code_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(times_used__gte=0)
                & (models.Q(usage_limit__isnull=True) | models.Q(usage_limit__gte=0))
                & (
                    models.Q(usage_limit_per_customer__isnull=True)
                    | models.Q(usage_limit_per_customer__gte=0)
                ),
                name="discountcode_usage_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date_time__lt=models.F("end_date_time")),
                name="discountcode_window_not_empty",
            ),
            models.CheckConstraint(
                condition=models.Q(discount_amount__gte=0) & models.Q(order_minimum__gte=0),
                name="discountcode_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        super().clean()
        action = self.discounttype.action if self.discounttype_id else None
        errors = {}
        if action == Discounttype.Action.PERCENT_OFF and not 0 < self.discount_amount <= 100:
            errors["discount_amount"] = "A percentage must be more than 0 and at most 100."
        if action == Discounttype.Action.DOLLAR_AMT_OFF and self.discount_amount <= 0:
            errors["discount_amount"] = "An amount off must be more than 0."
        if action == Discounttype.Action.FREE_SHIPPING and self.shipping_method_id is None:
            errors["shipping_method"] = "A free-shipping code must name the method it frees."
        if action != Discounttype.Action.FREE_SHIPPING and self.shipping_method_id is not None:
            errors["shipping_method"] = "Only a free-shipping code names a shipping method."
        if (
            self.start_date_time
            and self.end_date_time
            and self.start_date_time >= self.end_date_time
        ):
            errors["end_date_time"] = "The end must be after the start."
        if errors:
            raise ValidationError(errors)


class DiscountcodeUse(models.Model):
    """One use of a code by one checkout: RESERVED when the checkout session is made, USED
    when its order is placed, RELEASED when the session expires (shop.discounts.limits)."""

    class State(models.TextChoices):
        RESERVED = "reserved", "Reserved"
        USED = "used", "Used"
        RELEASED = "released", "Released"

    discountcode = models.ForeignKey(Discountcode, on_delete=models.CASCADE, related_name="uses")
    # Lower-cased; blank when the shopper's address was not known at checkout start.
    email = models.CharField(max_length=254, blank=True)
    # CASCADE: a draft snapshot that no session took is deleted, and its reservation with it.
    snapshot = models.ForeignKey(
        "checkout.CheckoutSnapshot", on_delete=models.CASCADE, related_name="discount_uses"
    )
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discount_uses",
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.RESERVED)
    # The order honoured the snapshot's discount although a limit refused it (see limits).
    over_limit = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["discountcode", "snapshot"], name="discountcodeuse_once_per_snapshot"
            ),
            models.CheckConstraint(
                condition=models.Q(over_limit=False) | models.Q(state="used"),
                name="discountcodeuse_over_limit_only_when_used",
            ),
        ]
        indexes = [
            models.Index(fields=["discountcode", "state"], name="discountcodeuse_code_state"),
            models.Index(fields=["discountcode", "email"], name="discountcodeuse_code_email"),
        ]

    def __str__(self) -> str:
        return f"{self.discountcode} {self.state} ({self.email or 'no email'})"
