"""A staff account without a Member (made by `createsuperuser`) signing in to the storefront
from several requests at once gets one Member, and none of them fails: the first sign-in locks
the user's row before it looks for the Member (a lock on the absent Member row held nothing,
and the losers hit the unique constraint: a 500)."""

from __future__ import annotations

import secrets
import threading

from django.contrib.auth.models import User
from django.db import connections

from shop.accounts.models import Member
from shop.accounts.services import ensure_member
from tenants.context import tenant_context

RACERS = 8


def test_concurrent_first_sign_ins_make_one_member(django_db_blocker, committed_stores):
    store = committed_stores(f"members-{secrets.token_hex(3)}")
    with django_db_blocker.unblock(), tenant_context(store):
        user = User.objects.create_superuser("founder", "founder@example.com", "x" * 20)

    barrier = threading.Barrier(RACERS)
    members: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def sign_in() -> None:
        try:
            with django_db_blocker.unblock(), tenant_context(store):
                barrier.wait(timeout=30)
                member = ensure_member(user=User.objects.get(pk=user.pk))
            with lock:
                members.append(member.pk)
        except BaseException as exc:  # noqa: BLE001 - every failure is the test's answer
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_in) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(members) == RACERS and len(set(members)) == 1
    with django_db_blocker.unblock(), tenant_context(store):
        assert Member.objects.filter(user_id=user.pk).count() == 1
