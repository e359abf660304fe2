"""What a shopper does in many journeys, done the one way a person does it in the browser."""

from __future__ import annotations

from playwright.sync_api import expect


def create_account(
    page,
    url: str,
    *,
    first_name: str,
    last_name: str,
    username: str,
    email: str,
    password: str,
) -> None:
    """Fill the store's /create-account page (`url`) and submit it; the account page follows."""
    page.goto(url)
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill(last_name)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Confirm password").fill(password)
    page.get_by_label("I agree to the terms of use").check()
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(url.removesuffix("/create-account") + "/account")
