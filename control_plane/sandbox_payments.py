"""Test payments through the Stripe sandbox, for stores made in development (DEBUG on and
STRIPE_SANDBOX_URL set): the demo stores of scripts/run and the stores founders open there, so
every store a developer makes can take a test payment end to end, as a new Shopify store does
with its test gateway."""

from __future__ import annotations

from core.secrets import get_secret_store
from django.conf import settings
from stripe_sandbox.client import register_account
from stripe_sandbox.keys import new_sandbox_keys

from tenants.models import Tenant
from tenants.services import primary_host_for, public_url_for


def ensure_sandbox_payments(*, tenant: Tenant) -> bool:
    """Give the store sandbox keys (kept once given) and its account in the sandbox, whose
    webhooks come to the store's primary host. A store with the keys of a real Stripe account
    is left as it is (False). Callers check core.secrets.sandbox_keys_usable() first."""
    secrets_store = get_secret_store()
    keys = secrets_store.get_tenant_stripe_keys(tenant.pk)
    if keys is not None and not keys.is_sandbox and "placeholder" not in keys.secret_key:
        return False
    fresh = keys is None or not keys.is_sandbox
    if fresh:
        keys = new_sandbox_keys()
    # The account first: keys the sandbox does not know are never stored.
    register_account(
        settings.STRIPE_SANDBOX_URL,
        keys=keys,
        name=tenant.name,
        webhook_url=f"{public_url_for(primary_host_for(tenant.slug))}/order/stripe-webhook",
    )
    if fresh:
        secrets_store.set_tenant_stripe_keys(tenant.pk, keys)
    return True
