"""A signed-in member downloads their data from their account page: a JSON file (an
attachment) with their account, addresses, orders, client events, emails and campaign
deliveries, and nothing of anyone else's; streamed in pages, so a member with hundreds of
orders costs a bounded number of queries and no big buffer. Signed-out visitors, and a member
of store B with their store B session, get nothing of store A."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.accounts.models import Chatmessage, DataRequest
from shop.clientevents.models import Pageview
from shop.orders.models import Order, Ordersku
from tenants.context import tenant_context
from tests.fixtures.accounts import make_account
from tests.fixtures.shop import seeded_sku
from tests.shop.checkout.journey import CLIP
from tests.shop.privacy.conftest import EMAIL, STREET, place_paid_order

pytestmark = pytest.mark.django_db

URL = "/account/download-my-data"
OTHER = "bystander.other@example.com"


def download(client) -> tuple[dict, object]:
    response = client.post(URL)
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content)
    return json.loads(body), response


def test_the_download_has_exactly_the_members_data(
    subject, in_store_a, store_stripe, member_client, client_for, stripe_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    # given another member of the store with an order, a chat and a page view of their own
    other = make_account("bystander_o", email=OTHER, first_name="Otto", last_name="Other")
    place_paid_order(
        in_store_a, member_client(in_store_a, other), account=store_stripe(in_store_a),
        stripe_server=stripe_server, client_for=client_for,
        capture=django_capture_on_commit_callbacks, email=OTHER, name="Otto Other",
    )  # fmt: skip
    Chatmessage.objects.create(member=other, name="Otto", email_address=OTHER, message="mine")
    Pageview.objects.create(user=other.user, url="/otto")

    data, response = download(subject.client)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Cache-Control"] == "no-store"
    assert data["account"]["email_data"]["email_address"] == EMAIL
    assert data["account"]["personal_data"]["username"] == "quintessa_b"
    assert [order["identifier"] for order in data["orders"]] == [subject.order_identifier]
    order = data["orders"][0]
    assert order["order_totals"]["order_total"] == "31.55"
    assert order["order_payment_info"]["email"] == EMAIL
    assert order["order_shipping_address"]["address_line1"] == STREET
    assert [s["identifier"] for s in order["order_statuses"].values()] == ["accepted"]
    assert len(order["order_items"]["product_sku_data"]) == 2
    assert {a["address_line1"] for a in data["addresses"]} == {STREET}
    assert sorted(e["type"] for e in data["client_events"]) == ["button_click", "pageview"]
    assert sorted(e["transactional"] for e in data["emails_sent"]) == [False, True]
    assert [(d["address"], d["status"]) for d in data["campaign_deliveries"]] == [(EMAIL, "sent")]
    assert [c["message"] for c in data["chat_messages"]] == [f"I live at {STREET}"]
    text = json.dumps(data)
    assert OTHER not in text and "Otto" not in text
    assert DataRequest.objects.get().kind == DataRequest.Kind.EXPORT


def test_a_member_with_many_orders_is_streamed_in_pages(in_store_a, member_client):
    member = make_account("many_orders", email="many@example.com")
    clip = seeded_sku(CLIP)
    orders = Order.objects.bulk_create(
        Order(member=member, item_subtotal=3.5, order_total=3.5, identifier=f"M{n:07d}")
        for n in range(250)
    )
    Ordersku.objects.bulk_create(
        Ordersku(order=order, sku=clip, quantity=1, price_each=3.5) for order in orders
    )
    client = member_client(in_store_a, member)

    response = client.post(URL)
    with CaptureQueriesContext(connection) as queries:
        chunks = list(response.streaming_content)

    data = json.loads(b"".join(chunks))
    assert len(data["orders"]) == 250
    assert len({order["identifier"] for order in data["orders"]}) == 250
    assert max(len(chunk) for chunk in chunks) < 4000  # one order at a time, never all
    assert len(queries) < 45  # pages of 100 orders: a handful of queries per page


def test_signed_out_visitors_get_the_sign_in_page_and_a_get_is_refused(
    in_store_a, client_for, member_client
):
    visitor = client_for(in_store_a)
    answer = visitor.post(URL)
    assert answer.status_code == 302 and answer["Location"].startswith("/login?")
    member = make_account("getter", email="getter@example.com")
    assert member_client(in_store_a, member).get(URL).status_code == 405
    assert not DataRequest.objects.exists()


def test_a_store_b_session_downloads_nothing_from_store_a(
    subject, in_store_a, store_b, member_client, client_for
):
    with tenant_context(store_b):
        bravo = make_account("bravo_dl", email="bravo.dl@example.com")
    on_a = client_for(in_store_a)
    on_a.cookies = member_client(store_b, bravo).cookies  # B's session replayed on A

    answer = on_a.post(URL)

    assert answer.status_code == 302 and not answer.streaming
    assert not DataRequest.objects.exists()
    with tenant_context(store_b):
        data, _ = download(member_client(store_b, bravo))
        assert data["orders"] == [] and data["account"]["email_data"]["email_address"] == (
            "bravo.dl@example.com")  # fmt: skip
