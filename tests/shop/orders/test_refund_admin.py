"""The store admin's Refund page: full or part with a reason and "return items to stock";
too much is an admin message on the page, never a 500; refunds are listed on the order."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from shop.orders.models import Refund
from tenants.context import tenant_context
from tests.shop.orders.refund_helpers import get_order, history

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(store_a, client_for):
    with tenant_context(store_a):
        user = User.objects.create_superuser("owner8", "owner8@example.com", "Owner!pass1")
    client = client_for(store_a)
    with tenant_context(store_a):
        client.force_login(user)
    return client


def test_the_admin_refunds_in_part_then_in_full_and_refuses_too_much(
    store_a, staff, place_guest_order
):
    placed = place_guest_order()
    order = get_order(store_a, placed.identifier)
    page = f"/admin/orders/order/{order.pk}/refund/"

    change = staff.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    form = staff.get(page)
    too_much = staff.post(page, {"amount": "31.56", "reason": "broken"}, follow=True)
    with tenant_context(store_a):
        line = order.orderskus.first()
    part = staff.post(
        page,
        {"amount": "10.00", "reason": "one clip broken", f"return_{line.pk}": "1"},
        follow=True,
    )
    rest = staff.post(page, {"amount": "", "reason": "sent back"}, follow=True)
    nothing_left = staff.post(page, {"amount": "", "reason": "again"}, follow=True)

    assert f'href="{page}"' in change
    assert form.status_code == 200 and "Left to refund" in form.content.decode()
    assert too_much.status_code == 200
    assert "31.56 USD is more than is left to refund (31.55 USD)." in too_much.content.decode()
    assert part.redirect_chain[-1][0] == f"/admin/orders/order/{order.pk}/change/"
    assert "Refund of 10.00 USD: Succeeded." in part.content.decode()
    assert "Refund of 21.55 USD: Succeeded." in rest.content.decode()
    assert "one clip broken" in rest.content.decode()  # the inline lists the refunds
    assert nothing_left.status_code == 200
    assert "Nothing is left to refund." in nothing_left.content.decode()
    with tenant_context(store_a):
        rows = list(
            Refund.objects.order_by("id").values_list(
                "amount", "reason", "restock", "created_by_username"
            )
        )
    assert rows == [
        (Decimal("10.00"), "one clip broken", True, "owner8"),
        (Decimal("21.55"), "sent back", False, "owner8"),
    ]
    assert history(store_a, placed.identifier) == ["accepted", "partially-refunded", "refunded"]


def test_a_refund_without_a_reason_is_a_form_error(store_a, staff, place_guest_order):
    placed = place_guest_order()
    order = get_order(store_a, placed.identifier)

    response = staff.post(f"/admin/orders/order/{order.pk}/refund/", {"amount": "1.00"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    with tenant_context(store_a):
        assert not Refund.objects.exists()


def test_stripe_refusing_is_an_admin_message(store_a, staff, place_guest_order, stripe_server):
    import stripe

    placed = place_guest_order()
    order = get_order(store_a, placed.identifier)
    # Refunded in Stripe's dashboard, and the store has not heard of it yet.
    stripe.StripeClient(
        placed.account.secret_key, base_addresses={"api": stripe_server.base_url}
    ).v1.refunds.create(params={"payment_intent": order.payment.stripe_payment_intent_id})

    response = staff.post(
        f"/admin/orders/order/{order.pk}/refund/", {"amount": "1.00", "reason": "x"}, follow=True
    )

    assert response.status_code == 200
    assert "has already been refunded." in response.content.decode()
    with tenant_context(store_a):
        assert list(Refund.objects.values_list("status", flat=True)) == ["failed"]
