"""Password hashing: Argon2id (core.hashers) with a cost that fits a request.

The defaults are OWASP's Argon2id option m=19 MiB, t=2, p=1 (Password Storage Cheat Sheet),
about 20 ms per hash on one core of our 2-core machines: a founder's signup and a sign-in
pay that once, where PBKDF2's 1,000,000 iterations took about 300 ms. A cost below OWASP's
least (7 MiB with t=5, or the same memory x passes) stops the settings from loading.
PBKDF2 stays listed after it, so existing hashes verify and are upgraded at the next sign-in.
"""

from django.core.exceptions import ImproperlyConfigured

from config import env

ARGON2_MIN_MEMORY_COST_KIB = 7168  # OWASP: m=7 MiB, t=5, p=1 is the smallest option
ARGON2_MIN_WORK = 7168 * 5  # memory (KiB) x passes of that option; the others cost as much


def get_argon2_settings() -> tuple[int, int, int]:
    """(time cost, memory cost in KiB, parallelism) from the environment, checked."""
    time_cost = env.get_int("ARGON2_TIME_COST", 2)
    memory_cost = env.get_int("ARGON2_MEMORY_COST_KIB", 19456)
    parallelism = env.get_int("ARGON2_PARALLELISM", 1)
    if time_cost < 1 or parallelism < 1:
        raise ImproperlyConfigured("ARGON2_TIME_COST and ARGON2_PARALLELISM must be at least 1")
    if memory_cost < ARGON2_MIN_MEMORY_COST_KIB or memory_cost * time_cost < ARGON2_MIN_WORK:
        raise ImproperlyConfigured(
            f"Argon2id with m={memory_cost} KiB, t={time_cost} is below OWASP's least cost "
            f"(at least {ARGON2_MIN_MEMORY_COST_KIB} KiB, and memory x passes at least "
            f"{ARGON2_MIN_WORK}, e.g. m=19456, t=2)"
        )
    return time_cost, memory_cost, parallelism


ARGON2_TIME_COST, ARGON2_MEMORY_COST_KIB, ARGON2_PARALLELISM = get_argon2_settings()

PASSWORD_HASHERS = [
    "core.hashers.ConfiguredArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
