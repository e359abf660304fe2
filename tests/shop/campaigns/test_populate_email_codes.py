"""Populate Email Codes gives unsent marketing emails a new code unique among the store's
emails; transactional templates and emails already sent keep theirs."""

import pytest

from shop.campaigns.drafts import populate_email_codes
from shop.emails import codes
from shop.emails.models import Email, Emailsent, Emailstatus, Emailtype
from tests.shop.campaigns.factories import make_marketing_email, make_member

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_unsent_marketing_emails_get_new_unique_codes_and_the_others_keep_theirs(in_store_a):
    fresh = make_marketing_email(status=Emailstatus.DRAFT)
    sent = make_marketing_email(Emailtype.PROSPECT)
    Emailsent.objects.create(email=sent, member=make_member("ada"))
    welcome = Email.objects.get(em_cd=codes.WELCOME)
    before = {email.pk: email.em_cd for email in (fresh, sent, welcome)}

    changed, kept = populate_email_codes(emails=[fresh, sent, welcome])

    after = dict(Email.objects.values_list("pk", "em_cd"))
    assert [email.pk for email in changed] == [fresh.pk]
    assert [email.pk for email in kept] == [sent.pk, welcome.pk]
    assert after[fresh.pk] != before[fresh.pk]
    assert len(after[fresh.pk]) == 20
    assert after[fresh.pk].isalnum()
    assert (after[sent.pk], after[welcome.pk]) == (before[sent.pk], before[welcome.pk])
    assert len(set(after.values())) == len(after)
