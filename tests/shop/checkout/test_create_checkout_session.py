"""`create-checkout-session`: only for a cart that may check out, with the store's own Stripe
account, what the shopper agreed to, and a session per cart state."""

from decimal import Decimal

import pytest

from shop.orders.models import Orderconfiguration
from tenants.context import tenant_context
from tests.fixtures.shop import (
    add_to_cart,
    make_member,
    make_sku,
    order_post,
    seeded_sku,
    set_config,
)
from tests.shop.checkout.journey import cart_of, fill_cart, start_checkout

pytestmark = pytest.mark.django_db

ENDPOINT = "create-checkout-session"


def _error(body):
    return body["create_checkout_session"], body["errors"]["error"]


def test_without_a_cart_it_is_cart_not_found(store_a, alpha_payments, client_for):
    body = order_post(client_for(store_a), ENDPOINT, agree_to_terms_of_sale="true")
    assert _error(body) == ("error", "cart-not-found")


def test_an_emptied_cart_is_cart_is_empty(store_a, alpha_payments, client_for):
    client = client_for(store_a)
    clip, bands = fill_cart(client, store_a)
    for sku in (clip, bands):
        order_post(client, "cart-remove-sku", sku_id=str(sku.pk))

    body = order_post(client, ENDPOINT, agree_to_terms_of_sale="true")

    assert _error(body) == ("error", "cart-is-empty")


def test_a_cart_with_a_line_no_longer_in_stock_is_checkout_not_allowed(
    store_a, alpha_payments, client_for, stripe_server
):
    client = client_for(store_a)
    clip, _ = fill_cart(client, store_a)
    with tenant_context(store_a):
        from shop.catalog.models import Skuinventory

        clip.sku_inventory = Skuinventory.objects.get(identifier="out-of-stock")
        clip.save(update_fields=["sku_inventory"])

    body = order_post(client, ENDPOINT, agree_to_terms_of_sale="true")

    assert _error(body) == ("error", "checkout-not-allowed")
    assert stripe_server.accounts[alpha_payments.secret_key].sessions == {}


def test_a_shopper_not_on_the_allow_list_is_checkout_not_allowed(
    store_a, alpha_payments, client_for
):
    client = client_for(store_a)
    fill_cart(client, store_a)
    with tenant_context(store_a):
        set_config(Orderconfiguration.Key.AN_CT_VALUES_ALLOWED_TO_CHECKOUT, string_value="x,y")

    assert _error(order_post(client, ENDPOINT, agree_to_terms_of_sale="true")) == (
        "error",
        "checkout-not-allowed",
    )


@pytest.mark.parametrize(
    ("agree", "code"),
    [
        (None, "agree-to-terms-of-sale-required"),
        ("", "agree-to-terms-of-sale-required"),
        ("false", "agree-to-terms-of-sale-must-be-checked"),
        ("yes", "agree-to-terms-of-sale-must-be-checked"),
    ],
)
def test_the_terms_of_sale_must_be_agreed(store_a, alpha_payments, client_for, agree, code):
    client = client_for(store_a)
    fill_cart(client, store_a)
    data = {} if agree is None else {"agree_to_terms_of_sale": agree}
    assert _error(order_post(client, ENDPOINT, **data)) == ("error", code)


@pytest.mark.parametrize(
    ("email", "code"),
    [
        ("not-an-address", "anonymous-email-address-invalid"),
        ("a" * 250 + "@example.com", "anonymous-email-address-invalid"),
        ("MEMBER@example.com", "email-address-is-associated-with-member"),
    ],
)
def test_a_guest_email_must_be_an_address_that_is_no_member(
    store_a, alpha_payments, client_for, email, code
):
    with tenant_context(store_a):
        make_member("member1", email="member@example.com")
    client = client_for(store_a)
    fill_cart(client, store_a)

    body = order_post(
        client, ENDPOINT, agree_to_terms_of_sale="true", anonymous_email_address=email
    )

    assert _error(body) == ("error", code)


def test_a_store_without_stripe_keys_answers_stripe_error(seeded_stores, store_b, client_for):
    client = client_for(store_b)
    fill_cart(client, store_b)
    body = order_post(client, ENDPOINT, agree_to_terms_of_sale="true")
    assert _error(body) == ("error", "stripe-error")
    assert body["errors"]["description"] == "This store does not take payments yet."
    assert body["description"] == body["errors"]["description"]  # our storefront reads it


def test_a_member_checks_out_with_the_account_email_and_no_newsletter_flag(
    store_a, alpha_payments, client_for, member_client, stripe_server
):
    with tenant_context(store_a):
        member = make_member("member2", email="member2@example.com")
    client = member_client(store_a, member)
    fill_cart(client, store_a)

    started = start_checkout(client, newsletter="true", anonymous_email_address="x@example.com")

    session = stripe_server.get_session(started["session_id"])
    assert session["customer_email"] == "member2@example.com"
    assert session["metadata"]["newsletter"] == "false"


def test_lines_shipping_and_images_reach_stripe_as_the_cart_shows_them(
    store_a, alpha_payments, client_for, stripe_server
):
    client = client_for(store_a)
    fill_cart(client, store_a)

    started = start_checkout(client)

    lines = stripe_server.get_line_items(started["session_id"])
    session = stripe_server.get_session(started["session_id"])
    assert [
        (line["description"], line["quantity"], line["price"]["unit_amount"]) for line in lines
    ] == [("Paper Clips", 2, 350), ("Rubber Bands", 1, 1499)]
    assert session["shipping_cost"]["amount_total"] == 956
    assert session["amount_total"] == 3155


def test_a_double_click_gets_the_same_session_and_a_changed_cart_a_new_one(
    store_a, alpha_payments, client_for
):
    client = client_for(store_a)
    clip, _ = fill_cart(client, store_a)

    first = start_checkout(client)
    again = start_checkout(client)
    add_to_cart(client, clip, 1)
    changed = start_checkout(client)

    assert again["session_id"] == first["session_id"]
    assert changed["session_id"] != first["session_id"]


def test_after_an_expired_session_the_same_cart_gets_a_new_open_one(
    store_a, alpha_payments, client_for, stripe_server
):
    """(After a paid one it gets none: test_one_payable_session_per_cart.)"""
    # given a session of this cart that is no longer open
    client = client_for(store_a)
    fill_cart(client, store_a)
    first = start_checkout(client)
    stripe_server.expire_session(first["session_id"], deliver=False)

    # when the shopper checks the same cart out again
    second = start_checkout(client)

    # then Stripe's replay of the closed session is not what they get
    session = stripe_server.get_session(second["session_id"])
    assert second["session_id"] != first["session_id"]
    assert session["status"] == "open"
    assert session["metadata"]["checkout_attempt"] == "1"
    assert cart_of(store_a, session).checkout_attempt == 1


def test_a_relative_image_is_sent_as_an_absolute_url_of_the_store(
    store_a, alpha_payments, client_for, stripe_server
):
    with tenant_context(store_a):
        sku = make_sku(price="2.00")
        from shop.catalog.models import Productimage

        Productimage.objects.create(
            product=sku.productskus.get().product, image_url="/img/x.png", main_image=True
        )
    client = client_for(store_a)
    add_to_cart(client, sku, 1)

    started = start_checkout(client)

    [line] = stripe_server.get_line_items(started["session_id"])
    product = stripe_server.accounts[alpha_payments.secret_key].line_items[started["session_id"]][
        0
    ]["price"]["product"]
    assert line["amount_total"] == 200
    assert product["images"] == ["http://alpha.platform.test/img/x.png"]


def test_seeded_sku_prices_are_decimal_cents(store_a):
    with tenant_context(store_a):
        assert seeded_sku("Multiple sizes and colors").prices.order_by(
            "-created_date_time"
        ).first().price == Decimal("14.99")
