"""In development (DEBUG on, the Stripe sandbox configured), a store opened without Stripe
keys gets sandbox keys and its account in the sandbox, so it takes test payments at once;
a sandbox that does not answer leaves the store opening with placeholders."""

from __future__ import annotations

import pytest
from core.secrets import get_secret_store

from control_plane.provisioning.models import ProvisioningJob
from tests.fixtures.processes import free_port

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_store_opened_without_keys_gets_its_sandbox_account(signed_up, stripe_server, settings):
    settings.DEBUG = True
    settings.STRIPE_SANDBOX_URL = stripe_server.base_url
    settings.PUBLIC_PORT = 8000

    job = signed_up("devshop")

    assert job.status == ProvisioningJob.Status.SUCCEEDED
    keys = get_secret_store().get_tenant_stripe_keys(job.tenant_id)
    assert keys.is_sandbox
    account = stripe_server.accounts[keys.secret_key]
    assert account.name == "Devshop Goods"
    assert account.webhook_secret == keys.webhook_secret
    assert account.webhook_url == "http://devshop.platform.test:8000/order/stripe-webhook"
    step_log = job.steps.get(name="stripe_keys").log
    assert "Stripe sandbox keys: secret key sk_test_****" in step_log
    assert keys.secret_key not in step_log


def test_a_sandbox_that_does_not_answer_leaves_placeholders(signed_up, settings):
    settings.DEBUG = True
    settings.STRIPE_SANDBOX_URL = f"http://127.0.0.1:{free_port()}"

    job = signed_up("devshop-down")

    assert job.status == ProvisioningJob.Status.SUCCEEDED
    keys = get_secret_store().get_tenant_stripe_keys(job.tenant_id)
    assert not keys.is_sandbox and "placeholder" in keys.secret_key
    assert "the Stripe sandbox is not answering" in job.steps.get(name="stripe_keys").log


def test_outside_development_a_store_gets_placeholders(signed_up, stripe_server, settings):
    settings.DEBUG = False
    settings.STRIPE_SANDBOX_URL = stripe_server.base_url

    job = signed_up("prodshop")

    keys = get_secret_store().get_tenant_stripe_keys(job.tenant_id)
    assert "placeholder" in keys.secret_key
