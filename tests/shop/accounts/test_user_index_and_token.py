"""GET /user/ is plain text; /user/token and /user/logged-in hand out the CSRF cookie."""

import pytest

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_the_user_api_root_is_plain_text(alpha, client_a):
    response = client_a.get("/user/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == (
        b"Hello, you're at the user API (version 0.0.1) root. Nothing to see here..."
    )


def test_token_sets_the_csrf_cookie_and_returns_a_hidden_input(alpha, client_a):
    response = client_a.get("/user/token")

    body = response.json()
    cookie = response.cookies["csrftoken"]
    assert body["user-api-version"] == "0.0.1"
    assert body["token"].startswith('<input type="hidden" name="csrfmiddlewaretoken" value="')
    assert cookie.value
    assert cookie["httponly"] == ""  # the storefront's JavaScript reads it


def test_logged_in_sets_the_csrf_cookie(alpha, client_a):
    response = client_a.get("/user/logged-in")

    assert response.cookies["csrftoken"].value
