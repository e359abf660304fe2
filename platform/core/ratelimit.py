"""Request rate limits counted in the shared cache (Redis in production), so every server
process of the deployment counts together.

    enforce_rate_limit(scope="login", key=client_ip(request), limit=10, period=3600)

raises RateLimited (HTTP 429) once `key` has used up `limit` attempts in `period` seconds. The
window opens at the first attempt and lasts `period` seconds (a Redis INCR keeps the key's
expiry); a refusal's Retry-After is the time left in that window. Keys go through the default
cache's KEY_FUNCTION, which prefixes the current store's schema: every store counts on its own.
The key value itself is hashed, so no username or address is stored in the cache in clear.

If the cache cannot be reached the limit fails open: the attempt is allowed and a warning
is logged (availability over strict limiting, as in the reference).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from core.client_address import client_address
from core.errors import ApplicationError

logger = logging.getLogger(__name__)

try:  # the Redis client is only there when Redis is configured
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover
    RedisError = OSError  # type: ignore[misc, assignment]


class RateLimited(ApplicationError):
    default_http_status = 429

    def __init__(self, scope: str, *, retry_after: int) -> None:
        super().__init__(f"Too many {scope} attempts; try again later.", code="rate-limited")
        self.scope = scope
        self.retry_after = retry_after


def client_ip(request: HttpRequest) -> str:
    """The client's address, from the source the deployment trusts (CLIENT_ADDRESS_SOURCE,
    core.client_address). A client cannot choose its own address by sending a header."""
    return client_address(request)


def _cache_key(scope: str, key: str) -> str:
    namespace = getattr(settings, "RATELIMIT_NAMESPACE", "")
    digest = hashlib.sha256(f"{namespace}:{scope}:{key}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def _opened_key(name: str) -> str:
    return f"{name}:opened"


def count_attempt(*, scope: str, key: str, period: int) -> int | None:
    """Count one attempt; the number of attempts in the current window, None if unknown."""
    cache = caches["default"]
    name = _cache_key(scope, key)
    try:
        if cache.add(name, 0, timeout=period):  # this attempt opens a window: note when
            cache.set(_opened_key(name), time.time(), timeout=period)
        return cache.incr(name)
    except ValueError:  # the key expired between add and incr: a new window
        cache.add(name, 1, timeout=period)
        return 1
    except (RedisError, OSError) as error:
        logger.warning("rate limit %s not counted, cache unavailable: %s", scope, error)
        return None


def seconds_until_reset(*, scope: str, key: str, period: int) -> int:
    """How long until the current window closes (whole seconds, at least 1); the whole
    period when that is not known."""
    try:
        opened = caches["default"].get(_opened_key(_cache_key(scope, key)))
    except (RedisError, OSError):
        opened = None
    if not isinstance(opened, float):
        return period
    return max(1, min(period, math.ceil(opened + period - time.time())))


def enforce_rate_limit(*, scope: str, key: str, limit: int, period: int) -> None:
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return
    attempts = count_attempt(scope=scope, key=key, period=period)
    if attempts is not None and attempts > limit:
        logger.info("rate limit %s reached (%d/%d)", scope, attempts, limit)
        retry_after = seconds_until_reset(scope=scope, key=key, period=period)
        raise RateLimited(scope, retry_after=retry_after)
