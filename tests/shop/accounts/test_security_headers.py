"""Every store response carries the security headers; session cookies are HttpOnly and,
with DEBUG off, Secure; HTTPS responses carry HSTS."""

import pytest

from tests.fixtures.accounts import PASSWORD, make_account

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.mark.parametrize("path", ["/user/logged-in", "/order/products", "/clientevent/pageview"])
def test_csp_frame_and_sniffing_headers_are_set(alpha, client_a, path):
    response = client_a.get(path)

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_https_responses_carry_hsts(alpha, client_a):
    response = client_a.get("/user/logged-in", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_with_debug_off_the_settings_make_cookies_secure_and_send_hsts():
    from config.settings.components import security  # evaluated with DEBUG off

    assert security.DEBUG is False
    assert (security.SESSION_COOKIE_SECURE, security.CSRF_COOKIE_SECURE) == (True, True)
    assert security.SESSION_COOKIE_HTTPONLY is True
    assert security.SECURE_HSTS_SECONDS == 31536000


def test_the_session_cookie_is_httponly_and_secure(alpha, client_a, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True  # production's values
    make_account("ada_lovelace")

    response = client_a.post("/user/login", {"username": "ada_lovelace", "password": PASSWORD})

    session = response.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["secure"] is True
    assert response.cookies["csrftoken"]["secure"] is True
    assert response.cookies["csrftoken"]["httponly"] == ""  # read by the storefront's script
