"""A marketing email is recorded once per recipient; transactional mail once per send."""

import pytest
from django.db import IntegrityError, transaction

from shop.accounts.models import Prospect
from shop.emails import codes
from shop.emails.models import Email, Emailsent
from shop.emails.services import record_sent
from tests.fixtures.shop import make_member

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_the_database_refuses_a_second_row_for_one_member_and_marketing_email(in_store_a):
    member = make_member()
    email = Email.objects.get(em_cd=codes.EXAMPLE_MEMBER_EMAIL)
    Emailsent.objects.create(email=email, member=member)

    with pytest.raises(IntegrityError), transaction.atomic():
        Emailsent.objects.create(email=email, member=member)


def test_the_database_refuses_a_second_row_for_one_prospect_and_marketing_email(in_store_a):
    prospect = Prospect.objects.create(email="p@example.com")
    email = Email.objects.get(em_cd=codes.EXAMPLE_PROSPECT_EMAIL)
    Emailsent.objects.create(email=email, prospect=prospect)

    with pytest.raises(IntegrityError), transaction.atomic():
        Emailsent.objects.create(email=email, prospect=prospect)


def test_a_row_names_exactly_one_recipient(in_store_a):
    email = Email.objects.get(em_cd=codes.EXAMPLE_PROSPECT_EMAIL)

    with pytest.raises(IntegrityError), transaction.atomic():
        Emailsent.objects.create(email=email)


def test_recording_a_marketing_send_twice_returns_the_first_row(in_store_a):
    member = make_member()
    email = Email.objects.get(em_cd=codes.EXAMPLE_MEMBER_EMAIL)

    first = record_sent(email=email, member=member)
    second = record_sent(email=email, member=member)

    assert second.pk == first.pk
    assert Emailsent.objects.filter(email=email).count() == 1


def test_transactional_mail_is_recorded_once_per_send(in_store_a):
    member = make_member()
    email = Email.objects.get(em_cd=codes.ORDER_CONFIRMATION_MEMBER)

    record_sent(email=email, member=member)
    record_sent(email=email, member=member)

    assert Emailsent.objects.filter(email=email, member=member, transactional=True).count() == 2
