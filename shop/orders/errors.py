"""What can stop an order from being placed, shown or moved on. Codes are the reference's
status strings (`payment-not-completed`, `no-cart-id`, `order-not-found`, ...)."""

from __future__ import annotations

from core.errors import ApplicationError, Conflict, InvalidInput, NotAllowed, NotFound


class PaymentNotCompleted(Conflict):
    def __init__(self, payment_status: str) -> None:
        super().__init__(
            f"The checkout session is not paid (payment_status={payment_status}).",
            code="payment-not-completed",
        )


class NoCartId(InvalidInput):
    def __init__(self) -> None:
        super().__init__("The checkout session names no cart of this store.", code="no-cart-id")


class SessionOfAnotherStore(InvalidInput):
    """A session whose metadata names another store: never turned into an order here."""

    def __init__(self) -> None:
        super().__init__(
            "The checkout session belongs to another store.",
            code="invalid-session",
            extra={"description": "The checkout session belongs to another store."},
        )


class NoCheckoutSnapshot(InvalidInput):
    """A paid session our checkout did not make (no CheckoutSnapshot): nothing says what it
    bought, so it is never turned into an order."""

    def __init__(self) -> None:
        super().__init__(
            "The checkout session was not made by this store's checkout.",
            code="invalid-session",
            extra={"description": "The checkout session was not made by this store's checkout."},
        )


class OrderAmountMismatch(Conflict):
    """Stripe reports a paid amount other than the checkout snapshot's total: no order is made
    (the store resolves it; the snapshot is marked mismatched)."""

    def __init__(self) -> None:
        super().__init__(
            "The amount paid differs from the checkout's total.", code="order-amount-mismatch"
        )


class OrderNotPlaced(ApplicationError):
    """Writing the order failed and was rolled back: nothing of it is kept. Stripe retries
    the webhook (a 500), so a passing fault heals itself."""

    default_http_status = 500

    def __init__(self, message: str = "The order could not be saved.") -> None:
        super().__init__(message, code="processing-error")


class OrderSetupError(OrderNotPlaced):
    """The store's order configuration cannot place an order (its initial status is not a
    Status row). The operator must fix it; Stripe retries the webhook meanwhile."""


class InvalidOrderStatusTransition(Conflict):
    def __init__(self, current: str | None, new: str) -> None:
        super().__init__(
            f"An order cannot move from {current or 'no status'} to {new}.",
            code="invalid-status-transition",
        )
        self.current = current
        self.new = new


class OrderNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No such order.", code="order-not-found")


class LogInRequiredToViewOrder(NotAllowed):
    def __init__(self) -> None:
        super().__init__("Log in to view this order.", code="log-in-required-to-view-order")


class OrderNotInAccount(NotAllowed):
    def __init__(self) -> None:
        super().__init__("This order is not in your account.", code="order-not-in-account")


class RefundNotAllowed(Conflict):
    """A refund the order cannot take (nothing paid, not above 0, more than is left)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="refund-not-allowed")


class RefundNotMade(ApplicationError):
    """Stripe refused the refund or could not be reached; the message says which."""

    default_http_status = 502

    def __init__(self, message: str) -> None:
        super().__init__(message, code="refund-failed")
