"""The operator dashboard is for platform staff only: its own login against the public
schema's users; a viewer may look at everything and change nothing (403 on every action)."""

import pytest
from core.secrets import get_secret_store
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from control_plane.audit import OperatorAuditLog
from control_plane.dashboard.permissions import Role
from control_plane.provisioning.models import ProvisioningJob
from tenants.models import Tenant

pytestmark = pytest.mark.django_db(databases=["default", "second"])

KEYS = {
    "publishable_key": "pk_test_51Hviewerviewerviewer0001",
    "secret_key": "sk_test_51Hviewerviewerviewer0002",
    "webhook_secret": "whsec_viewerviewerviewer0003",
}


def mutating_requests(slug: str, job: ProvisioningJob) -> list[tuple[str, dict]]:
    base = f"/dashboard/tenants/{slug}"
    return [
        (f"{base}/suspend", {}),
        (f"{base}/resume", {}),
        (f"{base}/plan", {"plan": "pro"}),
        (f"{base}/domains", {"custom_domain": "shop.viewer.example"}),
        (f"{base}/domains/1/check", {}),
        (f"{base}/stripe-keys", KEYS),
        (f"{base}/jobs/{job.pk}/resume", {}),
        (f"{base}/jobs/{job.pk}/steps/seed/rerun", {}),
    ]


def test_a_viewer_gets_403_on_every_action_and_nothing_changes(signed_up, staff_client):
    job = signed_up("look-only")
    viewer = staff_client(Role.VIEWER)
    tenant = Tenant.objects.get(slug="look-only")
    keys_before = get_secret_store().get_tenant_stripe_keys(tenant.pk)

    statuses = [viewer.post(url, data).status_code for url, data in mutating_requests(
        "look-only", job)]  # fmt: skip

    assert statuses == [403] * 8
    tenant.refresh_from_db()
    assert (tenant.state, tenant.plan) == ("active", "free")
    assert sorted(tenant.domains.values_list("domain", flat=True)) == [
        "look-only.localhost",
        f"look-only.{settings.PLATFORM_DOMAIN}",
    ]
    assert get_secret_store().get_tenant_stripe_keys(tenant.pk) == keys_before
    assert ProvisioningJob.objects.filter(tenant=tenant).count() == 1
    assert not OperatorAuditLog.objects.exists()


def test_a_viewer_sees_the_stores_and_a_store_page_without_action_forms(signed_up, staff_client):
    signed_up("look-only")
    viewer = staff_client(Role.VIEWER)

    listing = viewer.get("/dashboard/tenants/")
    page = viewer.get("/dashboard/tenants/look-only/").content.decode()

    assert listing.status_code == 200
    assert 'data-slug="look-only"' in listing.content.decode()
    assert '<form method="post" action="/dashboard/tenants/' not in page
    assert "Provisioning jobs" in page


def test_an_operator_is_allowed_the_same_actions(signed_up, staff_client):
    signed_up("look-only")
    operator = staff_client(Role.OPERATOR)

    response = operator.post("/dashboard/tenants/look-only/plan", {"plan": "pro"})

    assert response.status_code == 302
    assert Tenant.objects.get(slug="look-only").plan == "pro"


def test_someone_signed_in_without_a_role_is_refused(staff_client):
    assert staff_client(None).get("/dashboard/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_dashboards_login(platform_client):
    response = platform_client.get("/dashboard/tenants/any/")

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/login/?next=/dashboard/tenants/any/"


def test_staff_sign_in_with_their_public_schema_account(staff_client):
    staff_client(Role.VIEWER, username="vera")
    User.objects.filter(username="vera").update(password="")
    user = User.objects.get(username="vera")
    user.set_password("Vera-Looks-99")
    user.save()
    client = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)

    login_page = client.get("/dashboard/login/")
    response = client.post(
        "/dashboard/login/", {"username": "vera", "password": "Vera-Looks-99", "next": ""}
    )

    assert login_page.status_code == 200
    assert login_page.content.decode().count("<h1") == 1
    assert (response.status_code, response["Location"]) == (302, "/dashboard/")
    assert client.get("/dashboard/").status_code == 200


def test_the_dashboard_is_not_served_on_a_store_host(store_a, client_for, staff_client):
    assert client_for(store_a).get("/dashboard/").status_code == 404
