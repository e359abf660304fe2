"""A member's order: placed for the member (no prospect), confirmed with the member template
and the member's code in the link, readable by the member."""

import pytest

from shop.accounts.models import Prospect
from shop.orders.models import Order
from tenants.context import tenant_context
from tests.fixtures.shop import make_member, order_get

pytestmark = pytest.mark.django_db


def test_a_member_order_is_the_members_and_confirmed_with_the_member_template(
    store_a, place_guest_order, member_client, smtp_server
):
    with tenant_context(store_a):
        member = make_member("buyer1", email="buyer1@example.com")
        member.user.first_name = "Ada"
        member.user.save(update_fields=["first_name"])
    client = member_client(store_a, member)

    placed = place_guest_order(client=client)

    with tenant_context(store_a):
        order = Order.objects.select_related("payment").get(identifier=placed.identifier)
        assert not Prospect.objects.exists()
    assert (order.member_id, order.prospect_id) == (member.pk, None)
    assert order.payment.email == "buyer1@example.com"
    [mail] = smtp_server.wait_for(1)
    assert mail.rcpt_tos == ["buyer1@example.com"]
    assert "Hello Ada," in mail.text
    assert f"identifier={placed.identifier}&em_cd=gvREoqen93ffZsmBIc8zl&mb_cd={member.mb_cd}" in (
        mail.text
    )
    assert "marketing" not in mail.text
    assert order_get(client, placed.identifier)["order_detail"] == "success"
