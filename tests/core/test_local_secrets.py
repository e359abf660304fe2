"""The local secret store keeps Stripe keys Fernet-encrypted in the public schema."""

import pytest
from core.local_secrets import LocalSecretStore, derive_key
from core.models import EncryptedSecret
from core.secrets import SecretDecryptionError, SecretStoreError, StripeKeys
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from tenants.context import tenant_context

pytestmark = pytest.mark.django_db(databases=["default", "second"])

KEYS = StripeKeys(
    publishable_key="pk_test_alphaPublishable0001",
    secret_key="sk_test_alphaSecretKeyValue0001",
    webhook_secret="whsec_alphaWebhookSecret0001",
)
OTHER = StripeKeys(
    publishable_key="pk_test_bravoPublishable0002",
    secret_key="sk_test_bravoSecretKeyValue0002",
    webhook_secret="whsec_bravoWebhookSecret0002",
)


def make_store(*keys: bytes) -> LocalSecretStore:
    return LocalSecretStore(keys=list(keys) or [Fernet.generate_key()])


def test_keys_written_are_read_back():
    store = make_store()

    store.set_tenant_stripe_keys(7, KEYS)

    assert store.get_tenant_stripe_keys(7) == KEYS


def test_a_store_without_keys_reads_none():
    assert make_store().get_tenant_stripe_keys(404) is None


def test_setting_keys_again_replaces_them_in_one_row():
    store = make_store()
    store.set_tenant_stripe_keys(7, KEYS)

    store.set_tenant_stripe_keys(7, OTHER)

    assert store.get_tenant_stripe_keys(7) == OTHER
    assert list(EncryptedSecret.objects.values_list("name", flat=True)) == ["tenants/7/stripe"]


def test_each_store_reads_only_its_own_keys():
    store = make_store()
    store.set_tenant_stripe_keys(1, KEYS)
    store.set_tenant_stripe_keys(2, OTHER)

    assert store.get_tenant_stripe_keys(1) == KEYS
    assert store.get_tenant_stripe_keys(2) == OTHER


def test_deleting_keys_removes_the_row_and_is_idempotent():
    store = make_store()
    store.set_tenant_stripe_keys(7, KEYS)

    store.delete_tenant_stripe_keys(7)
    store.delete_tenant_stripe_keys(7)

    assert store.get_tenant_stripe_keys(7) is None
    assert not EncryptedSecret.objects.exists()


def test_the_database_never_holds_the_plaintext():
    store = make_store()
    store.set_tenant_stripe_keys(7, KEYS)

    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT name, ciphertext, created::text FROM public.core_encryptedsecret")
        rows = cursor.fetchall()

    dump = repr(rows)
    assert len(rows) == 1
    for plaintext in (KEYS.secret_key, KEYS.webhook_secret, KEYS.publishable_key):
        assert plaintext not in dump
        assert plaintext[-12:] not in dump
    assert rows[0][1].startswith("gAAAAA")  # a Fernet token


def test_a_wrong_key_fails_loudly_instead_of_reading_none():
    make_store(Fernet.generate_key()).set_tenant_stripe_keys(7, KEYS)

    with pytest.raises(SecretDecryptionError, match="does not decrypt"):
        make_store(Fernet.generate_key()).get_tenant_stripe_keys(7)


def test_a_ciphertext_copied_onto_another_store_is_refused():
    store = make_store()
    store.set_tenant_stripe_keys(1, KEYS)
    store.set_tenant_stripe_keys(2, OTHER)
    stolen = EncryptedSecret.objects.get(name="tenants/1/stripe").ciphertext

    EncryptedSecret.objects.filter(name="tenants/2/stripe").update(ciphertext=stolen)

    with pytest.raises(SecretDecryptionError, match="another secret"):
        store.get_tenant_stripe_keys(2)


def test_a_corrupted_ciphertext_fails_loudly():
    store = make_store()
    store.set_tenant_stripe_keys(7, KEYS)

    EncryptedSecret.objects.filter(name="tenants/7/stripe").update(ciphertext="gAAAAAgarbage")

    with pytest.raises(SecretDecryptionError):
        store.get_tenant_stripe_keys(7)


def test_without_an_encryption_key_the_key_comes_from_secret_key():
    writer = LocalSecretStore.from_settings(encryption_keys="", secret_key="django-secret-one")
    writer.set_tenant_stripe_keys(7, KEYS)

    same = LocalSecretStore.from_settings(encryption_keys="", secret_key="django-secret-one")
    rotated = LocalSecretStore.from_settings(encryption_keys="", secret_key="django-secret-two")

    assert same.get_tenant_stripe_keys(7) == KEYS
    with pytest.raises(SecretDecryptionError):
        rotated.get_tenant_stripe_keys(7)
    assert derive_key("django-secret-one") != derive_key("django-secret-two")


def test_a_rotated_key_list_reads_old_rows_and_reencrypts_them_with_the_new_key():
    old, new = Fernet.generate_key(), Fernet.generate_key()
    make_store(old).set_tenant_stripe_keys(7, KEYS)
    rotated = LocalSecretStore.from_settings(
        encryption_keys=f"{new.decode()},{old.decode()}", secret_key="unused"
    )

    assert rotated.get_tenant_stripe_keys(7) == KEYS
    assert rotated.reencrypt_all() == 1
    assert make_store(new).get_tenant_stripe_keys(7) == KEYS
    with pytest.raises(SecretDecryptionError):
        make_store(old).get_tenant_stripe_keys(7)


def test_a_malformed_encryption_key_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="entry 1 is not a Fernet key"):
        LocalSecretStore.from_settings(encryption_keys="not-a-key", secret_key="x")


def test_a_stored_value_that_is_not_stripe_keys_is_an_error_without_its_content():
    store = make_store()
    store.write_secret(name="tenants/7/stripe", value='{"secret_key": "sk_test_leakme"}')

    with pytest.raises(SecretStoreError) as caught:
        store.get_tenant_stripe_keys(7)

    assert "leakme" not in str(caught.value)


def test_keys_are_read_from_the_public_schema_inside_any_store(store_a, store_far):
    store = make_store()
    store.set_tenant_stripe_keys(store_a.pk, KEYS)
    store.set_tenant_stripe_keys(store_far.pk, OTHER)

    with tenant_context(store_a):
        assert store.get_tenant_stripe_keys(store_a.pk) == KEYS
    with tenant_context(store_far):
        assert store.get_tenant_stripe_keys(store_far.pk) == OTHER
