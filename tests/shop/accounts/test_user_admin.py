"""The store admin shows accounts, prospects, ads and emails, with their code actions."""

import pytest
from django.contrib.auth import get_user_model

from shop.accounts.models import Prospect
from shop.ads.models import Ad, Adstatus, Adtype
from tests.fixtures.accounts import make_account

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def admin_client(alpha, client_for):
    admin = get_user_model().objects.create_superuser("store_admin", "admin@example.com", "x")
    client = client_for(alpha)
    client.force_login(admin)
    return client


def test_the_user_page_shows_the_member_inline(admin_client):
    member = make_account("ada_lovelace")

    response = admin_client.get(f"/admin/auth/user/{member.user.pk}/change/")

    assert response.status_code == 200
    assert member.mb_cd in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["accounts/member", "accounts/prospect", "accounts/termsofuse", "accounts/chatmessage",
     "accounts/emailunsubscribereasons", "accounts/membertermsofuseversionagreed",
     "emails/email", "emails/emailsent", "emails/emailtype", "emails/emailstatus",
     "emails/storesettings", "ads/ad", "ads/adtype", "ads/adstatus",
     "clientevents/pageview", "clientevents/ajaxerror", "clientevents/buttonclick",
     "clientevents/linkevent", "clientevents/configuration"],
)  # fmt: skip
def test_every_list_page_renders(admin_client, path):
    assert admin_client.get(f"/admin/{path}/").status_code == 200


def test_populate_prospect_codes_fills_what_is_missing(admin_client):
    prospect = Prospect.objects.create(email="pat@example.com", pr_cd="")

    admin_client.post(
        "/admin/accounts/prospect/",
        {"action": "populate_prospect_codes", "_selected_action": [prospect.pk]},
    )

    prospect.refresh_from_db()
    assert len(prospect.pr_cd) == 20
    assert prospect.email_unsubscribe_string_signed


def test_populate_ad_codes_fills_what_is_missing(admin_client):
    ad = Ad.objects.create(
        ad_type=Adtype.objects.get(title="Facebook"),
        ad_status=Adstatus.objects.get(title="Draft"),
        headline_1="Clips!",
        ad_cd=None,
    )

    admin_client.post(
        "/admin/ads/ad/", {"action": "populate_ad_codes", "_selected_action": [ad.pk]}
    )

    ad.refresh_from_db()
    assert len(ad.ad_cd) == 20


def test_an_admin_cannot_give_a_user_an_address_another_account_has(admin_client):
    make_account("someone_else", email="taken@example.com")
    member = make_account("ada_lovelace", email="ada@example.com")

    response = admin_client.post(
        f"/admin/auth/user/{member.user.pk}/change/",
        {"username": "ada_lovelace", "email": "TAKEN@example.com", "date_joined_0": "2026-01-01",
         "date_joined_1": "00:00:00", "member-TOTAL_FORMS": "1", "member-INITIAL_FORMS": "1",
         "member-MIN_NUM_FORMS": "0", "member-MAX_NUM_FORMS": "1",
         "member-0-id": str(member.pk), "member-0-user": str(member.user.pk)},
    )  # fmt: skip

    assert response.status_code == 200
    assert "Another account of this store uses this email address." in response.content.decode()
