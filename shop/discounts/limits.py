"""Discount limits: a code may cap its total uses (`usage_limit`) and its uses per customer
(`usage_limit_per_customer`, by email, case-insensitively). Enforced like stock (DESIGN §4):
reserved when the checkout session is made, released when it expires, consumed by the order.

Two promises, and which one wins when they collide:
- never more discounted checkouts than the limit: a use is RESERVED before Stripe is asked for
  a session, under a row lock of the code, and the shopper who finds it used up is refused
  (`discount-code-used-up`, naming the code) before anything can be charged;
- never charge a discount and then refuse it: the order always honours its snapshot (the
  shopper paid that price). If, when the order is placed, its reservation is no longer held
  (released by an expiry that raced the payment) or a limit says no (the admin lowered it),
  the use is recorded as `over_limit` with a note and `[DISCOUNT_LIMIT_EXCEEDED]` is logged.

How (nothing is check-then-act):
- reserve_for_snapshot (checkout start, before the session): for each limited code of the
  snapshot, `SELECT ... FOR UPDATE` of the code row, then count its RESERVED uses and, for the
  email, its RESERVED and USED ones. Under READ COMMITTED each statement after the lock sees
  every reservation committed before it, so concurrent checkouts of one code queue on the row
  and count each other. The use rows hang off the snapshot (CASCADE): a draft no session took
  is deleted, and its reservation with it. Reservations of the same cart's other OPEN
  snapshots are not counted: starting checkout again expires that session (its reservation is
  released), or refuses the new one if the old was paid.
- release_for_session (the session expired: Stripe's event, or a newer checkout of the cart):
  RESERVED -> RELEASED, one conditional UPDATE, so exactly once.
- consume_for_order (inside place_order's transaction): the snapshot's uses are locked, moved
  to USED and tied to the order; `times_used` grows by a conditional UPDATE (`WHERE times_used
  < usage_limit`) that says whether the limit still held, and the code's row lock taken by it
  makes the per-customer count that follows exact.
Codes without any limit are recorded the same way but not locked at checkout: they never queue.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from shop.cart.models import Cart
from shop.discounts.models import Discountcode, DiscountcodeUse
from shop.errors import Conflict, DiscountNotApplicable
from tenants.context import current_alias

if TYPE_CHECKING:
    from shop.checkout.models import CheckoutSnapshot
    from shop.orders.models import Order

log = logging.getLogger(__name__)

DISCOUNT_LIMIT_EXCEEDED_MARKER = "[DISCOUNT_LIMIT_EXCEEDED]"
State = DiscountcodeUse.State
LIMITED = Q(usage_limit__isnull=False) | Q(usage_limit_per_customer__isnull=False)


class DiscountCodeUsedUp(Conflict):
    """Checkout refused: a code of the cart has no use left (for everyone, or this email)."""

    def __init__(self, code: str) -> None:
        description = (
            f"The discount code {code} has been used up. Remove it from your cart to check out."
        )
        super().__init__(
            description,
            code="discount-code-used-up",
            extra={"description": description, "discount_code": code},
        )


def normalize_email(email: str | None) -> str:
    return (email or "").strip().lower()


def _active_uses(code: Discountcode, *, snapshot: CheckoutSnapshot | None = None):
    """Uses that take one of the code's places now (RESERVED or USED), `snapshot`'s own and
    those of its cart's other open snapshots left out (see the module doc)."""
    from shop.checkout.models import CheckoutSnapshot

    uses = DiscountcodeUse.objects.filter(discountcode=code, state__in=[State.RESERVED, State.USED])
    if snapshot is not None:
        uses = uses.exclude(snapshot=snapshot)
        if snapshot.cart_id is not None:
            uses = uses.exclude(
                state=State.RESERVED,
                snapshot__cart_id=snapshot.cart_id,
                snapshot__status=CheckoutSnapshot.Status.OPEN,
            )
    return uses


def _has_room(code: Discountcode, *, email: str, snapshot: CheckoutSnapshot | None) -> bool:
    """Room for one more use. Call with the code's row locked for an exact answer."""
    uses = _active_uses(code, snapshot=snapshot)
    if code.usage_limit is not None:
        reserved = uses.filter(state=State.RESERVED).count()
        if code.times_used + reserved >= code.usage_limit:
            return False
    per_customer = code.usage_limit_per_customer
    return per_customer is None or not email or uses.filter(email=email).count() < per_customer


def check_code_available(code: Discountcode, *, cart: Cart) -> None:
    """Applying a code to a cart: refused when it is used up now (a hint, not a promise: the
    reservation at checkout decides). Per customer only when the cart's member is known."""
    email = normalize_email(cart.member.user.email) if cart.member_id else ""
    if not _has_room(code, email=email, snapshot=None):
        raise DiscountNotApplicable(
            f"{code.code} has been used up.", code="cart-discount-code-used-up"
        )


def _applied_code_ids(snapshot: CheckoutSnapshot) -> list[int]:
    return sorted(
        {d.discountcode_id for d in snapshot.discounts.all() if d.applied and d.discountcode_id}
    )


def reserve_for_snapshot(snapshot: CheckoutSnapshot) -> None:
    """Reserve one use of each code the snapshot applied, all or none; DiscountCodeUsedUp when
    one has no room. Call before the session is made, on a snapshot no session has yet."""
    code_ids = _applied_code_ids(snapshot)
    if not code_ids:
        return
    email = normalize_email(snapshot.email)
    with transaction.atomic(using=current_alias()):
        # Locked in id order, so two checkouts with the same codes never deadlock.
        limited = Discountcode.objects.filter(LIMITED, pk__in=code_ids).order_by("pk")
        for code in limited.select_for_update(of=("self",)):
            if not _has_room(code, email=email, snapshot=snapshot):
                raise DiscountCodeUsedUp(code.code)
        DiscountcodeUse.objects.bulk_create(
            DiscountcodeUse(discountcode_id=code_id, email=email, snapshot=snapshot)
            for code_id in code_ids
        )


def release_for_session(session_id: str) -> int:
    """The session can no longer be paid: its reservations are released, exactly once."""
    return DiscountcodeUse.objects.filter(
        snapshot__stripe_session_id=session_id, state=State.RESERVED
    ).update(state=State.RELEASED, updated=timezone.now())


def consume_for_order(*, order: Order, snapshot: CheckoutSnapshot, email: str) -> None:
    """Inside the order's transaction: each applied code's use becomes USED by `order`. The
    order keeps the snapshot's discount either way; a refused limit is recorded (module doc)."""
    code_ids = _applied_code_ids(snapshot)
    if not code_ids:
        return
    now = timezone.now()
    uses = {
        use.discountcode_id: use
        for use in DiscountcodeUse.objects.select_for_update()
        .filter(snapshot=snapshot)
        .order_by("discountcode_id")
    }
    for code_id in code_ids:
        use = uses.get(code_id) or DiscountcodeUse(
            discountcode_id=code_id, snapshot=snapshot, state=State.RELEASED, created=now
        )
        use.email = use.email or normalize_email(email)
        limited, reasons = _count_use(code_id, email=use.email, snapshot=snapshot)
        if limited and use.state != State.RESERVED:
            reasons.insert(0, "reservation not held")
        use.state, use.order, use.updated = State.USED, order, now
        use.over_limit, use.note = bool(reasons), "; ".join(reasons)[:200]
        use.save()
        if reasons:
            log.warning(
                "%s code=%s order=%s session=%s email=%s: %s; the snapshot's discount is honoured",
                DISCOUNT_LIMIT_EXCEEDED_MARKER,
                code_id,
                order.identifier,
                snapshot.stripe_session_id,
                use.email,
                use.note,
            )


def _count_use(code_id: int, *, email: str, snapshot: CheckoutSnapshot) -> tuple[bool, list[str]]:
    """times_used + 1; whether the code has a limit, and which limits that use breaks."""
    codes = Discountcode.objects.filter(pk=code_id)
    within = codes.filter(Q(usage_limit__isnull=True) | Q(times_used__lt=F("usage_limit")))
    reasons = []
    if not within.update(times_used=F("times_used") + 1):
        codes.update(times_used=F("times_used") + 1)  # used all the same: the count stays true
        reasons.append("usage limit reached")
    code = codes.first()  # row locked by the update above: the count below is exact
    if code is not None and code.usage_limit_per_customer is not None and email:
        used = DiscountcodeUse.objects.filter(
            discountcode_id=code_id, email=email, state=State.USED
        ).exclude(snapshot=snapshot)
        if used.count() >= code.usage_limit_per_customer:
            reasons.append("per-customer limit reached")
    limited = code is not None and (
        code.usage_limit is not None or code.usage_limit_per_customer is not None
    )
    return limited, reasons
