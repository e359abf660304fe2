"""A new store's starting data, written into the CURRENT tenant schema (wrap the call in
`tenants.context.tenant_context`). Idempotent: running it again changes nothing.

Reference data every store gets: inventory states, the `product` SKU type, order statuses,
shipping methods (the inactive `None` too), the Orderconfiguration keys and the discount
types. The `office-supplies` catalog adds the reference's three products with their SKUs,
price history, images and videos, and a few discount codes valid from the time of seeding.
The `empty` catalog adds no products and no codes.

The schema template never carries any of this: stores are seeded after their schema exists
(`manage.py seed_store <slug>`, the control plane's provisioning, the test fixtures), or
their spare schema was seeded before it was claimed (tenants.pool, TENANT_SPARE_SEEDER).
Seeding marks the schema with the catalog, in the same transaction (a comment on the schema,
which a rename keeps): `get_seeded_catalog()` tells the provisioning's seed step that a
pre-seeded spare has nothing left to seed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.db import connections, transaction
from django.utils import timezone
from django_tenants.utils import quote_schema_name

from shop.accounts.seed import seed_accounts
from shop.ads.services import seed_ads
from shop.catalog.cache import bump_catalog_version
from shop.catalog.models import (
    Product,
    Productimage,
    Productsku,
    Productvideo,
    Sku,
    Skuimage,
    Skuinventory,
    Skuprice,
    Skutype,
)
from shop.clientevents.seed import seed_clientevents
from shop.discounts.models import Discountcode, Discounttype
from shop.emails.seed import seed_emails
from shop.orders.models import Orderconfiguration, Status
from shop.orders.status import REFUND_STATUSES
from shop.shipping.models import Shippingmethod
from tenants.context import current, current_alias

Catalog = Literal["office-supplies", "empty"]
CATALOGS: tuple[str, ...] = ("office-supplies", "empty")
SEED_MARK = "storefleet-seed:"  # the schema's comment after seeding: SEED_MARK + catalog
# The reference data alone: every other catalog is that plus its own rows, so a schema seeded
# with it becomes any catalog by seeding that one on top (a spare the pool can fall back to).
BASE_CATALOG = "empty"


def get_spare_fallbacks(catalog: str) -> tuple[str, ...]:
    """The catalogs a spare may hold for a store of `catalog`, besides `catalog` itself."""
    return () if catalog == BASE_CATALOG else (BASE_CATALOG,)


INVENTORY_STATES = [
    ("in-stock", "In Stock", "Ready to ship."),
    ("back-ordered", "Back Ordered", "Not available to purchase at this time."),
    ("out-of-stock", "Out of Stock", "Not available to purchase at this time."),
]

STATUSES = [
    ("accepted", "Accepted", "We have your order and are processing it."),
    ("manufacturing", "Manufacturing", "Made-to-order items are being made."),
    ("packing", "Packing", "Your order is being packed."),
    ("shipped", "Shipped", "Your order is on its way."),
    *((identifier, *texts) for identifier, texts in REFUND_STATUSES.items()),
]

USPS_TRACKING = (
    "https://tools.usps.com/go/TrackConfirmAction.action?tRef=fullpage&tLc=1&text28777=&tLabels="
)
SHIPPING_METHODS = [
    ("USPSPriorityMail2Day", "USPS Priority Mail 2-Day", "13.65", USPS_TRACKING, True),
    ("USPSRetailGround", "USPS Retail Ground", "9.56", USPS_TRACKING, True),
    (
        "FedExGround",
        "FedEx Ground",
        "10.85",
        "https://www.fedex.com/apps/fedextrack/?action=track&cntry_code=us&trackingnumber=",
        True,
    ),
    (
        "UPSGround",
        "UPS Ground",
        "11.34",
        "https://wwwapps.ups.com/WebTracking/track?&track.x=Track&trackNums=",
        True,
    ),
    ("None", "None", "0.00", "", False),
]

K = Orderconfiguration.Key
CONFIGURATION = [
    (K.USERNAMES_ALLOWED_TO_CHECKOUT, "*", None),
    (K.AN_CT_VALUES_ALLOWED_TO_CHECKOUT, "*", None),
    (K.DEFAULT_SHIPPING_METHOD, "USPSRetailGround", None),
    (K.INITIAL_ORDER_STATUS, "accepted", None),
    (K.ORDER_CONFIRMATION_EM_CD_MEMBER, "gvREoqen93ffZsmBIc8zl", None),
    (K.ORDER_CONFIRMATION_EM_CD_PROSPECT, "FpGyZy6kld9R2XTjqvBQN", None),
    (K.SALES_TAX_RATE, "", Decimal("0")),
]

A = Discounttype.Action
DISCOUNT_TYPES = [
    ("Percent Off Your Items", "Take {}% off your item total", "item_total", A.PERCENT_OFF),
    ("Amount Off Your Items", "Save ${} on your item total", "item_total", A.DOLLAR_AMT_OFF),
    ("Free Digital Months", "{} free months of the digital edition", "subscription",
     A.FREE_DIGITAL_MONTHS),
    ("Free Shipping", "Free shipping with the named method", "shipping", A.FREE_SHIPPING),
]  # fmt: skip

# code, description, action, amount, minimum, combinable, freed method, valid days
DISCOUNT_CODES = [
    ("WELCOME10", "Welcome! 10% off your items", A.PERCENT_OFF, "10", "0", False, None, 365),
    ("SAVE10", "$10 off when your items reach $20", A.DOLLAR_AMT_OFF, "10", "20", True, None, 90),
    ("FREESHIPPING", "Free USPS Retail Ground shipping", A.FREE_SHIPPING, "0", "0", True,
     "USPSRetailGround", 365),
    ("FREE3MONTHS", "Three free months of the digital edition", A.FREE_DIGITAL_MONTHS, "3",
     "0", True, None, 365),
]  # fmt: skip


def _at(day: int) -> dt.datetime:
    return dt.datetime(2019, 4, day, tzinfo=dt.UTC)


# product: (title, title_url, identifier, headline, part 1, part 2, images, videos, skus)
# sku: (color, size, description, inventory, [(price, date)], [sku images])
OFFICE_SUPPLIES = [
    (
        "Paper Clips", "PaperClips", "bSusp6dBHm",
        "Holds a stack of up to twenty sheets.",
        "Bent from sturdy steel wire to a precise shape.",
        "For every job that needs sheets kept together.",
        [("/img/product/paper_clip_main_2.jpg", True, "Paper clips")],
        [("https://player.vimeo.com/video/334006583",
          "/img/product/paper_clip_video_1_2_thumbnail.jpg", "Paper clips at work")],
        [
            ("Silver", "Medium", "Left Sided Paperclip", "in-stock", [("3.50", _at(22))],
             [("/img/product/paper_clip_left_2.jpg", True, "Left sided paper clip")]),
            ("Silver", "Medium", "Right sided paperclip", "back-ordered", [("3.50", _at(22))],
             [("/img/product/paper_clip_right_2.jpg", True, "Right sided paper clip")]),
        ],
    ),
    (
        "Binder Clips", "BinderClips", "ITHJW3mytn",
        "Holds a stack of up to one hundred sheets.",
        "A strong spring keeps your papers together.",
        "Mind your fingers. Sold in packs of 10.",
        [("/img/product/binder_clips_main_2.jpg", True, "Several sizes")],
        [("https://player.vimeo.com/video/334006589",
          "/img/product/binder_clip_video_1_2_thumbnail.jpg", "Binder clips at work")],
        [
            ("Black", "Large", "Large Binder Clip", "back-ordered", [("5.99", _at(22))],
             [("/img/product/binder_clip_large_2.jpg", True, "Large binder clip")]),
            ("Black", "Medium", "Medium Binder Clip", "out-of-stock", [("4.99", _at(22))],
             [("/img/product/binder_clip_medium_2.jpg", True, "Medium binder clip")]),
            ("Black", "Small", "Small Binder Clip", "in-stock", [("3.99", _at(22))],
             [("/img/product/binder_clip_small_2.jpg", True, "Small binder clip")]),
        ],
    ),
    (
        "Rubber Bands", "RubberBands", "v26ujdy3N1",
        "Keeps rolled paper rolled.",
        "A mix of colors and sizes.",
        "",
        [("/img/product/rubber_bands_2.jpg", True, "Rubber bands in many colors")],
        [],
        [
            ("Multi", "Multi", "Multiple sizes and colors", "in-stock",
             [("10.99", _at(20)), ("14.99", _at(22))], []),
        ],
    ),
]  # fmt: skip


def seed_store(*, catalog: Catalog = "office-supplies") -> None:
    """Write the store's starting data into the current schema (see the module docstring)."""
    if catalog not in CATALOGS:
        raise ValueError(f"unknown catalog {catalog!r}; choose one of {', '.join(CATALOGS)}")
    with transaction.atomic(using=current_alias()):
        _seed_reference_data()
        seed_accounts()
        seed_emails()
        seed_ads()
        seed_clientevents()
        if catalog == "office-supplies":
            _seed_office_supplies()
            _seed_discount_codes(now=timezone.now())
        _mark_seeded(catalog)
        bump_catalog_version()  # after commit: the store's cached catalog reads are rebuilt


def get_seeded_catalog() -> str:
    """The catalog the current schema was last seeded with; "" if it never was."""
    active = current()
    with connections[active.alias].cursor() as cursor:
        cursor.execute(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
            [active.schema_name],
        )
        row = cursor.fetchone()
    comment = (row[0] if row else None) or ""
    return comment.removeprefix(SEED_MARK) if comment.startswith(SEED_MARK) else ""


def _mark_seeded(catalog: str) -> None:
    active = current()
    with connections[active.alias].cursor() as cursor:
        cursor.execute(
            f"COMMENT ON SCHEMA {quote_schema_name(active.schema_name)} IS %s",
            [SEED_MARK + catalog],
        )


def _seed_reference_data() -> None:
    for identifier, title, description in INVENTORY_STATES:
        Skuinventory.objects.get_or_create(
            identifier=identifier, defaults={"title": title, "description": description}
        )
    Skutype.objects.get_or_create(title="product")
    for identifier, title, description in STATUSES:
        Status.objects.get_or_create(
            identifier=identifier, defaults={"title": title, "description": description}
        )
    for identifier, carrier, cost, tracking, active in SHIPPING_METHODS:
        Shippingmethod.objects.get_or_create(
            identifier=identifier,
            defaults={
                "carrier": carrier,
                "shipping_cost": Decimal(cost),
                "tracking_code_base_url": tracking,
                "active": active,
            },
        )
    for key, string_value, decimal_value in CONFIGURATION:
        Orderconfiguration.objects.get_or_create(
            key=key, defaults={"string_value": string_value, "decimal_value": decimal_value}
        )
    for title, description, applies_to, action in DISCOUNT_TYPES:
        Discounttype.objects.get_or_create(
            title=title,
            defaults={"description": description, "applies_to": applies_to, "action": action},
        )


def _seed_office_supplies() -> None:
    product_type = Skutype.objects.get(title="product")
    states = {state.identifier: state for state in Skuinventory.objects.all()}
    for (
        title,
        title_url,
        identifier,
        headline,
        part1,
        part2,
        images,
        videos,
        skus,
    ) in OFFICE_SUPPLIES:
        product, created = Product.objects.get_or_create(
            identifier=identifier,
            defaults={
                "title": title,
                "title_url": title_url,
                "headline": headline,
                "description_part_1": part1,
                "description_part_2": part2,
            },
        )
        if not created:
            continue  # a product that exists is the store's own now: never overwrite it
        for url, main, caption in images:
            Productimage.objects.create(
                product=product, image_url=url, main_image=main, caption=caption
            )
        for url, thumbnail, caption in videos:
            Productvideo.objects.create(
                product=product, video_url=url, video_thumbnail_url=thumbnail, caption=caption
            )
        for color, size, description, state, prices, sku_images in skus:
            sku = Sku.objects.create(
                sku_type=product_type,
                sku_inventory=states[state],
                color=color,
                size=size,
                description=description,
            )
            Productsku.objects.create(product=product, sku=sku)
            for price, when in prices:
                Skuprice.objects.create(sku=sku, price=Decimal(price), created_date_time=when)
            for url, main, caption in sku_images:
                Skuimage.objects.create(sku=sku, image_url=url, main_image=main, caption=caption)


def _seed_discount_codes(*, now: dt.datetime) -> None:
    types = {kind.action: kind for kind in Discounttype.objects.all()}
    for code, description, action, amount, minimum, combinable, method, days in DISCOUNT_CODES:
        if Discountcode.objects.filter(code__iexact=code).exists():
            continue
        Discountcode.objects.create(
            code=code,
            description=description,
            discounttype=types[action],
            discount_amount=Decimal(amount),
            order_minimum=Decimal(minimum),
            combinable=combinable,
            shipping_method=Shippingmethod.objects.get(identifier=method) if method else None,
            start_date_time=now,
            end_date_time=now + dt.timedelta(days=days),
        )
