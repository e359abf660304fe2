"""A campaign's templates parsed once per batch instead of once per recipient.

shop.emails.rendering.format_template parses its template with string.Formatter on every
call; a campaign renders the same three templates (subject, text, HTML) for every recipient.
CompiledTemplate parses once and then only looks the placeholders up and escapes them, with
the same strict rules. Whenever that is not the plain case (a template that does not parse,
a placeholder that is not a plain name or has a conversion or format spec, a name missing
from the context) it calls format_template itself, which renders or raises exactly as
before.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from django.utils.html import conditional_escape

from shop.emails.rendering import EmailMessageParts, format_template


class CompiledTemplate:
    def __init__(self, template: str, *, html: bool = False) -> None:
        self.template = template
        self.html = html
        self.pieces: list[tuple[str, str | None]] | None = _parse(template)

    def render(self, context: Mapping[str, object]) -> str:
        if self.pieces is None:
            return format_template(self.template, context, html=self.html)
        out = []
        for literal, name in self.pieces:
            out.append(literal)
            if name is None:
                continue
            if name not in context:  # format_template raises EmailFormattingError
                return format_template(self.template, context, html=self.html)
            value = context[name]
            if value is None:
                continue
            out.append(str(conditional_escape(value)) if self.html else str(value))
        return "".join(out)


def _parse(template: str) -> list[tuple[str, str | None]] | None:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:  # unbalanced braces: format_template says so
        return None
    pieces = []
    for literal, name, spec, conversion in parsed:
        if name is not None and (not name.isidentifier() or spec or conversion is not None):
            return None
        pieces.append((literal, name))
    return pieces


class CompiledParts:
    """shop.emails.rendering.render_parts for one subject and pair of bodies."""

    def __init__(self, *, subject: str, body_text: str, body_html: str) -> None:
        self.subject = CompiledTemplate(subject)
        self.body_text = CompiledTemplate(body_text)
        self.body_html = CompiledTemplate(body_html, html=True) if body_html.strip() else None

    def render(self, context: Mapping[str, object]) -> EmailMessageParts:
        return EmailMessageParts(
            subject=" ".join(self.subject.render(context).split()),
            body_text=self.body_text.render(context),
            body_html=None if self.body_html is None else self.body_html.render(context),
        )
