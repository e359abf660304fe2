"""Password-guessing limits on every sign-in form (core.login_throttle): a store's admin and
its `/user/login` API (one count for both), the platform's admin and the operator dashboard.
Each password attempt counts once against the client's address and once against the
username typed, per store (the platform counts on its own), in a window of
LOGIN_RATE_LIMIT_PERIOD seconds that opens at the first attempt."""

from django.core.exceptions import ImproperlyConfigured

from config import env


def _at_least_one(name: str, default: int) -> int:
    value = env.get_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1, got {value}")
    return value


LOGIN_RATE_LIMIT_PER_ADDRESS = _at_least_one("LOGIN_RATE_LIMIT_PER_ADDRESS", 10)
LOGIN_RATE_LIMIT_PER_USERNAME = _at_least_one("LOGIN_RATE_LIMIT_PER_USERNAME", 10)
LOGIN_RATE_LIMIT_PERIOD = _at_least_one("LOGIN_RATE_LIMIT_PERIOD", 3600)
