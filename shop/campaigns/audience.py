"""Who a marketing email goes to (the reference's rules, one place), and the snapshot of that
audience into a campaign's deliveries.

- Member email: members with `newsletter_subscriber=True` and `email_unsubscribed=False`.
- Prospect email: prospects with `email_unsubscribed=False`.

In both cases without the people who already have this email (an Emailsent row: a marketing
email is recorded once per recipient) and without an address to send to.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Exists, F, IntegerField, OuterRef, QuerySet, Value
from django.db.models.functions import Cast

from shop.accounts.models import Member, Prospect
from shop.accounts.tokens import new_unsubscribe_token
from shop.campaigns.models import Campaign, CampaignDelivery
from shop.emails.models import Email, Emailsent, Emailtype
from tenants.context import current_alias

# The same rules in SQL, for a delivery row `d` at the moment of sending (shop.campaigns
# .delivery): whoever unsubscribed after the snapshot is skipped.
SUBSCRIBED_SQL = f"""(
    (d.member_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM {Member._meta.db_table} AS m
        WHERE m.id = d.member_id AND m.newsletter_subscriber AND NOT m.email_unsubscribed))
    OR (d.prospect_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM {Prospect._meta.db_table} AS p
        WHERE p.id = d.prospect_id AND NOT p.email_unsubscribed))
)"""  # noqa: S608


def list_audience_members(*, email: Email) -> QuerySet[Member]:
    already = Emailsent.objects.filter(email=email, member=OuterRef("pk"), transactional=False)
    return (
        Member.objects.filter(newsletter_subscriber=True, email_unsubscribed=False)
        .exclude(user__email="")
        .filter(~Exists(already))
        .order_by("id")
    )


def list_audience_prospects(*, email: Email) -> QuerySet[Prospect]:
    already = Emailsent.objects.filter(email=email, prospect=OuterRef("pk"), transactional=False)
    return (
        Prospect.objects.filter(email_unsubscribed=False)
        .exclude(email="")
        .filter(~Exists(already))
        .order_by("id")
    )


def list_audience(*, email: Email) -> QuerySet[Member] | QuerySet[Prospect]:
    if email.email_type.title == Emailtype.MEMBER:
        return list_audience_members(email=email)
    if email.email_type.title == Emailtype.PROSPECT:
        return list_audience_prospects(email=email)
    raise ValueError(f"{email.em_cd} is not a marketing email")


def ensure_unsubscribe_tokens(*, email: Email) -> int:
    """Give every recipient without an unsubscribe token one (List-Unsubscribe needs it)."""
    missing = list(list_audience(email=email).filter(email_unsubscribe_string_signed__isnull=True))
    for recipient in missing:
        token = new_unsubscribe_token()
        recipient.email_unsubscribe_string = token.value
        recipient.email_unsubscribe_string_signed = token.token
    if missing:
        type(missing[0]).objects.bulk_update(
            missing, ["email_unsubscribe_string", "email_unsubscribe_string_signed"]
        )
    return len(missing)


def snapshot_audience(*, campaign: Campaign) -> int:
    """One PENDING delivery per recipient of `campaign`, in one INSERT ... SELECT; returns
    how many were added (a recipient already in the campaign is not added again)."""
    alias = current_alias()
    members = campaign.audience == Campaign.Audience.MEMBERS
    audience = list_audience(email=campaign.email)
    rows = audience.values_list(
        Value(campaign.pk, output_field=IntegerField()),
        F("pk") if members else Cast(Value(None), IntegerField()),
        Cast(Value(None), IntegerField()) if members else F("pk"),
        F("user__email") if members else F("email"),
        Value(CampaignDelivery.Status.PENDING),
        Value(0),
        Value(""),
        Value(""),
        Value(""),
    )
    select_sql, params = rows.query.get_compiler(using=alias).as_sql()
    table = CampaignDelivery._meta.db_table
    columns = (
        "campaign_id, member_id, prospect_id, address, status, attempts, claimed_by, "
        "message_id, error"
    )
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) {select_sql} ON CONFLICT DO NOTHING",  # noqa: S608
            params,
        )
        return cursor.rowcount
