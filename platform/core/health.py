"""GET /healthz on every host: are the databases and Redis answering?"""

from __future__ import annotations

import time

import redis
from django.conf import settings
from django.db import DatabaseError, connections
from django.http import JsonResponse


def check_databases() -> dict[str, str]:
    results = {}
    for alias in settings.DATABASES:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            results[alias] = "ok"
        except DatabaseError as exc:
            connections[alias].close()
            results[alias] = f"error: {exc.__class__.__name__}"
    return results


def check_redis(url: str | None = None) -> str:
    url = settings.REDIS_URL if url is None else url
    if not url:
        return "not configured"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return "ok"
    except redis.RedisError as exc:
        return f"error: {exc.__class__.__name__}"


def healthz_response() -> JsonResponse:
    started = time.perf_counter()
    databases = check_databases()
    cache = check_redis()
    healthy = all(v == "ok" for v in databases.values()) and not cache.startswith("error")
    body = {
        "status": "ok" if healthy else "unavailable",
        "databases": databases,
        "redis": cache,
        "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if healthy else 503)
