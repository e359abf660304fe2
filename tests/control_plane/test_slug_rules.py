"""Signup refuses a slug that is taken, reserved or malformed, and a weak password, with
machine-readable errors and without creating anything."""

import re

import pytest
from django.conf import settings

from control_plane.provisioning.models import ProvisioningJob
from tenants.models import Tenant
from tenants.services import add_domain
from tests.control_plane.conftest import signup_data

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _post(client, data):
    return client.post("/signup/", data, HTTP_ACCEPT="application/json")


@pytest.mark.parametrize(
    "word", ["www", "admin", "api", "app", "platform", "static", "mail", "status", "dashboard"]
)
def test_a_reserved_word_is_refused_as_a_slug(platform_client, word):
    response = _post(platform_client, signup_data(word))

    assert response.status_code == 400
    assert response.json() == {
        "errors": {"slug": [{"message": f"'{word}' is reserved.", "code": "reserved"}]}
    }
    assert not Tenant.objects.filter(slug=word).exists()


def test_a_second_signup_for_a_taken_slug_is_refused(
    platform_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(platform_client, signup_data("twice"))
    second = _post(platform_client, signup_data("twice", email="other@example.com"))

    assert first.status_code == 202
    assert second.status_code == 400
    assert second.json() == {
        "errors": {"slug": [{"message": "'twice' is already taken.", "code": "taken"}]}
    }
    assert Tenant.objects.filter(slug="twice").count() == 1
    assert ProvisioningJob.objects.filter(tenant__slug="twice").count() == 1


def test_a_slug_whose_host_another_store_serves_is_taken(platform_client, store_a):
    add_domain(store_a, f"squatted.{settings.PLATFORM_DOMAIN}")

    response = _post(platform_client, signup_data("squatted"))

    assert response.json()["errors"]["slug"][0]["code"] == "taken"
    assert not Tenant.objects.filter(slug="squatted").exists()


@pytest.mark.parametrize("slug", ["ab", "9lives", "under_score", "trailing-", "UPPER", "x" * 41])
def test_a_malformed_slug_is_refused(platform_client, slug):
    response = _post(platform_client, signup_data(slug, email="founder@example.com"))

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "slug": [
            {
                "message": "Use 3 to 40 lowercase letters, digits and hyphens, starting with a "
                "letter.",
                "code": "invalid",
            }
        ]
    }
    assert not Tenant.objects.filter(slug=slug).exists()


def test_a_weak_password_is_refused_by_djangos_validators(platform_client):
    response = _post(platform_client, signup_data("weakling", password="password"))

    assert response.status_code == 400
    codes = {error["code"] for error in response.json()["errors"]["password"]}
    assert "password_too_common" in codes
    assert not Tenant.objects.filter(slug="weakling").exists()


def test_the_form_page_shows_the_services_errors_next_to_their_fields(platform_client):
    response = platform_client.post("/signup/", signup_data("www", password="short"))

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        '<div class="field-errors" id="id_slug_error">'
        '<p class="field-error">&#x27;www&#x27; is reserved.</p></div>'
    ) in html
    slug_input = re.search(r'<input[^>]* name="slug"[^>]*>', html)[0]
    assert 'aria-invalid="true"' in slug_input
    assert 'aria-describedby="id_slug_helptext slug-status id_slug_error"' in slug_input
    assert '<div class="field-errors" id="id_password_error">' in html
    assert "This password is too short." in html
    assert html.count("<h1") == 1


def test_the_form_page_shows_a_malformed_email_first(platform_client):
    response = platform_client.post("/signup/", signup_data("mailer", email="not-an-email"))

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Tenant.objects.filter(slug="mailer").exists()
