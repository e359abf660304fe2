"""Products, their SKUs (variants) and the SKUs' price history.

A SKU's price is its newest Skuprice row (append-only history: change a price by adding a row;
ties on the timestamp go to the higher id). Orders keep the price they were sold at.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from shop.fields import money_field

IDENTIFIER_RE = r"^[A-Za-z0-9]+$"

IN_STOCK = "in-stock"
BACK_ORDERED = "back-ordered"
OUT_OF_STOCK = "out-of-stock"
STOCK_COUNTERS = ("quantity_available", "quantity_reserved")


class Product(models.Model):
    title = models.CharField(max_length=200)
    title_url = models.CharField(max_length=100)
    identifier = models.CharField(
        max_length=100, unique=True, validators=[RegexValidator(IDENTIFIER_RE)]
    )
    headline = models.CharField(max_length=500, blank=True)
    description_part_1 = models.TextField(blank=True)
    description_part_2 = models.TextField(blank=True)
    # Shopify's "continue selling when out of stock": a tracked SKU of this product is sold
    # (and shown back-ordered) at 0 available; checkout never blocks on it.
    continue_selling_when_out_of_stock = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Productimage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image_url = models.CharField(max_length=500)
    main_image = models.BooleanField(default=False)
    caption = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-main_image", "id"]

    def __str__(self) -> str:
        return self.image_url


class Productvideo(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="videos")
    video_url = models.CharField(max_length=500)
    video_thumbnail_url = models.CharField(max_length=500, blank=True)
    caption = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.video_url


class Skutype(models.Model):
    title = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Skuinventory(models.Model):
    """An inventory state: only `in-stock` SKUs can be added to a cart or checked out."""

    title = models.CharField(max_length=100)
    identifier = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "sku inventories"

    def __str__(self) -> str:
        return self.title

    @property
    def purchasable(self) -> bool:
        return self.identifier == IN_STOCK


class Sku(models.Model):
    sku_type = models.ForeignKey(Skutype, on_delete=models.PROTECT, related_name="skus")
    sku_inventory = models.ForeignKey(Skuinventory, on_delete=models.PROTECT, related_name="skus")
    color = models.CharField(max_length=500, blank=True)
    size = models.CharField(max_length=500, blank=True)
    description = models.CharField(max_length=1000, blank=True)
    # Stock (shop.catalog.stock). Opt-in: an untracked SKU keeps its hand-set inventory label.
    # Two counters on the SKU row rather than a SkuStock table: the reservation is then ONE
    # conditional UPDATE of one row (available -= n, reserved += n WHERE available >= n), and
    # the CHECKs below keep both from ever going negative. On hand = available + reserved.
    track_quantity = models.BooleanField(default=False)
    quantity_available = models.IntegerField(default=0)
    quantity_reserved = models.IntegerField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity_available__gte=0), name="sku_available_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_reserved__gte=0), name="sku_reserved_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"SKU {self.pk}: {self.description or self.color}"

    def save(self, *args, **kwargs) -> None:
        # A form or import holds counters read earlier: writing them back would undo the
        # reservations made since. Only shop.catalog.stock changes them (conditional UPDATEs).
        if self.pk is not None and not kwargs.get("force_insert") and "update_fields" not in kwargs:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in STOCK_COUNTERS
            ]
        super().save(*args, **kwargs)


class Skuprice(models.Model):
    """Append-only: a price change is a new row. The newest row is the SKU's price."""

    sku = models.ForeignKey(Sku, on_delete=models.CASCADE, related_name="prices")
    price = money_field()
    created_date_time = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_date_time", "-id"]
        get_latest_by = ["created_date_time", "id"]
        indexes = [
            models.Index(fields=["sku", "-created_date_time", "-id"], name="skuprice_latest")
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="skuprice_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.price} from {self.created_date_time:%Y-%m-%d %H:%M}"


class Skuimage(models.Model):
    sku = models.ForeignKey(Sku, on_delete=models.CASCADE, related_name="images")
    image_url = models.CharField(max_length=500)
    main_image = models.BooleanField(default=False)
    caption = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-main_image", "id"]

    def __str__(self) -> str:
        return self.image_url


class Productsku(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="productskus")
    sku = models.ForeignKey(Sku, on_delete=models.CASCADE, related_name="productskus")

    class Meta:
        ordering = ["product_id", "sku_id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "sku"], name="productsku_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.product} / {self.sku}"


class StockMovement(models.Model):
    """One change of a tracked SKU's stock, append-only: who moved how many, why, for what."""

    class Reason(models.TextChoices):
        ADMIN_EDIT = "admin-edit", "Admin edit"
        IMPORT = "import", "Import"
        RESERVATION = "reservation", "Reservation"
        RELEASE = "release", "Release"
        SALE = "sale", "Sale"
        REFUND_RESTOCK = "refund-restock", "Refund restock"

    sku = models.ForeignKey(Sku, on_delete=models.CASCADE, related_name="stock_movements")
    # Change of quantity_available (a sale moves reserved units out: its delta is -n of reserved).
    delta = models.IntegerField()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    by_username = models.CharField(max_length=150, default="system")
    created = models.DateTimeField(default=timezone.now)
    # "snapshot:<id>", "order:<identifier>", "refund:<id>": plain text, outlives its object.
    reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["reference", "reason"], name="stockmovement_reference")]
        constraints = [
            # Releases, sales and restocks happen once per reference and SKU, whatever races.
            models.UniqueConstraint(
                fields=["sku", "reference", "reason"],
                condition=models.Q(reason__in=["release", "sale", "refund-restock"]),
                name="stockmovement_once_per_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delta:+d} {self.reason} of {self.sku_id} ({self.reference})"
