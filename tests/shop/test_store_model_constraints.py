"""Database constraints that hold whatever code writes: idempotency keys, quantities, codes."""

import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from shop.accounts.models import Prospect
from shop.cart.models import Cart, Cartsku
from shop.discounts.models import Discountcode
from shop.orders.models import Order, Orderpayment
from tenants.context import current_alias, tenant_context
from tests.fixtures.shop import make_discount_code, make_member, seeded_sku

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]


@pytest.fixture
def store(store_a):
    with tenant_context(store_a):
        yield store_a


def refused():
    return pytest.raises(IntegrityError)


def savepoint():
    return transaction.atomic(using=current_alias())


def test_one_payment_intent_and_one_checkout_session_make_at_most_one_payment(store):
    Orderpayment.objects.create(
        email="a@example.com", stripe_payment_intent_id="pi_1", stripe_checkout_session_id="cs_1"
    )
    with refused(), savepoint():
        Orderpayment.objects.create(email="b@example.com", stripe_payment_intent_id="pi_1")
    with refused(), savepoint():
        Orderpayment.objects.create(email="b@example.com", stripe_checkout_session_id="cs_1")
    # payments without Stripe ids do not collide
    Orderpayment.objects.create(email="c@example.com")
    Orderpayment.objects.create(email="d@example.com")
    assert Orderpayment.objects.count() == 3


def test_an_order_gets_a_ten_character_identifier_from_secrets(store):
    order = Order.objects.create(item_subtotal=Decimal("1.00"), order_total=Decimal("1.00"))
    assert re.fullmatch(r"[A-Za-z0-9]{10}", order.identifier)
    assert (order.currency, order.agreed_with_terms_of_sale) == ("USD", False)


def test_an_order_cannot_discount_more_than_it_sells(store):
    with refused(), savepoint():
        Order.objects.create(
            item_subtotal=Decimal("5.00"),
            item_discount_amt=Decimal("6.00"),
            order_total=Decimal("0.00"),
        )


@pytest.mark.parametrize("quantity", [0, 100])
def test_a_cart_line_outside_1_to_99_is_refused_by_the_database(store, quantity):
    cart = Cart.objects.create(anonymous_cart_id="x" * 20)
    with refused(), savepoint():
        Cartsku.objects.create(cart=cart, sku=seeded_sku("Left Sided Paperclip"), quantity=quantity)


def test_a_sku_is_one_line_per_cart(store):
    cart = Cart.objects.create(anonymous_cart_id="y" * 20)
    sku = seeded_sku("Left Sided Paperclip")
    Cartsku.objects.create(cart=cart, sku=sku, quantity=1)
    with refused(), savepoint():
        Cartsku.objects.create(cart=cart, sku=sku, quantity=1)


def test_a_member_has_one_cart_and_every_cart_has_an_owner(store):
    member = make_member("onecart1")
    Cart.objects.create(member=member)
    with refused(), savepoint():
        Cart.objects.create(member=member)
    with refused(), savepoint():
        Cart.objects.create()


def test_discount_codes_are_unique_whatever_their_case(store):
    with refused(), savepoint():
        make_discount_code("welcome10")
    assert Discountcode.objects.filter(code__iexact="WELCOME10").count() == 1


def test_a_prospect_email_is_unique_whatever_its_case_and_new_prospects_are_unsubscribed(store):
    prospect = Prospect.objects.create(email="Pat@Example.com")
    assert (prospect.email_unsubscribed, len(prospect.pr_cd)) == (True, 20)
    with refused(), savepoint():
        Prospect.objects.create(email="pat@example.com")
