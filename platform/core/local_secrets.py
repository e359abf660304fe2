"""The embedded secret store: Fernet-encrypted rows in the public schema (core.EncryptedSecret).

Key material, from the SECRETS_ENCRYPTION_KEY setting:
- one Fernet key (`Fernet.generate_key()`), or several separated by commas: the first one
  encrypts, all of them decrypt, so a key is rotated by putting the new one first and calling
  `reencrypt_all()`;
- unset: a key derived from SECRET_KEY with HKDF-SHA256. Changing SECRET_KEY then makes every
  stored secret unreadable, and reading one fails loudly (SecretDecryptionError), never
  silently returns None.

Each plaintext carries the secret's own name, so a ciphertext copied onto another row (another
store's keys) is refused too.
"""

from __future__ import annotations

import base64
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from core.models import EncryptedSecret
from core.secrets import SecretDecryptionError, StripeKeys, forget_test_mode

_HKDF_SALT = b"storefleet.local-secrets"
_HKDF_INFO = b"fernet-key-v1"


def _keys_changed(tenant_id: int) -> None:
    """Forget the store's cached test mode now, and again once the write commits: a page read
    in between still saw the old keys and may have cached them."""
    forget_test_mode(tenant_id)
    transaction.on_commit(lambda: forget_test_mode(tenant_id), using="default")


def derive_key(secret_key: str) -> bytes:
    """A Fernet key derived from Django's SECRET_KEY (used when no key is configured)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=_HKDF_INFO).derive(
        secret_key.encode("utf-8")
    )
    return base64.urlsafe_b64encode(raw)


def parse_keys(encryption_keys: str) -> list[bytes]:
    """The comma-separated Fernet keys of SECRETS_ENCRYPTION_KEY, each checked."""
    keys = [item.strip().encode("ascii") for item in encryption_keys.split(",") if item.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(
                f"SECRETS_ENCRYPTION_KEY entry {position} is not a Fernet key "
                "(32 url-safe base64-encoded bytes)"
            ) from exc
    return keys


def tenant_secret_name(tenant_id: int) -> str:
    return f"tenants/{int(tenant_id)}/stripe"


class LocalSecretStore:
    """SecretStore backed by the `core_encryptedsecret` table of the shared database."""

    def __init__(self, *, keys: list[bytes]) -> None:
        if not keys:
            raise ImproperlyConfigured("the local secret store needs at least one key")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    @classmethod
    def from_settings(cls, *, encryption_keys: str, secret_key: str) -> LocalSecretStore:
        keys = parse_keys(encryption_keys) if encryption_keys.strip() else [derive_key(secret_key)]
        return cls(keys=keys)

    # -- SecretStore -------------------------------------------------------------------------

    def get_tenant_stripe_keys(self, tenant_id: int) -> StripeKeys | None:
        value = self.read_secret(name=tenant_secret_name(tenant_id))
        return None if value is None else StripeKeys.from_json(value)

    def set_tenant_stripe_keys(self, tenant_id: int, keys: StripeKeys) -> None:
        self.write_secret(name=tenant_secret_name(tenant_id), value=keys.to_json())
        _keys_changed(tenant_id)

    def delete_tenant_stripe_keys(self, tenant_id: int) -> None:
        self.delete_secret(name=tenant_secret_name(tenant_id))
        _keys_changed(tenant_id)

    # -- any named secret --------------------------------------------------------------------

    def read_secret(self, *, name: str) -> str | None:
        ciphertext = (
            EncryptedSecret.objects.filter(name=name).values_list("ciphertext", flat=True).first()
        )
        return None if ciphertext is None else self._decrypt(name, ciphertext)

    def write_secret(self, *, name: str, value: str) -> None:
        EncryptedSecret.objects.update_or_create(
            name=name, defaults={"ciphertext": self._encrypt(name, value)}
        )

    def delete_secret(self, *, name: str) -> None:
        EncryptedSecret.objects.filter(name=name).delete()

    def reencrypt_all(self) -> int:
        """Re-encrypt every row with the first key (after a rotation). Returns the row count."""
        count = 0
        with transaction.atomic(using="default"):
            for row in EncryptedSecret.objects.select_for_update().order_by("pk"):
                value = self._decrypt(row.name, row.ciphertext)
                row.ciphertext = self._encrypt(row.name, value)
                row.save(update_fields=["ciphertext", "updated"])
                count += 1
        return count

    # -- encryption --------------------------------------------------------------------------

    def _encrypt(self, name: str, value: str) -> str:
        plaintext = json.dumps({"name": name, "value": value}).encode("utf-8")
        return self._fernet.encrypt(plaintext).decode("ascii")

    def _decrypt(self, name: str, ciphertext: str) -> str:
        try:
            plaintext = self._fernet.decrypt(ciphertext.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError) as exc:
            raise SecretDecryptionError(
                f"secret {name!r} does not decrypt with the configured key "
                "(SECRETS_ENCRYPTION_KEY or SECRET_KEY changed?)"
            ) from exc
        envelope = json.loads(plaintext)
        if envelope.get("name") != name:
            raise SecretDecryptionError(f"secret {name!r} holds the ciphertext of another secret")
        return envelope["value"]
