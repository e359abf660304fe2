"""The original client's contract for `create-checkout-session` and
`anonymous-email-address-payment-lookup` (issue 11, point 6): every error answer carries the
code in `errors.error` and a sentence in `errors.description` (the client shows the latter);
the top-level `description` our storefront reads stays where it was. The lookup only checks
members and prospects, so it works in a store without (usable) Stripe keys."""

from collections.abc import Iterator

import pytest
from core.secrets import SecretStoreError, forget_test_mode, get_secret_store
from django.test import Client

from control_plane.provisioning.steps import placeholder_stripe_keys
from shop.accounts.models import Prospect
from shop.checkout import services
from shop.orders.models import Orderconfiguration
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fakes.net import free_port
from tests.fixtures.shop import make_member, order_post, set_config
from tests.shop.checkout.journey import fill_cart, start_checkout

pytestmark = pytest.mark.django_db

LOOKUP = "anonymous-email-address-payment-lookup"
CHECKOUT = "create-checkout-session"
VERSION = {"order-api-version": "0.0.1"}
MEMBER_EMAIL = (
    'This email address belongs to an account. Please <a href="/login?next=checkout/confirm">'
    "log in</a> to check out with it."
)
NO_PAYMENTS = "This store does not take payments yet."


def error(endpoint: str, code: str, sentence: str, **top_level: str) -> dict:
    """The exact answer: the reference's shape, plus any top-level keys we already sent."""
    key = endpoint.replace("-", "_")
    return {key: "error", "errors": {"error": code, "description": sentence}} | (
        top_level | VERSION
    )


@pytest.fixture
def guest(store_a, alpha_payments, client_for) -> Client:
    """A guest of store A (which takes payments) with a cart that may check out."""
    client = client_for(store_a)
    fill_cart(client, store_a)
    return client


@pytest.fixture
def store_keys(store_b) -> Iterator:
    """Give store B keys for one test (the test's transaction takes them away again)."""

    def give(keys) -> None:
        get_secret_store().set_tenant_stripe_keys(store_b.pk, keys)

    yield give
    forget_test_mode(store_b.pk)


# -- anonymous-email-address-payment-lookup ---------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code", "description"),
    [
        ({}, "anonymous-email-address-required", "An email address is required."),
        (
            {"anonymous_email_address": " "},
            "anonymous-email-address-required",
            "An email address is required.",
        ),
        (
            {"anonymous_email_address": "nope"},
            "anonymous-email-address-invalid",
            "That is not a valid email address.",
        ),
        (
            {"anonymous_email_address": "a" * 250 + "@example.com"},
            "anonymous-email-address-invalid",
            "That is not a valid email address.",
        ),
    ],
)
def test_lookup_a_missing_or_bad_address(store_a, guest, data, code, description):
    assert order_post(guest, LOOKUP, **data) == error(LOOKUP, code, description)
    with tenant_context(store_a):
        assert not Prospect.objects.exists()


def test_lookup_a_members_address_says_log_in_in_both_places(store_a, guest):
    with tenant_context(store_a):
        make_member("shape1", email="member@example.com")

    body = order_post(guest, LOOKUP, anonymous_email_address="MEMBER@example.com")

    assert body == error(
        LOOKUP,
        "email-address-is-associated-with-member",
        MEMBER_EMAIL,
        description=MEMBER_EMAIL,
    )


def test_lookup_without_checkout_allowed_only_says_so(store_a, guest):
    with tenant_context(store_a):
        set_config(Orderconfiguration.Key.AN_CT_VALUES_ALLOWED_TO_CHECKOUT, string_value="x")

    body = order_post(guest, LOOKUP, anonymous_email_address="guest@example.com")

    assert body == {"checkout_allowed": False} | VERSION


def test_lookup_in_a_store_without_stripe_keys_succeeds(seeded_stores, store_b, client_for):
    client = client_for(store_b)
    fill_cart(client, store_b)

    body = order_post(client, LOOKUP, anonymous_email_address="guest@example.com")

    assert (
        body
        == {
            "checkout_allowed": True,
            "anonymous_email_address_payment_lookup": "success",
            "stripe_publishable_key": None,
            "customer_data": None,
        }
        | VERSION
    )
    with tenant_context(store_b):
        assert Prospect.objects.get().email == "guest@example.com"


def test_lookup_in_a_store_with_placeholder_keys_succeeds(
    seeded_stores, store_b, client_for, store_keys
):
    keys = placeholder_stripe_keys()
    store_keys(keys)
    client = client_for(store_b)
    fill_cart(client, store_b)

    body = order_post(client, LOOKUP, anonymous_email_address="guest@example.com")

    assert (
        body
        == {
            "checkout_allowed": True,
            "anonymous_email_address_payment_lookup": "success",
            "stripe_publishable_key": keys.publishable_key,
            "customer_data": None,
        }
        | VERSION
    )


def test_lookup_with_unreadable_keys_succeeds_without_a_key(guest, monkeypatch):
    class Broken:
        def get_tenant_stripe_keys(self, tenant_id: int) -> None:
            raise SecretStoreError("stored Stripe keys are malformed (ValueError)")

    monkeypatch.setattr(services, "get_secret_store", Broken)

    body = order_post(guest, LOOKUP, anonymous_email_address="guest@example.com")

    assert (body["anonymous_email_address_payment_lookup"], body["stripe_publishable_key"]) == (
        "success",
        None,
    )


# -- create-checkout-session ------------------------------------------------------------------


def test_checkout_without_a_cart(store_a, alpha_payments, client_for):
    body = order_post(client_for(store_a), CHECKOUT, agree_to_terms_of_sale="true")

    assert body == error(CHECKOUT, "cart-not-found", "There is no cart for this shopper.")


def test_checkout_of_an_emptied_cart(guest, store_a):
    for sku in fill_cart(guest, store_a):
        order_post(guest, "cart-remove-sku", sku_id=str(sku.pk))

    body = order_post(guest, CHECKOUT, agree_to_terms_of_sale="true")

    assert body == error(CHECKOUT, "cart-is-empty", "The cart has no items.")


def test_checkout_not_allowed(store_a, guest):
    with tenant_context(store_a):
        set_config(Orderconfiguration.Key.AN_CT_VALUES_ALLOWED_TO_CHECKOUT, string_value="x")

    body = order_post(guest, CHECKOUT, agree_to_terms_of_sale="true")

    assert body == error(CHECKOUT, "checkout-not-allowed", "Checkout is not allowed for this cart.")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({}, "agree-to-terms-of-sale-required"),
        ({"agree_to_terms_of_sale": "false"}, "agree-to-terms-of-sale-must-be-checked"),
    ],
)
def test_checkout_without_the_terms_of_sale(guest, data, code):
    body = order_post(guest, CHECKOUT, **data)

    assert body == error(CHECKOUT, code, "Please agree to the terms of sale.")


def test_checkout_with_a_bad_guest_address(guest):
    body = order_post(guest, CHECKOUT, agree_to_terms_of_sale="true", anonymous_email_address="x")

    assert body == error(
        CHECKOUT, "anonymous-email-address-invalid", "That is not a valid email address."
    )


def test_checkout_with_a_members_address(store_a, guest):
    with tenant_context(store_a):
        make_member("shape2", email="member@example.com")

    body = order_post(
        guest, CHECKOUT, agree_to_terms_of_sale="true", anonymous_email_address="member@example.com"
    )

    assert body == error(
        CHECKOUT,
        "email-address-is-associated-with-member",
        MEMBER_EMAIL,
        description=MEMBER_EMAIL,
    )


def test_checkout_in_a_store_without_stripe_keys(seeded_stores, store_b, client_for):
    client = client_for(store_b)
    fill_cart(client, store_b)

    body = order_post(client, CHECKOUT, agree_to_terms_of_sale="true")

    assert body == error(CHECKOUT, "stripe-error", NO_PAYMENTS, description=NO_PAYMENTS)


def test_checkout_with_placeholder_keys_stripe_refuses(
    seeded_stores, store_b, client_for, store_keys, stripe_api_base
):
    store_keys(placeholder_stripe_keys())
    client = client_for(store_b)
    fill_cart(client, store_b)

    body = order_post(client, CHECKOUT, agree_to_terms_of_sale="true")

    refused = "Stripe refused this store's API key."
    assert body == error(CHECKOUT, "stripe-error", refused, description=refused)


def test_checkout_while_stripe_is_unreachable(guest, settings):
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"

    body = order_post(guest, CHECKOUT, agree_to_terms_of_sale="true")

    unreachable = "Stripe could not be reached; please try again."
    assert body == error(CHECKOUT, "stripe-error", unreachable, description=unreachable)


def test_checkout_of_a_cart_paid_in_another_tab(store_a, guest, stripe_server):
    paid = start_checkout(guest)["session_id"]
    stripe_server.complete_session(paid, deliver=False)

    body = order_post(guest, CHECKOUT, agree_to_terms_of_sale="true")

    assert body == error(
        CHECKOUT,
        "cart-already-paid",
        "This cart has just been paid for; its order is on its way.",
    )


# -- both: what the plumbing answers before the view runs -------------------------------------


@pytest.mark.parametrize("endpoint", [LOOKUP, CHECKOUT])
def test_a_get_is_a_described_405(guest, endpoint):
    response = guest.get(f"/order/{endpoint}")

    assert response.status_code == 405
    assert response.json() == error(
        endpoint, "method-not-allowed", "This request method is not allowed here."
    )


@pytest.mark.parametrize("endpoint", [LOOKUP, CHECKOUT])
def test_an_unreadable_body_is_a_described_400(guest, endpoint):
    response = guest.post(
        f"/order/{endpoint}",
        b"--\r\nbroken",
        content_type="multipart/form-data",  # no boundary
    )

    assert response.status_code == 400
    assert response.json() == error(
        endpoint, "malformed-request", "The request body could not be read."
    )


@pytest.mark.parametrize("endpoint", [LOOKUP, CHECKOUT])
def test_a_csrf_refusal_is_described(store_a, alpha_payments, endpoint):
    client = Client(HTTP_HOST=primary_host_for(store_a.slug), enforce_csrf_checks=True)

    response = client.post(f"/order/{endpoint}", {"agree_to_terms_of_sale": "true"})

    assert response.status_code == 403
    key = endpoint.replace("-", "_")
    assert response.json() == {
        key: "error",
        "errors": {"error": "csrf-failed", "description": "CSRF cookie not set."},
    }
