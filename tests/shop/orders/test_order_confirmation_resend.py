"""After a confirmation failed, the store's admin fixes the cause and sends it again from the
admin: the shopper gets the mail once, the failures are resolved with who did it; a mail
that already went out (email-sent log failure) is never sent twice."""

import pytest
from django.contrib.auth.models import User

from shop.emails.models import Email
from shop.orders.confirmation import resend_order_confirmation
from shop.orders.models import Order, Orderemailfailure
from tenants.context import tenant_context

pytestmark = pytest.mark.django_db

PROSPECT_TEMPLATE = "FpGyZy6kld9R2XTjqvBQN"


@pytest.fixture
def staff(store_a, client_for):
    with tenant_context(store_a):
        user = User.objects.create_superuser("owner8", "owner8@example.com", "Owner!pass1")
    client = client_for(store_a)
    with tenant_context(store_a):
        client.force_login(user)
    return client


def _resend(staff, *failures):
    return staff.post(
        "/admin/orders/orderemailfailure/",
        {"action": "resend_confirmation", "_selected_action": [f.pk for f in failures]},
        follow=True,
    )


def _failed_order(store, place_guest_order, smtp_server):
    smtp_server.refuse(554, "5.7.1 not today")
    placed = place_guest_order()
    smtp_server.accept()
    with tenant_context(store):
        return Orderemailfailure.objects.select_related("order").get(), placed


def test_a_resend_after_the_mail_server_is_back_mails_once_and_resolves(
    store_a, staff, place_guest_order, smtp_server
):
    failure, placed = _failed_order(store_a, place_guest_order, smtp_server)
    assert smtp_server.messages == []

    page = _resend(staff, failure).content.decode()

    assert f"Confirmation sent again for {placed.identifier}." in page
    [message] = smtp_server.wait_for(1)
    assert message.rcpt_tos == ["guest@example.com"]
    assert placed.identifier in message.text
    with tenant_context(store_a):
        failure.refresh_from_db()
    assert (failure.resolved, failure.resolved_by) == (True, "owner8")
    assert failure.resolution_notes == "Confirmation sent again."

    # A second click finds nothing to send.
    again = _resend(staff, failure).content.decode()
    assert "Nothing to send" in again
    assert len(smtp_server.messages) == 1


def test_a_resend_that_fails_again_records_a_new_failure_and_says_so(
    store_a, staff, place_guest_order, smtp_server
):
    failure, placed = _failed_order(store_a, place_guest_order, smtp_server)
    with tenant_context(store_a):
        Email.objects.filter(em_cd=PROSPECT_TEMPLATE).delete()

    page = _resend(staff, failure).content.decode()

    assert f"Still failing: {placed.identifier} (Template lookup)." in page
    with tenant_context(store_a):
        types = list(
            Orderemailfailure.objects.order_by("id").values_list("failure_type", "resolved")
        )
    assert types == [("smtp_send", False), ("template_lookup", False)]
    assert smtp_server.messages == []


def test_a_mail_that_went_out_is_not_sent_again(store_a, place_guest_order, smtp_server):
    placed = place_guest_order()
    smtp_server.wait_for(1)
    with tenant_context(store_a):
        order = Order.objects.get(identifier=placed.identifier)
        Orderemailfailure.objects.create(
            order=order, failure_type="emailsent_log", error_message="log write failed"
        )
        outcome = resend_order_confirmation(order=order, resolved_by="owner8")
    assert (outcome.sent, outcome.failure) == (False, None)
    assert len(smtp_server.messages) == 1


def test_a_resend_that_read_the_order_before_another_claimed_it_sends_nothing(
    store_a, place_guest_order, smtp_server
):
    """Two admins at once: the claim is a compare-and-swap on the claim time each read."""
    failure, _ = _failed_order(store_a, place_guest_order, smtp_server)
    with tenant_context(store_a):
        template = Email.objects.get(em_cd=PROSPECT_TEMPLATE)
        body = template.body_text
        stale = Order.objects.get(pk=failure.order_id)  # the second admin's read
        # the first admin resends while the template is still broken: claimed, failed again
        Email.objects.filter(pk=template.pk).update(body_text="Hi {no_such_placeholder}")
        first = resend_order_confirmation(
            order=Order.objects.get(pk=failure.order_id), resolved_by="a"
        )
        Email.objects.filter(pk=template.pk).update(body_text=body)
        second = resend_order_confirmation(order=stale, resolved_by="b")
        fresh = resend_order_confirmation(
            order=Order.objects.get(pk=failure.order_id), resolved_by="c"
        )
    assert first.failure.failure_type == "formatting"
    assert (second.sent, second.failure) == (False, None)
    assert fresh.sent is True
    smtp_server.wait_for(1)
    assert len(smtp_server.messages) == 1
