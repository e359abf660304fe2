"""Too many sign-in attempts: the store's API answers 429 and the page says to wait, next to
the form, instead of a wrong-password message."""

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import save_screenshot

pytestmark = pytest.mark.django_db

ATTEMPTS = """async () => {
  const token = document.cookie.split('; ').find((c) => c.startsWith('csrftoken=')).split('=')[1];
  const statuses = [];
  for (let i = 0; i < 10; i++) {
    const response = await fetch('/user/login', {
      method: 'POST', credentials: 'same-origin',
      headers: {'X-CSRFToken': token, 'Content-Type': 'application/x-www-form-urlencoded'},
      body: 'username=nobody_here&password=wrong',
    });
    statuses.push(response.status);
  }
  return statuses;
}"""


@pytest.fixture(scope="module")
def store(make_store):
    return make_store("Nib Hollow")


def test_the_sign_in_page_says_to_wait_after_too_many_attempts(store, web_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/login"))
    assert page.evaluate(ATTEMPTS) == [200] * 10  # the limit: 10 an hour from one address

    page.get_by_label("Username").fill("nobody_here")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main [data-form-status]")).to_have_text(
        "Too many tries. Please wait a while before you try again."
    )
    save_screenshot(page, "sign-in-3-rate-limited")
    # The only thing that went wrong is the expected answer itself (and the console's note
    # of it).
    assert page.problems.messages
    assert all("429" in message for message in page.problems.messages)
    assert any(
        m.startswith("http 429:") and m.endswith("/user/login") for m in page.problems.messages
    )
