"""A store admin erases a member: no column of the store's schema still holds their email,
name, address or phone; their orders are kept with the same totals, lines and statuses; the
account, events and cart are gone; the campaign delivery is kept, stripped; a record of the
request says what was done and nothing about whom."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from shop.accounts.data_requests import erase_member
from shop.accounts.models import Chatmessage, DataRequest, Member, Prospect
from shop.campaigns.models import Campaign, CampaignDelivery
from shop.cart.models import Cart
from shop.checkout.models import CheckoutSnapshot
from shop.clientevents.models import Buttonclick, Linkevent, Pageview
from shop.emails.models import Emailsent
from shop.orders.models import Order
from tests.shop.privacy.conftest import PERSONAL, columns_holding

pytestmark = pytest.mark.django_db


def order_books(identifier: str) -> tuple:
    order = Order.objects.get(identifier=identifier)
    lines = list(order.orderskus.values_list("sku_id", "quantity", "price_each", "discount_amt"))
    statuses = list(order.orderstatuses.values_list("status__identifier", flat=True))
    amounts = (order.item_subtotal, order.shipping_amt, order.sales_tax_amt, order.order_total,
               order.amount_charged, order.currency)  # fmt: skip
    return amounts, lines, statuses, order.payment.stripe_checkout_session_id


def test_erasing_a_member_leaves_nothing_personal_in_any_column(subject, in_store_a):
    admin = User.objects.create_superuser("erasing-admin", "boss@store.example", "x" * 20)
    before = columns_holding(in_store_a.schema_name, PERSONAL)
    # given: every kind of place holds something of theirs (the fixture put it there)
    assert {"orders_orderpayment.email", "orders_ordershippingaddress.address_line1",
            "orders_orderbillingaddress.phone", "accounts_chatmessage.message",
            "accounts_prospect.email", "campaigns_campaigndelivery.address",
            "checkout_checkoutsnapshot.email", "auth_user.email"} <= {
        column for columns in before.values() for column in columns}  # fmt: skip
    books = order_books(subject.order_identifier)
    assert books[0][3] == Decimal("31.55")

    record = erase_member(member_id=subject.member.pk, acting_user=admin)

    assert columns_holding(in_store_a.schema_name, PERSONAL) == {}
    assert order_books(subject.order_identifier) == books
    order = Order.objects.select_related("shipping_address", "payment").get()
    assert (order.member_id, order.prospect_id, order.payment.email) == (None, None, "")
    # the tax jurisdiction stays for the books
    assert (order.shipping_address.state, order.shipping_address.country) == ("TX", "US")
    assert not Member.objects.exists() and not User.objects.exclude(pk=admin.pk).exists()
    assert not Prospect.objects.exists() and not Chatmessage.objects.exists()
    assert not Cart.objects.exists()
    assert not (Pageview.objects.exists() or Buttonclick.objects.exists()
                or Linkevent.objects.exists())  # fmt: skip
    assert not Emailsent.objects.exists()
    delivery = CampaignDelivery.objects.get()
    assert (delivery.member_id, delivery.prospect_id, delivery.address) == (None, None, "")
    assert delivery.status == CampaignDelivery.Status.SENT
    assert Campaign.objects.get().sent_count == 1
    assert CheckoutSnapshot.objects.get().personal_data_erased_at is not None

    assert DataRequest.objects.get() == record
    assert (record.kind, record.acting_user_id, record.acting_username) == (
        DataRequest.Kind.ERASE_MEMBER, admin.pk, "erasing-admin")  # fmt: skip
    assert record.counts == {
        "orders_anonymized": 1,
        "checkout_snapshots_stripped": 1,
        "campaign_deliveries_stripped": 1,
        "chat_messages_deleted": 2,
        "client_events_deleted": 3,
        "emails_sent_deleted": 2,  # the order confirmation and the campaign
        "carts_deleted": 1,
        "prospects_deleted": 1,
        "accounts_deleted": 1,
    }
