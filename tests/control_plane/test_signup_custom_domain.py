"""A founder may give a custom domain at signup: the job routes it to the store once the
provisioner has set it up. One that is malformed, the platform's own, or taken is refused."""

import pytest
from django.conf import settings

from tenants.models import Domain, Tenant
from tenants.services import add_domain
from tests.control_plane.conftest import signup_data

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _post(client, data):
    return client.post("/signup/", data, HTTP_ACCEPT="application/json")


def test_a_custom_domain_given_at_signup_serves_the_store(
    platform_client, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(platform_client, signup_data("own-name", custom_domain="www.own.example"))

    assert response.status_code == 202
    assert Domain.objects.get(domain="www.own.example").tenant.slug == "own-name"
    assert client_for("www.own.example").get("/order/products").status_code == 200


@pytest.mark.parametrize(
    ("host", "code"),
    [
        ("no dots", "invalid"),
        (f"shop.{settings.PLATFORM_DOMAIN}", "invalid"),
        ("taken.example", "taken"),
    ],
)
def test_a_custom_domain_the_store_cannot_have_is_refused_at_signup(
    platform_client, store_a, host, code
):
    add_domain(store_a, "taken.example")

    response = _post(platform_client, signup_data("own-name", custom_domain=host))

    assert response.status_code == 400
    assert [e["code"] for e in response.json()["errors"]["custom_domain"]] == [code]
    assert not Tenant.objects.filter(slug="own-name").exists()
