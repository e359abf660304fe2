"""A staff account without a Member (made by `createsuperuser`) signing in to the storefront
from several requests at once gets one Member, and none of them fails: the first sign-in locks
the user's row before it looks for the Member (a lock on the absent Member row held nothing,
and the losers hit the unique constraint: a 500)."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.contrib.auth.models import User

from shop.accounts.models import Member
from shop.accounts.services import ensure_member
from tenants.context import tenant_context
from tests.fixtures.races import race_after_setup

RACERS = 8


def test_concurrent_first_sign_ins_make_one_member(django_db_blocker, committed_stores):
    store = committed_stores(f"members-{secrets.token_hex(3)}")
    with django_db_blocker.unblock(), tenant_context(store):
        user = User.objects.create_superuser("founder", "founder@example.com", "x" * 20)

    def sign_in(go: Callable[[], None]) -> int:
        with django_db_blocker.unblock(), tenant_context(store):
            go()
            return ensure_member(user=User.objects.get(pk=user.pk)).pk

    members = race_after_setup([sign_in] * RACERS, timeout=60)

    assert len(members) == RACERS and len(set(members)) == 1
    with django_db_blocker.unblock(), tenant_context(store):
        assert Member.objects.filter(user_id=user.pk).count() == 1
