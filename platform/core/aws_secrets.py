"""The production secret store: AWS Secrets Manager through boto3 (the only boto3 import here).

One secret per store, `storefleet/<STOREFLEET_ENV>/tenants/<tenant_id>/stripe`, whose value is
a JSON object `{"publishable_key": ..., "secret_key": ..., "webhook_secret": ...}`. The tenant
Pulumi stack may create the secret (without a value); `set_tenant_stripe_keys` then adds a
version, and creates the secret itself when it does not exist yet.

Deleting removes the secret at once (ForceDeleteWithoutRecovery): Stripe keys can be fetched
again from Stripe's dashboard, and a name waiting out a recovery window could not take new
keys. A secret someone else scheduled for deletion is restored before new keys are written.

Credentials come from boto3's usual chain (the ECS task role in production, environment
variables in tests); AWS_ENDPOINT_URL points the client at moto's server in tests.
"""

from __future__ import annotations

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from core.secrets import SecretStoreUnavailable, StripeKeys, forget_test_mode

_NOT_FOUND = "ResourceNotFoundException"
_INVALID_REQUEST = "InvalidRequestException"


class AwsSecretStore:
    """SecretStore backed by AWS Secrets Manager."""

    def __init__(
        self, *, region: str, endpoint_url: str | None, environment: str, client=None
    ) -> None:
        self.environment = environment
        self._client = client or boto3.session.Session().client(
            "secretsmanager",
            region_name=region,
            endpoint_url=endpoint_url,
            config=Config(
                connect_timeout=5,
                read_timeout=10,
                retries={"mode": "standard", "max_attempts": 3},
            ),
        )

    def secret_name(self, tenant_id: int) -> str:
        return f"storefleet/{self.environment}/tenants/{int(tenant_id)}/stripe"

    # -- SecretStore -------------------------------------------------------------------------

    def get_tenant_stripe_keys(self, tenant_id: int) -> StripeKeys | None:
        name = self.secret_name(tenant_id)
        try:
            response = self._client.get_secret_value(SecretId=name)
        except ClientError as exc:
            code = _code(exc)
            # No secret, no value yet (created by Pulumi), or scheduled for deletion: no keys.
            if code == _NOT_FOUND or (code == _INVALID_REQUEST and _marked_for_deletion(exc)):
                return None
            raise _unavailable("read", name, exc) from exc
        except BotoCoreError as exc:
            raise _unavailable("read", name, exc) from exc
        return StripeKeys.from_json(response["SecretString"])

    def set_tenant_stripe_keys(self, tenant_id: int, keys: StripeKeys) -> None:
        name = self.secret_name(tenant_id)
        try:
            self._put(name, keys.to_json(), tenant_id)
        except (ClientError, BotoCoreError) as exc:
            raise _unavailable("write", name, exc) from exc
        finally:  # a failed write may still have landed
            forget_test_mode(tenant_id)

    def delete_tenant_stripe_keys(self, tenant_id: int) -> None:
        name = self.secret_name(tenant_id)
        try:
            self._client.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)
        except ClientError as exc:
            if _code(exc) == _NOT_FOUND:
                return
            raise _unavailable("delete", name, exc) from exc
        except BotoCoreError as exc:
            raise _unavailable("delete", name, exc) from exc
        finally:
            forget_test_mode(tenant_id)

    # -- internals ---------------------------------------------------------------------------

    def _put(self, name: str, value: str, tenant_id: int) -> None:
        try:
            described = self._client.describe_secret(SecretId=name)
        except ClientError as exc:
            if _code(exc) != _NOT_FOUND:
                raise
            self._create(name, value, tenant_id)
            return
        if described.get("DeletedDate"):
            self._client.restore_secret(SecretId=name)
        self._client.put_secret_value(SecretId=name, SecretString=value)

    def _create(self, name: str, value: str, tenant_id: int) -> None:
        try:
            self._client.create_secret(
                Name=name,
                SecretString=value,
                Description=f"Stripe keys of store {int(tenant_id)}",
                Tags=[
                    {"Key": "storefleet:env", "Value": self.environment},
                    {"Key": "storefleet:tenant", "Value": str(int(tenant_id))},
                ],
            )
        except ClientError as exc:
            # Created by a concurrent writer between our two calls: write a version instead.
            if _code(exc) != "ResourceExistsException":
                raise
            self._client.put_secret_value(SecretId=name, SecretString=value)


def _code(exc: ClientError) -> str:
    return exc.response.get("Error", {}).get("Code", "")


def _marked_for_deletion(exc: ClientError) -> bool:
    # AWS: "... because it was marked for deletion."; moto: "... currently marked deleted."
    message = exc.response.get("Error", {}).get("Message", "")
    return "marked for deletion" in message or "marked deleted" in message


def _unavailable(action: str, name: str, exc: Exception) -> SecretStoreUnavailable:
    detail = _code(exc) if isinstance(exc, ClientError) else type(exc).__name__
    return SecretStoreUnavailable(f"could not {action} secret {name!r}: {detail}")
