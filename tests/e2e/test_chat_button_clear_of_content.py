"""The chat button never covers the page: on a desktop (1280x900) and on phones (375x667,
390x844), on the home page, a product page and a filled cart, wherever the page is scrolled
to (each button, link and field brought to the window's bottom edge in turn, then the page's
end), no visible button, link or field lies under the chat button."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import DESKTOP, open_page, save_screenshot

pytestmark = pytest.mark.django_db

VIEWPORTS = {
    "desktop": DESKTOP,
    "phone-375": {"width": 375, "height": 667},
    "phone-390": {"width": 390, "height": 844},
}
PRODUCTS = ("ITHJW3mytn", "bSusp6dBHm", "v26ujdy3N1")  # a cart of three lines

# For the window scrolled so each interactive element of the page in turn sits at its bottom
# edge (where a corner button would be), then to the page's end: the elements under the chat
# button at that moment (viewport coordinates, both boxes).
_SWEEP = """() => {
  const toggle = document.querySelector('[data-chat-toggle]');
  const chat = toggle.closest('[data-chat]');
  const shown = (el) => !el.closest('[hidden]') && !chat.contains(el)
    && el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible';
  const controls = [...document.querySelectorAll(
    'a[href], button, input:not([type="hidden"]), select, textarea, summary')].filter(shown);
  const name = (el) => `${el.tagName.toLowerCase()} "${(el.textContent.trim()
    || el.getAttribute('aria-label') || el.id || el.name || '').replace(/\\s+/g, ' ')}"`;
  const overlaps = (a, b) => a.left < b.right && b.left < a.right
    && a.top < b.bottom && b.top < a.bottom && a.width > 0 && a.height > 0;
  const covered = new Set();
  const check = (where) => {
    const button = toggle.getBoundingClientRect();
    for (const el of controls) {
      if (overlaps(el.getBoundingClientRect(), button)) covered.add(`${name(el)} (${where})`);
    }
  };
  window.scrollTo(0, 0);
  check('top');
  for (const target of controls) {
    target.scrollIntoView({block: 'end', inline: 'nearest'});
    check(`${name(target)} at the bottom`);
  }
  window.scrollTo(0, document.documentElement.scrollHeight);
  check('page end');
  return [...covered];
}"""


def _covered_by_chat(page) -> list[str]:
    expect(page.locator("[data-chat-toggle]")).to_be_visible()
    page.wait_for_load_state("load")  # images sized: the layout is final
    return page.evaluate(_SWEEP)


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.fixture(scope="module")
def store(make_store):
    return make_store("Corner Goods")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_chat_button_covers_no_control(store, web_server, browser, problems, size):
    viewport = VIEWPORTS[size]
    phone = viewport["width"] < 600
    context = browser.new_context(
        viewport=viewport, is_mobile=phone, device_scale_factor=2 if phone else 1
    )
    page = open_page(context, problems=problems)
    try:
        covered: dict[str, list[str]] = {}
        page.goto(web_server.url(store, "/"))
        covered["home"] = _covered_by_chat(page)

        for count, identifier in enumerate(PRODUCTS, start=1):
            page.goto(web_server.url(store, f"/product/{identifier}"))
            if count == 1:
                covered["product"] = _covered_by_chat(page)
            page.get_by_role("button", name="Add to cart").click()
            expect(page.locator("[data-cart-count]")).to_have_text(str(count))

        page.goto(web_server.url(store, "/cart"))
        expect(page.locator("[data-line]")).to_have_count(len(PRODUCTS))
        # The case that was reported: the cart's "Check out" button under the chat button.
        check_out = page.get_by_role("link", name="Check out")
        check_out.scroll_into_view_if_needed()
        toggle = page.get_by_role("button", name="Questions? Chat with us")
        toggle_box = toggle.bounding_box()
        assert toggle_box is not None and not _overlap(check_out.bounding_box(), toggle_box)
        covered["cart"] = _covered_by_chat(page)
        save_screenshot(page, f"chat-clear-cart-{size}")

        assert covered == {"home": [], "product": [], "cart": []}

        # Still the same widget: opened from its button, closed again with Escape.
        toggle.click()
        expect(page.get_by_label("Your name")).to_be_focused()
        page.keyboard.press("Escape")
        expect(page.locator("#chat-panel")).to_be_hidden()
        expect(toggle).to_be_focused()
        page.problems.assert_none()
    finally:
        context.close()
