"""The platform's password hasher: Argon2id with its cost from the settings.

Django's own Argon2PasswordHasher fixes its cost in the class. This one reads ARGON2_TIME_COST,
ARGON2_MEMORY_COST_KIB and ARGON2_PARALLELISM (config.settings.components.passwords), so the
cost of a sign-in or a signup is tuned per deployment without code. A hash made with other
parameters (or by PBKDF2, listed after this hasher) still verifies and is rehashed with these
on the user's next successful sign-in (Django's `must_update`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class ConfiguredArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id (algorithm `argon2`, like Django's) with the settings' parameters."""

    @property
    def time_cost(self) -> int:
        return settings.ARGON2_TIME_COST

    @property
    def memory_cost(self) -> int:  # KiB
        return settings.ARGON2_MEMORY_COST_KIB

    @property
    def parallelism(self) -> int:
        return settings.ARGON2_PARALLELISM
