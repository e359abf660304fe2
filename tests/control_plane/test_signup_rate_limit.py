"""Signup is limited per client address: past the limit, the page and the JSON answer 429
with a clear message and make no store. Other addresses are not held up, and a form whose
fields are malformed (it never reaches the service) is not counted."""

import pytest

from tenants.models import Tenant
from tests.control_plane.conftest import signup_data

pytestmark = pytest.mark.django_db(databases=["default", "second"])

MESSAGE = "Too many stores were started from your network in the last hour."


@pytest.fixture(autouse=True)
def limit_of_two(settings):
    settings.SIGNUP_RATE_LIMIT = 2


def post(client, slug: str, *, ip: str = "203.0.113.7", json: bool = True, **overrides):
    accept = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post("/signup/", signup_data(slug, **overrides), REMOTE_ADDR=ip, **accept)


def test_past_the_limit_the_json_signup_answers_429_and_makes_no_store(platform_client):
    assert post(platform_client, "first-one").status_code == 202
    assert post(platform_client, "second-one").status_code == 202

    response = post(platform_client, "third-one")

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert response.json() == {
        "errors": {
            "__all__": [{"message": f"{MESSAGE} Please try again later.", "code": "rate-limited"}]
        }
    }
    assert not Tenant.objects.filter(slug="third-one").exists()
    # Another address is not held up.
    assert post(platform_client, "third-one", ip="198.51.100.9").status_code == 202


def test_past_the_limit_the_page_says_so_and_keeps_what_was_typed(platform_client):
    post(platform_client, "page-a")
    post(platform_client, "page-b")

    response = post(platform_client, "page-c", json=False)

    html = response.content.decode()
    assert response.status_code == 429
    assert f'<div class="notice notice--error" role="alert" id="form-errors"><p>{MESSAGE}' in html
    assert 'name="slug" value="page-c"' in html
    assert html.count("<h1") == 1


def test_a_form_with_malformed_fields_is_not_counted(platform_client):
    for _ in range(3):
        assert post(platform_client, "mal-formed", email="nope").status_code == 400

    assert post(platform_client, "well-formed").status_code == 202
    assert post(platform_client, "well-formed-two").status_code == 202
    assert post(platform_client, "well-formed-three").status_code == 429
