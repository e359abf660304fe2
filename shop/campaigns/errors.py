"""Why a campaign cannot be made, started or moved on; and why one-click unsubscribe failed."""

from __future__ import annotations

from core.errors import Conflict, InvalidInput, NotFound


class CampaignError(Conflict):
    """A campaign action that the email or the campaign's state does not allow."""


class EmailNotSendable(CampaignError):
    """`email-is-transactional`, `email-not-ready`, `email-already-being-sent` or
    `email-cannot-be-rendered`."""


class InvalidCampaignTransition(CampaignError):
    def __init__(self, from_status: str, to_status: str) -> None:
        super().__init__(
            f"A campaign cannot go from {from_status} to {to_status}.",
            code="invalid-campaign-transition",
            extra={"from": from_status, "to": to_status},
        )


class UnsubscribeFailed(InvalidInput):
    """`one-click-body-required`, `token-required`, `token-altered`."""


class UnsubscribeTokenInvalid(NotFound):
    def __init__(self) -> None:
        super().__init__("No subscriber has this token.", code="token-invalid")
