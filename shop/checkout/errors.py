"""What can go wrong between the store and Stripe, as the store's typed errors.

Codes are the reference's (`stripe-error`, `invalid-session`, `invalid-payload`,
`invalid-signature`, `webhook-not-configured`); `description` is safe to show: it never holds
a key, and Stripe's own messages mask keys too.
"""

from __future__ import annotations

from core.errors import ApplicationError, Conflict, InvalidInput, NotFound


class StripeApiError(ApplicationError):
    """Stripe refused a request or could not be reached."""

    default_http_status = 502

    def __init__(self, description: str, *, http_status: int | None = None, **extra) -> None:
        super().__init__(
            description,
            code="stripe-error",
            http_status=http_status,
            extra={"description": description, **extra},
        )


class StripeUnavailable(StripeApiError):
    """Network trouble, rate limiting or an error on Stripe's side: worth retrying later."""

    default_http_status = 503


class StripeKeysRefused(StripeApiError):
    """Stripe does not accept the store's secret key (revoked, mistyped, wrong mode)."""

    default_http_status = 503


class PaymentsNotConfigured(StripeApiError):
    """The store has no Stripe keys yet."""

    default_http_status = 503


class CheckoutAmountMismatch(StripeApiError):
    """What Stripe would charge differs from our order total. A bug, never the shopper's."""


class CheckoutSessionNotFound(NotFound):
    def __init__(self, session_id: str) -> None:
        super().__init__(
            "No such checkout session for this store.",
            code="invalid-session",
            extra={"description": f"No such checkout session: {session_id[:80]!r}"},
        )


class WebhookPayloadInvalid(InvalidInput):
    def __init__(self, description: str) -> None:
        super().__init__(description, code="invalid-payload")


class WebhookSignatureInvalid(InvalidInput):
    def __init__(self, description: str) -> None:
        super().__init__(description, code="invalid-signature")


class WebhookNotConfigured(ApplicationError):
    default_http_status = 503

    def __init__(self) -> None:
        super().__init__("This store has no webhook signing secret.", code="webhook-not-configured")


class CartAlreadyPaid(Conflict):
    """The cart's previous Checkout Session was paid meanwhile (in another tab, say)."""

    def __init__(self) -> None:
        super().__init__(
            "This cart has just been paid for; its order is on its way.", code="cart-already-paid"
        )


class RefundRefused(StripeApiError):
    """Stripe refused a refund for the charge's sake (already refunded, more than is left)."""

    default_http_status = 409
