"""Building blocks of the delivery tests: a campaign that is SENDING, without running it."""

from shop.campaigns.compose import get_sending_context
from shop.campaigns.models import Campaign, CampaignDelivery
from shop.campaigns.services import create_campaign, prepare_campaign, set_status


def sending_campaign(email) -> Campaign:
    """A campaign of `email` with its audience snapshotted and status SENDING, no batch run."""
    campaign = prepare_campaign(campaign=create_campaign(email=email))
    return set_status(campaign=campaign, to_status=Campaign.Status.SENDING)


def delivery_with_recipient(delivery_id: int) -> CampaignDelivery:
    return CampaignDelivery.objects.select_related("member__user", "prospect").get(pk=delivery_id)


def sending_context(campaign: Campaign):
    loaded = Campaign.objects.select_related("email").get(pk=campaign.pk)
    return get_sending_context(campaign=loaded)
