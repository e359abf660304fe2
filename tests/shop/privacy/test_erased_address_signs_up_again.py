"""An erased member's address, and their username, sign up again as a new member with none of
the old data: nothing left behind (the case-insensitive unique email index on auth_user, the
prospect's unique address, unsubscribe tokens) stands in the way."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from shop.accounts.data_requests import erase_member
from shop.accounts.models import Member, Prospect
from shop.orders.models import Order
from tests.fixtures.accounts import user_get, user_post
from tests.shop.privacy.conftest import EMAIL, FIRST, LAST

pytestmark = pytest.mark.django_db


def test_the_erased_address_creates_a_new_member_without_the_old_orders(
    subject, in_store_a, client_for, django_capture_on_commit_callbacks
):
    old_member_id = subject.member.pk
    erase_member(member_id=old_member_id, acting_user=None)

    newcomer = client_for(in_store_a)
    with django_capture_on_commit_callbacks(execute=True):
        body = user_post(newcomer, "create-account", firstname=FIRST, lastname=LAST,
                         username="quintessa_b", email_address=EMAIL.upper(),
                         password="Analytical-Engine-1", confirm_password="Analytical-Engine-1",
                         newsletter="false", remember_me="false")  # fmt: skip

    assert body == {"create_account": "true", "user-api-version": "0.0.1"}
    member = Member.objects.get(user__username="quintessa_b")
    assert member.pk != old_member_id
    assert User.objects.get(pk=member.user_id).email == EMAIL.upper()
    assert not Prospect.objects.exists()  # no old prospect to convert: it was erased
    assert Order.objects.count() == 1 and not Order.objects.filter(member=member).exists()
    account = user_get(newcomer, "account-content")["account_content"]
    assert account["orders_data"] == {}
