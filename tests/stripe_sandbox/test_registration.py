"""Stores register their sandbox account over HTTP (stripe_sandbox.client): an upsert by
secret key, with the store's name and webhook; `*.localhost` webhooks reach 127.0.0.1 with the
store's host name as Host; a state file keeps the accounts across restarts."""

import json
from urllib.parse import urlsplit

import pytest
import requests
import stripe
from stripe_sandbox import StripeSandbox
from stripe_sandbox.client import SandboxUnavailable, register_account
from stripe_sandbox.keys import new_sandbox_keys
from stripe_sandbox.server import loopback_target

from tests.fakes.http_sink import HttpSink
from tests.fakes.net import free_port
from tests.stripe_sandbox.checkout_params import session_params


def sdk(sandbox: StripeSandbox, secret_key: str) -> stripe.StripeClient:
    return stripe.StripeClient(
        secret_key, base_addresses={"api": sandbox.base_url}, max_network_retries=0
    )


def test_a_registered_account_takes_api_calls_and_names_the_hosted_page(stripe_server):
    keys = new_sandbox_keys()

    register_account(
        stripe_server.base_url, keys=keys, name="Demo Store", webhook_url="https://x.test/hook"
    )
    session = sdk(stripe_server, keys.secret_key).v1.checkout.sessions.create(
        params=session_params()
    )

    account = stripe_server.accounts[keys.secret_key]
    assert (account.name, account.publishable_key, account.webhook_secret) == (
        "Demo Store",
        keys.publishable_key,
        keys.webhook_secret,
    )
    assert (account.webhook_url, account.webhook_host) == ("https://x.test/hook", None)
    assert "id='store-name'>Demo Store</span>" in requests.get(session.url, timeout=5).text


def test_registering_again_updates_the_account_and_keeps_its_sessions(stripe_server):
    keys = new_sandbox_keys()
    register_account(stripe_server.base_url, keys=keys, name="Old", webhook_url="http://a.test/")
    client = sdk(stripe_server, keys.secret_key)
    session = client.v1.checkout.sessions.create(params=session_params())
    accounts = len(stripe_server.accounts)

    register_account(stripe_server.base_url, keys=keys, name="New", webhook_url="http://b.test/")

    account = stripe_server.accounts[keys.secret_key]
    assert (account.name, account.webhook_url) == ("New", "http://b.test/")
    assert len(stripe_server.accounts) == accounts
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"


@pytest.mark.parametrize(
    ("url", "target"),
    [
        (
            "http://demo.localhost:8000/order/stripe-webhook",
            ("127.0.0.1:8000", "demo.localhost:8000"),
        ),
        ("http://localhost/hook", ("127.0.0.1", "localhost")),
        ("http://Acme.LOCALHOST:8000/h", ("127.0.0.1:8000", "acme.localhost:8000")),
        ("https://shop.example.com/hook", ("shop.example.com", None)),
        ("http://localhost.example.com/hook", ("localhost.example.com", None)),
    ],
)
def test_localhost_webhooks_are_sent_to_the_loopback_address(url, target):
    delivered, host = loopback_target(url)

    assert (urlsplit(delivered).netloc, host) == target
    assert urlsplit(delivered).path == urlsplit(url).path


def test_a_store_on_a_localhost_name_gets_its_webhook_with_its_host(stripe_server):
    keys = new_sandbox_keys()
    with HttpSink() as sink:
        port = urlsplit(sink.url).port
        register_account(
            stripe_server.base_url,
            keys=keys,
            name="Demo Store",
            webhook_url=f"http://demo.localhost:{port}/order/stripe-webhook",
        )
        session = sdk(stripe_server, keys.secret_key).v1.checkout.sessions.create(
            params=session_params()
        )
        stripe_server.complete_session(session.id)

    [received] = sink.received
    assert received.path == "/order/stripe-webhook"
    assert received.headers["Host"] == f"demo.localhost:{port}"
    assert json.loads(received.body)["data"]["object"]["id"] == session.id
    assert stripe_server.deliveries[-1].ok


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"name": "x"}', b'{"name": 1, "secret_key": "sk_test_1", '
     b'"publishable_key": "pk_test_1", "webhook_secret": "whsec_1"}',
     b'{"name": "x", "secret_key": "pk_test_1", "publishable_key": "pk_test_1", '
     b'"webhook_secret": "whsec_1"}'],
)  # fmt: skip
def test_a_bad_registration_is_a_400(stripe_server, body):
    answer = requests.post(f"{stripe_server.base_url}/_sandbox/accounts", data=body, timeout=5)

    assert answer.status_code == 400
    assert "error" in answer.json()


def test_the_client_says_when_the_sandbox_is_not_there():
    with pytest.raises(SandboxUnavailable, match="cannot be reached"):
        register_account(
            f"http://127.0.0.1:{free_port()}",
            keys=new_sandbox_keys(),
            name="Demo Store",
            webhook_url="http://demo.localhost:8000/order/stripe-webhook",
            timeout=2,
        )


def test_the_state_file_keeps_accounts_but_not_sessions(tmp_path):
    state = tmp_path / "sandbox.json"
    keys = new_sandbox_keys()
    with StripeSandbox(state_file=state) as first:
        register_account(
            first.base_url,
            keys=keys,
            name="Acme Supplies",
            webhook_url="http://acme.localhost:8000/h",
        )
        session = sdk(first, keys.secret_key).v1.checkout.sessions.create(params=session_params())

    with StripeSandbox(state_file=state) as second:
        account = second.accounts[keys.secret_key]
        client = sdk(second, keys.secret_key)
        again = client.v1.checkout.sessions.create(params=session_params())
        with pytest.raises(stripe.InvalidRequestError):
            client.v1.checkout.sessions.retrieve(session.id)

    assert (account.name, account.webhook_url, account.webhook_host) == (
        "Acme Supplies",
        "http://127.0.0.1:8000/h",
        "acme.localhost:8000",
    )
    assert again.status == "open"
    assert oct(state.stat().st_mode & 0o777) == "0o600"
