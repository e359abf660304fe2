"""The member's account pages: signed-out visitors go to /login and come back (email link
codes included); each page is a clean form filled with the member's data."""

import datetime as dt
from decimal import Decimal

import pytest

from shop.orders.models import Order
from tenants.context import tenant_context
from tests.fixtures.shop import make_member
from tests.shop.pages.markup import assert_page_is_clean

pytestmark = [
    pytest.mark.django_db(databases=["default", "second"]),
    pytest.mark.usefixtures("seeded_stores"),
]

MEMBER_PAGES = [
    ("/account", "Your account", []),
    ("/account/", "Your account", []),
    (
        "/account/edit-my-information",
        "Edit my information",
        ["info-firstname", "info-lastname", "info-email"],
    ),
    (
        "/account/edit-communication-preferences",
        "Communication preferences",
        [
            "prefs-newsletter",
            "prefs-unsubscribe",
            "prefs-no-longer",
            "prefs-never",
            "prefs-inappropriate",
            "prefs-spam",
            "prefs-other",
        ],
    ),  # fmt: skip
    (
        "/account/change-password",
        "Change password",
        ["change-current-password", "change-new-password", "change-confirm-password"],
    ),
]


@pytest.fixture
def member(store_a):
    with tenant_context(store_a):
        member = make_member("accountpages")
        member.user.first_name, member.user.last_name = "Mary", "Jackson"
        member.user.save()
        return member


@pytest.mark.parametrize(("path", "h1", "fields"), MEMBER_PAGES)
def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(store_a, client_for, path, h1, fields):
    response = client_for(store_a).get(path, {"em_cd": "x"})

    assert response.status_code == 302
    assert response["Location"] == f"/login?next={path.replace('/', '%2F')}%3Fem_cd%3Dx"


def test_the_verification_link_survives_the_trip_through_sign_in(store_a, client_for):
    response = client_for(store_a).get("/account/", {"email_verification_code": "abc:def"})

    login = client_for(store_a).get(response["Location"]).content.decode()
    assert 'data-next="/account/?email_verification_code=abc%3Adef"' in login


@pytest.mark.parametrize(("path", "h1", "fields"), MEMBER_PAGES)
def test_each_member_page_is_a_clean_page(store_a, member_client, member, path, h1, fields):
    response = member_client(store_a, member).get(path)

    assert response.status_code == 200
    page = assert_page_is_clean(response.content, h1=h1)
    assert page.field_ids == fields
    assert "no-cache" in response["Cache-Control"]


def test_the_account_page_shows_the_members_data_and_the_verify_button(
    store_a, member_client, member
):
    html = member_client(store_a, member).get("/account").content.decode()

    assert "<dd>accountpages</dd>" in html
    assert "<dd>Mary</dd>" in html and "<dd>Jackson</dd>" in html
    assert "<dd>accountpages@example.com</dd>" in html
    assert "Not verified yet" in html
    assert 'action="/user/verify-email-address" data-verify-request>' in html
    assert 'href="/account/orders">All your orders</a>' in html
    assert "data-verification-code" not in html


def test_the_account_page_passes_the_links_code_to_its_script(store_a, member_client, member):
    client = member_client(store_a, member)
    html = client.get("/account/", {"email_verification_code": 'a"b'}).content.decode()

    assert 'data-verification-code="a&quot;b"' in html


def test_a_verified_address_hides_the_verify_button(store_a, member_client, member):
    with tenant_context(store_a):
        member.email_verified = True
        member.save()
    html = member_client(store_a, member).get("/account").content.decode()

    assert "Yes, verified" in html
    assert "data-verify-request hidden>" in html


def test_the_edit_pages_are_filled_with_the_members_data(store_a, member_client, member):
    with tenant_context(store_a):
        member.newsletter_subscriber = True
        member.save()
    client = member_client(store_a, member)

    info = client.get("/account/edit-my-information").content.decode()
    prefs = client.get("/account/edit-communication-preferences").content.decode()

    assert 'name="firstname" type="text" autocomplete="given-name" maxlength="30" value="Mary"' in (
        info
    )
    assert 'value="accountpages@example.com"' in info
    assert 'name="newsletter" type="checkbox" checked' in prefs
    assert 'name="email_unsubscribe" type="checkbox" aria-describedby' in prefs
    assert "data-reasons hidden disabled" in prefs


def test_the_account_page_lists_the_three_newest_orders(store_a, member_client, member):
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with tenant_context(store_a):
        for day in range(4):
            Order.objects.create(
                member=member, identifier=f"ACCTORDER{day}", item_subtotal=Decimal("3.50"),
                order_total=Decimal(f"1{day}.06"), order_date_time=start + dt.timedelta(days=day),
            )  # fmt: skip
    html = member_client(store_a, member).get("/account").content.decode()

    assert "You have placed 4 orders." in html
    shown = [
        '<a href="/account/order?identifier=ACCTORDER3">Order ACCTORDER3</a> '
        '<span class="account-orders__meta">January 4, 2026 · $13.06</span>',
        '<a href="/account/order?identifier=ACCTORDER2">Order ACCTORDER2</a>',
        '<a href="/account/order?identifier=ACCTORDER1">Order ACCTORDER1</a>',
    ]
    assert all(item in html for item in shown)
    assert "ACCTORDER0" not in html
