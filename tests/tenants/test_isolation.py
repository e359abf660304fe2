"""Rows of one store are invisible from another: ORM, HTTP, and one shared connection."""

import pytest
from django.contrib.auth.models import User
from django.db import connections

from tenants.context import tenant_context

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _backend_pid(alias="default"):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_rows_written_in_one_store_are_invisible_in_another(store_a, store_b, store_far):
    with tenant_context(store_a):
        User.objects.create_user("only-in-alpha", password="x")
        pid_a = _backend_pid()
    with tenant_context(store_b):
        seen_in_b = User.objects.filter(username="only-in-alpha").exists()
        pid_b = _backend_pid()
    with tenant_context(store_far):
        seen_far = User.objects.filter(username="only-in-alpha").exists()
    with tenant_context(store_a):
        seen_in_a = User.objects.filter(username="only-in-alpha").exists()

    assert pid_a == pid_b  # the same connection served both stores
    assert (seen_in_a, seen_in_b, seen_far) == (True, False, False)


def test_a_staff_login_of_one_store_means_nothing_on_another(store_a, store_b, client_for):
    with tenant_context(store_a):
        User.objects.create_superuser("owner-a", "a@example.com", "Owner!pass1")
    client_a = client_for(store_a)
    login = client_a.post(
        "/admin/login/?next=/admin/", {"username": "owner-a", "password": "Owner!pass1"}
    )
    assert login.status_code == 302 and login["Location"] == "/admin/"
    assert client_a.get("/admin/").status_code == 200

    # Same cookie jar, other store: the session does not exist there, nor does the user.
    client_b = client_for(store_b)
    client_b.cookies = client_a.cookies
    response_b = client_b.get("/admin/")
    login_b = client_b.post(
        "/admin/login/?next=/admin/", {"username": "owner-a", "password": "Owner!pass1"}
    )

    assert response_b.status_code == 302 and response_b["Location"].startswith("/admin/login/")
    assert login_b.status_code == 200  # the form again: wrong credentials here


def test_requests_to_two_stores_on_one_connection_stay_apart(store_a, store_b, client_for):
    with tenant_context(store_a):
        User.objects.create_superuser("alice", "alice@example.com", "Alice!pass1")
    with tenant_context(store_b):
        User.objects.create_superuser("bob", "bob@example.com", "Bobby!pass1")
    pid_before = _backend_pid()
    client_a, client_b = client_for(store_a), client_for(store_b)

    ok_a = client_a.post("/admin/login/", {"username": "alice", "password": "Alice!pass1"})
    no_b = client_b.post("/admin/login/", {"username": "alice", "password": "Alice!pass1"})
    ok_b = client_b.post("/admin/login/", {"username": "bob", "password": "Bobby!pass1"})
    users_a = client_a.get("/admin/auth/user/")
    users_b = client_b.get("/admin/auth/user/")

    assert _backend_pid() == pid_before
    assert (ok_a.status_code, no_b.status_code, ok_b.status_code) == (302, 200, 302)
    assert b"alice" in users_a.content and b"bob" not in users_a.content
    assert b"bob" in users_b.content and b"alice" not in users_b.content
