"""The signup page: it answers at once with the job, whose page and status show the store's
progress and, once live, link to the store and its admin (tasks run eagerly here)."""

import re

import pytest
from django.conf import settings

from control_plane.provisioning.models import ProvisioningJob
from tenants.models import Tenant
from tests.control_plane.conftest import FOUNDER_PASSWORD, signup_data

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_the_signup_page_has_one_h1_and_a_label_for_every_field(platform_client):
    html = platform_client.get("/signup/").content.decode()

    assert html.count("<h1") == 1
    inputs = set(re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html))
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert inputs == {
        "id_store_name", "id_slug", "id_email", "id_password", "id_catalog", "id_custom_domain",
        "id_stripe_publishable_key", "id_stripe_secret_key", "id_stripe_webhook_secret",
    }  # fmt: skip
    assert inputs <= labelled


def test_no_page_of_the_signup_has_an_inline_script(platform_client, signed_up):
    job = signed_up("no-inline")
    for path in ("/signup/", f"/signup/jobs/{job.token}/"):
        html = platform_client.get(path).content.decode()
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
        assert scripts, path
        assert all(
            ' src="/static/control_plane/' in attrs and body == "" for attrs, body in scripts
        )


def test_a_signup_redirects_to_its_job_page_which_links_to_the_live_store(
    platform_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = platform_client.post("/signup/", signup_data("page-one"))

    job = ProvisioningJob.objects.get(tenant__slug="page-one")
    assert response.status_code == 302
    assert response["Location"] == f"/signup/jobs/{job.token}/"
    page = platform_client.get(response["Location"]).content.decode()
    home = f"http://page-one.{settings.PLATFORM_DOMAIN}/"
    assert f'<a id="store-link" href="{home}"' in page
    assert f'<a id="admin-link" href="{home}admin/"' in page
    assert "Your store is live." in page


def test_the_json_signup_answers_202_with_the_job_and_its_status_shows_every_step(
    platform_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = platform_client.post(
            "/signup/", signup_data("json-one"), HTTP_ACCEPT="application/json"
        )

    body = response.json()
    job = ProvisioningJob.objects.get(tenant__slug="json-one")
    assert response.status_code == 202
    assert body == {
        "job": job.token,
        "slug": "json-one",
        "page_url": f"/signup/jobs/{job.token}/",
        "status_url": f"/signup/jobs/{job.token}/status",
    }
    status = platform_client.get(body["status_url"], HTTP_HOST=f"{settings.PLATFORM_DOMAIN}:8000")
    status = status.json()
    assert status["status"] == "succeeded" and status["progress"] == 100 and status["live"]
    assert [(s["name"], s["state"], s["attempts"]) for s in status["steps"]] == [
        (name, "succeeded", 1)
        for name in (
            "schema", "seed", "admin_account", "stripe_keys", "primary_domain",
            "infrastructure", "activate",
        )
    ]  # fmt: skip
    home = f"http://json-one.{settings.PLATFORM_DOMAIN}:8000/"
    assert status["links"] == {"home": home, "admin": home + "admin/"}


def test_the_signup_job_forgets_the_founders_password_hash_once_done(signed_up):
    job = signed_up("forgetful")

    assert job.status == ProvisioningJob.Status.SUCCEEDED
    assert job.founder_password_hash == ""
    assert FOUNDER_PASSWORD not in "".join(job.steps.values_list("log", flat=True))
    assert Tenant.objects.get(slug="forgetful").state == Tenant.State.ACTIVE


def test_an_unknown_job_is_a_404_in_json(platform_client):
    response = platform_client.get("/signup/jobs/nope/status")

    assert response.status_code == 404
    assert response.json() == {
        "errors": {"job": [{"message": "No such job.", "code": "not_found"}]}
    }
