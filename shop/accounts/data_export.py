"""Shoppers' data requests (GDPR, CCPA): a member downloads what the store holds about them.

    chunks = export_member_data(member=member)    # Iterator[bytes]: one JSON document

The document: `account` (the `/user/account-content` keys `personal_data` and `email_data`),
`terms_of_use_agreed`, `addresses` (every address their orders were shipped or billed to),
`orders` (each in the `/order/<identifier>` shape, plus its discounts), `client_events`,
`emails_sent`, `campaign_deliveries` and `chat_messages`. Only rows tied to this member.

Streamed: each list is read in keyset pages of PAGE rows (short queries, no transaction held
open while a slow client reads, no server-side cursor, so PgBouncer's transaction mode is
fine) and written out as it comes, so memory stays bounded however many orders they have.
The generator enters the store's schema itself: it runs after the view has returned.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.utils import timezone

from shop.accounts.models import Chatmessage, DataRequest, Member, Membertermsofuseversionagreed
from shop.accounts.payloads import account_content
from shop.campaigns.models import CampaignDelivery
from shop.clientevents.models import AJAXError, Buttonclick, Linkevent, Pageview
from shop.emails.models import Emailsent
from shop.orders.models import Order, Orderbillingaddress, Ordershippingaddress
from shop.orders.payloads import order_data
from shop.store import current_store
from tenants.context import tenant_context

PAGE = 100
FORMAT = "storefleet-member-data/1"
ADDRESS_FIELDS = ("name", "address_line1", "address_line2", "city", "state", "zip",
                  "country", "country_code", "phone")  # fmt: skip


def export_member_data(*, member: Member) -> Iterator[bytes]:
    """The member's data as one JSON document, in chunks (see the module doc). Records the
    request (a DataRequest without personal data) when the download starts."""
    store = current_store()
    DataRequest.objects.create(kind=DataRequest.Kind.EXPORT)
    return _document(store, member.pk)


def _document(store, member_id: int) -> Iterator[bytes]:
    with tenant_context(store):
        member = Member.objects.select_related("user").get(pk=member_id)
        content = account_content(member)
        head = {
            "format": FORMAT,
            "store": store.slug,
            "exported_at": timezone.now(),
            "account": {key: content[key] for key in ("personal_data", "email_data")},
        }
        yield _encode(head)[:-1].encode()  # the object stays open for the lists below
        sections: list[tuple[str, Callable[[], Iterator[Any]]]] = [
            ("terms_of_use_agreed", lambda: _terms(member)),
            ("addresses", lambda: _addresses(member)),
            ("orders", lambda: _orders(member)),
            ("client_events", lambda: _client_events(member)),
            ("emails_sent", lambda: _emails_sent(member)),
            ("campaign_deliveries", lambda: _deliveries(member)),
            ("chat_messages", lambda: _chats(member)),
        ]
        for name, rows in sections:
            yield f", {json.dumps(name)}: [".encode()
            for index, row in enumerate(rows()):
                yield (", " if index else "").encode() + _encode(row).encode()
            yield b"]"
        yield b"}\n"


def _encode(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _pages(queryset: QuerySet, size: int = PAGE) -> Iterator[Model]:
    """Every row of `queryset`, by primary key, fetched `size` at a time (keyset paging)."""
    after = None
    while True:
        page = queryset.order_by("pk")
        if after is not None:
            page = page.filter(pk__gt=after)
        rows = list(page[:size])
        yield from rows
        if len(rows) < size:
            return
        after = rows[-1].pk


def _terms(member: Member) -> Iterator[dict]:
    agreed = Membertermsofuseversionagreed.objects.filter(member=member)
    for row in _pages(agreed.select_related("termsofuseversion")):
        yield {"version": row.termsofuseversion.version, "agreed_date_time": row.agreed_date_time}


def _addresses(member: Member) -> Iterator[dict]:
    seen: set[tuple] = set()
    for model in (Ordershippingaddress, Orderbillingaddress):
        for address in _pages(model.objects.filter(order__member=member)):
            key = tuple(getattr(address, name) for name in ADDRESS_FIELDS)
            if key not in seen:  # bounded by the member's distinct addresses
                seen.add(key)
                yield dict(zip(ADDRESS_FIELDS, key, strict=True))


def _orders(member: Member) -> Iterator[dict]:
    orders = (
        Order.objects.filter(member=member)
        .select_related("payment", "shipping_address", "billing_address", "ordershippingmethod")
        .prefetch_related(
            "orderskus__sku__sku_inventory", "orderstatuses__status", "orderdiscounts"
        )
    )
    for order in _pages(orders):
        yield {
            "identifier": order.identifier,
            "currency": order.currency,
            **order_data(order),
            "order_discounts": [
                {
                    "code": row.code,
                    "description": row.description,
                    "applied": row.applied,
                    "amount": row.amount,
                }  # fmt: skip
                for row in order.orderdiscounts.all()
            ],
        }


def _client_events(member: Member) -> Iterator[dict]:
    kinds: Iterable[tuple[str, type, tuple[str, ...]]] = (
        ("pageview", Pageview, ("page_width", "remote_addr", "http_user_agent")),
        ("ajax_error", AJAXError, ("error_id",)),
        ("button_click", Buttonclick, ("button_id",)),
        ("link_event", Linkevent, ()),
    )
    for kind, model, fields in kinds:
        for event in _pages(model.objects.filter(user_id=member.user_id)):
            yield {
                "type": kind,
                "url": event.url,
                "created_date_time": event.created_date_time,
                **{name: getattr(event, name) for name in fields},
            }


def _emails_sent(member: Member) -> Iterator[dict]:
    for row in _pages(Emailsent.objects.filter(member=member).select_related("email")):
        yield {
            "subject": row.email.subject,
            "em_cd": row.email.em_cd,
            "transactional": row.transactional,
            "sent_date_time": row.sent_date_time,
        }


def _deliveries(member: Member) -> Iterator[dict]:
    deliveries = CampaignDelivery.objects.filter(member=member).select_related("campaign")
    for row in _pages(deliveries):
        yield {
            "campaign_id": row.campaign_id,
            "subject": row.campaign.subject,
            "address": row.address,
            "status": row.status,
            "sent_at": row.sent_at,
        }


def _chats(member: Member) -> Iterator[dict]:
    for row in _pages(Chatmessage.objects.filter(member=member)):
        yield {
            "name": row.name,
            "email_address": row.email_address,
            "message": row.message,
            "created_date_time": row.created_date_time,
        }
