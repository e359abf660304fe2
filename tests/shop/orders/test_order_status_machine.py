"""Order status is an explicit state machine: it starts in the store's configured status,
moves only forward along ORDER_TRANSITIONS, and every move is a history row."""

import pytest

from shop.orders.errors import InvalidOrderStatusTransition, OrderSetupError
from shop.orders.models import Order, Orderstatus, Status
from shop.orders.status import ORDER_TRANSITIONS, get_current_status, set_status
from tenants.context import tenant_context

pytestmark = pytest.mark.django_db


def _history(order):
    return list(
        Orderstatus.objects.filter(order=order)
        .order_by("created_date_time", "id")
        .values_list("status__identifier", flat=True)
    )


def test_the_transitions_only_move_forward():
    expected = {
        "accepted": frozenset({"manufacturing", "packing", "shipped"}),
        "manufacturing": frozenset({"packing", "shipped"}),
        "packing": frozenset({"shipped"}),
        "shipped": frozenset(),
    }
    assert expected == ORDER_TRANSITIONS


def test_an_order_moves_forward_and_keeps_its_history(store_a, place_guest_order):
    placed = place_guest_order()
    with tenant_context(store_a):
        order = Order.objects.get(identifier=placed.identifier)
        set_status(order, "packing")
        set_status(order, "shipped")
        assert get_current_status(order).status.identifier == "shipped"
        assert _history(order) == ["accepted", "packing", "shipped"]


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        (["shipped"], "packing"),
        (["packing"], "manufacturing"),
        ([], "accepted"),
        (["shipped"], "shipped"),
        ([], "cancelled"),
    ],
)
def test_a_move_the_machine_forbids_is_refused_and_writes_nothing(
    store_a, place_guest_order, path, refused
):
    placed = place_guest_order()
    with tenant_context(store_a):
        order = Order.objects.get(identifier=placed.identifier)
        for step in path:
            set_status(order, step)
        before = _history(order)
        with pytest.raises(InvalidOrderStatusTransition) as raised:
            set_status(order, refused)
        assert _history(order) == before
    assert raised.value.code == "invalid-status-transition"
    assert (raised.value.current, raised.value.new) == ((path or ["accepted"])[-1], refused)


def test_a_status_the_store_lacks_is_a_setup_error(store_a, place_guest_order):
    placed = place_guest_order()
    with tenant_context(store_a):
        order = Order.objects.get(identifier=placed.identifier)
        Status.objects.filter(identifier="packing").delete()
        with pytest.raises(OrderSetupError):
            set_status(order, "packing")
        assert _history(order) == ["accepted"]
