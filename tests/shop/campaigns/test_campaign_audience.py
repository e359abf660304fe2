"""A campaign's audience is exactly the reference's: subscribed, not unsubscribed members for
a Member email; not unsubscribed prospects for a Prospect email; never someone who already
has the email, never an empty address."""

import pytest

from shop.campaigns.audience import list_audience
from shop.campaigns.models import Campaign, CampaignDelivery
from shop.campaigns.services import create_campaign, prepare_campaign
from shop.emails.models import Emailsent, Emailtype
from tests.shop.campaigns.factories import make_marketing_email, make_member, make_prospect

pytestmark = pytest.mark.django_db(databases=["default", "second"])


def test_a_member_email_goes_to_subscribed_members_who_did_not_unsubscribe(in_store_a):
    subscribed = make_member("subscribed")
    make_member("not_subscribed", subscribed=False)
    make_member("unsubscribed", subscribed=False, unsubscribed=True)
    make_member("both_flags", subscribed=True, unsubscribed=True)
    make_member("no_address", email="")
    make_prospect("prospect@example.com")
    email = make_marketing_email(Emailtype.MEMBER)

    campaign = prepare_campaign(campaign=create_campaign(email=email))

    assert list(list_audience(email=email)) == [subscribed]
    assert campaign.status == Campaign.Status.READY
    assert campaign.recipient_count == 1
    assert list(
        CampaignDelivery.objects.values_list("member", "prospect", "address", "status", "attempts")
    ) == [(subscribed.pk, None, "subscribed@example.com", "pending", 0)]


def test_a_prospect_email_goes_to_prospects_who_did_not_unsubscribe(in_store_a):
    kept = make_prospect("Kept@Example.com")
    make_prospect("gone@example.com", unsubscribed=True)
    make_member("a_member")
    email = make_marketing_email(Emailtype.PROSPECT)

    campaign = prepare_campaign(campaign=create_campaign(email=email))

    assert campaign.audience == Emailtype.PROSPECT
    assert list(CampaignDelivery.objects.values_list("member", "prospect", "address")) == [
        (None, kept.pk, "Kept@Example.com")
    ]


def test_who_already_has_the_email_is_left_out(in_store_a):
    had_it = make_member("had_it")
    fresh = make_member("fresh")
    email = make_marketing_email(Emailtype.MEMBER)
    Emailsent.objects.create(email=email, member=had_it)

    prepare_campaign(campaign=create_campaign(email=email))

    assert list(CampaignDelivery.objects.values_list("member", flat=True)) == [fresh.pk]


def test_a_recipient_without_an_unsubscribe_token_gets_one_before_the_snapshot(in_store_a):
    member = make_member("tokenless", token=False)
    email = make_marketing_email(Emailtype.MEMBER)

    prepare_campaign(campaign=create_campaign(email=email))

    member.refresh_from_db()
    assert len(member.email_unsubscribe_string) == 20
    assert member.email_unsubscribe_string_signed
    assert CampaignDelivery.objects.get().member_id == member.pk
