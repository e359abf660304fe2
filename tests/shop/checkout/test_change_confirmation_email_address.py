"""`change-confirmation-email-address`: without a cart it is a JSON error, not a 500
(defect 12)."""

import pytest

from tests.fixtures.shop import order_post
from tests.shop.checkout.journey import fill_cart

pytestmark = pytest.mark.django_db

ENDPOINT = "change-confirmation-email-address"


def test_without_a_cart_it_is_cart_not_found(store_a, client_for):
    body = order_post(client_for(store_a), ENDPOINT)
    assert body == {
        "change_confirmation_email_address": "error",
        "errors": {"error": "cart-not-found"},
        "order-api-version": "0.0.1",
    }


def test_with_a_cart_it_succeeds_and_reports_the_gate(store_a, client_for):
    client = client_for(store_a)
    fill_cart(client, store_a)
    assert order_post(client, ENDPOINT) == {
        "checkout_allowed": True,
        "change_confirmation_email_address": "success",
        "order-api-version": "0.0.1",
    }
