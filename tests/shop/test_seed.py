"""seed_store writes the reference's starting data into the current store, once."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

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
from shop.discounts.models import Discountcode, Discounttype
from shop.orders.models import Orderconfiguration, Status
from shop.seed import seed_store
from shop.shipping.models import Shippingmethod
from tenants.context import tenant_context

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

MODELS = [
    Skuinventory,
    Skutype,
    Status,
    Shippingmethod,
    Orderconfiguration,
    Discounttype,
    Product,
    Productimage,
    Productvideo,
    Sku,
    Skuprice,
    Skuimage,
    Productsku,
    Discountcode,
]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


OFFICE_SUPPLIES_COUNTS = {
    "Skuinventory": 3,
    "Skutype": 1,
    "Status": 6,  # the reference's four, and partially-refunded and refunded (refunds)
    "Shippingmethod": 5,
    "Orderconfiguration": 7,
    "Discounttype": 4,
    "Product": 3,
    "Productimage": 3,
    "Productvideo": 2,
    "Sku": 6,
    "Skuprice": 7,
    "Skuimage": 5,
    "Productsku": 6,
    "Discountcode": 4,
}


def test_a_seeded_store_has_exactly_the_reference_rows(store_a):
    with tenant_context(store_a):
        assert _counts() == OFFICE_SUPPLIES_COUNTS


def test_seeding_again_changes_nothing(store_a):
    with tenant_context(store_a):
        seed_store(catalog="office-supplies")
        seed_store(catalog="office-supplies")
        assert _counts() == OFFICE_SUPPLIES_COUNTS


def test_every_session_store_is_seeded_including_the_one_on_the_second_database(store_b, store_far):
    with tenant_context(store_b):
        in_b = _counts()
    with tenant_context(store_far):
        far = _counts()
    assert in_b == far == OFFICE_SUPPLIES_COUNTS


def test_the_rubber_bands_sku_keeps_both_prices_and_the_newer_one_is_its_price(store_a):
    with tenant_context(store_a):
        prices = list(
            Skuprice.objects.filter(sku__description="Multiple sizes and colors").values_list(
                "price", "created_date_time"
            )
        )
    assert prices == [
        (Decimal("14.99"), dt.datetime(2019, 4, 22, tzinfo=dt.UTC)),
        (Decimal("10.99"), dt.datetime(2019, 4, 20, tzinfo=dt.UTC)),
    ]


def test_the_none_shipping_method_is_seeded_inactive_and_the_others_active(store_a):
    with tenant_context(store_a):
        methods = dict(Shippingmethod.objects.values_list("identifier", "active"))
    assert methods == {
        "USPSPriorityMail2Day": True,
        "USPSRetailGround": True,
        "FedExGround": True,
        "UPSGround": True,
        "None": False,
    }


def test_configuration_keys_have_the_reference_values_and_a_zero_tax_rate(store_a):
    with tenant_context(store_a):
        rows = {
            row.key: (row.string_value, row.decimal_value)
            for row in Orderconfiguration.objects.all()
        }
    assert rows == {
        "usernames_allowed_to_checkout": ("*", None),
        "an_ct_values_allowed_to_checkout": ("*", None),
        "default_shipping_method": ("USPSRetailGround", None),
        "initial_order_status": ("accepted", None),
        "order_confirmation_em_cd_member": ("gvREoqen93ffZsmBIc8zl", None),
        "order_confirmation_em_cd_prospect": ("FpGyZy6kld9R2XTjqvBQN", None),
        "sales_tax_rate": ("", Decimal("0.000000")),
    }


def test_seeded_codes_are_valid_from_the_time_of_seeding(store_a):
    with tenant_context(store_a):
        welcome = Discountcode.objects.get(code="WELCOME10")
    assert welcome.end_date_time - welcome.start_date_time == dt.timedelta(days=365)
    assert (welcome.discount_amount, welcome.combinable) == (Decimal("10.00"), False)


def test_an_unknown_catalog_is_refused(store_a):
    with tenant_context(store_a), pytest.raises(ValueError, match="unknown catalog"):
        seed_store(catalog="furniture")


def test_the_seed_store_command_seeds_a_store_by_slug_and_can_run_again(store_a):
    out = StringIO()
    call_command("seed_store", store_a.slug, stdout=out)
    with tenant_context(store_a):
        assert _counts() == OFFICE_SUPPLIES_COUNTS
    assert out.getvalue() == "seeded alpha (store_alpha) with office-supplies\n"


def test_the_seed_store_command_refuses_an_unknown_store():
    with pytest.raises(CommandError, match="no store with slug 'nowhere'"):
        call_command("seed_store", "nowhere")
