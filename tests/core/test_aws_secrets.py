"""The AWS secret store keeps each store's Stripe keys in Secrets Manager (moto's server)."""

import json

import boto3
import pytest
from core.aws_secrets import AwsSecretStore
from core.secrets import SecretStoreError, SecretStoreUnavailable, StripeKeys, get_secret_store

from tests.fakes.net import free_port

KEYS = StripeKeys(
    publishable_key="pk_test_awsPublishable000001",
    secret_key="sk_test_awsSecretKeyValue000001",
    webhook_secret="whsec_awsWebhookSecret000001",
)
OTHER = StripeKeys(
    publishable_key="pk_test_awsPublishable000002",
    secret_key="sk_test_awsSecretKeyValue000002",
    webhook_secret="whsec_awsWebhookSecret000002",
)


@pytest.fixture
def store(aws_env) -> AwsSecretStore:
    return AwsSecretStore(region="us-east-1", endpoint_url=aws_env, environment="test")


@pytest.fixture
def aws(aws_env):
    return boto3.client("secretsmanager", region_name="us-east-1", endpoint_url=aws_env)


def test_keys_are_written_as_one_json_secret_under_the_store_name(store, aws):
    store.set_tenant_stripe_keys(42, KEYS)

    stored = aws.get_secret_value(SecretId="storefleet/test/tenants/42/stripe")
    assert json.loads(stored["SecretString"]) == {
        "publishable_key": KEYS.publishable_key,
        "secret_key": KEYS.secret_key,
        "webhook_secret": KEYS.webhook_secret,
    }
    tags = aws.describe_secret(SecretId="storefleet/test/tenants/42/stripe")["Tags"]
    assert {tag["Key"]: tag["Value"] for tag in tags} == {
        "storefleet:env": "test",
        "storefleet:tenant": "42",
    }


def test_keys_written_are_read_back(store):
    store.set_tenant_stripe_keys(42, KEYS)

    assert store.get_tenant_stripe_keys(42) == KEYS


def test_a_store_without_a_secret_reads_none(store):
    assert store.get_tenant_stripe_keys(404) is None


def test_a_secret_created_without_a_value_reads_none_and_then_takes_keys(store, aws):
    # given the tenant Pulumi stack made the secret but no version yet
    aws.create_secret(Name="storefleet/test/tenants/43/stripe")

    assert store.get_tenant_stripe_keys(43) is None
    store.set_tenant_stripe_keys(43, KEYS)
    assert store.get_tenant_stripe_keys(43) == KEYS


def test_setting_keys_again_adds_a_version_that_wins(store, aws):
    store.set_tenant_stripe_keys(42, KEYS)

    store.set_tenant_stripe_keys(42, OTHER)

    assert store.get_tenant_stripe_keys(42) == OTHER
    versions = aws.list_secret_version_ids(SecretId="storefleet/test/tenants/42/stripe")
    assert len(versions["Versions"]) == 2


def test_each_store_and_each_environment_has_its_own_secret(store, aws_env):
    staging = AwsSecretStore(region="us-east-1", endpoint_url=aws_env, environment="staging")
    store.set_tenant_stripe_keys(1, KEYS)
    staging.set_tenant_stripe_keys(1, OTHER)
    store.set_tenant_stripe_keys(2, OTHER)

    assert store.get_tenant_stripe_keys(1) == KEYS
    assert staging.get_tenant_stripe_keys(1) == OTHER
    assert store.get_tenant_stripe_keys(2) == OTHER


def test_deleting_keys_removes_the_secret_and_is_idempotent(store, aws):
    store.set_tenant_stripe_keys(42, KEYS)

    store.delete_tenant_stripe_keys(42)
    store.delete_tenant_stripe_keys(42)

    assert store.get_tenant_stripe_keys(42) is None
    assert aws.list_secrets()["SecretList"] == []


def test_keys_can_be_set_again_after_a_delete(store):
    store.set_tenant_stripe_keys(42, KEYS)
    store.delete_tenant_stripe_keys(42)

    store.set_tenant_stripe_keys(42, OTHER)

    assert store.get_tenant_stripe_keys(42) == OTHER


def test_a_secret_scheduled_for_deletion_reads_none_and_is_restored_by_new_keys(store, aws):
    store.set_tenant_stripe_keys(42, KEYS)
    aws.delete_secret(SecretId="storefleet/test/tenants/42/stripe", RecoveryWindowInDays=7)

    assert store.get_tenant_stripe_keys(42) is None
    store.set_tenant_stripe_keys(42, OTHER)
    assert store.get_tenant_stripe_keys(42) == OTHER


def test_a_malformed_secret_value_is_an_error_without_its_content(store, aws):
    aws.create_secret(
        Name="storefleet/test/tenants/44/stripe", SecretString='{"secret_key": "sk_live_leak"}'
    )

    with pytest.raises(SecretStoreError) as caught:
        store.get_tenant_stripe_keys(44)

    assert "leak" not in str(caught.value)


def test_an_unreachable_endpoint_fails_loudly(aws_env):
    closed = f"http://127.0.0.1:{free_port()}"
    store = AwsSecretStore(region="us-east-1", endpoint_url=closed, environment="test")

    with pytest.raises(SecretStoreUnavailable, match="could not read secret"):
        store.get_tenant_stripe_keys(42)


def test_the_factory_returns_the_aws_store_when_configured(aws_env, settings):
    settings.SECRETS_BACKEND = "aws"

    store = get_secret_store()
    store.set_tenant_stripe_keys(45, KEYS)

    assert isinstance(store, AwsSecretStore)
    assert store.secret_name(45) == "storefleet/test/tenants/45/stripe"
    assert get_secret_store().get_tenant_stripe_keys(45) == KEYS
