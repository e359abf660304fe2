"""/clientevent/*: GET, no authentication, always "thank you"; a row only when `url` is
given; codes resolve to this store's member, prospect, email and ad, or null."""

import pytest

from shop.ads.models import Ad, Adstatus, Adtype
from shop.clientevents.models import AJAXError, Buttonclick, Linkevent, Pageview
from shop.emails import codes
from shop.emails.models import Email
from tenants.context import tenant_context
from tests.fixtures.accounts import make_account, make_prospect

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def alpha(seeded_stores, store_a):
    with tenant_context(store_a):
        yield store_a


def _thank_you(response):
    assert response.status_code == 200
    assert response.json() == "thank you"
    assert "user-api-version" not in response.content.decode()


def test_a_pageview_is_recorded_with_user_address_and_agent(alpha, client_for):
    member = make_account()
    client = client_for(alpha)

    response = client.get(
        "/clientevent/pageview",
        {"client_event_id": str(member.user.pk), "anonymous_id": "anon1", "url": "/cart",
         "pageWidth": "1280"},
        REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="TestBrowser/1.0",
    )  # fmt: skip

    _thank_you(response)
    assert list(
        Pageview.objects.values_list(
            "user", "anonymous_id", "url", "page_width", "remote_addr", "http_user_agent"
        )
    ) == [(member.user.pk, "anon1", "/cart", 1280, "10.1.2.3", "TestBrowser/1.0")]


def test_nothing_is_recorded_without_a_url(alpha, client_for):
    client = client_for(alpha)

    for name in ("pageview", "ajaxerror", "buttonclick", "linkevent"):
        _thank_you(client.get(f"/clientevent/{name}", {"client_event_id": "null"}))

    assert not Pageview.objects.exists()
    assert not AJAXError.objects.exists()
    assert not Buttonclick.objects.exists()
    assert not Linkevent.objects.exists()


def test_ajax_errors_and_button_clicks_are_recorded(alpha, client_for):
    client = client_for(alpha)

    client.get("/clientevent/ajaxerror", {"client_event_id": "null", "url": "/a", "error_id": "e1"})
    client.get("/clientevent/buttonclick", {"client_event_id": "x", "url": "/b", "button_id": "b1"})

    assert list(AJAXError.objects.values_list("user", "url", "error_id")) == [(None, "/a", "e1")]
    assert list(Buttonclick.objects.values_list("user", "url", "button_id")) == [(None, "/b", "b1")]


def test_link_codes_resolve_to_member_prospect_email_and_ad(alpha, client_for):
    member = make_account()
    prospect = make_prospect()
    email = Email.objects.get(em_cd=codes.EXAMPLE_MEMBER_EMAIL)
    ad = Ad.objects.create(
        ad_type=Adtype.objects.first(), ad_status=Adstatus.objects.first(), headline_1="Clips"
    )

    client_for(alpha).get(
        "/clientevent/linkevent",
        {"mb_cd": member.mb_cd, "pr_cd": prospect.pr_cd, "em_cd": email.em_cd,
         "ad_cd": ad.ad_cd, "anonymous_id": "anon", "url": "/pythonabot"},
    )  # fmt: skip

    assert list(Linkevent.objects.values_list("user", "prospect", "email", "ad", "url")) == [
        (member.user.pk, prospect.pk, email.pk, ad.pk, "/pythonabot")
    ]


def test_unknown_codes_and_codes_of_another_store_are_null(alpha, client_for, store_b):
    member_of_a = make_account()

    client_for(store_b).get(
        "/clientevent/linkevent",
        {"mb_cd": member_of_a.mb_cd, "pr_cd": "nope", "em_cd": "x" * 500, "url": "/x"},
    )

    with tenant_context(store_b):
        assert list(Linkevent.objects.values_list("user", "prospect", "email", "ad")) == [
            (None, None, None, None)
        ]


def test_junk_values_are_cut_or_dropped_not_errors(alpha, client_for):
    response = client_for(alpha).get(
        "/clientevent/pageview",
        {"client_event_id": "9" * 40, "url": "/" + "u" * 3000, "pageWidth": "wide",
         "anonymous_id": "a" * 300},
        HTTP_X_FORWARDED_FOR="not-an-ip",
    )  # fmt: skip

    _thank_you(response)
    view = Pageview.objects.get()
    assert (view.user_id, len(view.url), view.page_width, len(view.anonymous_id)) == (
        None,
        1000,
        None,
        100,
    )


def test_a_post_is_not_allowed(alpha, client_for):
    assert client_for(alpha).post("/clientevent/pageview", {"url": "/x"}).status_code == 405


def test_the_clientevent_root_is_plain_text(alpha, client_for):
    response = client_for(alpha).get("/clientevent/")

    assert response.content == (
        b"Hello, you're at the clientevent API (version 0.0.1) root. Nothing to see here..."
    )
