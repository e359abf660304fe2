"""A step's bookkeeping (its claim and its outcome) commits without waiting for the disk
(synchronous_commit off for those transactions only), and never changes a caller's own
transaction."""

import threading

import pytest
from django.db import connection, connections, transaction

from control_plane.provisioning import services

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_inside_a_callers_transaction_the_commit_setting_is_left_alone():
    before = _setting()  # the test's own transaction is the caller's here
    with transaction.atomic():
        services._commit_without_waiting_for_disk()
        assert _setting() == before


def test_its_own_transaction_commits_without_waiting_for_the_disk():
    seen = []

    def own_transaction():  # a thread: a connection of its own, outside the test's transaction
        try:
            with transaction.atomic():
                services._commit_without_waiting_for_disk()
                seen.append(_setting())
            seen.append(_setting())
        finally:
            connections.close_all()

    thread = threading.Thread(target=own_transaction)
    thread.start()
    thread.join()

    assert seen == ["off", "on"]  # SET LOCAL: that transaction only
