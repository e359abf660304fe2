"""merge_carts: the anonymous cart joins the member's at login (reference rules + codes)."""

import pytest

from shop.cart.merge import merge_carts
from shop.cart.models import Cart, Cartdiscount, Cartshippingmethod, Cartsku
from shop.cart.services import (
    add_sku_to_cart,
    apply_discount_code,
    ensure_cart,
    select_shipping_method,
)
from shop.cart.shopper import Shopper
from tenants.context import tenant_context
from tests.fixtures.shop import make_member, seeded_sku

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]


@pytest.fixture
def store(store_a):
    with tenant_context(store_a):
        yield store_a


@pytest.fixture
def member(store):
    return make_member("merger1")


def anonymous_cart(*lines):
    cart = ensure_cart(shopper=Shopper(member=None, username=None, anonymous_cart_id=None))
    for description, quantity in lines:
        add_sku_to_cart(cart=cart, sku_id=seeded_sku(description).pk, quantity=quantity)
    return cart


def member_cart(member, *lines):
    cart = ensure_cart(shopper=Shopper(member=member, username="merger1", anonymous_cart_id=None))
    for description, quantity in lines:
        add_sku_to_cart(cart=cart, sku_id=seeded_sku(description).pk, quantity=quantity)
    return cart


def contents(cart):
    return sorted(Cartsku.objects.filter(cart=cart).values_list("sku__description", "quantity"))


def test_without_a_member_cart_the_anonymous_cart_becomes_the_members(member):
    anonymous = anonymous_cart(("Left Sided Paperclip", 2))
    merged = merge_carts(anonymous_cart=anonymous, member=member)
    merged.refresh_from_db()
    assert (merged.pk, merged.member_id, merged.anonymous_cart_id) == (
        anonymous.pk,
        member.pk,
        None,
    )
    assert contents(merged) == [("Left Sided Paperclip", 2)]


def test_new_skus_move_over_and_the_members_quantity_wins_for_shared_ones(member):
    mine = member_cart(member, ("Left Sided Paperclip", 5))
    anonymous = anonymous_cart(("Left Sided Paperclip", 1), ("Small Binder Clip", 3))

    merged = merge_carts(anonymous_cart=anonymous, member=member)

    assert merged.pk == mine.pk
    assert contents(mine) == [("Left Sided Paperclip", 5), ("Small Binder Clip", 3)]
    assert not Cart.objects.filter(pk=anonymous.pk).exists()


def test_the_anonymous_shipping_method_is_copied_only_when_the_member_has_none(member):
    mine = member_cart(member, ("Left Sided Paperclip", 1))
    anonymous = anonymous_cart(("Small Binder Clip", 1))
    select_shipping_method(cart=anonymous, identifier="FedExGround")
    merge_carts(anonymous_cart=anonymous, member=member)
    assert Cartshippingmethod.objects.get(cart=mine).shippingmethod.identifier == "FedExGround"

    other = anonymous_cart(("Multiple sizes and colors", 1))
    select_shipping_method(cart=other, identifier="UPSGround")
    merge_carts(anonymous_cart=other, member=member)
    assert Cartshippingmethod.objects.get(cart=mine).shippingmethod.identifier == "FedExGround"


def test_discount_codes_move_over_only_when_they_could_be_applied_to_the_members_cart(member):
    mine = member_cart(member, ("Left Sided Paperclip", 1))
    apply_discount_code(cart=mine, code="SAVE10")
    anonymous = anonymous_cart(("Small Binder Clip", 1))
    apply_discount_code(cart=anonymous, code="FREESHIPPING")
    merge_carts(anonymous_cart=anonymous, member=member)
    assert sorted(
        Cartdiscount.objects.filter(cart=mine).values_list("discountcode__code", flat=True)
    ) == ["FREESHIPPING", "SAVE10"]

    blocked = anonymous_cart(("Small Binder Clip", 1))
    apply_discount_code(cart=blocked, code="WELCOME10")  # not combinable with the member's
    merge_carts(anonymous_cart=blocked, member=member)
    assert Cartdiscount.objects.filter(cart=mine).count() == 2


def test_without_an_anonymous_cart_the_member_cart_is_returned_unchanged(member):
    mine = member_cart(member, ("Left Sided Paperclip", 1))
    assert merge_carts(anonymous_cart=None, member=member) == mine
    assert contents(mine) == [("Left Sided Paperclip", 1)]


def test_merging_an_already_merged_cart_does_nothing(member):
    anonymous = anonymous_cart(("Left Sided Paperclip", 2))
    first = merge_carts(anonymous_cart=anonymous, member=member)
    second = merge_carts(anonymous_cart=anonymous, member=member)
    assert first.pk == second.pk
    assert Cart.objects.count() == 1


def test_a_member_has_at_most_one_cart(member):
    first = member_cart(member)
    second = member_cart(member)
    assert first.pk == second.pk
