"""With LOG_FORMAT=json and REQUEST_LOG, each store request logs one JSON access line with
the store, request id, path, route name, status, duration and the kind of user."""

import pytest
from django.contrib.auth.models import User

from shop.accounts.models import Member
from tenants.context import public_context, tenant_context
from tests.fleet.json_logs import ACCESS_FIELDS, access_lines, json_logging

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture(autouse=True)
def request_log_on(settings):
    settings.LOG_FORMAT = "json"
    settings.REQUEST_LOG = True


def _only_access_line(read) -> dict:
    [line] = access_lines(read())
    assert line.keys() >= ACCESS_FIELDS
    return line


def test_an_anonymous_store_request_logs_every_field(store_a, client_for):
    client = client_for(store_a)

    with json_logging() as read:
        response = client.get("/user/logged-in", HTTP_X_REQUEST_ID="anon-req-1")

    line = _only_access_line(read)
    assert response.status_code == 200
    assert line["level"] == "INFO"
    assert line["store"] == store_a.schema_name
    assert line["request_id"] == "anon-req-1"
    assert (line["method"], line["path"]) == ("GET", "/user/logged-in")
    assert line["route"] == "user-logged-in"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["user_kind"] == "anonymous"
    assert line["time"].endswith("+00:00")


def test_a_signed_in_member_is_logged_as_a_member(store_a, member_client):
    with tenant_context(store_a):
        user = User.objects.create_user("logged_member", password="Unused!pass1")
        member = Member.objects.create(user=user)
    client = member_client(store_a, member)

    with json_logging() as read:
        client.get("/user/logged-in", HTTP_X_REQUEST_ID="member-req-1")

    line = _only_access_line(read)
    assert (line["store"], line["request_id"], line["user_kind"]) == (
        store_a.schema_name,
        "member-req-1",
        "member",
    )
    assert (line["route"], line["status"]) == ("user-logged-in", 200)


def test_a_store_admin_is_staff_and_a_platform_sign_in_an_operator(store_a, client_for):
    with tenant_context(store_a):
        admin = User.objects.create_user("logged_admin", password="x", is_staff=True)
    store_client = client_for(store_a)
    with tenant_context(store_a):
        store_client.force_login(admin)
    with public_context():
        operator = User.objects.create_superuser("logged_operator", password="x")
    platform_client = client_for("platform.test")
    platform_client.force_login(operator)

    with json_logging() as read:
        store_client.get("/user/logged-in")
        platform_client.get("/dashboard/")

    store_line, platform_line = access_lines(read())
    assert (store_line["store"], store_line["user_kind"]) == (store_a.schema_name, "staff")
    assert (platform_line["store"], platform_line["user_kind"]) == ("public", "operator")
    assert platform_line["route"].startswith("control_plane:dashboard:")
    assert store_line["request_id"] != platform_line["request_id"]


def test_a_line_a_view_logs_carries_the_store_and_request_id(store_b, client_for):
    """Not only the access line: whatever the request logs on its way names both."""
    with json_logging() as read:
        client_for(store_b).get("/no-such-page", HTTP_X_REQUEST_ID="nf-1")

    lines = read()
    assert {line["request_id"] for line in lines} == {"nf-1"}
    assert {line["store"] for line in lines} == {store_b.schema_name}
    assert [line["status"] for line in access_lines(lines)] == [404]


def test_a_path_is_logged_escaped(store_a, client_for):
    with json_logging() as read:
        client_for(store_a).get("/forged%0Aline")

    [line] = access_lines(read())
    assert line["path"] == "/forged\\nline"
    assert line["message"].startswith("GET /forged\\nline 404 ")
