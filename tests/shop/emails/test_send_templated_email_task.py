"""Store mail is queued after commit and sent by a task that runs in the store's schema."""

import logging

import pytest

from shop.emails import codes
from shop.emails.models import Emailsent
from shop.emails.services import send_email_after_commit
from shop.emails.tasks import send_templated_email
from tenants.context import tenant_context
from tests.fixtures.shop import make_member

pytestmark = pytest.mark.django_db(databases=["default", "second"])

CONTEXT = {"recipient_first_name": "Bo", "username": "bo_bravo"}


def test_nothing_is_sent_before_the_transaction_commits(
    seeded_stores, store_b, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, tenant_context(store_b):
        send_email_after_commit(em_cd=codes.PASSWORD_CHANGED, to=["bo@example.com"], context={})

    assert len(callbacks) == 1
    assert smtp_server.messages == []


def test_the_task_sends_from_the_store_it_was_queued_in(
    seeded_stores, store_b, smtp_server, django_capture_on_commit_callbacks
):
    with tenant_context(store_b):
        member = make_member("bo_bravo", email="bo@example.com")
        with django_capture_on_commit_callbacks(execute=True):
            send_email_after_commit(
                em_cd=codes.PASSWORD_CHANGED, to=["bo@example.com"], context=CONTEXT, member=member
            )
        recorded = list(Emailsent.objects.values_list("member", flat=True))

    [message] = smtp_server.wait_for(1)
    assert message["From"] == "Bravo Store <no-reply@bravo.platform.test>"
    assert message["X-Storefleet-Store"] == store_b.schema_name
    assert message.subject == "Your Bravo Store password was changed"
    assert recorded == [member.pk]


def test_the_task_body_runs_in_the_schema_of_the_tenant_argument(
    seeded_stores, store_a, store_b, smtp_server
):
    with tenant_context(store_a):  # the caller's store is not the task's
        send_templated_email(
            store_b.pk, em_cd=codes.PASSWORD_CHANGED, to=["bo@example.com"], context=CONTEXT
        )

    [message] = smtp_server.wait_for(1)
    assert message["X-Storefleet-Store"] == store_b.schema_name


def test_a_failed_send_is_logged_and_never_reaches_the_caller(
    seeded_stores, store_b, smtp_server, django_capture_on_commit_callbacks, caplog
):
    smtp_server.refuse()

    with (
        caplog.at_level(logging.ERROR),
        tenant_context(store_b),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_email_after_commit(
            em_cd=codes.PASSWORD_CHANGED, to=["bo@example.com"], context=CONTEXT
        )

    failures = [r for r in caplog.records if "[EMAIL_FAILURE]" in r.getMessage()]
    assert failures
    assert all(record.tenant == store_b.schema_name for record in failures)
    assert "type=email-send-failed em_cd=member-password-changed" in failures[-1].getMessage()
    assert smtp_server.messages == []
