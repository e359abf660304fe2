"""/user/logged-in tells the storefront who is signed in and how full the cart is."""

import pytest

from shop.clientevents.models import Configuration
from tests.fixtures.accounts import make_account, user_get
from tests.fixtures.shop import add_to_cart, seeded_sku

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_an_anonymous_visitor_gets_the_anonymous_payload_and_an_event_cookie(alpha, client_a):
    response = client_a.get("/user/logged-in")

    assert response.json() == {
        "logged_in": False,
        "log_client_events": True,
        "client_event_id": "null",
        "cart_item_count": 0,
        "user-api-version": "0.0.1",
    }
    assert response.cookies["anonymousclientevent"].value


def test_an_existing_event_cookie_is_kept(alpha, client_a):
    client_a.get("/user/logged-in")

    second = client_a.get("/user/logged-in")

    assert "anonymousclientevent" not in second.cookies


def test_a_member_gets_names_initials_and_the_count_of_cart_lines(alpha, client_a, member_client):
    member = make_account(first_name="Ada", last_name="Lovelace", email="ada@example.com")
    client = member_client(alpha, member)
    add_to_cart(client, seeded_sku("Left Sided Paperclip"), quantity=3)
    add_to_cart(client, seeded_sku("Small Binder Clip"), quantity=1)

    body = user_get(client, "logged-in")

    assert body == {
        "logged_in": True,
        "log_client_events": True,
        "client_event_id": member.user.pk,
        "member_initials": "AL",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email_address": "ada@example.com",
        "cart_item_count": 2,
        "user-api-version": "0.0.1",
    }


def test_the_store_can_turn_client_event_logging_off(alpha, client_a):
    Configuration.objects.filter(pk=1).update(log_client_events=False)

    assert user_get(client_a, "logged-in")["log_client_events"] is False


def test_an_admin_account_without_a_member_is_treated_as_signed_out(alpha, client_for):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root_admin", "root@example.com", "x")
    client = client_for(alpha)
    client.force_login(admin)

    body = user_get(client, "logged-in")

    assert body["logged_in"] is False
