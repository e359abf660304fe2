"""Shipping: the lazily assigned default, active methods only, most expensive first."""

import pytest

from shop.shipping.models import Shippingmethod
from tenants.context import tenant_context
from tests.fixtures.shop import add_to_cart, order_get, order_post, seeded_sku, set_config

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

VERSION = {"order-api-version": "0.0.1"}
USPS = "https://tools.usps.com/go/TrackConfirmAction.action?tRef=fullpage&tLc=1&text28777=&tLabels="


@pytest.fixture
def shopper(store_a, client_for):
    client = client_for(store_a)
    with tenant_context(store_a):
        add_to_cart(client, seeded_sku("Left Sided Paperclip"), 2)
    return client


def test_listing_methods_assigns_the_stores_default_and_lists_active_ones_by_cost(shopper):
    body = order_get(shopper, "cart-shipping-methods")
    assert body["shipping_method_selected"] == "USPSRetailGround"
    assert body["cart_shipping_methods"] == {
        "0": {"identifier": "USPSPriorityMail2Day", "carrier": "USPS Priority Mail 2-Day",
              "shipping_cost": "13.65", "tracking_code_base_url": USPS},
        "1": {"identifier": "UPSGround", "carrier": "UPS Ground", "shipping_cost": "11.34",
              "tracking_code_base_url":
                  "https://wwwapps.ups.com/WebTracking/track?&track.x=Track&trackNums="},
        "2": {"identifier": "FedExGround", "carrier": "FedEx Ground", "shipping_cost": "10.85",
              "tracking_code_base_url":
                  "https://www.fedex.com/apps/fedextrack/?action=track&cntry_code=us&trackingnumber="},
        "3": {"identifier": "USPSRetailGround", "carrier": "USPS Retail Ground",
              "shipping_cost": "9.56", "tracking_code_base_url": USPS},
    }  # fmt: skip
    assert order_get(shopper, "cart-totals")["cart_totals_data"]["cart_total"] == "16.56"


def test_without_a_cart_there_is_nothing_to_assign(store_a, client_for):
    assert order_get(client_for(store_a), "cart-shipping-methods") == {
        "cart_found": False,
        "cart_shipping_methods": {},
        "shipping_method_selected": None,
        **VERSION,
    }


def test_selecting_a_method_changes_the_totals(shopper):
    body = order_post(
        shopper, "cart-update-shipping-method", shipping_method_identifier="UPSGround"
    )
    assert (body["cart_update_shipping_method"], body["shipping_method_identifier"]) == (
        "success",
        "UPSGround",
    )
    assert body["cart_totals_data"]["shipping_subtotal"] == "11.34"
    assert body["cart_totals_data"]["cart_total"] == "18.34"
    assert order_get(shopper, "cart-shipping-methods")["shipping_method_selected"] == "UPSGround"


@pytest.mark.parametrize("identifier", ["None", "NoSuchMethod", "x" * 500])
def test_inactive_and_unknown_methods_are_refused(shopper, identifier):
    body = order_post(shopper, "cart-update-shipping-method", shipping_method_identifier=identifier)
    assert body["errors"] == {"error": "error-setting-cart-shipping-method"}
    assert order_get(shopper, "cart-totals")["cart_totals_data"]["shipping_subtotal"] == "0.00"


def test_a_missing_identifier_or_cart_says_which(store_a, client_for, shopper):
    assert order_post(shopper, "cart-update-shipping-method")["errors"] == {
        "error": "shipping-method-identifier-required"
    }
    body = order_post(
        client_for(store_a), "cart-update-shipping-method", shipping_method_identifier="UPSGround"
    )
    assert body["errors"] == {"error": "cart-not-found"}


def test_a_selection_that_became_inactive_is_replaced_by_the_default(store_a, shopper):
    order_post(shopper, "cart-update-shipping-method", shipping_method_identifier="UPSGround")
    with tenant_context(store_a):
        Shippingmethod.objects.filter(identifier="UPSGround").update(active=False)
    assert order_get(shopper, "cart-shipping-methods")["shipping_method_selected"] == (
        "USPSRetailGround"
    )


def test_an_inactive_or_missing_default_leaves_the_cart_without_a_method(store_a, shopper):
    with tenant_context(store_a):
        set_config("default_shipping_method", string_value="None")
    assert order_get(shopper, "cart-shipping-methods")["shipping_method_selected"] is None
