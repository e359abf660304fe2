"""A confirmation email that cannot go out never costs the order: the webhook still answers
200, the order stays, and the failure is an Orderemailfailure row of its type plus an
[ORDER_EMAIL_FAILURE] log line naming the order and the store."""

import pytest
from django.db import connection
from infra_components.names import ORDER_EMAIL_FAILURE_MARKER

from shop.cart.models import Cart
from shop.emails.models import Email, Emailsent
from shop.orders.models import Order, Orderconfiguration, Orderemailfailure
from tenants.context import tenant_context
from tests.fixtures.shop import set_config

pytestmark = pytest.mark.django_db

PROSPECT_TEMPLATE = "FpGyZy6kld9R2XTjqvBQN"


def _fail_on(table: str, operation: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION fail_write() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'injected failure on %', TG_TABLE_NAME; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER fail_write BEFORE {operation} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION fail_write()"
        )


def _break_template():
    Email.objects.filter(em_cd=PROSPECT_TEMPLATE).delete()


def _unset_em_cd():
    set_config(Orderconfiguration.Key.ORDER_CONFIRMATION_EM_CD_PROSPECT, string_value="")


def _unknown_placeholder():
    Email.objects.filter(em_cd=PROSPECT_TEMPLATE).update(body_text="Hi {no_such_placeholder}")


def _fail_emailsent():
    _fail_on("emails_emailsent", "INSERT")


def _fail_cart_delete():
    _fail_on("cart_cart", "DELETE")


@pytest.mark.parametrize(
    ("breakage", "failure_type", "phase", "mailed", "cart_left"),
    [
        (_break_template, "template_lookup", "email_send", 0, 0),
        (_unset_em_cd, "template_lookup", "email_send", 0, 0),
        (_unknown_placeholder, "formatting", "email_send", 0, 0),
        (_fail_emailsent, "emailsent_log", "email_send", 1, 0),
        (_fail_cart_delete, "cart_delete", "post_email", 1, 1),
    ],
    ids=["template-missing", "no-em_cd", "formatting", "emailsent-log", "cart-delete"],
)
def test_a_broken_store_setup_records_the_failure_and_keeps_the_order(
    store_a, place_guest_order, smtp_server, caplog, breakage, failure_type, phase, mailed,
    cart_left,
):  # fmt: skip
    # given a store whose confirmation cannot be completed
    with tenant_context(store_a):
        breakage()

    # when a guest's payment is confirmed by Stripe
    with caplog.at_level("ERROR", logger="shop.orders.confirmation"):
        placed = place_guest_order()

    # then the order is there, the webhook said 200, and the failure is recorded and logged
    assert placed.response.status_code == 200
    with tenant_context(store_a):
        order = Order.objects.get(identifier=placed.identifier)
        failure = Orderemailfailure.objects.get()
        carts = Cart.objects.count()
        sent = Emailsent.objects.count()
    assert (failure.order_id, failure.failure_type, failure.phase) == (
        order.pk,
        failure_type,
        phase,
    )
    assert failure.customer_email == "guest@example.com"
    assert failure.is_member_order is False
    assert failure.resolved is False
    assert failure.error_message
    assert (
        f"{ORDER_EMAIL_FAILURE_MARKER} type={failure_type} order={placed.identifier} tenant=alpha"
        in caplog.text
    )
    assert len(smtp_server.messages) == mailed
    assert sent == (0 if failure_type != "cart_delete" else 1)
    assert carts == cart_left


def test_an_smtp_server_that_is_down_is_an_smtp_send_failure(
    store_a, place_guest_order, smtp_server, caplog
):
    # given the store's mail server is down (its port is closed)
    smtp_server.stop()

    # when an order is placed
    with caplog.at_level("ERROR", logger="shop.orders.confirmation"):
        placed = place_guest_order()

    # then the order stays and the failure says smtp_send
    assert placed.response.status_code == 200
    with tenant_context(store_a):
        failure = Orderemailfailure.objects.select_related("order").get()
        assert not Cart.objects.exists()
    assert (failure.order.identifier, failure.failure_type) == (placed.identifier, "smtp_send")
    assert "Connection refused" in failure.error_message
    assert f"type=smtp_send order={placed.identifier} tenant=alpha" in caplog.text


def test_an_smtp_server_that_refuses_the_message_is_an_smtp_send_failure(
    store_a, place_guest_order, smtp_server
):
    smtp_server.refuse(554, "5.7.1 no thanks")

    placed = place_guest_order()

    assert placed.response.status_code == 200
    with tenant_context(store_a):
        failure = Orderemailfailure.objects.get()
    assert failure.failure_type == "smtp_send"
    assert "no thanks" in failure.error_message
    assert smtp_server.messages == []
