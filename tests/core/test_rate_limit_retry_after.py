"""A refusal's Retry-After is the time left in the limit's window, not the whole period."""

import secrets
import time

import pytest
from core.ratelimit import RateLimited, enforce_rate_limit


def _refusal(key: str) -> RateLimited:
    with pytest.raises(RateLimited) as refused:
        enforce_rate_limit(scope="probe", key=key, limit=1, period=60)
    return refused.value


def test_retry_after_counts_down_with_the_window():
    key = secrets.token_hex(8)
    enforce_rate_limit(scope="probe", key=key, limit=1, period=60)  # opens the window

    first = _refusal(key).retry_after
    time.sleep(2.1)
    later = _refusal(key).retry_after

    assert first == 60
    assert 55 <= later <= 58
