"""Who handles a Stripe event: one claim per event id, taken in ONE statement.

    claim = claim_event(event, payload=text)   # Claim(won, status, result)
    ...handle it only if claim.won...
    finish_claim(claim, status=..., result=..., error=...)

Every delivery runs the same `INSERT ... ON CONFLICT (event_id) DO UPDATE ... RETURNING` on
StripeEvent (its unique event id): it counts the delivery and, in the same row lock, takes the
claim when the event is new, FAILED, or PROCESSING under a lease that has run out (the worker
that held it died or hangs). Whoever's token comes back won and does the work; every other
delivery learns at once what to answer, without waiting on the winner's transaction (the claim
row is committed before the work starts): SUCCEEDED answers the stored result, PROCESSING
answers "received". No lock is held while the work runs, so a duplicate storm costs one short
statement per duplicate.

Nothing is lost when the winner dies: its claim expires after STRIPE_EVENT_CLAIM_SECONDS, and
the next delivery, or the sweeper (`list_stalled_events` + `reclaim_event`, Celery beat)
replays the stored payload. A failure a retry may heal (5xx) keeps the payload too and is
replayed after one lease: a duplicate answered 200 meanwhile has told Stripe to stop retrying.
Every handler is idempotent, so a claim retaken from a worker that was only slow does the work
at most twice with the same outcome (orders: unique constraints).
The payload is dropped once the event is finished.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import F, Q
from django.utils import timezone

from shop.checkout.models import StripeEvent
from tenants.context import current_alias

_TABLE = StripeEvent._meta.db_table
_S = StripeEvent.Status
REPLAY_WINDOW = timedelta(days=3)  # Stripe retries a delivery for up to three days
# A claim may be taken from a row in this state (the old claim's lease is checked apart).
_TAKEABLE = f"e.status IN ('{_S.RECEIVED}', '{_S.FAILED}')"
_EXPIRED = (
    f"(e.status = '{_S.PROCESSING}' AND (e.claimed_until IS NULL OR e.claimed_until < %(now)s))"
)
_CLAIM_SQL = f"""
INSERT INTO {_TABLE} AS e (event_id, type, status, checkout_session_id, deliveries, created,
                           updated, claim, claimed_until, payload)
VALUES (%(event_id)s, %(type)s, '{_S.PROCESSING}', %(session)s, 1, %(now)s, %(now)s, %(claim)s,
        %(until)s, %(payload)s::jsonb)
ON CONFLICT (event_id) DO UPDATE SET
    deliveries = e.deliveries + 1,
    updated = EXCLUDED.updated,
    status = CASE WHEN {_TAKEABLE} OR {_EXPIRED} THEN EXCLUDED.status ELSE e.status END,
    claim = CASE WHEN {_TAKEABLE} OR {_EXPIRED} THEN EXCLUDED.claim ELSE e.claim END,
    claimed_until = CASE WHEN {_TAKEABLE} OR {_EXPIRED} THEN EXCLUDED.claimed_until
                         ELSE e.claimed_until END,
    payload = CASE WHEN {_TAKEABLE} OR {_EXPIRED} THEN EXCLUDED.payload ELSE e.payload END
RETURNING e.id, e.status, e.claim, e.result
"""
# A delivery that did not win changed nothing but the counter: its commit need not wait for the
# WAL flush (about 2 ms a delivery, the bulk of a duplicate's time). Losing such a count in a
# database crash is harmless; the winner's claim commits synchronously, and PostgreSQL shows it
# to the others only once it is durable.
_CLAIM_ASYNC_SQL = f"""
WITH claimed AS ({_CLAIM_SQL})
SELECT id, status, claim, result,
       CASE WHEN claim <> %(claim)s THEN set_config('synchronous_commit', 'off', true) END
FROM claimed
"""


@dataclass(frozen=True)
class Claim:
    record_id: int
    won: bool  # this delivery handles the event
    status: str  # the row's status after this delivery
    result: dict[str, Any] | None  # what the finished handling answered (SUCCEEDED)
    token: str


def _lease_end(now: datetime) -> datetime:
    return now + timedelta(seconds=settings.STRIPE_EVENT_CLAIM_SECONDS)


def claim_event(*, event_id: str, type: str, session_id: str, payload: str | None) -> Claim:
    """Count this delivery of the event and take its claim if it is free (module doc)."""
    now, token = timezone.now(), secrets.token_hex(16)
    if "\\u0000" in payload:  # jsonb refuses NUL; such an event is only not replayable
        payload = None
    params = {"event_id": event_id, "type": type, "session": session_id[:255], "now": now,
              "claim": token, "until": _lease_end(now), "payload": payload}  # fmt: skip
    connection = connections[current_alias()]
    # Inside a caller's transaction the setting would reach the caller's writes: not there.
    sql = _CLAIM_SQL if connection.in_atomic_block else _CLAIM_ASYNC_SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        record_id, status, claim, result = cursor.fetchone()[:4]
    if isinstance(result, str | bytes):  # Django reads jsonb as text
        result = json.loads(result)
    return Claim(record_id, claim == token, status, result, token)


def finish_claim(
    claim: Claim,
    *,
    status: str,
    result: dict | None = None,
    error: dict | None = None,
    retry: bool = False,
) -> bool:
    """Record how the handling ended, if the claim is still ours (a claim retaken after its
    lease belongs to the later delivery, which records its own outcome). `retry`: a failure
    a later attempt may heal keeps the payload, for the sweeper after one lease."""
    now = timezone.now()
    return bool(
        StripeEvent.objects.filter(pk=claim.record_id, claim=claim.token).update(
            status=status,
            result=result,
            handler_error=error,
            claimed_until=_lease_end(now) if retry else None,
            payload=F("payload") if retry else None,
            updated=now,
        )
    )


def _stalled(now: datetime) -> Q:
    """Unfinished with a payload to replay: a claim that ran out, or a failure to retry whose
    pause is over; no older than the days Stripe itself would keep retrying."""
    return (
        Q(status__in=[_S.PROCESSING, _S.FAILED], payload__isnull=False)
        & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        & Q(created__gte=now - REPLAY_WINDOW)
    )


def list_stalled_events(*, now: datetime | None = None, limit: int = 100) -> list[int]:
    """Ids of this store's events to replay (see `_stalled`), the longest waiting first."""
    stalled = StripeEvent.objects.filter(_stalled(now or timezone.now()))
    return list(stalled.order_by("claimed_until").values_list("pk", flat=True)[:limit])


def reclaim_event(record_id: int, *, now: datetime | None = None) -> tuple[Claim, Any] | None:
    """Take a stalled event's claim (a conditional UPDATE); (claim, stored payload), or None
    when a delivery or another sweeper took or finished it first."""
    now, token = now or timezone.now(), secrets.token_hex(16)
    taken = (
        StripeEvent.objects.filter(_stalled(now), pk=record_id)
        .update(status=_S.PROCESSING, claim=token, claimed_until=_lease_end(now), updated=now)
    )  # fmt: skip
    if not taken:
        return None
    payload = StripeEvent.objects.filter(pk=record_id).values_list("payload", flat=True).first()
    return Claim(record_id, True, _S.PROCESSING, None, token), payload
