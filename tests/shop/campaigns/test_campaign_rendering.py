"""A campaign's templates are parsed once per batch (shop.campaigns.rendering): the result,
and every refusal, is what shop.emails.rendering.format_template gives."""

import pytest
from django.utils.safestring import SafeString

from shop.campaigns.rendering import CompiledParts, CompiledTemplate
from shop.emails.errors import EmailFormattingError
from shop.emails.rendering import format_template, render_parts

CONTEXT = {
    "name": "Zoë <b>&</b>",
    "safe": SafeString("<i>kept</i>"),
    "none": None,
    "number": 42,
    "ENVIRONMENT_DOMAIN": "https://alpha.platform.test",
}
TEMPLATES = [
    "",
    "no placeholders at all",
    "Hello {name}, {safe} {none}{number}!",
    "{{literal}} braces {{ and }} {name}",
    "{ENVIRONMENT_DOMAIN}/news?x=1&amp;y={number}",
    "{missing}",
    "{name} then {missing}",
    "{name.upper}",
    "{name[0]}",
    "{}",
    "{0}",
    "{name!r}",
    "{name:>30}",
    "{name:{number}}",
    "{name",
    "name}",
    "a } b",
]


def outcome(render):
    try:
        return "ok", render()
    except EmailFormattingError as error:
        return "refused", error.message


@pytest.mark.parametrize("html", [False, True])
@pytest.mark.parametrize("template", TEMPLATES)
def test_a_compiled_template_renders_and_refuses_as_format_template(template, html):
    compiled = CompiledTemplate(template, html=html)

    assert outcome(lambda: compiled.render(CONTEXT)) == outcome(
        lambda: format_template(template, CONTEXT, html=html)
    )


def test_compiled_parts_are_render_parts():
    kwargs = {
        "subject": "News\nfor  {name}",
        "body_text": "Hi {name}\n",
        "body_html": "<p>{name} {safe}</p>",
    }

    assert CompiledParts(**kwargs).render(CONTEXT) == render_parts(**kwargs, context=CONTEXT)
    assert CompiledParts(**{**kwargs, "body_html": "  "}).render(CONTEXT).body_html is None
