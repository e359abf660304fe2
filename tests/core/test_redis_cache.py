"""core.redis_cache: Django's Redis cache, with one client per connection pool instead of a
new one (and its table of response callbacks) per call."""

import os

from core.redis_cache import RedisCache


def test_every_call_gets_the_same_client_of_the_same_pool():
    # given a cache (no connection is made until a command runs)
    cache = RedisCache("redis://127.0.0.1:1/0", {})

    # when it is asked for a client for a read and for a write, twice
    clients = [cache._cache.get_client(write=write) for write in (False, True, False)]

    # then it is one client, on the pool Django's client would have used
    assert clients[0] is clients[1] is clients[2]
    assert clients[0].connection_pool is cache._cache._get_connection_pool(write=False)


def test_it_stores_and_reads_values_as_django_s_does():
    url = os.environ.get("REDIS_URL")
    assert url, "REDIS_URL must name a Redis server (scripts/test starts one)"
    cache = RedisCache(url, {"KEY_PREFIX": "core-redis-cache-test"})
    try:
        cache.set("answer", {"value": 42}, timeout=30)
        assert cache.add("answer", "other") is False
        assert cache.get("answer") == {"value": 42}
        assert cache.get_many(["answer", "missing"]) == {"answer": {"value": 42}}
    finally:
        cache.delete("answer")
