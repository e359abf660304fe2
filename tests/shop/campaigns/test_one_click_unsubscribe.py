"""RFC 8058 one-click unsubscribe: a POST of `List-Unsubscribe=One-Click` to the URL in a
campaign message's List-Unsubscribe header unsubscribes its recipient, without login or CSRF
token, and rotates their token."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from shop.accounts.models import Member, Prospect
from shop.campaigns.audience import list_audience
from shop.emails.models import Emailtype
from tests.shop.campaigns.factories import make_marketing_email, make_member, make_prospect

pytestmark = pytest.mark.django_db(databases=["default", "second"])

URL = "/campaigns/unsubscribe-one-click"
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def one_click_url(message) -> str:
    return re.search(r"<(https://[^>]+)>", str(message["List-Unsubscribe"])).group(1)


def post_one_click(url: str, data=None):
    """What a mail provider does: a cross-site POST, no cookies, no CSRF token."""
    parts = urlsplit(url)
    client = Client(HTTP_HOST=parts.hostname, enforce_csrf_checks=True)
    return client.post(f"{parts.path}?{parts.query}", data=ONE_CLICK if data is None else data)


def test_posting_to_the_header_url_of_a_sent_message_unsubscribes_its_member(
    in_store_a, smtp_server, run_campaign
):
    member = make_member("ada")
    email = make_marketing_email(Emailtype.MEMBER)
    run_campaign(email)
    [message] = smtp_server.wait_for(1)
    old_token = member.email_unsubscribe_string_signed

    response = post_one_click(one_click_url(message))

    assert (response.status_code, response.json()) == (
        200,
        {"email_unsubscribe_one_click": "success"},
    )
    member.refresh_from_db()
    assert (member.email_unsubscribed, member.newsletter_subscriber) == (True, False)
    assert member.email_unsubscribe_string_signed not in ("", None, old_token)
    assert list(list_audience(email=make_marketing_email(Emailtype.MEMBER))) == []


def test_the_old_token_no_longer_works_after_unsubscribing(in_store_a, client_for):
    member = make_member("ada")
    token = member.email_unsubscribe_string_signed
    client = client_for(in_store_a)
    assert client.post(f"{URL}?token={token}", ONE_CLICK).status_code == 200

    again = client.post(f"{URL}?token={token}", ONE_CLICK)

    assert (again.status_code, again.json()) == (
        404,
        {"email_unsubscribe_one_click": "error", "errors": {"error": "token-invalid"}},
    )


def test_a_prospect_is_unsubscribed_by_its_pr_token(in_store_a, client_for):
    prospect = make_prospect("pat@example.com")
    token = prospect.email_unsubscribe_string_signed

    response = client_for(in_store_a).post(f"{URL}?pr_token={token}", ONE_CLICK)

    assert response.status_code == 200
    prospect.refresh_from_db()
    assert prospect.email_unsubscribed is True
    assert prospect.email_unsubscribe_string_signed != token


@pytest.mark.parametrize(
    ("query", "data", "status", "code"),
    [
        ("token=TOKEN", {}, 400, "one-click-body-required"),
        ("token=TOKEN", {"List-Unsubscribe": "yes"}, 400, "one-click-body-required"),
        ("", ONE_CLICK, 400, "token-required"),
        ("token=nope", ONE_CLICK, 404, "token-invalid"),
        ("pr_token=TOKEN", ONE_CLICK, 404, "token-invalid"),  # a member's token is no prospect's
        ("token=" + "x" * 500, ONE_CLICK, 404, "token-invalid"),
    ],
)
def test_a_post_that_is_not_a_valid_one_click_changes_nothing(
    in_store_a, client_for, query, data, status, code
):
    member = make_member("ada")
    query = query.replace("TOKEN", member.email_unsubscribe_string_signed)

    response = client_for(in_store_a).post(f"{URL}?{query}", data)

    assert (response.status_code, response.json()) == (
        status,
        {"email_unsubscribe_one_click": "error", "errors": {"error": code}},
    )
    assert Member.objects.get(pk=member.pk).email_unsubscribed is False


def test_an_altered_token_is_refused(in_store_a, client_for):
    member = make_member("ada")
    Member.objects.filter(pk=member.pk).update(email_unsubscribe_string="somethingelse")

    response = client_for(in_store_a).post(
        f"{URL}?token={member.email_unsubscribe_string_signed}", ONE_CLICK
    )

    assert response.json()["errors"] == {"error": "token-altered"}
    assert Member.objects.get(pk=member.pk).email_unsubscribed is False


def test_opening_the_link_shows_a_button_and_unsubscribes_nobody(in_store_a, client_for):
    prospect = make_prospect("pat@example.com")
    token = prospect.email_unsubscribe_string_signed

    response = client_for(in_store_a).get(f"{URL}?pr_token={token}")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{URL}?pr_token={token}"' in page
    assert 'name="List-Unsubscribe" value="One-Click"' in page
    assert "<h1>Unsubscribe from Alpha Store email?</h1>" in page
    assert Prospect.objects.get(pk=prospect.pk).email_unsubscribed is False


def test_the_pages_button_unsubscribes_and_answers_with_a_page(in_store_a, client_for):
    prospect = make_prospect("pat@example.com")
    url = f"{URL}?pr_token={prospect.email_unsubscribe_string_signed}"
    client = client_for(in_store_a)

    done = client.post(url, {**ONE_CLICK, "from_page": "1"})
    again = client.post(url, {**ONE_CLICK, "from_page": "1"})

    assert (done.status_code, done["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert "<h1>You are unsubscribed</h1>" in done.content.decode()
    assert Prospect.objects.get(pk=prospect.pk).email_unsubscribed is True
    # the token rotated: the same link now says it no longer works
    assert again.status_code == 404
    assert "no longer works" in again.content.decode()


def test_a_token_of_one_store_does_not_unsubscribe_in_another(in_store_a, store_b, client_for):
    member = make_member("ada")

    response = client_for(store_b).post(
        f"{URL}?token={member.email_unsubscribe_string_signed}", ONE_CLICK
    )

    assert response.status_code == 404
    assert Member.objects.get(pk=member.pk).email_unsubscribed is False
