"""The pages' scripts send Django's CSRF token from the csrftoken cookie; a shopper whose
cookie is gone (cleared, expired) still adds to the cart: the script fetches a new token from
/user/token first."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def store(make_store):
    return make_store("Token Traders")


def test_adding_to_the_cart_works_after_the_csrf_cookie_is_cleared(store, web_server, desktop):
    page = desktop
    page.goto(web_server.url(store, "/product/v26ujdy3N1"))
    page.context.clear_cookies(name="csrftoken")

    with page.expect_request(lambda request: request.url.endswith("/user/token")):
        page.get_by_role("button", name="Add to cart").click()

    expect(page.locator("[data-add-status]")).to_contain_text("Added 1 to your cart.")
    assert [c["name"] for c in page.context.cookies() if c["name"] == "csrftoken"] == ["csrftoken"]
    page.problems.assert_none()
