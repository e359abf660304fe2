"""Stripe events as the store received them: one row per event id (a unique constraint, not a
check-then-insert), with where its handling stands and why it failed. Checkout snapshots: the
priced cart frozen when checkout starts, tied to its Stripe Checkout Session."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils import timezone

from shop.accounts.models import Member, Prospect
from shop.cart.models import Cart
from shop.catalog.models import Sku
from shop.discounts.models import Discountcode
from shop.fields import money_field
from shop.shipping.models import Shippingmethod


class StripeEvent(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSING = "processing", "Processing"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    event_id = models.CharField(max_length=255)
    type = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # What went wrong the last time it was handled: {"code": ..., "message": ...}.
    handler_error = models.JSONField(null=True, blank=True)
    # The Checkout Session the event is about, if any (for the admin and for support).
    checkout_session_id = models.CharField(max_length=255, blank=True)
    deliveries = models.PositiveIntegerField(default=1)
    # Who handles it (shop.checkout.event_claims): the winning delivery's token, and until when
    # its claim holds (PROCESSING); past that, a later delivery or the sweeper takes it over.
    claim = models.CharField(max_length=32, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    # What the handling answered once SUCCEEDED (duplicates answer the same, doing nothing).
    result = models.JSONField(null=True, blank=True)
    # The verified event while it is unfinished, so a stalled claim can be replayed; dropped
    # when it is finished.
    payload = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event_id"], name="stripeevent_unique_event_id")
        ]
        indexes = [models.Index(fields=["status", "-created"], name="stripeevent_status")]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id} ({self.status})"


class CheckoutSnapshot(models.Model):
    """The priced cart as it was when checkout started, tied to the Stripe Checkout Session
    made from it: Stripe's line items and the order both come from here, never from the live
    cart (DESIGN §4). Made before the session (`stripe_session_id` is null until Stripe
    answers); a draft that no session took is deleted."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PAID = "paid", "Paid"
        EXPIRED = "expired", "Expired"
        # Stripe reported a paid amount other than `total`: no order was made from it.
        MISMATCHED = "mismatched", "Amount mismatch"

    stripe_session_id = models.CharField(max_length=255, null=True, blank=True)
    # SET_NULL: the paid cart is deleted after its order; the snapshot outlives it.
    cart = models.ForeignKey(
        Cart, on_delete=models.SET_NULL, null=True, blank=True, related_name="checkout_snapshots"
    )
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    prospect = models.ForeignKey(
        Prospect, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(max_length=254, blank=True)  # handed to Stripe, if known
    # Its shopper was erased (shop.accounts.data_requests): an order placed from it later
    # (a payment that was in flight) is written anonymized (shop.orders.services).
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)
    agreed_to_terms_of_sale = models.BooleanField(default=False)
    newsletter = models.BooleanField(default=False)
    currency = models.CharField(max_length=3)
    item_subtotal = money_field()
    item_discount = money_field(default=0)
    shipping_method = models.ForeignKey(
        Shippingmethod, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shipping_identifier = models.CharField(max_length=100, blank=True)
    shipping_carrier = models.CharField(max_length=100, blank=True)
    shipping_tracking_code_base_url = models.CharField(max_length=200, blank=True)
    shipping_cost = money_field(default=0)
    shipping_discount = money_field(default=0)
    sales_tax = money_field(default=0)
    total = money_field()
    # What Stripe reported as paid (amount_total), once it did.
    amount_charged = money_field(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    # When Stripe expires the session (its `expires_at`): the stock sweeper releases an OPEN
    # snapshot past it even if the expired webhook never arrives.
    expires_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stripe_session_id"], name="checkoutsnapshot_unique_session"
            ),
            models.CheckConstraint(
                condition=models.Q(item_discount__lte=models.F("item_subtotal"))
                & models.Q(shipping_discount__lte=models.F("shipping_cost")),
                name="checkoutsnapshot_discounts_within_amounts",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created"], name="checkoutsnapshot_status")]

    def __str__(self) -> str:
        return f"checkout {self.stripe_session_id or self.pk} ({self.status})"

    @property
    def shipping_net(self) -> Decimal:
        return self.shipping_cost - self.shipping_discount


class CheckoutSnapshotLine(models.Model):
    """One cart line as Stripe shows it (`name`, `description`, `image_url`) and as the order
    keeps it (the product and SKU fields of Ordersku)."""

    snapshot = models.ForeignKey(CheckoutSnapshot, on_delete=models.CASCADE, related_name="lines")
    sku = models.ForeignKey(Sku, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    quantity = models.PositiveSmallIntegerField()
    unit_price = money_field()
    line_total = money_field()  # unit_price x quantity
    discount = money_field(default=0)  # this line's share of the item discount
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=1000, blank=True)
    image_url = models.CharField(max_length=500, blank=True)  # absolute, as sent to Stripe
    product_title = models.CharField(max_length=200, blank=True)
    product_title_url = models.CharField(max_length=100, blank=True)
    product_identifier = models.CharField(max_length=100, blank=True)
    sku_type_title = models.CharField(max_length=100, blank=True)
    sku_color = models.CharField(max_length=500, blank=True)
    sku_size = models.CharField(max_length=500, blank=True)
    sku_description = models.CharField(max_length=1000, blank=True)
    sku_image_url = models.CharField(max_length=500, blank=True)  # as the catalog stores it

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="checkoutsnapshotline_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.name} @ {self.unit_price}"


class CheckoutSnapshotDiscount(models.Model):
    """A code that was in the cart at checkout, with what it took off then."""

    snapshot = models.ForeignKey(
        CheckoutSnapshot, on_delete=models.CASCADE, related_name="discounts"
    )
    discountcode = models.ForeignKey(
        Discountcode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    code = models.CharField(max_length=100)
    description = models.CharField(max_length=500, blank=True)
    applies_to = models.CharField(max_length=20)
    action = models.CharField(max_length=30)
    slot = models.CharField(max_length=20, blank=True)  # "item", "shipping" or ""
    applied = models.BooleanField(default=False)
    amount = money_field(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.code} on {self.snapshot}"
