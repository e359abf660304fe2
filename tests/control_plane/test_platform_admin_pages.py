"""The platform host's admin serves the public schema's models only, and every page of it
answers a signed-in superuser (it listed the stores' models, whose tables the public schema
does not hold, and the index answered a 500)."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import NoReverseMatch, reverse

from control_plane.platform_admin import platform_admin_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client() -> Client:
    User.objects.create_superuser("root", "root@example.com", "a-long-password-1")
    client = Client(HTTP_HOST="platform.test")
    client.force_login(User.objects.get(username="root"))
    return client


def test_the_index_answers_and_lists_no_store_model(superuser_client):
    response = superuser_client.get("/admin/")

    assert response.status_code == 200
    assert b"Storefleet platform admin" in response.content
    assert b"/admin/auth/user/" in response.content
    assert b"/admin/emails/" not in response.content
    assert b"/admin/catalog/" not in response.content


def test_every_registered_model_has_working_pages(superuser_client):
    registered = list(platform_admin_site._registry)
    assert {model._meta.label for model in registered} >= {"auth.User", "auth.Group"}
    for model in registered:
        meta = model._meta
        for view in ("changelist", "add"):
            url = reverse(
                f"admin:{meta.app_label}_{meta.model_name}_{view}", urlconf="config.urls_public"
            )
            assert superuser_client.get(url).status_code == 200, url


def test_a_signed_in_superuser_posting_the_login_form_is_not_a_500(superuser_client):
    response = superuser_client.post(
        "/admin/login/", {"username": "root", "password": "a-long-password-1", "next": "/admin/"}
    )

    assert response.status_code == 302


def test_only_the_store_admin_has_the_store_models():
    with pytest.raises(NoReverseMatch):
        reverse("admin:catalog_product_changelist", urlconf="config.urls_public")
    assert reverse("admin:catalog_product_changelist", urlconf="config.urls_tenant")
