"""A paid order's confirmation is a task a real Celery worker runs after the order's
transaction committed: Stripe's signed webhook reaches the store, the worker (another
process, its own connection) finds the committed order, mails the shopper over SMTP and
deletes the paid cart."""

import secrets
import time

import pytest
from core.secrets import get_secret_store
from django.test import Client

from shop.cart.models import Cart
from shop.emails.models import Emailsent
from shop.orders.models import Order
from shop.seed import seed_store
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.stripe import keys_of
from tests.shop.campaigns.realworker import campaign_workers
from tests.shop.checkout.journey import fill_cart, pay, post_event, start_checkout


@pytest.fixture
def paying_store(django_db_setup, django_db_blocker, committed_stores, stripe_server, settings):
    settings.STRIPE_API_BASE = stripe_server.base_url
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    store = committed_stores(f"confirm-{secrets.token_hex(3)}")
    account = stripe_server.add_account()
    with django_db_blocker.unblock(), tenant_context(store):
        seed_store(catalog="office-supplies")
        get_secret_store().set_tenant_stripe_keys(store.pk, keys_of(account))
    return store, account


def test_the_webhooks_order_is_confirmed_by_a_real_worker(
    paying_store, django_db_blocker, redis_url, smtp_server, stripe_server
):
    store, account = paying_store
    client = Client(HTTP_HOST=primary_host_for(store.slug))
    with (
        django_db_blocker.unblock(),
        campaign_workers(redis_url, email_url=smtp_server.email_url) as workers,
    ):
        workers.start()
        fill_cart(client, store)
        started = start_checkout(client, anonymous_email_address="worker@example.com")
        event = pay(stripe_server, started["session_id"])

        response = post_event(client, event, secret=account.webhook_secret)

        assert response.status_code == 200, response.content
        identifier = response.json()["order_identifier"]
        [message] = smtp_server.wait_for(1, timeout=60)
        deadline = time.monotonic() + 30  # the cart goes right after the mail
        with tenant_context(store):
            while Cart.objects.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            order = Order.objects.get(identifier=identifier)
            assert not Cart.objects.exists()
            assert order.confirmation_claimed_date_time is not None
            assert Emailsent.objects.filter(prospect__email="worker@example.com").count() == 1
    assert message.rcpt_tos == ["worker@example.com"]
    assert identifier in message.text
