"""`anonymous-email-address-payment-lookup`: a guest's address is checked, remembered as a
prospect that is not on the marketing list, and answered with the store's publishable key."""

import pytest

from shop.accounts.models import Prospect
from shop.orders.models import Orderconfiguration
from tenants.context import tenant_context
from tests.fixtures.shop import make_member, order_post, set_config
from tests.shop.checkout.journey import fill_cart

pytestmark = pytest.mark.django_db

ENDPOINT = "anonymous-email-address-payment-lookup"


def test_a_new_guest_address_becomes_an_unsubscribed_prospect(store_a, alpha_payments, client_for):
    client = client_for(store_a)
    fill_cart(client, store_a)

    body = order_post(client, ENDPOINT, anonymous_email_address="Lead@Example.com")
    again = order_post(client, ENDPOINT, anonymous_email_address="lead@example.com")

    assert body == {
        "checkout_allowed": True,
        "anonymous_email_address_payment_lookup": "success",
        "stripe_publishable_key": alpha_payments.publishable_key,
        "customer_data": None,
        "order-api-version": "0.0.1",
    }
    assert again["anonymous_email_address_payment_lookup"] == "success"
    with tenant_context(store_a):
        prospect = Prospect.objects.get()
    assert prospect.email == "Lead@Example.com"
    assert prospect.email_unsubscribed is True
    assert prospect.swa_comment == "Captured from incomplete anonymous order"
    assert prospect.email_unsubscribe_string and prospect.email_unsubscribe_string_signed


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({}, "anonymous-email-address-required"),
        ({"anonymous_email_address": " "}, "anonymous-email-address-required"),
        ({"anonymous_email_address": "nope"}, "anonymous-email-address-invalid"),
        (
            {"anonymous_email_address": "member@example.com"},
            "email-address-is-associated-with-member",
        ),
    ],
)
def test_a_missing_bad_or_member_address_is_refused(
    store_a, alpha_payments, client_for, data, code
):
    with tenant_context(store_a):
        make_member("lookup1", email="member@example.com")
    client = client_for(store_a)
    fill_cart(client, store_a)

    body = order_post(client, ENDPOINT, **data)

    assert (body["anonymous_email_address_payment_lookup"], body["errors"]["error"]) == (
        "error",
        code,
    )
    assert body["errors"]["description"]  # the reference's client shows it
    if code == "email-address-is-associated-with-member":
        assert 'href="/login?next=checkout/confirm"' in body["errors"]["description"]
        assert body["description"] == body["errors"]["description"]  # our storefront's
    with tenant_context(store_a):
        assert not Prospect.objects.exists()


def test_without_checkout_allowed_it_only_says_so(store_a, alpha_payments, client_for):
    client = client_for(store_a)
    fill_cart(client, store_a)
    with tenant_context(store_a):
        set_config(Orderconfiguration.Key.AN_CT_VALUES_ALLOWED_TO_CHECKOUT, string_value="nobody")

    body = order_post(client, ENDPOINT, anonymous_email_address="x@example.com")

    assert body == {"checkout_allowed": False, "order-api-version": "0.0.1"}
