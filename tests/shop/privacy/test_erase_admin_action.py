"""The store admin's "Erase personal data" action: a confirmation page naming who, then the
erasure; the record is listed read-only. A store admin of store B can neither see nor erase
store A's member: B's admin is B's schema, and A's ids mean nothing there."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from shop.accounts.models import DataRequest, Member, Prospect
from shop.orders.models import Order
from tenants.context import tenant_context
from tests.fixtures.accounts import make_account, make_prospect
from tests.shop.privacy.conftest import EMAIL

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/member/"


def store_admin(store, client_for, username: str = "owner"):
    with tenant_context(store):
        user = User.objects.create_superuser(username, f"{username}@store.example", "x" * 20)
    client = client_for(store)
    with tenant_context(store):
        client.force_login(user)
    return client


def test_the_action_asks_first_then_erases_and_records(subject, in_store_a, client_for):
    admin = store_admin(in_store_a, client_for)
    selection = {"action": "erase_personal_data", "_selected_action": [subject.member.pk]}

    page = admin.post(CHANGELIST, selection)

    assert page.status_code == 200
    assert EMAIL in page.content.decode() and b'id="confirm-erase"' in page.content
    assert Member.objects.filter(pk=subject.member.pk).exists()  # nothing erased yet

    done = admin.post(CHANGELIST, {**selection, "confirm": "yes"})

    assert done.status_code == 302
    assert not Member.objects.exists() and Order.objects.get().payment.email == ""
    record = DataRequest.objects.get()
    assert record.acting_username == "owner"
    listing = admin.get("/admin/accounts/datarequest/")
    assert listing.status_code == 200 and EMAIL not in listing.content.decode()


def test_a_prospect_is_erased_from_the_prospect_admin(in_store_a, client_for):
    prospect = make_prospect("erase.me@example.com")
    admin = store_admin(in_store_a, client_for)

    admin.post("/admin/accounts/prospect/", {"action": "erase_personal_data",
               "_selected_action": [prospect.pk], "confirm": "yes"})  # fmt: skip

    assert not Prospect.objects.exists()
    assert DataRequest.objects.get().kind == DataRequest.Kind.ERASE_PROSPECT


def test_store_b_admin_cannot_erase_store_a_members(in_store_a, store_b, client_for):
    with tenant_context(store_b):
        bravo = make_account("bravo_member", email="bravo@example.com")
    alpha = make_account("alpha_member", email="alpha@example.com")
    b_admin = store_admin(store_b, client_for, "bravo_owner")

    # A's member's id, posted to B's admin, selects B's row of that id or none: never A's.
    b_admin.post(CHANGELIST, {"action": "erase_personal_data",
                 "_selected_action": [alpha.pk], "confirm": "yes"})  # fmt: skip

    assert Member.objects.filter(pk=alpha.pk).exists()
    assert User.objects.get(pk=alpha.user_id).email == "alpha@example.com"
    assert not DataRequest.objects.exists()
    with tenant_context(store_b):
        assert not Member.objects.exclude(pk=bravo.pk).exists()
