"""The store admin shows orders read-only, changes their status only through the state
machine, resolves email failures recording who and when, and offers no fake PDF actions."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User

from shop.orders.models import Order, Orderemailfailure, Orderstatus
from tenants.context import tenant_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(store_a, client_for):
    with tenant_context(store_a):
        user = User.objects.create_superuser("owner9", "owner9@example.com", "Owner!pass1")
    client = client_for(store_a)
    with tenant_context(store_a):
        client.force_login(user)
    return client


def _history(store, identifier):
    with tenant_context(store):
        return list(
            Orderstatus.objects.filter(order__identifier=identifier)
            .order_by("created_date_time", "id")
            .values_list("status__identifier", flat=True)
        )


def _act(staff, action, *orders):
    return staff.post(
        "/admin/orders/order/",
        {"action": action, "_selected_action": [order.pk for order in orders]},
        follow=True,
    )


def test_the_order_page_shows_lines_discounts_payment_and_history(
    store_a, staff, place_guest_order
):
    placed = place_guest_order()
    with tenant_context(store_a):
        order = Order.objects.get(identifier=placed.identifier)

    page = staff.get(f"/admin/orders/order/{order.pk}/change/").content.decode()

    assert placed.identifier in page
    assert "Left Sided Paperclip" in page and "3.50" in page
    assert "guest@example.com" in page
    assert placed.session_id in page
    assert "accepted" in page
    assert "pdf" not in page.lower()


def test_orders_cannot_be_added_or_deleted_from_the_admin(store_a, staff, place_guest_order):
    placed = place_guest_order()
    with tenant_context(store_a):
        order = Order.objects.get(identifier=placed.identifier)
    assert staff.get("/admin/orders/order/add/").status_code == 403
    assert staff.get(f"/admin/orders/order/{order.pk}/delete/").status_code == 403


def test_the_order_actions_are_status_moves_only():
    actions = admin.site._registry[Order].actions
    assert [action.__name__ for action in actions] == [
        "move_to_manufacturing",
        "move_to_packing",
        "move_to_shipped",
    ]


def test_an_allowed_move_is_made_and_a_forbidden_one_refused_with_a_message(
    store_a, staff, place_guest_order
):
    first, second = place_guest_order(), place_guest_order()
    with tenant_context(store_a):
        orders = list(Order.objects.filter(identifier__in=[first.identifier, second.identifier]))
    _act(staff, "move_to_shipped", orders[0])

    response = _act(staff, "move_to_packing", *orders)

    page = response.content.decode()
    assert f"Moved to packing: {orders[1].identifier}." in page
    assert f"Not moved to packing: {orders[0].identifier}" in page
    assert "An order cannot move from shipped to packing." in page
    assert _history(store_a, orders[0].identifier) == ["accepted", "shipped"]
    assert _history(store_a, orders[1].identifier) == ["accepted", "packing"]


def test_an_email_failure_is_resolved_by_the_admin_user(
    store_a, staff, place_guest_order, smtp_server
):
    smtp_server.stop()
    place_guest_order()
    with tenant_context(store_a):
        failure = Orderemailfailure.objects.get()

    page = staff.get(f"/admin/orders/orderemailfailure/{failure.pk}/change/").content.decode()
    response = staff.post(
        "/admin/orders/orderemailfailure/",
        {"action": "mark_resolved", "_selected_action": [failure.pk]},
        follow=True,
    )

    assert 'name="error_message"' not in page  # read-only
    assert 'name="resolution_notes"' in page
    assert "1 failure(s) marked as resolved." in response.content.decode()
    with tenant_context(store_a):
        failure.refresh_from_db()
    assert (failure.resolved, failure.resolved_by) == (True, "owner9")
    assert failure.resolved_date_time is not None
    assert staff.get("/admin/orders/orderemailfailure/add/").status_code == 403
