"""Shoppers' data requests (GDPR, CCPA): a store admin erases a member or a prospect.

    request = erase_member(member_id=..., acting_user=request.user)    # -> DataRequest
    request = erase_prospect(prospect_id=..., acting_user=request.user)

One transaction per erasure. The subject is the member (or prospect) and everything of the
store's that carries their email address, any case: the prospect row of a member who once
chatted or bought as a guest, guest orders paid with that address, chat messages.

- orders are kept for accounting, their personal fields blanked (shop.orders.anonymization);
- the account (User and Member, with its terms agreements and unsubscribe reasons), the
  prospects, chat messages, client events, carts and the emails-sent log are deleted;
- campaign deliveries are kept for the campaign's counts, stripped of their recipient;
- checkout snapshots lose their email and are marked erased, discount uses their email;
- the admin's history of the deleted rows (it quotes them: "member alice@...") goes;
- a DataRequest records what was done, with counts only.

Concurrency: the member's row is locked first, then the subject's checkout snapshots, then
the prospects: the order in which placing an order locks them (shop.orders.services). A
Stripe webhook writing this member's order either commits first, and the erasure, waiting
on the member's lock, then finds and anonymizes its order, or comes after, finds the member
gone or the snapshot marked, and writes the order anonymized.

Erasing also forgets which discount codes the address used, so a once-per-customer code can
be used once more by the same person: the price of not keeping their address.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shop.accounts.models import (
    Chatmessage,
    DataRequest,
    Emailunsubscribereasons,
    Member,
    Membertermsofuseversionagreed,
    Prospect,
)
from shop.campaigns.models import CampaignDelivery
from shop.cart.models import Cart
from shop.checkout.models import CheckoutSnapshot
from shop.clientevents.models import AJAXError, Buttonclick, Linkevent, Pageview
from shop.discounts.models import DiscountcodeUse
from shop.emails.models import Emailsent
from shop.errors import NotFound
from shop.orders.anonymization import anonymize_orders
from shop.orders.models import Order
from tenants.context import current_alias

User = get_user_model()
CLIENT_EVENTS = (Pageview, AJAXError, Buttonclick, Linkevent)


@dataclass(frozen=True)
class _Subject:
    email: str
    member: Member | None = None


def erase_member(*, member_id: int, acting_user) -> DataRequest:
    """Erase the member `member_id` of the current store (see the module doc)."""
    with transaction.atomic(using=current_alias()):
        member = (
            Member.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=member_id)
            .first()
        )
        if member is None:
            raise NotFound("No such member.", code="member-not-found")
        subject = _Subject(email=member.user.email, member=member)
        counts = _erase(subject)
        return _record(DataRequest.Kind.ERASE_MEMBER, counts, acting_user)


def erase_prospect(*, prospect_id: int, acting_user) -> DataRequest:
    """Erase the prospect `prospect_id` of the current store: its orders, chats, events and
    deliveries. A member with the same address is a subject of its own, left alone."""
    with transaction.atomic(using=current_alias()):
        email = Prospect.objects.filter(pk=prospect_id).values_list("email", flat=True).first()
        if email is None:
            raise NotFound("No such prospect.", code="prospect-not-found")
        counts = _erase(_Subject(email=email))
        return _record(DataRequest.Kind.ERASE_PROSPECT, counts, acting_user)


def _erase(subject: _Subject) -> dict[str, int]:
    member, email = subject.member, subject.email
    nothing = Q(pk__in=[])
    # Rows found by address belong to the subject unless another member owns them.
    unowned = Q(member__isnull=True) | (Q(member=member) if member else nothing)
    counts: dict[str, int] = {}

    # Locks, in the order placing an order takes them: member (taken), snapshots, prospects.
    prospect_ids = list(
        Prospect.objects.filter(email__iexact=email).values_list("pk", flat=True) if email else []
    )
    snapshots = Q(prospect__in=prospect_ids) | (
        Q(email__iexact=email) & unowned if email else nothing
    )
    if member is not None:
        snapshots |= Q(member=member)
    snapshot_ids = list(
        CheckoutSnapshot.objects.select_for_update()
        .filter(snapshots)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    prospects = list(
        Prospect.objects.select_for_update().filter(pk__in=prospect_ids).order_by("pk")
    )
    recipient = Q(prospect__in=prospects) | (Q(member=member) if member else nothing)

    # Orders: the subject's own, and guest orders paid with their address.
    guest = Q(member__isnull=True, payment__email__iexact=email) if email else nothing
    counts["orders_anonymized"] = anonymize_orders(Order.objects.filter(recipient | guest))
    counts["checkout_snapshots_stripped"] = CheckoutSnapshot.objects.filter(
        pk__in=snapshot_ids
    ).update(email="", member=None, prospect=None, personal_data_erased_at=timezone.now())
    by_email = Q(email=email.lower()) if email else nothing
    DiscountcodeUse.objects.filter(Q(snapshot__in=snapshot_ids) | by_email).update(email="")

    deliveries = CampaignDelivery.objects.filter(recipient)
    # Not sent yet: never send it now (a claimed one fails its fenced update and sends nothing).
    deliveries.filter(status__in=CampaignDelivery.OPEN).update(
        status=CampaignDelivery.Status.SKIPPED
    )
    counts["campaign_deliveries_stripped"] = deliveries.update(
        member=None, prospect=None, address="", message_id="", error=""
    )

    chats = recipient | (Q(email_address__iexact=email) & unowned if email else nothing)
    counts["chat_messages_deleted"] = Chatmessage.objects.filter(chats).delete()[0]
    counts["client_events_deleted"] = _delete_client_events(member, prospects)
    counts["emails_sent_deleted"] = Emailsent.objects.filter(recipient).delete()[0]
    carts = Cart.objects.filter(member=member).delete()[1] if member else {}
    counts["carts_deleted"] = carts.get(Cart._meta.label, 0)
    Emailunsubscribereasons.objects.filter(recipient).delete()
    if member is not None:
        Membertermsofuseversionagreed.objects.filter(member=member).delete()

    _forget_admin_history(member, prospects)
    counts["prospects_deleted"] = (
        Prospect.objects.filter(pk__in=prospect_ids).delete()[1].get(Prospect._meta.label, 0)
    )
    counts["accounts_deleted"] = 0
    if member is not None:
        Member.objects.filter(pk=member.pk).delete()
        User.objects.filter(pk=member.user_id).delete()
        counts["accounts_deleted"] = 1
    return counts


def _delete_client_events(member: Member | None, prospects: list[Prospect]) -> int:
    deleted = 0
    for model in CLIENT_EVENTS:
        mine = Q(user_id=member.user_id) if member else Q(pk__in=[])
        if model is Linkevent:
            mine |= Q(prospect__in=prospects)
        deleted += model.objects.filter(mine).delete()[0]
    return deleted


def _forget_admin_history(member: Member | None, prospects: list[Prospect]) -> None:
    """The admin's log names the rows it changed ("member alice@example.com")."""
    rows = [(Prospect, p.pk) for p in prospects]
    if member is not None:
        rows += [(Member, member.pk), (User, member.user_id)]
    for model, pk in rows:
        content_type = ContentType.objects.get_for_model(model)
        LogEntry.objects.filter(content_type=content_type, object_id=str(pk)).delete()


def _record(kind: str, counts: dict[str, int], acting_user) -> DataRequest:
    return DataRequest.objects.create(
        kind=kind,
        acting_user_id=getattr(acting_user, "pk", None),
        acting_username=acting_user.get_username() if acting_user else "",
        counts=counts,
    )
