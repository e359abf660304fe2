"""A store's secrets (its Stripe keys) behind one small interface with two backends.

    store = get_secret_store()
    keys = store.get_tenant_stripe_keys(tenant.pk)   # StripeKeys | None

Backends, chosen by the SECRETS_BACKEND setting (config/settings/components/secrets.py):
- `local` (the default): Fernet-encrypted rows in the public schema (core.local_secrets);
- `aws`: AWS Secrets Manager through boto3 (core.aws_secrets), one secret per store named
  `storefleet/<STOREFLEET_ENV>/tenants/<tenant_id>/stripe` holding a JSON object with the keys
  `publishable_key`, `secret_key` and `webhook_secret` (the tenant Pulumi stack uses the same).

A value that cannot be read (wrong encryption key, unreachable AWS, malformed JSON) raises a
SecretStoreError: a store whose keys are missing answers None, a store whose keys are broken
fails loudly. Secrets never reach a log line or a repr; `masked()` is what an operator sees.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured

log = logging.getLogger(__name__)


class SecretStoreError(Exception):
    """A secret exists but cannot be read or written. Messages never contain secret values."""


class SecretDecryptionError(SecretStoreError):
    """The stored ciphertext does not open with the configured key (or was tampered with)."""


class SecretStoreUnavailable(SecretStoreError):
    """The backend (AWS Secrets Manager) could not be reached or refused the request."""


class InvalidStripeKeys(ValueError):
    """Keys that are not shaped like Stripe keys (pk_..., sk_/rk_..., whsec_...)."""


_PREFIXES = {
    "publishable_key": ("pk_",),
    "secret_key": ("sk_", "rk_"),
    "webhook_secret": ("whsec_",),
}
# Keys of the local Stripe sandbox (stripe_sandbox.keys makes them): test keys that only the
# sandbox knows, usable only in development (sandbox_keys_usable).
SANDBOX_PREFIXES = {
    "publishable_key": "pk_test_sandbox_",
    "secret_key": "sk_test_sandbox_",
    "webhook_secret": "whsec_sandbox_",
}
SANDBOX_REFUSED = (
    "These are Stripe sandbox keys, for development only: they work only with DEBUG on and "
    "STRIPE_SANDBOX_URL set."
)


def masked(value: str) -> str:
    """`sk_test_****wxyz`: the key's type prefix and its last 4 characters, nothing else.

    Short values (where 4 characters would be a large part of the secret) show no tail at all.
    """
    if not value:
        return ""
    prefix = ""
    for known in ("whsec_", "pk_test_", "pk_live_", "sk_test_", "sk_live_", "rk_test_", "rk_live_"):
        if value.startswith(known):
            prefix = known
            break
    rest = value[len(prefix) :]
    if len(rest) < 12:
        return f"{prefix}****"
    return f"{prefix}****{rest[-4:]}"


@dataclass(frozen=True)
class StripeKeys:
    """One store's Stripe account: the key the browser sees, the API key, the webhook secret."""

    publishable_key: str
    secret_key: str
    webhook_secret: str

    def __post_init__(self) -> None:
        for field, prefixes in _PREFIXES.items():
            value = getattr(self, field)
            if not isinstance(value, str) or not value.startswith(prefixes):
                expected = " or ".join(f"{p}..." for p in prefixes)
                raise InvalidStripeKeys(f"{field} must look like {expected}")
            if len(value) > 255 or any(ch.isspace() for ch in value):
                raise InvalidStripeKeys(f"{field} must be at most 255 characters, no spaces")

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.masked().items())
        return f"StripeKeys({shown})"

    __str__ = __repr__

    @property
    def is_sandbox(self) -> bool:
        """Keys of the local Stripe sandbox: any one of them is enough to be refused."""
        return any(getattr(self, f).startswith(p) for f, p in SANDBOX_PREFIXES.items())

    @property
    def test_mode(self) -> bool:
        """Stripe test-mode keys (placeholders and the sandbox's included): nothing is charged."""
        return self.publishable_key.startswith("pk_test_") or self.secret_key.startswith(
            ("sk_test_", "rk_test_")
        )

    def masked(self) -> dict[str, str]:
        return {
            "publishable_key": masked(self.publishable_key),
            "secret_key": masked(self.secret_key),
            "webhook_secret": masked(self.webhook_secret),
        }

    def to_json(self) -> str:
        return json.dumps(
            {
                "publishable_key": self.publishable_key,
                "secret_key": self.secret_key,
                "webhook_secret": self.webhook_secret,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> StripeKeys:
        try:
            data = json.loads(raw)
            return cls(
                publishable_key=data["publishable_key"],
                secret_key=data["secret_key"],
                webhook_secret=data["webhook_secret"],
            )
        except (ValueError, TypeError, KeyError) as exc:
            # ValueError covers malformed JSON and InvalidStripeKeys; the message has no values.
            kind = type(exc).__name__
            raise SecretStoreError(f"stored Stripe keys are malformed ({kind})") from exc


@runtime_checkable
class SecretStore(Protocol):
    def get_tenant_stripe_keys(self, tenant_id: int) -> StripeKeys | None:
        """The store's keys, or None when none are set."""
        ...

    def set_tenant_stripe_keys(self, tenant_id: int, keys: StripeKeys) -> None:
        """Create or replace the store's keys."""
        ...

    def delete_tenant_stripe_keys(self, tenant_id: int) -> None:
        """Remove the store's keys; removing keys that do not exist is not an error."""
        ...


def sandbox_keys_usable() -> bool:
    """Whether sandbox keys may be used: in development (DEBUG) with a sandbox configured.
    Read at call time, not import time: the settings may change under tests."""
    return bool(settings.DEBUG and getattr(settings, "STRIPE_SANDBOX_URL", None))


# -- is the store in test mode? (every storefront page asks: its test-mode ribbon) ------------

# Global keys named by tenant id: the writers of keys (signup, provisioning, the dashboard) run
# outside the store's schema, where the tenant-aware cache would name another key. The lifetime
# only bounds staleness should a forgetting be missed (a per-process cache without Redis).
TEST_MODE_CACHE = "platform"
TEST_MODE_SECONDS = 300


def _test_mode_key(tenant_id: int) -> str:
    return f"stripe-test-mode:{tenant_id}"


def store_in_test_mode(tenant_id: int) -> bool:
    """Whether the store's Stripe keys are test keys (no keys, live keys: False). Cached."""
    cache = caches[TEST_MODE_CACHE]
    cached = cache.get(_test_mode_key(tenant_id))
    if cached is not None:
        return cached
    try:
        keys = get_secret_store().get_tenant_stripe_keys(tenant_id)
    except SecretStoreError as exc:  # a page must not fail over its ribbon; checkout will say
        log.warning("test mode of store %s unknown: %s", tenant_id, exc)
        return False
    test_mode = bool(keys and keys.test_mode)
    cache.set(_test_mode_key(tenant_id), test_mode, TEST_MODE_SECONDS)
    return test_mode


def forget_test_mode(tenant_id: int) -> None:
    """Called by every backend whenever a store's keys are written or deleted."""
    caches[TEST_MODE_CACHE].delete(_test_mode_key(tenant_id))


BACKENDS = ("local", "aws")


def get_secret_store() -> SecretStore:
    """The configured backend. Built once per configuration (settings overrides get their own)."""
    backend = settings.SECRETS_BACKEND
    if backend == "local":
        return _local_store(settings.SECRETS_ENCRYPTION_KEY, settings.SECRET_KEY)
    if backend == "aws":
        return _aws_store(settings.AWS_REGION, settings.AWS_ENDPOINT_URL, settings.STOREFLEET_ENV)
    raise ImproperlyConfigured(f"SECRETS_BACKEND must be one of {BACKENDS}, got {backend!r}")


@lru_cache(maxsize=8)
def _local_store(encryption_keys: str, secret_key: str) -> SecretStore:
    from core.local_secrets import LocalSecretStore

    return LocalSecretStore.from_settings(encryption_keys=encryption_keys, secret_key=secret_key)


@lru_cache(maxsize=8)
def _aws_store(region: str, endpoint_url: str | None, environment: str) -> SecretStore:
    from core.aws_secrets import AwsSecretStore

    return AwsSecretStore(region=region, endpoint_url=endpoint_url, environment=environment)
