"""A store admin erases a prospect (a guest who bought and chatted): their guest order keeps
its totals with no name, email or address; the prospect, their chat and link events go; a
member of the store is untouched."""

from __future__ import annotations

import pytest

from shop.accounts.data_requests import erase_prospect
from shop.accounts.models import Chatmessage, DataRequest, Prospect
from shop.clientevents.models import Linkevent
from shop.orders.models import Order
from tests.fixtures.accounts import make_account
from tests.shop.privacy.conftest import columns_holding, place_paid_order

pytestmark = pytest.mark.django_db

GUEST = ["Wilhelmina", "Oakenshaw", "wil.oak@example.com", "77 Larkspur Lane", "Oxbridgeton"]


def test_erasing_a_guest_prospect_anonymizes_their_order_and_deletes_the_rest(
    in_store_a, store_stripe, client_for, stripe_server, django_capture_on_commit_callbacks
):
    bystander = make_account("bystander", email="bystander@example.com")
    guest = client_for(in_store_a)
    identifier = place_paid_order(
        in_store_a, guest, account=store_stripe(in_store_a), stripe_server=stripe_server,
        client_for=client_for, capture=django_capture_on_commit_callbacks,
        email="Wil.Oak@example.com", name="Wilhelmina Oakenshaw",
    )  # fmt: skip
    prospect = Prospect.objects.get()
    Chatmessage.objects.create(prospect=prospect, name="Wilhelmina", message="hi",
                               email_address="wil.oak@example.com")  # fmt: skip
    Linkevent.objects.create(prospect=prospect, url="/news")
    total = Order.objects.get().order_total

    record = erase_prospect(prospect_id=prospect.pk, acting_user=None)

    assert columns_holding(in_store_a.schema_name, GUEST) == {}
    order = Order.objects.get(identifier=identifier)
    assert (order.order_total, order.prospect_id) == (total, None)
    assert not (Prospect.objects.exists() or Chatmessage.objects.exists()
                or Linkevent.objects.exists())  # fmt: skip
    assert record.kind == DataRequest.Kind.ERASE_PROSPECT
    assert record.counts["orders_anonymized"] == 1 and record.counts["accounts_deleted"] == 0
    bystander.user.refresh_from_db()
    assert bystander.user.email == "bystander@example.com"
