"""The attacks that got gunicorn's bare 500 page (DEBUG off, production settings) now get the
request guard's JSON 400 with the security headers, through a real gunicorn."""

import http.client
import json

import pytest

from tests.fixtures.processes import child_env, kill_process_group
from tests.shop.accounts.servers import start_gunicorn

pytestmark = pytest.mark.django_db(databases=["default", "second"])


@pytest.fixture
def production_server(store_a):
    env = child_env(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DEBUG="0",
        SECRET_KEY="gunicorn-test-" + "x" * 40,
        PLATFORM_DOMAIN="platform.test",
    )
    port, process = start_gunicorn(env)
    yield port
    kill_process_group(process)


def send(port: int, method: str, path: str, *, host: str, body: bytes = b"", **headers: str):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    connection.request(
        method,
        path,
        body=body or None,
        headers={"Host": host, "X-Forwarded-Proto": "https", **headers},
    )
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response, payload


@pytest.mark.parametrize("host", ["platform.test", "alpha.platform.test", "elsewhere.example"])
def test_the_bare_500s_are_json_400s_with_the_headers(production_server, host):
    cases = [
        (
            "unsupported-charset",
            send(
                production_server, "POST", "/dashboard/login/", host=host,
                body="username=a&password=b".encode("utf-16"),
                **{
                    "Content-Type": "application/x-www-form-urlencoded; charset=utf-16",
                    "Cookie": "csrftoken=" + "a" * 32,
                    "X-CSRFToken": "a" * 32,
                    "Referer": f"https://{host}/",
                },
            ),
        ),
        ("nul-byte", send(production_server, "GET", "/signup/jobs/a%00b/", host=host)),
        (
            "json-too-deep",
            send(
                production_server, "POST", "/order/stripe-webhook", host=host,
                body=b'{"a":' * 5000 + b"1" + b"}" * 5000,
                **{"Content-Type": "application/json", "Stripe-Signature": "t=1,v1=00"},
            ),
        ),
    ]  # fmt: skip
    for code, (response, payload) in cases:
        assert response.status == 400, (code, payload[:200])
        assert json.loads(payload)["errors"]["error"] == code
        assert response.getheader("Content-Security-Policy")
        assert response.getheader("Strict-Transport-Security")
        assert response.getheader("X-Frame-Options") == "DENY"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
