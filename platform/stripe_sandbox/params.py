"""Checking request parameters the way Stripe does, with Stripe's error shapes and messages."""

from __future__ import annotations

import re
import secrets
import string
from typing import Any

_ALNUM = string.ascii_letters + string.digits
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_CURRENCY = re.compile(r"^[a-z]{3}$")
MAX_AMOUNT = 99_999_999  # Stripe's cap on one charge, in minor units ($999,999.99)


class StripeError(Exception):
    """An API error, answered as `{"error": {...}}` with its HTTP status."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        param: str | None = None,
        code: str | None = None,
        type: str = "invalid_request_error",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.param = param
        self.code = code
        self.type = type

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"message": self.message, "type": self.type}
        if self.param is not None:
            error["param"] = self.param
        if self.code is not None:
            error["code"] = self.code
            error["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        return {"error": error}


def new_id(prefix: str, length: int = 24) -> str:
    return prefix + "".join(secrets.choice(_ALNUM) for _ in range(length))


def missing(param: str) -> StripeError:
    return StripeError(f"Missing required param: {param}.", param=param, code="parameter_missing")


def unknown(param: str) -> StripeError:
    return StripeError(
        f"Received unknown parameter: {param}", param=param, code="parameter_unknown"
    )


def no_such(kind: str, ident: str, param: str, *, status: int = 400) -> StripeError:
    return StripeError(
        f"No such {kind}: '{ident}'", status=status, param=param, code="resource_missing"
    )


def reject_unknown(params: dict[str, Any], allowed: set[str], prefix: str = "") -> None:
    for key in params:
        if key not in allowed:
            raise unknown(f"{prefix}[{key}]" if prefix else key)


def as_dict(value: Any, param: str) -> dict[str, Any]:
    if value == "":  # Stripe: an empty string unsets an object
        return {}
    if not isinstance(value, dict):
        raise StripeError(f"Invalid object: {param}", param=param, code="parameter_invalid_object")
    return value


def as_list(value: Any, param: str) -> list[Any]:
    if isinstance(value, dict) and not value:
        return []
    if not isinstance(value, list):
        raise StripeError(f"Invalid array: {param}", param=param, code="parameter_invalid_array")
    return value


def as_str(value: Any, param: str, *, max_length: int = 5000) -> str:
    if not isinstance(value, str):
        raise StripeError(f"Invalid string: {param}", param=param)
    if len(value) > max_length:
        raise StripeError(
            f"Invalid string: {value[:20]}...; must be at most {max_length} characters",
            param=param,
            code="string_length_exceeds_maximum",
        )
    return value


def as_int(
    value: Any, param: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    text = value if isinstance(value, str) else ""
    if not re.fullmatch(r"-?\d+", text):
        raise StripeError(
            f"Invalid integer: {value}", param=param, code="parameter_invalid_integer"
        )
    number = int(text)
    if minimum is not None and number < minimum:
        raise StripeError(
            f"This value must be greater than or equal to {minimum}.",
            param=param,
            code="parameter_invalid_integer",
        )
    if maximum is not None and number > maximum:
        raise StripeError(
            f"This value must be less than or equal to {maximum}.",
            param=param,
            code="parameter_invalid_integer",
        )
    return number


def as_bool(value: Any, param: str) -> bool:
    if value in ("true", "false"):
        return value == "true"
    raise StripeError(f"Invalid boolean: {value}", param=param)


def as_choice(value: Any, param: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        listed = ", ".join(f"`{choice}`" for choice in choices)
        raise StripeError(f"Invalid {param}: must be one of {listed}", param=param)
    return value


def as_currency(value: Any, param: str) -> str:
    code = value.lower() if isinstance(value, str) else ""
    if not _CURRENCY.match(code):
        raise StripeError(f"Invalid currency: {value}", param=param)
    return code


def as_email(value: Any, param: str) -> str:
    text = as_str(value, param, max_length=800)
    if not _EMAIL.match(text):
        raise StripeError(f"Invalid email address: {text}", param=param, code="email_invalid")
    return text


def as_url(value: Any, param: str) -> str:
    text = as_str(value, param, max_length=5000)
    if not _URL.match(text):
        raise StripeError("Not a valid URL", param=param, code="url_invalid")
    return text


def as_metadata(value: Any, param: str = "metadata") -> dict[str, str]:
    data = as_dict(value, param)
    if len(data) > 50:
        raise StripeError("Metadata can have at most 50 keys.", param=param)
    for key, item in data.items():
        if not isinstance(item, str):
            raise StripeError(f"Invalid value for metadata key {key}", param=f"{param}[{key}]")
        if len(key) > 40:
            raise StripeError(
                f"Metadata keys can be at most 40 characters (got {key[:40]}...)",
                param=f"{param}[{key}]",
            )
        if len(item) > 500:
            raise StripeError(
                "Metadata values can be at most 500 characters.", param=f"{param}[{key}]"
            )
    return {key: item for key, item in data.items() if item != ""}


def expand_paths(params: dict[str, Any]) -> list[str]:
    raw = params.pop("expand", [])
    if isinstance(raw, str):
        raw = [raw]
    return [as_str(path, "expand") for path in as_list(raw, "expand")]
