"""Reading configuration from the environment (12-factor).

Every setting that differs between machines comes through here, so a bad value fails at
start-up with a message that names the variable, never later inside a request.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def get_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def get_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def get_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def get_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """One of `choices` (case-insensitive); unset or empty gives `default`."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return value


def get_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_mandatory_secret(name: str) -> str:
    """A secret that must be set; its value never appears in the error."""
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} is not set")
    return value


POOL_MODES = ("session", "transaction")


def parse_database_url(url: str, *, name: str = "DATABASE_URL", pool: str = "session") -> dict:
    """Turn `postgres://user:pass@host:port/db?host=/socket/dir` into a DATABASES entry.

    The `host` query parameter (a Unix socket folder) wins over the network location,
    which is how the embedded PostgreSQL of `scripts/run` is reached. `?pool=transaction`
    (or `pool`, from DATABASE_POOL_MODE) is for a PgBouncer in transaction mode in front.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"{name} must be a postgres:// URL, got scheme {parts.scheme!r}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    database = unquote(parts.path.lstrip("/"))
    if not database:
        raise ImproperlyConfigured(f"{name} names no database")
    options: dict[str, str] = {}
    if "sslmode" in query:
        options["sslmode"] = query["sslmode"]
    pool = query.get("pool", pool)
    if pool not in POOL_MODES:
        raise ImproperlyConfigured(f"{name}: pool must be one of {POOL_MODES}, got {pool!r}")
    entry = {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": database,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": query.get("host") or parts.hostname or "",
        "PORT": str(query.get("port") or parts.port or ""),
        "CONN_MAX_AGE": int(query.get("conn_max_age", 60)),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }
    if pool == "transaction":
        # Each statement carries its own search path (tenants.postgresql_backend).
        entry.update(
            ENGINE="tenants.postgresql_backend", POOL_MODE=pool, DISABLE_SERVER_SIDE_CURSORS=True
        )
    return entry


def parse_database_urls(raw: str) -> dict[str, str]:
    """`name=url,name2=url2` (DATABASE_URLS): the extra placements a tenant may live on."""
    pairs: dict[str, str] = {}
    for item in raw.split(","):
        item = item.strip()
        if not item:
            continue
        alias, sep, url = item.partition("=")
        alias = alias.strip()
        if not sep or not alias.isidentifier() or alias == "default":
            raise ImproperlyConfigured(
                f"DATABASE_URLS entries are name=url with a name other than 'default', got {item!r}"
            )
        pairs[alias] = url.strip()
    return pairs
