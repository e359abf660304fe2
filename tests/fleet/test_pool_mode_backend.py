"""What the transaction mode sends, and what the default mode still sends."""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg
import pytest
from django.contrib.auth.models import User
from django.db import NotSupportedError, connections, transaction
from django.test import Client

from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.pgbouncer import MARKER, start_pgbouncer, through


@pytest.fixture(scope="module")
def one_server_connection(committed_test_databases):
    bouncer = start_pgbouncer(pool_size=1)
    yield bouncer
    bouncer.stop()


def _in_thread(work: Callable[[], object]) -> object:
    """`work` on a thread of its own, so on a connection opened through `through`."""
    answers: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            answers.append(work())
        except BaseException as error:  # noqa: BLE001 - reported in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not errors, errors
    return answers[0]


def test_nothing_is_left_on_the_server_connection(
    one_server_connection, marked_stores, django_db_blocker
):
    alpha, _ = marked_stores

    def work() -> str:
        with tenant_context(alpha):
            User.objects.get(username=MARKER)
            with transaction.atomic():
                User.objects.filter(username=MARKER).update(last_name="")
        return connections["default"].settings_dict["NAME"]

    with django_db_blocker.unblock(), through(one_server_connection):
        database = _in_thread(work)

    # The pool's only server connection, as the next client gets it.
    with psycopg.connect(
        host="127.0.0.1", port=one_server_connection.port, dbname=database, user="postgres"
    ) as conn:
        assert conn.execute("SHOW search_path").fetchone() == ('"$user", public',)


def test_statements_with_percent_signs_executemany_and_iterator(
    one_server_connection, marked_stores, django_db_blocker
):
    alpha, _ = marked_stores

    def work() -> tuple:
        connection = connections["default"]
        with tenant_context(alpha), connection.cursor() as cursor:
            cursor.execute("SELECT %s::text LIKE 'fleet%%', '100%%'", ["fleet-pool"])
            matched = cursor.fetchone()
            cursor.execute("SELECT '50%' WHERE true")  # no params: % is no placeholder
            literal = cursor.fetchone()
            with transaction.atomic():
                cursor.execute("CREATE TEMP TABLE t (n int) ON COMMIT DROP")
                cursor.executemany("INSERT INTO t VALUES (%s)", [(1,), (2,), (3,)])
                inserted = cursor.rowcount
                cursor.execute("SELECT sum(n) FROM t")
                total = cursor.fetchone()
            names = [user.first_name for user in User.objects.filter(username=MARKER).iterator()]
            with pytest.raises(NotSupportedError):  # a named cursor lives in one session
                connection._cursor(name="server_side")
        return matched, literal, inserted, total, names

    with django_db_blocker.unblock(), through(one_server_connection):
        matched, literal, inserted, total, names = _in_thread(work)

    assert matched == (True, "100%")
    assert literal == ("50%",)
    assert (inserted, total) == (3, (6,))
    assert names == [alpha.schema_name]


def test_statements_refused_in_a_transaction_block_run_alone_in_public_only(
    one_server_connection, marked_stores, django_db_blocker
):
    alpha, _ = marked_stores

    def work() -> str:
        with connections["default"].cursor() as cursor:
            cursor.execute("VACUUM tenants_tenant")  # public: the server's default path
            with tenant_context(alpha), pytest.raises(NotSupportedError, match="direct"):
                cursor.execute("CREATE INDEX CONCURRENTLY fleet_idx ON auth_user (first_name)")
            return cursor.statusmessage

    with django_db_blocker.unblock(), through(one_server_connection):
        assert _in_thread(work) == "VACUUM"


@pytest.mark.django_db
def test_the_default_mode_sends_one_session_set_per_request(store_a, search_path_sets):
    client = Client(HTTP_HOST=primary_host_for(store_a.slug))
    client.get("/order/products")  # warm the routing cache
    sent: list[str] = []

    def record(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SET SEARCH_PATH", "SET LOCAL")):
            sent.append(sql)
        return execute(sql, params, many, context)

    assert type(connections["default"]).__module__.startswith("django_tenants.")
    with connections["default"].execute_wrapper(record), search_path_sets() as issued:
        response = client.get("/order/products")

    assert response.status_code == 200
    assert issued == [[store_a.schema_name, "public"]]
    assert len(sent) == 1 and sent[0].startswith("SET search_path")
