"""Templates use `str.format` placeholders, like the reference (`Hello {recipient_first_name}`,
literal braces doubled), rendered by a strict formatter that a template written by a store's
admin cannot turn against the platform:

- a placeholder is a plain name (`{name}`): no attribute or index access (`{x.__class__}`,
  `{x[0]}`), no positional `{}`, no conversion (`!r`) and no format spec (`:>999999`);
- a name missing from the context raises EmailFormattingError (never a KeyError);
- in the HTML part every value is HTML-escaped unless it is already marked safe
  (django.utils.safestring), so user input is never rendered unescaped;
- the subject is one line: line breaks in it become spaces (no header injection).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.html import conditional_escape

from shop.emails.errors import EmailFormattingError


@dataclass(frozen=True)
class EmailMessageParts:
    subject: str
    body_text: str
    body_html: str | None  # None when the template has no HTML part


class _StrictFormatter(string.Formatter):
    def __init__(self, escape: Callable[[object], str]) -> None:
        self._escape = escape

    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            raise EmailFormattingError(f"placeholder {{{field_name}}} is not a plain name")
        if field_name not in kwargs:
            raise EmailFormattingError(f"placeholder {{{field_name}}} has no value")
        return kwargs[field_name], field_name

    def convert_field(self, value, conversion):
        if conversion is not None:
            raise EmailFormattingError("placeholders may not use conversions (!r, !s, !a)")
        return value

    def format_field(self, value, format_spec):
        if format_spec:
            raise EmailFormattingError("placeholders may not use format specs")
        return self._escape(value)


_TEXT = _StrictFormatter(lambda value: "" if value is None else str(value))
_HTML = _StrictFormatter(lambda value: "" if value is None else str(conditional_escape(value)))


def format_template(template: str, context: Mapping[str, object], *, html: bool = False) -> str:
    formatter = _HTML if html else _TEXT
    try:
        return formatter.vformat(template, (), context)
    except EmailFormattingError:
        raise
    except (ValueError, IndexError) as error:  # unbalanced braces, a bare "{}"
        raise EmailFormattingError(f"template cannot be formatted: {error}") from None


def render_parts(
    *, subject: str, body_text: str, body_html: str, context: Mapping[str, object]
) -> EmailMessageParts:
    rendered_subject = format_template(subject, context)
    return EmailMessageParts(
        subject=" ".join(rendered_subject.split()),
        body_text=format_template(body_text, context),
        body_html=format_template(body_html, context, html=True) if body_html.strip() else None,
    )
