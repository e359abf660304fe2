"""Every response carries X-Request-ID: the client's own when it is short and plain, else a
new one; and the id is bound only while its request runs."""

import re

import pytest
from core.log_context import get_request_id

pytestmark = pytest.mark.django_db(databases=["default", "second"])

MADE = re.compile(r"[0-9a-f]{32}")


def test_a_plain_request_id_is_echoed(store_a, client_for):
    response = client_for(store_a).get("/user/logged-in", HTTP_X_REQUEST_ID="lb-7f3a.2:x_9")

    assert response["X-Request-ID"] == "lb-7f3a.2:x_9"


def test_without_one_a_new_id_is_made_for_each_request(store_a, client_for):
    client = client_for(store_a)

    first = client.get("/user/logged-in")["X-Request-ID"]
    second = client.get("/user/logged-in")["X-Request-ID"]

    assert MADE.fullmatch(first) and MADE.fullmatch(second)
    assert first != second


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "a" * 129,
        "has space",
        'quote"injection',
        "new\nline",
        "héllo",
        "semi;colon",
    ],
)
def test_a_bad_request_id_is_replaced(store_a, client_for, bad):
    response = client_for(store_a).get("/user/logged-in", HTTP_X_REQUEST_ID=bad)

    assert MADE.fullmatch(response["X-Request-ID"])


def test_the_longest_accepted_id_is_128_characters(store_a, client_for):
    response = client_for(store_a).get("/user/logged-in", HTTP_X_REQUEST_ID="b" * 128)

    assert response["X-Request-ID"] == "b" * 128


def test_pages_answered_before_any_store_carry_it_too(client_for):
    unknown = client_for("nowhere.example").get("/", HTTP_X_REQUEST_ID="unknown-host-1")
    health = client_for("platform.test").get("/healthz", HTTP_X_REQUEST_ID="health-1")

    assert (unknown.status_code, unknown["X-Request-ID"]) == (404, "unknown-host-1")
    assert health["X-Request-ID"] == "health-1"


def test_the_id_is_unbound_once_the_request_is_over(store_a, client_for):
    client_for(store_a).get("/user/logged-in", HTTP_X_REQUEST_ID="gone-after")

    assert get_request_id() is None
