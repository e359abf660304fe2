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
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


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
