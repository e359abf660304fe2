"""`/checkout/success?session_id=`: Stripe's success_url places the order through the same
idempotent path as the webhook and shows the confirmation; reloading shows the same order;
a missing, malformed, unknown or unpaid session gets a clear page, never a 500."""

import re

import pytest

from shop.orders.models import Order
from tenants.context import tenant_context
from tests.shop.checkout import journey
from tests.shop.checkout.journey import fill_cart, pay, start_checkout
from tests.shop.pages.markup import assert_page_is_clean

pytestmark = pytest.mark.django_db

# The checkout tests' fixtures: a Stripe account for store A, and a placed order.
alpha_payments = journey.alpha_payments
place_guest_order = journey.place_guest_order


def _order_totals(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-order-total="([a-z_]+)">([^<]*)<', html))


def test_the_success_page_after_the_webhook_shows_that_order_and_again_on_reload(
    store_a, place_guest_order
):
    placed = place_guest_order()
    client = placed.client

    first = client.get("/checkout/success", {"session_id": placed.session_id})
    again = client.get("/checkout/success", {"session_id": placed.session_id})

    html = first.content.decode()
    assert first.status_code == again.status_code == 200
    assert f"<strong data-order-identifier>{placed.identifier}</strong>" in html
    assert "<strong data-confirmation-email>guest@example.com</strong>" in html
    assert _order_totals(html) == {
        "item_subtotal": "$21.99",
        "shipping_subtotal": "$9.56",
        "sales_tax_amt": "$0.00",
        "order_total": "$31.55",
    }
    assert re.findall(r'class="checkout-line__quantity">([^<]+)<', html) == [
        "2 × $3.50",
        "1 × $14.99",
    ]
    address = re.search(r"<address[^>]*data-shipping-address>(.*?)</address>", html, re.S)
    assert " ".join(address.group(1).replace("<br>", " ").split()) == (
        "Jane Shopper 1 Main Street Springfield, IL 62701 US"
    )
    assert f'href="/account/order?identifier={placed.identifier}"' in html
    assert f"<strong data-order-identifier>{placed.identifier}</strong>" in again.content.decode()
    with tenant_context(store_a):
        assert Order.objects.count() == 1
    assert_page_is_clean(first.content, h1="Thank you for your order")


def test_the_success_page_places_the_order_when_it_comes_before_the_webhook(
    store_a,
    alpha_payments,
    client_for,
    stripe_server,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    client = client_for(store_a)
    fill_cart(client, store_a)
    session_id = start_checkout(client, anonymous_email_address="early@example.com")["session_id"]
    pay(stripe_server, session_id)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/checkout/success", {"session_id": session_id})

    with tenant_context(store_a):
        [order] = Order.objects.all()
    assert response.status_code == 200
    assert f"<strong data-order-identifier>{order.identifier}</strong>" in response.content.decode()
    [mail] = smtp_server.wait_for(1)
    assert mail.rcpt_tos == ["early@example.com"]
    assert order.identifier in mail.text
    # The browser that paid may open its order without the email's link.
    detail = client.get("/account/order", {"identifier": order.identifier})
    assert detail.status_code == 200


def test_a_missing_session_id_is_a_clear_400_page(store_a, alpha_payments, client_for):
    response = client_for(store_a).get("/checkout/success")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-checkout-error="session-id-required"' in html
    assert_page_is_clean(response.content, h1="This page needs a payment reference")


@pytest.mark.parametrize(
    "session_id", ["abc", "cs_", "cs_" + "x" * 300, "../cs_1", "cs_test_é", "cs_test_unknown1"]
)
def test_a_malformed_or_unknown_session_is_a_404_page(
    store_a,
    alpha_payments,
    client_for,
    session_id,
):
    response = client_for(store_a).get("/checkout/success", {"session_id": session_id})

    assert response.status_code == 404
    assert 'data-checkout-error="invalid-session"' in response.content.decode()
    with tenant_context(store_a):
        assert not Order.objects.exists()


def test_an_unpaid_session_sends_the_shopper_back_to_checkout(
    store_a,
    alpha_payments,
    client_for,
):
    client = client_for(store_a)
    fill_cart(client, store_a)
    session_id = start_checkout(client)["session_id"]

    response = client.get("/checkout/success", {"session_id": session_id})

    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-checkout-error="payment-not-completed"' in html
    assert 'href="/checkout/confirm">Back to checkout</a>' in html


def test_a_store_without_stripe_keys_is_a_503_page_not_a_500(seeded_stores, store_b, client_for):
    response = client_for(store_b).get("/checkout/success", {"session_id": "cs_test_1"})

    assert response.status_code == 503
    assert "Reload this page in a minute" in response.content.decode()
