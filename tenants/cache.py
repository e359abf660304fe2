"""Cache keys carry the schema of the store they belong to (CACHES KEY_FUNCTION)."""

from tenants.context import current


def make_key(key: str, key_prefix: str, version: int) -> str:
    return f"{current().schema_name}:{key_prefix}:{version}:{key}"
