"""GET /signup/check-slug?slug= tells a founder, as they type, whether a slug is free."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db(databases=["default", "second"])

URL = "/signup/check-slug"


def test_a_free_slug_is_available(platform_client):
    response = platform_client.get(URL, {"slug": "fresh-shop"})

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "slug": "fresh-shop",
        "available": True,
        "code": "available",
        "message": f"fresh-shop.{settings.PLATFORM_DOMAIN} is available.",
    }


def test_an_existing_stores_slug_is_taken(platform_client, store_a):
    body = platform_client.get(URL, {"slug": store_a.slug}).json()

    assert body == {
        "slug": "alpha",
        "available": False,
        "code": "taken",
        "message": "'alpha' is already taken.",
    }


def test_a_reserved_word_is_not_available(platform_client):
    body = platform_client.get(URL, {"slug": "admin"}).json()

    assert (body["available"], body["code"]) == (False, "reserved")


def test_a_malformed_slug_is_not_available_and_says_why(platform_client):
    body = platform_client.get(URL, {"slug": "no_underscores"}).json()

    assert body == {
        "slug": "no_underscores",
        "available": False,
        "code": "invalid",
        "message": "Use 3 to 40 lowercase letters, digits and hyphens, starting with a letter.",
    }


def test_the_check_is_case_insensitive_and_trims(platform_client, store_a):
    body = platform_client.get(URL, {"slug": "  ALPHA "}).json()

    assert (body["slug"], body["code"]) == ("alpha", "taken")


def test_no_slug_is_a_400_with_a_code(platform_client):
    response = platform_client.get(URL)

    assert response.status_code == 400
    assert response.json() == {
        "errors": {"slug": [{"message": "Give a slug to check.", "code": "required"}]}
    }


def test_the_check_costs_two_queries(platform_client, django_assert_num_queries):
    with django_assert_num_queries(2):
        platform_client.get(URL, {"slug": "cheap-check"})


def test_the_check_answers_only_on_the_platform_domain(client_for, store_a):
    assert client_for(store_a).get(URL, {"slug": "x"}).status_code == 404
