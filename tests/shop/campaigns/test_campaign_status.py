"""Campaign.Status is a state machine: DRAFT -> READY -> SENDING -> SENT, nothing else, each
change written to the campaign's history; only Ready marketing emails become campaigns."""

import pytest

from shop.campaigns.errors import EmailNotSendable, InvalidCampaignTransition
from shop.campaigns.models import Campaign
from shop.campaigns.services import create_campaign, send_ready_email, set_status
from shop.emails import codes
from shop.emails.models import Email, Emailstatus, Emailtype
from tests.shop.campaigns.factories import make_marketing_email

pytestmark = pytest.mark.django_db(databases=["default", "second"])
S = Campaign.Status


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (S.DRAFT, S.READY, True),
        (S.READY, S.SENDING, True),
        (S.SENDING, S.SENT, True),
        (S.DRAFT, S.SENDING, False),
        (S.DRAFT, S.SENT, False),
        (S.READY, S.DRAFT, False),
        (S.READY, S.SENT, False),
        (S.SENDING, S.READY, False),
        (S.SENT, S.SENDING, False),
        (S.SENT, S.DRAFT, False),
    ],
)
def test_only_the_forward_transitions_are_allowed(in_store_a, start, target, allowed):
    campaign = create_campaign(email=make_marketing_email())
    Campaign.objects.filter(pk=campaign.pk).update(status=start)

    if allowed:
        set_status(campaign=campaign, to_status=target, note="why")
        assert Campaign.objects.get(pk=campaign.pk).status == target
        assert list(campaign.history.values_list("from_status", "to_status", "note")) == [
            (start, target, "why")
        ]
    else:
        with pytest.raises(InvalidCampaignTransition):
            set_status(campaign=campaign, to_status=target)
        assert Campaign.objects.get(pk=campaign.pk).status == start
        assert not campaign.history.exists()


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: Email.objects.get(em_cd=codes.WELCOME), "email-is-transactional"),
        (lambda: make_marketing_email(status=Emailstatus.DRAFT), "email-not-ready"),
        (lambda: make_marketing_email(status=Emailstatus.SENT), "email-not-ready"),
        (lambda: make_marketing_email(body_text="Hi {nobody}"), "email-cannot-be-rendered"),
        (
            lambda: make_marketing_email(Emailtype.PROSPECT, body_text="{mb_cd.__class__}"),
            "email-cannot-be-rendered",
        ),
    ],
)
def test_an_email_that_cannot_go_to_a_list_is_refused(in_store_a, make, code):
    with pytest.raises(EmailNotSendable) as refused:
        send_ready_email(email=make())

    assert refused.value.code == code
    assert not Campaign.objects.exists()


def test_an_email_already_being_sent_is_not_sent_twice_at_once(in_store_a):
    email = make_marketing_email()
    create_campaign(email=email)

    with pytest.raises(EmailNotSendable) as refused:
        create_campaign(email=email)

    assert refused.value.code == "email-already-being-sent"
    assert Campaign.objects.count() == 1
