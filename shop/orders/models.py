"""Orders: a snapshot of a paid cart that never changes with the catalog afterwards.

Every money column comes from `shop.pricing.price_cart` at the time of the order; `amount_charged`
is what Stripe reports it charged (the Checkout Session's `amount_total`), kept next to our own
`order_total` so a mismatch is visible rather than silent (defect 6).

Idempotency: one Orderpayment per Stripe payment intent and per Checkout Session, enforced by
unique constraints, so concurrent deliveries of one session can create one order only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from shop.accounts.models import Member, Prospect
from shop.catalog.models import Sku
from shop.codes import new_order_identifier
from shop.discounts.models import Discountcode, Discounttype
from shop.fields import money_field
from shop.shipping.models import Shippingmethod


class Status(models.Model):
    """An order state (`accepted`, `manufacturing`, `packing`, `shipped`)."""

    identifier = models.SlugField(max_length=50, unique=True)
    title = models.CharField(max_length=100)
    description = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "statuses"

    def __str__(self) -> str:
        return self.title


class Orderpayment(models.Model):
    email = models.EmailField(max_length=254)
    payment_type = models.CharField(max_length=20, blank=True)
    card_name = models.CharField(max_length=200, blank=True)
    # Stripe Checkout does not hand these to us; they stay empty unless a source provides them.
    card_brand = models.CharField(max_length=20, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    card_exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    card_exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    card_zip = models.CharField(max_length=20, blank=True)
    stripe_payment_intent_id = models.CharField(max_length=100, null=True, blank=True)
    stripe_checkout_session_id = models.CharField(max_length=255, null=True, blank=True)
    created_date_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stripe_payment_intent_id"], name="orderpayment_unique_payment_intent"
            ),
            models.UniqueConstraint(
                fields=["stripe_checkout_session_id"], name="orderpayment_unique_checkout_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment_type or 'payment'} by {self.email}"


class Address(models.Model):
    name = models.CharField(max_length=200)
    address_line1 = models.CharField(max_length=200)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=200)
    state = models.CharField(max_length=40, blank=True)
    zip = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=200, blank=True)
    country_code = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}, {self.address_line1}, {self.city}"


class Ordershippingaddress(Address):
    pass


class Orderbillingaddress(Address):
    pass


class Order(models.Model):
    identifier = models.CharField(max_length=20, unique=True, default=new_order_identifier)
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    prospect = models.ForeignKey(
        Prospect, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    payment = models.OneToOneField(
        Orderpayment, on_delete=models.PROTECT, null=True, blank=True, related_name="order"
    )
    shipping_address = models.OneToOneField(
        Ordershippingaddress, on_delete=models.PROTECT, null=True, blank=True, related_name="order"
    )
    billing_address = models.OneToOneField(
        Orderbillingaddress, on_delete=models.PROTECT, null=True, blank=True, related_name="order"
    )
    item_subtotal = money_field()
    item_discount_amt = money_field(default=0)
    shipping_amt = money_field(default=0)
    shipping_discount_amt = money_field(default=0)
    sales_tax_amt = money_field(default=0)
    order_total = money_field()
    # What Stripe says it charged (Checkout Session amount_total), in major units.
    amount_charged = money_field(null=True, blank=True)
    currency = models.CharField(max_length=3, default=settings.DEFAULT_CURRENCY)
    # What the shopper actually agreed to; never forced to True (defect 11).
    agreed_with_terms_of_sale = models.BooleanField(default=False)
    order_date_time = models.DateTimeField(default=timezone.now)
    # Set by the one confirmation task that claims the order's email (a conditional UPDATE),
    # so a re-delivered task never mails the shopper twice.
    confirmation_claimed_date_time = models.DateTimeField(null=True, blank=True)
    # What Stripe has refunded (the sum of succeeded Refunds), recomputed under the order's lock.
    amount_refunded = money_field(default=0)

    class Meta:
        ordering = ["-order_date_time", "-id"]
        indexes = [
            models.Index(fields=["member", "-order_date_time"], name="order_member_history"),
            models.Index(fields=["prospect", "-order_date_time"], name="order_prospect_history"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(item_subtotal__gte=0)
                    & models.Q(item_discount_amt__gte=0)
                    & models.Q(shipping_amt__gte=0)
                    & models.Q(shipping_discount_amt__gte=0)
                    & models.Q(sales_tax_amt__gte=0)
                    & models.Q(order_total__gte=0)
                ),
                name="order_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(item_discount_amt__lte=models.F("item_subtotal"))
                & models.Q(shipping_discount_amt__lte=models.F("shipping_amt")),
                name="order_discounts_within_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"order {self.identifier}"


class Ordersku(models.Model):
    """One line, frozen at order time: price, discount share and the descriptions shown."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="orderskus")
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="orderskus")
    quantity = models.PositiveSmallIntegerField()
    price_each = money_field()
    # This line's share of the order's item discount (shop.pricing.split_item_discount).
    discount_amt = money_field(default=0)
    product_title = models.CharField(max_length=200, blank=True)
    product_title_url = models.CharField(max_length=100, blank=True)
    product_identifier = models.CharField(max_length=100, blank=True)
    sku_type_title = models.CharField(max_length=100, blank=True)
    sku_color = models.CharField(max_length=500, blank=True)
    sku_size = models.CharField(max_length=500, blank=True)
    sku_description = models.CharField(max_length=1000, blank=True)
    sku_image_url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "sku"], name="ordersku_unique_pair"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="ordersku_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_title or self.sku_id} @ {self.price_each}"


class Orderdiscount(models.Model):
    """A code that was in the cart when the order was placed, with what it took off."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="orderdiscounts")
    discountcode = models.ForeignKey(
        Discountcode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orderdiscounts",
    )
    code = models.CharField(max_length=100)
    description = models.CharField(max_length=500, blank=True)
    applies_to = models.CharField(max_length=20, choices=Discounttype.AppliesTo.choices)
    action = models.CharField(max_length=30, choices=Discounttype.Action.choices)
    applied = models.BooleanField(default=False)
    amount = money_field(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "code"], name="orderdiscount_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} on {self.order}"


class Orderstatus(models.Model):
    """Status history: the newest row is the order's current status."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="orderstatuses")
    status = models.ForeignKey(Status, on_delete=models.PROTECT, related_name="orderstatuses")
    created_date_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_date_time", "-id"]
        verbose_name_plural = "order statuses"
        constraints = [
            models.UniqueConstraint(fields=["order", "status"], name="orderstatus_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.order}: {self.status}"


class Refund(models.Model):
    """Money given back on an order through Stripe: by the store's admin (shop.orders.refunds)
    or in Stripe's dashboard (recorded from its webhook). A pending refund already counts
    against what is left to refund, so two refunds at once can never exceed the charge."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    amount = money_field()
    reason = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    failure_reason = models.CharField(max_length=500, blank=True)
    stripe_refund_id = models.CharField(max_length=100, null=True, blank=True)
    # Null for a refund made in Stripe's dashboard: we sent no request for it.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)
    # Units to return to stock when the refund succeeds (shop.orders.refund_stock):
    # [[sku_id, quantity], ...], checked against what the order's other refunds return.
    restock = models.BooleanField(default=False)  # restock_lines is not empty
    restock_lines = models.JSONField(default=list, blank=True)
    created_by_id = models.IntegerField(null=True, blank=True)
    created_by_username = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["stripe_refund_id"], name="refund_unique_stripe_id"),
            models.UniqueConstraint(
                fields=["idempotency_key"], name="refund_unique_idempotency_key"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"refund of {self.amount} on {self.order} ({self.status})"


class Ordershippingmethod(models.Model):
    order = models.OneToOneField(
        Order, on_delete=models.CASCADE, related_name="ordershippingmethod"
    )
    shippingmethod = models.ForeignKey(
        Shippingmethod, on_delete=models.PROTECT, related_name="ordershippingmethods"
    )
    # Snapshot: the method may change or be retired after the order.
    identifier = models.CharField(max_length=100, blank=True)
    carrier = models.CharField(max_length=100, blank=True)
    shipping_cost = money_field(default=0)
    tracking_code_base_url = models.CharField(max_length=200, blank=True)
    tracking_number = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.carrier or self.shippingmethod_id} for {self.order}"


class Orderemailfailure(models.Model):
    class FailureType(models.TextChoices):
        TEMPLATE_LOOKUP = "template_lookup", "Template lookup"
        FORMATTING = "formatting", "Formatting"
        SMTP_SEND = "smtp_send", "SMTP send"
        EMAILSENT_LOG = "emailsent_log", "Email-sent log"
        CART_DELETE = "cart_delete", "Cart delete"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="emailfailures")
    failure_type = models.CharField(max_length=20, choices=FailureType.choices)
    error_message = models.TextField()
    customer_email = models.EmailField(max_length=254, blank=True)
    is_member_order = models.BooleanField(default=False)
    phase = models.CharField(max_length=20, blank=True)
    created_date_time = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)
    resolved_date_time = models.DateTimeField(null=True, blank=True)
    resolved_by = models.CharField(max_length=150, blank=True)
    resolution_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_date_time", "-id"]
        indexes = [
            models.Index(fields=["resolved", "-created_date_time"], name="emailfailure_open"),
            models.Index(fields=["customer_email"], name="emailfailure_email"),
        ]

    def __str__(self) -> str:
        return f"{self.failure_type} for {self.order}"


class Orderconfiguration(models.Model):
    """The store's order settings, one row per key (a key/value store, as in the reference)."""

    class Key(models.TextChoices):
        USERNAMES_ALLOWED_TO_CHECKOUT = "usernames_allowed_to_checkout"
        AN_CT_VALUES_ALLOWED_TO_CHECKOUT = "an_ct_values_allowed_to_checkout"
        DEFAULT_SHIPPING_METHOD = "default_shipping_method"
        INITIAL_ORDER_STATUS = "initial_order_status"
        ORDER_CONFIRMATION_EM_CD_MEMBER = "order_confirmation_em_cd_member"
        ORDER_CONFIRMATION_EM_CD_PROSPECT = "order_confirmation_em_cd_prospect"
        SALES_TAX_RATE = "sales_tax_rate"

    key = models.CharField(max_length=100, unique=True, choices=Key.choices)
    string_value = models.CharField(max_length=500, blank=True)
    # Numbers (the sales tax rate as a fraction: 0.0825 is 8.25%).
    decimal_value = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        value = self.string_value if self.decimal_value is None else self.decimal_value
        return f"{self.key} = {value}"
