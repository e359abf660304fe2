"""A member unsubscribes from the link in a campaign mail: the page shows the masked
address, the confirmation rotates the token (the "why" form goes on with the new one), and
the used link then says clearly that it no longer works."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from shop.accounts.models import Emailunsubscribereasons, Member
from shop.campaigns.services import send_ready_email
from tenants.context import tenant_context
from tests.e2e.account_mail import link_path, wait_for_mail
from tests.fixtures.browser import assert_accessible_basics, save_screenshot
from tests.shop.campaigns.factories import make_marketing_email, make_member

pytestmark = pytest.mark.django_db

READER = "quire_reader@example.com"


@pytest.fixture(scope="module")
def store(make_store, django_db_blocker, e2e_smtp_server):
    """A store whose subscribed member was sent a campaign (to the session's SMTP server)."""
    store = make_store("Quire Works")
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": e2e_smtp_server.host,
        "EMAIL_PORT": e2e_smtp_server.port,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False,
    }
    with django_db_blocker.unblock(), tenant_context(store), override_settings(**smtp):
        make_member("quire_reader", email=READER, first_name="Ruth")
        send_ready_email(email=make_marketing_email())
    return store


def test_a_member_unsubscribes_from_a_campaign_mails_link(
    store, web_server, e2e_smtp_server, desktop
):
    [mail] = wait_for_mail(e2e_smtp_server, READER)
    link = link_path(mail, "/account/email-unsubscribe")
    page = desktop
    page.goto(web_server.url(store, link))
    assert_accessible_basics(page, h1="Unsubscribe from Quire Works email")
    expect(page.get_by_text("quir********@example.com")).to_be_visible()
    save_screenshot(page, "unsubscribe-1-confirm")

    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("[data-unsubscribe-done-text]")).to_have_text(
        "You are unsubscribed: quir********@example.com will get no more marketing email from us."
    )
    expect(page.locator("[data-unsubscribe-done-text]")).to_be_focused()
    with tenant_context(store):
        member = Member.objects.get(user__email=READER)
        assert (member.email_unsubscribed, member.newsletter_subscriber) == (True, False)
        rotated = member.email_unsubscribe_string_signed
    assert rotated not in link
    expect(page.locator("[data-rotated-token]")).to_have_value(rotated)

    page.get_by_label("I never signed up for them").check()
    page.get_by_label("Anything else").fill("Not for me")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("[data-unsubscribe-why] [data-form-status]")).to_have_text(
        "Thank you for telling us."
    )
    expect(page.get_by_role("button", name="Send", exact=True)).to_be_hidden()
    expect(page.get_by_label("Anything else")).to_be_hidden()
    save_screenshot(page, "unsubscribe-2-why-sent")
    with tenant_context(store):
        reasons = Emailunsubscribereasons.objects.get(member=member)
        assert (reasons.never_signed_up, reasons.other) == (True, "Not for me")
    page.problems.assert_none()

    # The link that was used stops working, and says so.
    page.goto(web_server.url(store, link))
    expect(page.locator("[data-unsubscribe-problem]")).to_contain_text("no longer works")
    expect(page.get_by_role("button", name="Unsubscribe")).to_have_count(0)
    save_screenshot(page, "unsubscribe-3-used-link")
    page.problems.assert_none()
