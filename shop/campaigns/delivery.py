"""Exactly-once delivery of a campaign message to one recipient.

    claim      one statement per batch (claim_deliveries), committed at once:
               UPDATE delivery SET status=SENDING, attempts=..., claimed_* ...
               WHERE id = ANY(<the batch>) AND (status=PENDING
                     OR status=SENDING AND <claimer dead or lease over>)
               its rows locked in id order first (SELECT ... ORDER BY id FOR UPDATE), so two
               claimers of overlapping batches never deadlock: the second waits for the
               first's row, sees it SENDING by a live claimer, and leaves it. The claim is the
               only way to send, and one claim wins. A claimer is dead when its PostgreSQL
               session (pid + start time, recorded with the claim) is gone: PostgreSQL ends
               the session as soon as the process dies.
    record     per message, in one transaction (the "fence": only the current claim may do it):
               UPDATE delivery SET status=SENT, message_id=... WHERE id=? AND status=SENDING
                 AND attempts=<ours> AND claimed_by=<us> AND <recipient still subscribed>
               INSERT Emailsent ... ON CONFLICT DO NOTHING  (once per email and recipient)
    hand over  MAIL / RCPT / DATA / the message / "." (inside that transaction)
    COMMIT
    confirm    the server's reply to "."; a refusal undoes the record (FAILED or PENDING)
    release    at the end of the batch (also when it stops early: the mail server is away),
               the claims it did not get to are put back as they were (PENDING, attempts
               as before), fenced like the record.

Crashes: before the final "." is written, the transaction is rolled back and the message was
not accepted (a half-sent message is discarded by the server): the claim is taken over and
sent, nobody is skipped. After the COMMIT, the delivery is SENT. Between the two (a few
instructions) the server has the message but the database does not know it: the claim is
taken over and the message is sent again, with the same deterministic Message-ID, which
receivers and mail services use to drop the copy. No protocol can close this window: SMTP and
PostgreSQL cannot commit together. Claiming a whole batch at once does not widen it: the
record, hand-over and commit stay one message at a time.

Attempts (CAMPAIGN_MAX_ATTEMPTS gives up on a delivery that keeps killing its worker, or that
the server keeps refusing for now) count the claims that may have tried to send it. A claimer
works through its batch in id order, so of a dead (or expired) claim's deliveries only the
first one still SENDING can have been tried: taking it over adds an attempt, taking over the
ones after it does not. Attempts with the claimer's name is the fencing token of the record:
a takeover always changes the name, and a live claimer's name (host, process, thread) is
nobody else's.
"""

from __future__ import annotations

import enum
import logging
import os
import socket
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from core import metrics
from django.conf import settings
from django.db import connections, transaction

from shop.campaigns.audience import SUBSCRIBED_SQL
from shop.campaigns.compose import SendingContext, build_campaign_wire, message_id_for
from shop.campaigns.models import CampaignDelivery
from shop.campaigns.transport import CampaignTransport, Refused, ReplyLost, Unavailable
from shop.emails.errors import EmailFormattingError
from shop.emails.models import Emailsent
from tenants.context import current_alias

logger = logging.getLogger(__name__)

Status = CampaignDelivery.Status
_DELIVERY = CampaignDelivery._meta.db_table
_EMAILSENT = Emailsent._meta.db_table

# The claim commits without waiting for the disk (synchronous_commit off for its own
# transaction only): it is visible to every other session at once, and a claim lost to a
# database crash only leaves the deliveries as they were before. The record of the send is
# committed synchronously.
_CLAIMABLE = """(
    d.status = 'pending' OR d.status = 'sending' AND (
        d.claimed_at < now() - make_interval(secs => %s)
        OR NOT EXISTS (
            SELECT 1 FROM pg_stat_activity AS a
            WHERE a.pid = d.claim_backend_pid AND a.backend_start = d.claim_backend_started
        )
    )
)"""
# Taking over a claim adds an attempt only if that claimer may have tried this delivery: no
# delivery of its claim (same claimer, same claim time) before this one is still SENDING.
_REACHED = f"""NOT EXISTS (
    SELECT 1 FROM {_DELIVERY} AS earlier
    WHERE earlier.campaign_id = d.campaign_id AND earlier.id < d.id
      AND earlier.status = 'sending' AND earlier.claimed_by = d.claimed_by
      AND earlier.claimed_at = d.claimed_at
)"""  # noqa: S608
_CLAIM = f"""
    WITH claimable AS (
        SELECT d.id, d.attempts FROM {_DELIVERY} AS d
        WHERE d.id = ANY(%s) AND {_CLAIMABLE}
        ORDER BY d.id
        FOR UPDATE
    )
    UPDATE {_DELIVERY} AS d SET
        status = 'sending',
        attempts = d.attempts + CASE
            WHEN d.status = 'pending' OR {_REACHED} THEN 1 ELSE 0 END,
        claimed_at = now(), claimed_by = %s,
        claim_backend_pid = pg_backend_pid(),
        claim_backend_started = (
            SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()
        )
    FROM claimable, (SELECT set_config('synchronous_commit', 'off', true)) AS commit_without_flush
    WHERE d.id = claimable.id
    RETURNING d.id, d.attempts, claimable.attempts
"""  # noqa: S608 (table names from the models, values as parameters)
# Claims the batch did not get to, back as they were before it claimed them.
_RELEASE = f"""
    UPDATE {_DELIVERY} AS d SET status = 'pending', attempts = ours.before, claimed_by = '',
        claimed_at = NULL, claim_backend_pid = NULL, claim_backend_started = NULL
    FROM unnest(%s::bigint[], %s::integer[], %s::integer[]) AS ours(id, attempts, before)
    WHERE d.id = ours.id AND d.status = 'sending' AND d.attempts = ours.attempts
      AND d.claimed_by = %s
"""  # noqa: S608
_FENCE = "d.id = %s AND d.status = 'sending' AND d.attempts = %s AND d.claimed_by = %s"
_RECORD_SENT = f"""
    WITH recorded AS (
        UPDATE {_DELIVERY} AS d SET status = 'sent', sent_at = now(), message_id = %s,
            error = ''
        WHERE {_FENCE} AND {SUBSCRIBED_SQL}
        RETURNING d.member_id, d.prospect_id
    ), logged AS (
        INSERT INTO {_EMAILSENT} (member_id, prospect_id, email_id, transactional, sent_date_time)
        SELECT member_id, prospect_id, %s, false, now() FROM recorded
        ON CONFLICT DO NOTHING
        RETURNING id
    )
    SELECT (SELECT count(*) FROM recorded), (SELECT count(*) FROM logged)
"""  # noqa: S608 (table names from the models, values as parameters)
_SET_OUTCOME = f"""
    UPDATE {_DELIVERY} AS d SET status = %s, error = %s WHERE {_FENCE}
"""  # noqa: S608
_SKIP_RECORDED = f"""
    UPDATE {_DELIVERY} AS d SET status = 'skipped', error = %s, sent_at = NULL, message_id = ''
    WHERE d.id = %s AND d.status = 'sent' AND d.attempts = %s AND d.claimed_by = %s
"""  # noqa: S608
_UNDO_SENT = f"""
    WITH undone AS (
        UPDATE {_DELIVERY} AS d SET status = %s, error = %s, sent_at = NULL
        WHERE d.id = %s AND d.status = 'sent' AND d.attempts = %s AND d.claimed_by = %s
        RETURNING d.member_id, d.prospect_id
    )
    DELETE FROM {_EMAILSENT} AS s USING undone AS u
    WHERE s.email_id = %s AND NOT s.transactional
      AND (s.member_id = u.member_id OR s.prospect_id = u.prospect_id)
"""  # noqa: S608


class Outcome(enum.StrEnum):
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    RETRY = "retry"  # back to PENDING: a later pass sends it
    NOT_CLAIMED = "not-claimed"  # someone else has it, or it is done


@dataclass(frozen=True)
class Claim:
    delivery_id: int
    attempts: int
    claimer: str
    attempts_before: int = 0  # what the delivery had before this claim (release_claims)


@cache
def _host() -> str:
    return socket.gethostname()


def claimer_name() -> str:
    """Who claims: host, process and thread (a worker may run tasks in threads)."""
    return f"{_host()}:{os.getpid()}:{threading.get_ident()}"


def claim_deliveries(
    *, delivery_ids: Sequence[int], claimer: str | None = None
) -> dict[int, Claim]:
    """Claim those of `delivery_ids` that are PENDING, or SENDING with a dead claimer or an
    expired lease, in one statement committed at once (call it outside any transaction).
    Returns the claims by delivery id; the others are someone else's, or done."""
    if not delivery_ids:
        return {}
    claimer = claimer or claimer_name()
    lease = settings.CAMPAIGN_CLAIM_LEASE_SECONDS
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(_CLAIM, [list(delivery_ids), lease, claimer])
        rows = cursor.fetchall()
    return {
        delivery_id: Claim(delivery_id, attempts, claimer, attempts_before=before)
        for delivery_id, attempts, before in rows
    }


def claim_delivery(*, delivery_id: int, claimer: str | None = None) -> Claim | None:
    """claim_deliveries for one delivery. None: someone else has it, or it is done."""
    return claim_deliveries(delivery_ids=[delivery_id], claimer=claimer).get(delivery_id)


def release_claims(claims: Iterable[Claim]) -> int:
    """Put claims that were never used back as they were (PENDING, the attempt not counted);
    a claim taken over meanwhile is left alone. Returns how many were released."""
    claims = list(claims)
    if not claims:
        return 0
    claimers = {claim.claimer for claim in claims}
    released = 0
    with connections[current_alias()].cursor() as cursor:
        for claimer in claimers:
            mine = [claim for claim in claims if claim.claimer == claimer]
            cursor.execute(
                _RELEASE,
                [
                    [c.delivery_id for c in mine],
                    [c.attempts for c in mine],
                    [c.attempts_before for c in mine],
                    claimer,
                ],
            )
            released += cursor.rowcount
    return released


def deliver_to_recipient(
    *,
    delivery: CampaignDelivery,
    sending: SendingContext,
    transport: CampaignTransport,
    claimer: str | None = None,
) -> Outcome:
    """Claim `delivery` and send its message exactly once (see the module docstring).
    `delivery` comes with its member (and user) or prospect loaded. Unavailable (the mail
    server) propagates after the claim is released; the batch stops there."""
    claim = claim_delivery(delivery_id=delivery.pk, claimer=claimer)
    if claim is None:
        return Outcome.NOT_CLAIMED
    return deliver_claimed(claim=claim, delivery=delivery, sending=sending, transport=transport)


def deliver_claimed(
    *,
    claim: Claim,
    delivery: CampaignDelivery,
    sending: SendingContext,
    transport: CampaignTransport,
) -> Outcome:
    """Send the message of `delivery`, claimed by `claim`: record, hand over, commit,
    confirm (see the module docstring)."""
    outcome = _deliver_claimed(claim, delivery, sending, transport)
    metrics.CAMPAIGN_DELIVERIES.labels(outcome.value).inc()
    return outcome


def _deliver_claimed(
    claim: Claim,
    delivery: CampaignDelivery,
    sending: SendingContext,
    transport: CampaignTransport,
) -> Outcome:
    if claim.attempts > settings.CAMPAIGN_MAX_ATTEMPTS:
        return _settle(claim, Status.FAILED, f"gave up after {claim.attempts - 1} attempts")
    recipient = delivery.recipient
    try:
        message = build_campaign_wire(
            sending, recipient=recipient, address=delivery.address, connection=transport.backend
        )
    except EmailFormattingError as error:
        return _settle(claim, Status.FAILED, error.message)
    message_id = message_id_for(sending, recipient=recipient)
    email_id = sending.campaign.email_id
    try:
        with transaction.atomic(using=current_alias(), durable=True):
            recorded, logged = _execute(_RECORD_SENT, [message_id, *_fence(claim), email_id])
            if not recorded:
                return _not_recorded(claim)
            if not logged:  # an Emailsent row says this recipient already has this email
                _execute(_SKIP_RECORDED, ["already sent", *_fence(claim)])
                return Outcome.SKIPPED
            handover = transport.hand_over(message)
        # Committed: SENT and Emailsent. Now the server's verdict on the final ".".
        handover.confirm()
    except Refused as error:
        return _refused(claim, error, email_id=email_id, after_commit=error.stage == "end of data")
    except ReplyLost as error:
        # The server may have the message: send it again later, with the same Message-ID.
        _undo_sent(claim, Status.PENDING, str(error), email_id=email_id)
        return Outcome.RETRY
    except Unavailable as error:
        _settle(claim, Status.PENDING, str(error))
        raise
    except ValueError as error:  # an address or header the message cannot be built with
        return _settle(claim, Status.FAILED, f"cannot be sent: {error}")
    return Outcome.SENT


def _fence(claim: Claim) -> list:
    return [claim.delivery_id, claim.attempts, claim.claimer]


def _execute(sql: str, params: list) -> tuple:
    with connections[current_alias()].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if cursor.description else ()


def _settle(claim: Claim, status: str, error: str) -> Outcome:
    """End our claim with `status` (FAILED, SKIPPED, or PENDING to be tried again)."""
    _execute(_SET_OUTCOME, [status, error[:1000], *_fence(claim)])
    return Outcome.RETRY if status == Status.PENDING else Outcome(status)


def _not_recorded(claim: Claim) -> Outcome:
    """The fenced UPDATE matched nothing: the claim was lost, or the recipient left."""
    delivery = CampaignDelivery.objects.filter(pk=claim.delivery_id).first()
    if delivery is None or (delivery.attempts, delivery.claimed_by) != (
        claim.attempts,
        claim.claimer,
    ):
        return Outcome.NOT_CLAIMED
    return _settle(claim, Status.SKIPPED, "unsubscribed before sending")


def _refused(claim: Claim, error: Refused, *, email_id: int, after_commit: bool) -> Outcome:
    status = Status.FAILED if error.permanent else Status.PENDING
    logger.warning("campaign delivery %s refused: %s", claim.delivery_id, error)
    if after_commit:
        _undo_sent(claim, status, str(error), email_id=email_id)
        return Outcome.FAILED if error.permanent else Outcome.RETRY
    return _settle(claim, status, str(error))


def _undo_sent(claim: Claim, status: str, error: str, *, email_id: int) -> None:
    with transaction.atomic(using=current_alias()):
        _execute(
            _UNDO_SENT,
            [status, error[:1000], claim.delivery_id, claim.attempts, claim.claimer, email_id],
        )
