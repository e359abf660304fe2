"""/user/create-account registers a member the reference's way, or says which fields fail."""

import pytest
from django.contrib.auth import get_user_model

from shop.accounts.models import Chatmessage, Member, Membertermsofuseversionagreed
from shop.cart.models import Cart
from tests.fixtures.accounts import make_account, make_prospect, user_get, user_post
from tests.fixtures.shop import add_to_cart, seeded_sku

pytestmark = pytest.mark.django_db(databases=["default", "second"])

FORM = {
    "firstname": "Ada",
    "lastname": "Lovelace",
    "username": "ada_lovelace",
    "email_address": "ada@example.com",
    "password": "Analytical-Engine-1",
    "confirm_password": "Analytical-Engine-1",
    "newsletter": "true",
    "remember_me": "false",
}


def test_a_valid_form_creates_the_member_and_signs_it_in(
    alpha, client_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        body = user_post(client_a, "create-account", **FORM)

    assert body == {"create_account": "true", "user-api-version": "0.0.1"}
    user = get_user_model().objects.get(username="ada_lovelace")
    member = Member.objects.get(user=user)
    assert (user.first_name, user.last_name, user.email) == ("Ada", "Lovelace", "ada@example.com")
    assert list(user.groups.values_list("name", flat=True)) == ["Members"]
    assert member.newsletter_subscriber is True
    assert member.email_verified is False
    assert len(member.mb_cd) == 20
    assert member.email_unsubscribe_string_signed
    assert member.email_verification_string_signed
    assert list(
        Membertermsofuseversionagreed.objects.filter(member=member).values_list(
            "termsofuseversion__version", flat=True
        )
    ) == [1]
    assert user_get(client_a, "logged-in")["logged_in"] is True


def test_the_welcome_mail_with_a_verification_link_arrives(
    alpha, client_a, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user_post(client_a, "create-account", **FORM)

    [message] = smtp_server.wait_for(1)
    assert message["From"] == "Alpha Store <no-reply@alpha.platform.test>"
    assert message["To"] == "ada@example.com"
    assert message.subject == "Welcome to Alpha Store: please confirm your email address"
    assert "Your account ada_lovelace is ready." in message.text
    assert "https://alpha.platform.test/account/?email_verification_code=" in message.text


def test_the_anonymous_cart_becomes_the_new_members(alpha, client_a):
    add_to_cart(client_a, seeded_sku("Left Sided Paperclip"))

    response = client_a.post("/user/create-account", FORM)

    assert response.json()["create_account"] == "true"
    assert response.cookies["an_ct"].value == ""
    assert Cart.objects.get(member__user__username="ada_lovelace").cartskus.count() == 1


def test_a_prospect_with_the_same_address_is_converted(alpha, client_a):
    prospect = make_prospect("ADA@example.com", email_unsubscribed=False)
    chat = Chatmessage.objects.create(
        prospect=prospect, name="Ada", email_address="ada@example.com", message="Hi"
    )

    user_post(client_a, "create-account", **FORM)

    prospect.refresh_from_db()
    chat.refresh_from_db()
    member = Member.objects.get(user__username="ada_lovelace")
    assert prospect.converted_date_time is not None
    assert prospect.email_unsubscribed is True
    assert "Converted to member ada_lovelace" in prospect.swa_comment
    assert chat.member == member


def test_every_field_is_reported_valid_or_with_its_errors(alpha, client_a):
    body = user_post(client_a, "create-account", **{**FORM, "firstname": "Ada!", "username": "ada"})

    assert body["create_account"] == "false"
    assert body["errors"] == {
        "firstname": [
            {
                "type": "not_valid",
                "description": "Your first name may use letters, digits and spaces.",
            }
        ],
        "lastname": True,
        "username": [{"type": "too_short", "description": "A username has at least 6 characters."}],
        "email-address": True,
        "password": True,
    }
    assert not get_user_model().objects.filter(username="ada").exists()


def test_an_empty_form_is_field_errors_not_a_500(alpha, client_a):
    body = user_post(client_a, "create-account")

    assert body["create_account"] == "false"
    assert {name: [e["type"] for e in errors] for name, errors in body["errors"].items()} == {
        "firstname": ["required"],
        "lastname": ["required"],
        "username": ["required"],
        "email-address": ["required"],
        "password": ["required"],
    }


def test_a_taken_username_or_address_is_unavailable_whatever_its_case(alpha, client_a):
    make_account("ada_lovelace", email="ada@example.com")

    body = user_post(
        client_a,
        "create-account",
        **{**FORM, "username": "ADA_lovelace", "email_address": "Ada@Example.com"},
    )

    assert body["errors"]["username"] == [
        {"type": "unavailable", "description": "This username is taken. Please choose another."}
    ]
    assert body["errors"]["email-address"] == [
        {"type": "unavailable", "description": "This email address belongs to another account."}
    ]


def test_the_database_refuses_two_accounts_with_one_address(alpha):
    from django.db import IntegrityError, transaction

    make_account("ada_lovelace", email="ada@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create_user("other_ada", email="ADA@example.com")


def test_a_mail_server_failure_does_not_fail_the_signup(
    alpha, client_a, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post("/user/create-account", FORM)

    assert response.status_code == 200
    assert response.json()["create_account"] == "true"
    assert smtp_server.messages == []
