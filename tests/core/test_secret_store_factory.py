"""get_secret_store() picks the backend the settings name and keeps one per configuration."""

import pytest
from core.local_secrets import LocalSecretStore
from core.secrets import SecretStore, StripeKeys, get_secret_store
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

pytestmark = pytest.mark.django_db(databases=["default", "second"])

KEYS = StripeKeys(
    publishable_key="pk_test_factoryPublishable01",
    secret_key="sk_test_factorySecretValue01",
    webhook_secret="whsec_factoryWebhookSecret01",
)


def test_the_default_backend_is_the_local_encrypted_store(settings):
    settings.SECRETS_BACKEND = "local"

    store = get_secret_store()

    assert isinstance(store, LocalSecretStore)
    assert isinstance(store, SecretStore)
    assert get_secret_store() is store


def test_a_configured_encryption_key_is_used(settings):
    key = Fernet.generate_key()
    settings.SECRETS_BACKEND = "local"
    settings.SECRETS_ENCRYPTION_KEY = key.decode()

    get_secret_store().set_tenant_stripe_keys(9, KEYS)

    assert LocalSecretStore(keys=[key]).get_tenant_stripe_keys(9) == KEYS


def test_an_unknown_backend_is_a_configuration_error(settings):
    settings.SECRETS_BACKEND = "vault"

    with pytest.raises(ImproperlyConfigured, match="SECRETS_BACKEND"):
        get_secret_store()
