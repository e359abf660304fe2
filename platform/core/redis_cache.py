"""Django's Redis cache with one Redis client per connection pool, made once.

django.core.cache.backends.redis builds a new `redis.Redis` for every cache call, and
redis-py fills each new client's table of ~160 response callbacks: on the storefront's JSON
API that was most of the CPU of a catalog version read (one per request), more than the
round trip. A client holds nothing per call (the pool hands out connections, also after a
fork), so one per pool serves every call, from any thread.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # Two threads may both make one here; either serves, and the pool is the same.
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
