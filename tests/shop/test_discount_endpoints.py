"""`cart-discount-codes`, `cart-apply-discount-code`, `cart-remove-discount-code`."""

import datetime as dt

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from shop.cart.models import Cartdiscount
from shop.discounts.models import Discountcode
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, make_discount_code, order_get, order_post, seeded_sku

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

VERSION = {"order-api-version": "0.0.1"}


@pytest.fixture
def shopper(store_a, client_for):
    """A cart of 2 x Rubber Bands (29.98) shipped USPS Retail Ground (9.56)."""
    client = client_for(store_a)
    with tenant_context(store_a):
        add_to_cart(client, seeded_sku("Multiple sizes and colors"), 2)
    order_get(client, "cart-shipping-methods")
    return client


def as_json(value):
    return DjangoJSONEncoder().default(value)


def apply(client, code):
    return order_post(client, "cart-apply-discount-code", discount_code_id=code)


def test_applying_a_code_in_any_case_lists_it_and_takes_it_off(store_a, shopper):
    with tenant_context(store_a):
        welcome = Discountcode.objects.get(code="WELCOME10")
    body = apply(shopper, "welcome10")
    assert (body["cart_apply_discount_code"], body["discount_code_id"]) == ("success", "welcome10")
    assert body["discount_code_data"] == {
        str(welcome.pk): {
            "discount_code_id": welcome.pk,
            "code": "WELCOME10",
            "description": "Welcome! 10% off your items",
            "start_date_time": as_json(welcome.start_date_time),
            "end_date_time": as_json(welcome.end_date_time),
            "combinable": False,
            "discount_amount": "10.00",
            "order_minimum": "0.00",
            "discounttype__title": "Percent Off Your Items",
            "discounttype__description": "Take {}% off your item total",
            "discounttype__applies_to": "item_total",
            "discounttype__action": "percent-off",
            "shipping_method_identifier": None,
            "discount_applied": True,
        }
    }
    assert body["cart_totals_data"]["item_discount"] == "3.00"
    assert body["cart_totals_data"]["cart_total"] == "36.54"


def test_an_unknown_code_is_not_found(shopper):
    assert apply(shopper, "NOPE") == {
        "cart_apply_discount_code": "error",
        "errors": {"error": "cart-discount-code-not-found"},
        "discount_code_id": "NOPE",
        **VERSION,
    }


@pytest.mark.parametrize(
    ("starts", "ends"),
    [(dt.timedelta(days=1), dt.timedelta(days=2)), (dt.timedelta(days=-2), dt.timedelta(days=-1))],
)
def test_a_code_outside_its_window_is_not_active(store_a, shopper, starts, ends):
    now = timezone.now()
    with tenant_context(store_a):
        make_discount_code("WINDOWED", starts=now + starts, ends=now + ends)
    assert apply(shopper, "WINDOWED")["errors"] == {"error": "cart-discount-code-not-active"}


def test_the_same_code_cannot_be_applied_twice(shopper):
    apply(shopper, "SAVE10")
    assert apply(shopper, "save10")["errors"] == {"error": "cart-discount-code-already-applied"}


def test_a_non_combinable_code_cannot_join_other_codes(shopper):
    apply(shopper, "FREESHIPPING")
    assert apply(shopper, "WELCOME10")["errors"] == {"error": "cart-discount-code-not-combinable"}


def test_no_code_can_join_a_non_combinable_code(shopper):
    apply(shopper, "WELCOME10")
    assert apply(shopper, "FREESHIPPING")["errors"] == {
        "error": "cart-discount-code-not-combinable"
    }


def test_combinable_item_and_shipping_codes_apply_together(shopper):
    apply(shopper, "SAVE10")
    body = apply(shopper, "FREESHIPPING")
    assert body["cart_totals_data"] == {
        "item_subtotal": "29.98",
        "item_discount": "10.00",
        "shipping_subtotal": "9.56",
        "shipping_discount": "9.56",
        "sales_tax_amt": "0.00",
        "cart_total": "19.98",
    }


def test_free_shipping_on_one_method_gives_nothing_when_another_is_selected(shopper):
    apply(shopper, "FREESHIPPING")
    body = order_post(
        shopper, "cart-update-shipping-method", shipping_method_identifier="FedExGround"
    )
    assert (
        body["cart_totals_data"]["shipping_discount"],
        body["cart_totals_data"]["cart_total"],
    ) == (
        "0.00",
        "40.83",
    )
    assert [c["discount_applied"] for c in body["discount_code_data"].values()] == [False]


def test_a_code_below_its_minimum_is_kept_but_not_applied(store_a, client_for):
    client = client_for(store_a)
    with tenant_context(store_a):
        clip = seeded_sku("Left Sided Paperclip")
    add_to_cart(client, clip, 1)  # 3.50 < 20.00
    body = apply(client, "SAVE10")
    assert body["cart_apply_discount_code"] == "success"
    assert [c["discount_applied"] for c in body["discount_code_data"].values()] == [False]
    assert body["cart_totals_data"]["item_discount"] == "0.00"

    body = order_post(client, "cart-update-sku-quantity", sku_id=str(clip.pk), quantity="6")
    assert body["cart_totals_data"]["item_discount"] == "10.00"  # 21.00 >= 20.00


def test_a_missing_code_or_cart_says_which(store_a, client_for, shopper):
    assert order_post(shopper, "cart-apply-discount-code")["errors"] == {
        "error": "discount-code-required"
    }
    assert apply(client_for(store_a), "SAVE10")["errors"] == {"error": "cart-not-found"}


def test_removing_a_code_by_its_id_restores_the_totals(store_a, shopper):
    apply(shopper, "SAVE10")
    with tenant_context(store_a):
        code_id = Discountcode.objects.get(code="SAVE10").pk
    body = order_post(shopper, "cart-remove-discount-code", discount_code_id=str(code_id))
    assert (body["cart_remove_discount_code"], body["discount_code_data"]) == ("success", {})
    assert body["cart_totals_data"]["cart_total"] == "39.54"


def test_removing_a_code_by_its_code_works_too(store_a, shopper):
    apply(shopper, "SAVE10")
    order_post(shopper, "cart-remove-discount-code", discount_code_id="save10")
    with tenant_context(store_a):
        assert not Cartdiscount.objects.exists()


def test_removing_a_code_that_is_not_in_the_cart_is_not_found(shopper):
    for value in ("SAVE10", "424242", "0"):
        body = order_post(shopper, "cart-remove-discount-code", discount_code_id=value)
        assert body["errors"] == {"error": "cart-discount-code-not-found"}


def test_cart_discount_codes_without_a_cart_is_empty(store_a, client_for):
    assert order_get(client_for(store_a), "cart-discount-codes") == {
        "cart_found": False,
        "discount_code_data": {},
        **VERSION,
    }
