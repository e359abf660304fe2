"""/user/account-content: the member's data and order history, newest first."""

import datetime as dt
from decimal import Decimal

import pytest

from shop.orders.models import Order
from tests.fixtures.accounts import make_account, user_get

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_signed_out_visitor_gets_authenticated_false(alpha, client_a):
    assert user_get(client_a, "account-content") == {
        "account_content": {"authenticated": "false"},
        "user-api-version": "0.0.1",
    }


def test_a_member_gets_personal_email_and_order_data(alpha, member_client):
    member = make_account("ada_lovelace", email="ada@example.com", first_name="Ada",
                          last_name="Lovelace", newsletter=True)  # fmt: skip
    when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    older = Order.objects.create(
        member=member, identifier="OLDORDER01", item_subtotal=Decimal("3.50"),
        order_total=Decimal("13.06"), order_date_time=when,
    )  # fmt: skip
    newer = Order.objects.create(
        member=member, identifier="NEWORDER02", item_subtotal=Decimal("5.00"),
        order_total=Decimal("14.56"), order_date_time=when + dt.timedelta(days=1),
    )  # fmt: skip
    client = member_client(alpha, member)

    content = user_get(client, "account-content")["account_content"]

    assert content["authenticated"] == "true"
    personal = content["personal_data"]
    assert {key: personal[key] for key in ("username", "first_name", "last_name",
            "newsletter_subscriber", "email_unsubscribed", "terms_of_use_agreed_date_time")} == {
        "username": "ada_lovelace", "first_name": "Ada", "last_name": "Lovelace",
        "newsletter_subscriber": True, "email_unsubscribed": False,
        "terms_of_use_agreed_date_time": None,
    }  # fmt: skip
    assert content["email_data"] == {
        "email_address": "ada@example.com",
        "email_verified": False,
        "verification_request_sent_within_24_hours": False,
    }
    assert content["orders_data"] == {
        "1": {
            "order_id": newer.pk,
            "identifier": "NEWORDER02",
            "order_date_time": "2026-01-03T03:04:05+00:00",
            "sales_tax_amt": "0.00",
            "order_total": "14.56",
        },
        "2": {
            "order_id": older.pk,
            "identifier": "OLDORDER01",
            "order_date_time": "2026-01-02T03:04:05+00:00",
            "sales_tax_amt": "0.00",
            "order_total": "13.06",
        },
    }
