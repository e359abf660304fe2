"""Every POST of the /user API needs the CSRF token that /user/token hands out."""

import pytest
from django.test import Client

from shop.accounts.urls import ROUTES
from tenants.services import primary_host_for

pytestmark = pytest.mark.django_db(databases=["default", "second"])

POST_ROUTES = [r for r in ROUTES if r not in {"token", "logged-in", "account-content",
               "email-unsubscribe-lookup", "terms-of-use-agree-check"}]  # fmt: skip


@pytest.mark.parametrize("route", POST_ROUTES)
def test_a_post_without_the_token_is_forbidden(alpha, route):
    client = Client(HTTP_HOST=primary_host_for(alpha.slug), enforce_csrf_checks=True)

    response = client.post(f"/user/{route}", {"username": "x"})

    assert response.status_code == 403


def test_a_post_with_the_cookie_and_header_from_token_passes(alpha):
    client = Client(HTTP_HOST=primary_host_for(alpha.slug), enforce_csrf_checks=True)
    token = client.get("/user/token").cookies["csrftoken"].value

    response = client.post(
        "/user/login", {"username": "nobody_here", "password": "x"}, HTTP_X_CSRFTOKEN=token
    )

    assert response.status_code == 200
    assert response.json()["login"] == "false"
