"""A store's Stripe keys go into the secret store, from signup or as test-mode placeholders,
and are shown back masked only: on the dashboard, in the audit log, in step logs."""

import pytest
from core.secrets import StripeKeys, get_secret_store
from stripe_sandbox.keys import new_sandbox_keys

from control_plane.audit import OperatorAuditLog
from control_plane.dashboard.permissions import Role
from tenants.models import Tenant
from tests.control_plane.conftest import signup_data

pytestmark = pytest.mark.django_db(databases=["default", "second"])

SIGNUP_KEYS = StripeKeys(
    publishable_key="pk_test_51Hsignupsignupsignup0pk11",
    secret_key="sk_test_51Hsignupsignupsignup0sk22",
    webhook_secret="whsec_signupsignupsignup0wh33",
)
NEW_KEYS = StripeKeys(
    publishable_key="pk_live_51Hrotatedrotatedrot0pk44",
    secret_key="sk_live_51Hrotatedrotatedrot0sk55",
    webhook_secret="whsec_rotatedrotatedrot0wh66",
)


def full_values(keys: StripeKeys) -> list[str]:
    return [keys.publishable_key, keys.secret_key, keys.webhook_secret]


def signup_with_keys(keys: StripeKeys) -> dict[str, str]:
    return {
        "stripe_publishable_key": keys.publishable_key,
        "stripe_secret_key": keys.secret_key,
        "stripe_webhook_secret": keys.webhook_secret,
    }


def test_keys_given_at_signup_are_stored_and_shown_masked(
    platform_client, staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        platform_client.post("/signup/", {**signup_data("keyed"), **signup_with_keys(SIGNUP_KEYS)})
    viewer = staff_client(Role.VIEWER)

    page = viewer.get("/dashboard/tenants/keyed/").content.decode()

    tenant = Tenant.objects.get(slug="keyed")
    assert get_secret_store().get_tenant_stripe_keys(tenant.pk) == SIGNUP_KEYS
    assert "<dd>pk_test_****pk11</dd>" in page
    assert "<dd>sk_test_****sk22</dd>" in page
    assert "<dd>whsec_****wh33</dd>" in page
    assert "test-mode placeholders" not in page
    logs = "".join(tenant.provisioning_jobs.get().steps.values_list("log", flat=True))
    assert "Stripe keys present: secret key sk_test_****sk22" in logs
    for value in full_values(SIGNUP_KEYS):
        assert value not in page and value not in logs


def test_without_keys_the_store_gets_placeholders_the_dashboard_calls_so(signed_up, staff_client):
    job = signed_up("unkeyed")
    keys = get_secret_store().get_tenant_stripe_keys(job.tenant_id)

    page = staff_client(Role.VIEWER).get("/dashboard/tenants/unkeyed/").content.decode()

    assert keys.secret_key.startswith("sk_test_placeholder")
    assert keys.publishable_key.startswith("pk_test_placeholder")
    assert "These are test-mode placeholders" in page
    for value in full_values(keys):
        assert value not in page


def test_an_operator_rotates_the_keys_and_sees_only_their_masks(signed_up, staff_client):
    job = signed_up("rotating")
    operator = staff_client(Role.OPERATOR)

    response = operator.post(
        "/dashboard/tenants/rotating/stripe-keys",
        {
            "publishable_key": NEW_KEYS.publishable_key,
            "secret_key": NEW_KEYS.secret_key,
            "webhook_secret": NEW_KEYS.webhook_secret,
        },
        follow=True,
    )

    page = response.content.decode()
    assert get_secret_store().get_tenant_stripe_keys(job.tenant_id) == NEW_KEYS
    assert "Stripe keys of rotating set (secret key sk_live_****sk55)." in page
    assert "<dd>sk_live_****sk55</dd>" in page
    audit = OperatorAuditLog.objects.get(action="set_stripe_keys")
    for value in full_values(NEW_KEYS):
        assert value not in page
        assert value not in str(audit.detail)


def test_malformed_keys_are_refused_without_echoing_them(signed_up, staff_client):
    job = signed_up("typo-keys")
    before = get_secret_store().get_tenant_stripe_keys(job.tenant_id)
    secret = "sk_test_51Hmistypedmistyped0000"

    response = staff_client(Role.OPERATOR).post(
        "/dashboard/tenants/typo-keys/stripe-keys",
        {"publishable_key": secret, "secret_key": secret, "webhook_secret": "whsec_x" * 4},
    )

    assert response.status_code == 400
    assert "publishable_key must look like pk_..." in response.content.decode()
    assert secret not in response.content.decode()
    assert get_secret_store().get_tenant_stripe_keys(job.tenant_id) == before
    assert not OperatorAuditLog.objects.exists()


def test_sandbox_keys_are_refused_where_no_sandbox_may_run(signed_up, staff_client, settings):
    settings.DEBUG = False
    job = signed_up("sandboxed-keys")
    before = get_secret_store().get_tenant_stripe_keys(job.tenant_id)
    keys = new_sandbox_keys()

    response = staff_client(Role.OPERATOR).post(
        "/dashboard/tenants/sandboxed-keys/stripe-keys",
        {
            "publishable_key": keys.publishable_key,
            "secret_key": keys.secret_key,
            "webhook_secret": keys.webhook_secret,
        },
    )

    assert response.status_code == 400
    assert "sandbox keys, for development only" in response.content.decode()
    assert get_secret_store().get_tenant_stripe_keys(job.tenant_id) == before
    assert not OperatorAuditLog.objects.exists()
