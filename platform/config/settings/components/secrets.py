"""Where stores' secrets (Stripe keys) live: core.secrets.get_secret_store() reads these."""

import base64
import binascii

from django.core.exceptions import ImproperlyConfigured

from config import env

# local: Fernet-encrypted rows in the public schema (the default); aws: AWS Secrets Manager.
SECRETS_BACKEND = env.get_str("SECRETS_BACKEND", "local").strip().lower()
if SECRETS_BACKEND not in {"local", "aws"}:
    raise ImproperlyConfigured(f"SECRETS_BACKEND must be 'local' or 'aws', got {SECRETS_BACKEND!r}")

# Fernet key(s) of the local store, comma-separated, newest first. Unset: derived from SECRET_KEY.
SECRETS_ENCRYPTION_KEY = env.get_str("SECRETS_ENCRYPTION_KEY")
for _position, _key in enumerate(SECRETS_ENCRYPTION_KEY.split(","), start=1):
    if not _key.strip():
        continue
    try:
        _valid = len(base64.urlsafe_b64decode(_key.strip().encode("ascii"))) == 32
    except (binascii.Error, ValueError):
        _valid = False
    if not _valid:
        raise ImproperlyConfigured(
            f"SECRETS_ENCRYPTION_KEY entry {_position} is not a Fernet key "
            "(32 url-safe base64-encoded bytes; make one with Fernet.generate_key())"
        )

# The deployment's name: AWS secrets are named storefleet/<STOREFLEET_ENV>/tenants/<id>/stripe.
STOREFLEET_ENV = env.get_str("STOREFLEET_ENV", "dev").strip()
if not STOREFLEET_ENV or "/" in STOREFLEET_ENV:
    raise ImproperlyConfigured("STOREFLEET_ENV must be a non-empty name without '/'")

AWS_REGION = env.get_str("AWS_REGION", "us-east-1")
# Only for tests and local stacks (moto's server); production talks to AWS itself.
AWS_ENDPOINT_URL = env.get_str("AWS_ENDPOINT_URL") or None
