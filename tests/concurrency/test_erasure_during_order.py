"""A member is erased while Stripe's webhook is placing their order, on two connections at
once (real threads, committed data): whichever commits first, the order is placed once with
its totals and without the member's email, name or address, and nothing of theirs is left in
any column of the store's schema."""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from stripe_sandbox.events import encode_event, sign_payload

from shop.accounts.data_requests import erase_member
from shop.accounts.models import Member
from shop.orders.models import Order
from tenants.context import tenant_context
from tenants.services import primary_host_for
from tests.fixtures.accounts import make_account
from tests.fixtures.races import race_after_setup
from tests.shop.checkout.journey import fill_cart, pay, start_checkout
from tests.shop.privacy.conftest import columns_holding

ROUNDS = 8


@pytest.fixture
def racing_store(racing_store_for):
    return racing_store_for(f"erase-race-{secrets.token_hex(3)}")


def test_an_order_placed_while_its_member_is_erased_is_kept_anonymized(
    racing_store, django_db_blocker, stripe_server, member_client
):
    tenant, account = racing_store
    host = primary_host_for(tenant.slug)
    personal: list[str] = []
    with django_db_blocker.unblock():
        for number in range(ROUNDS):
            # given a member who has paid on Stripe's page; the webhook is on its way
            email, first, street = (f"racer{number}@example.com", f"Racerfirst{number}z",
                                    f"{number}17 Racecourse Row")  # fmt: skip
            personal += [email, first, street]
            with tenant_context(tenant):
                member = make_account(f"racer_{number}", email=email, first_name=first)
            shopper = member_client(tenant, member)
            fill_cart(shopper, tenant)
            session_id = start_checkout(shopper)["session_id"]
            event = pay(stripe_server, session_id, email=email, name=f"{first} Lastly",
                        address={"line1": street, "city": "Racetown"})  # fmt: skip
            payload = encode_event(event)

            def deliver(go: Callable[[], None], payload=payload) -> int:
                client = Client(HTTP_HOST=host)
                go()
                return client.post(
                    "/order/stripe-webhook", payload, content_type="application/json",
                    HTTP_STRIPE_SIGNATURE=sign_payload(payload, secret=account.webhook_secret),
                ).status_code  # fmt: skip

            def erase(go: Callable[[], None], member_id=member.pk) -> int:
                with tenant_context(tenant):
                    go()
                    time.sleep(random.uniform(0, 0.03))  # either may commit first
                    return erase_member(member_id=member_id, acting_user=None).pk

            # when the webhook and the erasure run at once
            answers = race_after_setup([deliver, erase], timeout=60)

            # then the webhook succeeded and made one order, with its totals, of nobody
            assert 200 in answers
            with tenant_context(tenant):
                order = Order.objects.select_related(
                    "payment", "shipping_address", "billing_address"
                ).get(payment__stripe_checkout_session_id=session_id)
                assert order.order_total == Decimal("31.55")
                assert (order.member_id, order.prospect_id) == (None, None)
                assert (order.payment.email, order.payment.card_name) == ("", "")
                assert order.shipping_address.name == order.billing_address.address_line1 == ""
                assert not Member.objects.filter(pk=member.pk).exists()

        with tenant_context(tenant):
            assert Order.objects.count() == ROUNDS
            assert columns_holding(tenant.schema_name, personal) == {}
