"""An operator adds a custom domain: a job has the provisioner set it up, then the store
answers on it. Addresses under the platform's own domain, or taken ones, are refused."""

import pytest
from django.conf import settings

from control_plane.dashboard.permissions import Role
from control_plane.provisioning.models import ProvisioningJob
from tenants.models import Domain
from tenants.services import add_domain

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def operator(staff_client):
    return staff_client(Role.OPERATOR)


def test_a_custom_domain_is_set_up_by_a_job_and_then_serves_the_store(
    signed_up, operator, client_for, django_capture_on_commit_callbacks
):
    store = signed_up("branded").tenant

    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(
            "/dashboard/tenants/branded/domains", {"custom_domain": "Shop.Branded.Example."}
        )

    job = ProvisioningJob.objects.get(tenant=store, kind="custom_domain")
    assert response.status_code == 302
    assert (job.status, job.custom_domain, job.requested_by) == (
        "succeeded",
        "shop.branded.example",
        operator.user,
    )
    assert [s.name for s in job.steps.all()] == ["infrastructure"]
    assert "added domain shop.branded.example" in job.steps.get().log
    assert Domain.objects.get(domain="shop.branded.example").tenant_id == store.pk
    assert client_for("shop.branded.example").get("/order/products").status_code == 200


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        (f"other.{settings.PLATFORM_DOMAIN}", f"addresses under {settings.PLATFORM_DOMAIN}"),
        ("not a domain", "invalid custom domain"),
    ],
)
def test_a_custom_domain_the_store_may_not_take_is_refused(signed_up, operator, host, reason):
    signed_up("branded")

    response = operator.post("/dashboard/tenants/branded/domains", {"custom_domain": host})

    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not ProvisioningJob.objects.filter(kind="custom_domain").exists()


def test_a_domain_another_store_serves_is_refused(signed_up, operator, store_a):
    signed_up("branded")
    add_domain(store_a, "shop.alpha.example")

    response = operator.post(
        "/dashboard/tenants/branded/domains", {"custom_domain": "shop.alpha.example"}
    )

    assert response.status_code == 400
    assert "shop.alpha.example already serves a store" in response.content.decode()
    assert not ProvisioningJob.objects.filter(kind="custom_domain").exists()
