"""The chat widget on every page: a keyboard user opens it, sees the API's errors next to
the fields, sends a message (the store's owner gets it by mail), and Escape closes it with
the focus back on its button. A signed-in member finds their name and address filled in."""

import pytest
from playwright.sync_api import expect

from shop.accounts.models import Chatmessage, Member
from shop.accounts.terms import agree_to_latest_terms
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.e2e.account_mail import wait_for_mail
from tests.e2e.conftest import read_committed
from tests.fixtures.browser import assert_accessible_basics, save_screenshot

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def store(make_store, django_db_blocker):
    store = make_store("Pencil Box")
    with django_db_blocker.unblock(), tenant_context(store):
        from django.contrib.auth.models import User

        user = User.objects.create_user(
            "pencil_member", email="member@example.com", password="Chat!Member1",
            first_name="Dora", last_name="Keen",
        )  # fmt: skip
        agree_to_latest_terms(member=Member.objects.create(user=user))
    return store


def _owner(store) -> str:
    return f"owner@{primary_host_for(store.slug)}"


def test_a_visitor_sends_a_chat_message_by_keyboard(store, web_server, e2e_smtp_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/product/ITHJW3mytn"))
    toggle = page.get_by_role("button", name="Questions? Chat with us")
    expect(toggle).to_have_attribute("aria-expanded", "false")

    # Reached by Tab from the page's last link, opened with Enter.
    page.get_by_role("link", name="Contact").focus()
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Your name")).to_be_focused()

    page.get_by_label("Your email address").fill("not-an-address")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator("#chat-name-error")).to_have_text("Please enter your name.")
    expect(page.locator("#chat-email-error")).to_have_text("Please enter a valid email address.")
    expect(page.locator("#chat-message-error")).to_have_text("Please enter a message.")
    expect(page.get_by_label("Your name")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Your name")).to_be_focused()
    save_screenshot(page, "chat-1-errors")
    assert_accessible_basics(page, h1="Binder Clips")

    page.get_by_label("Your name").fill("Vera Visitor")
    page.get_by_label("Your email address").fill("vera@example.com")
    page.get_by_label("Message").fill("Do you ship paperclips to Canada?")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator("[data-chat-form] [data-form-status]")).to_have_text(
        "Thank you: your message was sent. We will answer by email."
    )
    expect(page.get_by_label("Message")).to_have_value("")
    expect(page.locator("#chat-name-error")).to_be_hidden()
    save_screenshot(page, "chat-2-sent")

    [mail] = wait_for_mail(
        e2e_smtp_server, _owner(store), containing="Do you ship paperclips to Canada?"
    )
    assert "Do you ship paperclips to Canada?" in mail.text
    assert "vera@example.com" in mail.text

    page.keyboard.press("Escape")
    expect(page.locator("#chat-panel")).to_be_hidden()
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    page.problems.assert_none()


def test_a_members_chat_form_is_filled_in_and_linked_to_them(
    store, web_server, desktop, django_db_blocker
):
    page = desktop
    page.goto(web_server.url(store, "/login"))
    page.get_by_label("Username").fill("pencil_member")
    page.get_by_label("Password").fill("Chat!Member1")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(web_server.url(store, "/account"))

    page.get_by_role("button", name="Questions? Chat with us").click()
    expect(page.get_by_label("Your name")).to_have_value("Dora Keen")
    expect(page.get_by_label("Your email address")).to_have_value("member@example.com")
    expect(page.get_by_label("Message")).to_be_focused()
    page.get_by_label("Message").fill("Where is my order?")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator("[data-chat-form] [data-form-status]")).to_contain_text("was sent")
    page.get_by_role("button", name="Close the chat form").click()
    expect(page.locator("#chat-panel")).to_be_hidden()
    member_of_chat = read_committed(
        django_db_blocker,
        store,
        lambda: Chatmessage.objects.get(message="Where is my order?").member.user.username,
    )
    assert member_of_chat == "pencil_member"
    page.problems.assert_none()
