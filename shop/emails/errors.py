"""Why a store email could not go out. Each maps onto an Orderemailfailure type:
EmailTemplateMissing -> template_lookup, EmailFormattingError -> formatting,
EmailSendError -> smtp_send."""

from __future__ import annotations

from core.errors import ApplicationError


class EmailError(ApplicationError):
    default_http_status = 502


class EmailTemplateMissing(EmailError):
    def __init__(self, em_cd: str) -> None:
        super().__init__(f"No email template {em_cd!r}.", code="email-template-missing")
        self.em_cd = em_cd


class EmailFormattingError(EmailError):
    """The template (or a value put into it) cannot be rendered: an unknown or missing
    placeholder, a placeholder with attribute access or a format spec, unbalanced braces."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="email-formatting")


class EmailSendError(EmailError):
    """The mail server refused the message or could not be reached."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="email-send-failed")
