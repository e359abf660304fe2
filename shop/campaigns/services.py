"""A campaign's life: made from a Ready marketing email, its audience snapshotted, started,
finished. Every status change goes through set_status (Campaign.TRANSITIONS), which writes a
CampaignStatusChange in the same transaction.

    send_ready_email(email=..., created_by=...)   what the admin's "Send Ready Email to
                                                  Recipients" does: create, prepare, start
    create_campaign / prepare_campaign / start_campaign   the three steps on their own
    finish_campaign_if_done(campaign_id=...)      SENDING -> SENT once nothing is open

Sending itself is shop.campaigns.batches and shop.campaigns.delivery (deliver_to_recipient,
re-exported here), driven by shop.campaigns.tasks.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from shop.accounts.models import Member, Prospect
from shop.campaigns.audience import ensure_unsubscribe_tokens, list_audience, snapshot_audience
from shop.campaigns.compose import get_sending_context, render_for
from shop.campaigns.delivery import deliver_to_recipient
from shop.campaigns.errors import EmailNotSendable, InvalidCampaignTransition
from shop.campaigns.models import Campaign, CampaignDelivery, CampaignStatusChange
from shop.campaigns.selectors import get_campaign_progress
from shop.emails.errors import EmailFormattingError
from shop.emails.models import Email, Emailstatus, Emailtype
from tenants.context import current, current_alias

Status = Campaign.Status

__all__ = [
    "check_sendable",
    "create_campaign",
    "deliver_to_recipient",
    "finish_campaign_if_done",
    "prepare_campaign",
    "send_ready_email",
    "set_status",
    "start_campaign",
    "unsaved_campaign",
]


def set_status(*, campaign: Campaign, to_status: str, note: str = "") -> Campaign:
    """Move `campaign` along Campaign.TRANSITIONS (the row is locked and re-read first)."""
    with transaction.atomic(using=current_alias()):
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if to_status not in Campaign.TRANSITIONS[locked.status]:
            raise InvalidCampaignTransition(locked.status, to_status)
        now = timezone.now()
        fields = {"status": to_status}
        if to_status == Status.SENDING:
            fields.update(started_at=now, heartbeat_at=now, dispatch_cursor=0)
        elif to_status == Status.SENT:
            fields.update(finished_at=now, **_final_counts(locked))
        Campaign.objects.filter(pk=locked.pk).update(**fields)
        CampaignStatusChange.objects.create(
            campaign=locked, from_status=locked.status, to_status=to_status, note=note
        )
    for name, value in fields.items():
        setattr(campaign, name, value)
    return campaign


def _final_counts(campaign: Campaign) -> dict[str, int]:
    counts = get_campaign_progress(campaign=campaign).counts
    return {
        "sent_count": counts[CampaignDelivery.Status.SENT],
        "failed_count": counts[CampaignDelivery.Status.FAILED],
        "skipped_count": counts[CampaignDelivery.Status.SKIPPED],
    }


def check_sendable(*, email: Email) -> None:
    """EmailNotSendable unless `email` is a Ready marketing email that renders."""
    kind = email.email_type.title
    if kind not in (Emailtype.MEMBER, Emailtype.PROSPECT):
        raise EmailNotSendable(
            f"{email.em_cd} is a {kind} email: only Member and Prospect emails go to a list.",
            code="email-is-transactional",
        )
    if email.email_status.title != Emailstatus.READY:
        raise EmailNotSendable(
            f"{email.em_cd} is {email.email_status.title}: mark it Ready first.",
            code="email-not-ready",
        )
    check_renders(email=email)


def check_renders(*, email: Email) -> None:
    """Render the email for its first recipient (or a stand-in) before anyone gets it."""
    campaign = unsaved_campaign(email=email)
    recipient = list_audience(email=email).first()
    if recipient is None:
        recipient = _stand_in(email)
    try:
        render_for(get_sending_context(campaign=campaign), recipient=recipient)
    except EmailFormattingError as error:
        raise EmailNotSendable(
            f"{email.em_cd} cannot be rendered: {error.message}", code="email-cannot-be-rendered"
        ) from error


def _stand_in(email: Email) -> Member | Prospect:
    """Someone to render for when the audience is empty (never saved)."""
    if email.email_type.title == Emailtype.MEMBER:
        return Member(user=get_user_model()(first_name="Ada"), mb_cd="x", pk=0)
    return Prospect(first_name="Ada", pr_cd="x", pk=0)


def unsaved_campaign(*, email: Email, created_by: str = "") -> Campaign:
    """A campaign of `email` (not saved) with its own copy of the email's template."""
    return Campaign(
        email=email,
        audience=email.email_type.title,
        subject=email.subject,
        body_text=email.body_text,
        body_html=email.body_html,
        from_address=email.from_address,
        created_by=created_by[:150],
    )


def create_campaign(*, email: Email, created_by: str = "") -> Campaign:
    """A DRAFT campaign of `email` (a Ready marketing email), with a copy of its template."""
    check_sendable(email=email)
    campaign = unsaved_campaign(email=email, created_by=created_by)
    try:
        with transaction.atomic(using=current_alias()):
            campaign.save(force_insert=True)
    except IntegrityError:
        raise EmailNotSendable(
            f"{email.em_cd} is already being sent.", code="email-already-being-sent"
        ) from None
    return campaign


def prepare_campaign(*, campaign: Campaign) -> Campaign:
    """DRAFT -> READY: snapshot the audience into PENDING deliveries (one INSERT ... SELECT)."""
    with transaction.atomic(using=current_alias()):
        ensure_unsubscribe_tokens(email=campaign.email)
        count = snapshot_audience(campaign=campaign)
        Campaign.objects.filter(pk=campaign.pk).update(recipient_count=count)
        campaign.recipient_count = count
        return set_status(campaign=campaign, to_status=Status.READY, note=f"{count} recipients")


def start_campaign(*, campaign: Campaign) -> Campaign:
    """READY -> SENDING, and the first batch queued once this commits (SENT at once when
    there is nobody to send to)."""
    from shop.campaigns.tasks import send_campaign_batch

    with transaction.atomic(using=current_alias()):
        set_status(campaign=campaign, to_status=Status.SENDING)
        tenant_id = current().tenant_id
        campaign_id = campaign.pk
        transaction.on_commit(
            lambda: send_campaign_batch.delay(tenant_id, campaign_id, 0), using=current_alias()
        )
        if campaign.recipient_count == 0:
            finish_campaign_if_done(campaign_id=campaign.pk)
            campaign.refresh_from_db()
    return campaign


def send_ready_email(*, email: Email, created_by: str = "") -> Campaign:
    """The admin action: a campaign of `email`, its audience snapshotted, sending started."""
    with transaction.atomic(using=current_alias()):
        campaign = create_campaign(email=email, created_by=created_by)
        prepare_campaign(campaign=campaign)
        return start_campaign(campaign=campaign)


def finish_campaign_if_done(*, campaign_id: int) -> bool:
    """SENDING -> SENT when no delivery is PENDING or SENDING; the email becomes Sent."""
    with transaction.atomic(using=current_alias()):
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None or campaign.status != Status.SENDING:
            return False
        if campaign.deliveries.filter(status__in=CampaignDelivery.OPEN).exists():
            return False
        set_status(campaign=campaign, to_status=Status.SENT)
        sent = Emailstatus.objects.get(title=Emailstatus.SENT)
        Email.objects.filter(pk=campaign.email_id).update(email_status=sent)
    return True
