"""Keys for a store's account in the sandbox: Stripe test keys with a prefix of their own.

The store sends keys with these prefixes to STRIPE_SANDBOX_URL, and refuses them when the
sandbox is not configured or DEBUG is off (shop.checkout.stripe_api), so they can never reach
Stripe itself.
"""

from __future__ import annotations

import secrets

from core.secrets import SANDBOX_PREFIXES, StripeKeys


def new_sandbox_keys() -> StripeKeys:
    """A fresh key triple: `pk_test_sandbox_…`, `sk_test_sandbox_…`, `whsec_sandbox_…`."""
    return StripeKeys(
        publishable_key=SANDBOX_PREFIXES["publishable_key"] + secrets.token_hex(16),
        secret_key=SANDBOX_PREFIXES["secret_key"] + secrets.token_hex(24),
        webhook_secret=SANDBOX_PREFIXES["webhook_secret"] + secrets.token_hex(24),
    )
