"""render_email puts values into a template safely: a bad template is a typed error."""

import pytest
from django.utils.safestring import mark_safe

from shop.emails.errors import EmailFormattingError
from shop.emails.models import Email
from shop.emails.services import render_email


def _email(subject="Hi {name}", text="Hello {name}", html="") -> Email:
    return Email(subject=subject, body_text=text, body_html=html, em_cd="x")


def test_placeholders_are_filled_in_subject_text_and_html():
    email = _email(html="<p>Hello {name}</p>")

    parts = render_email(email=email, context={"name": "Ada"})

    assert (parts.subject, parts.body_text, parts.body_html) == (
        "Hi Ada",
        "Hello Ada",
        "<p>Hello Ada</p>",
    )


def test_a_template_without_html_has_no_html_part():
    assert render_email(email=_email(), context={"name": "Ada"}).body_html is None


def test_doubled_braces_are_literal_braces():
    parts = render_email(email=_email(text="{{not a field}} {name}"), context={"name": "Ada"})

    assert parts.body_text == "{not a field} Ada"


def test_a_missing_placeholder_value_is_a_formatting_error_not_a_key_error():
    with pytest.raises(EmailFormattingError) as raised:
        render_email(email=_email(text="Hello {first_name}"), context={"name": "Ada"})

    assert raised.value.code == "email-formatting"
    assert "first_name" in raised.value.message


@pytest.mark.parametrize(
    "template",
    [
        "{name.__class__}",
        "{name[0]}",
        "{}",
        "{0}",
        "{name!r}",
        "{name:>100000000}",
        "{name",
        "name}",
    ],
)
def test_templates_that_reach_beyond_plain_names_are_refused(template):
    with pytest.raises(EmailFormattingError):
        render_email(email=_email(text=template), context={"name": "Ada"})


def test_values_are_html_escaped_in_the_html_part_but_not_in_the_text_part():
    email = _email(html="<p>{name}</p>")

    parts = render_email(email=email, context={"name": "<script>alert(1)</script>"})

    assert parts.body_html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert parts.body_text == "Hello <script>alert(1)</script>"


def test_values_marked_safe_go_into_the_html_part_as_they_are():
    parts = render_email(
        email=_email(html="{banner}<p>x</p>"),
        context={"name": "Ada", "banner": mark_safe("<b>DRAFT</b>")},  # noqa: S308
    )

    assert parts.body_html == "<b>DRAFT</b><p>x</p>"


def test_line_breaks_in_a_subject_value_cannot_add_headers():
    parts = render_email(email=_email(), context={"name": "Ada\r\nBcc: victim@example.com"})

    assert parts.subject == "Hi Ada Bcc: victim@example.com"
