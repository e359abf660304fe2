"""A store placed on the second database is served, migrated and isolated."""

import pytest
from django.contrib.auth.models import User
from django.db import connections

from tenants import fleet
from tenants.context import tenant_context

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def _schemas(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'store_%'")
        return {row[0] for row in cursor.fetchall()}


def test_the_far_store_schema_lives_only_on_the_second_database(store_a, store_far):
    assert store_far.schema_name in _schemas("second")
    assert store_far.schema_name not in _schemas("default")
    assert store_a.schema_name not in _schemas("second")


def test_the_far_store_is_served_through_its_host(store_far, client_for):
    response = client_for(store_far).get("/")

    assert response.status_code == 200
    assert b"<h1>Far Away Store</h1>" in response.content


def test_far_store_rows_land_on_the_second_database_only(store_a, store_far):
    with tenant_context(store_far):
        User.objects.create_user("far-user", password="x")
        db_of_user = User.objects.get(username="far-user")._state.db
    with tenant_context(store_a):
        seen_in_a = User.objects.filter(username="far-user").exists()
    with connections["second"].cursor() as cursor:
        cursor.execute(
            f'SELECT count(*) FROM "{store_far.schema_name}".auth_user WHERE username = %s',
            ["far-user"],
        )
        (on_second,) = cursor.fetchone()

    assert db_of_user == "second"
    assert on_second == 1
    assert seen_in_a is False


def test_the_far_store_is_migrated_with_its_database(store_far):
    with connections["second"].cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{store_far.schema_name}".django_migrations WHERE app = %s', ["sessions"]
        )
        cursor.execute(f'DROP TABLE "{store_far.schema_name}".django_session')

    report = fleet.migrate_fleet(aliases=["second"], processes=1)

    assert report.migrated == [store_far.schema_name]
    assert fleet.migrate_fleet(aliases=["second"], processes=1).current == [store_far.schema_name]
    with tenant_context(store_far), connections["second"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_session")
        assert cursor.fetchone() == (0,)
