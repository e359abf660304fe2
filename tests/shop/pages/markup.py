"""What the page-view tests read from a page's HTML: headings, scripts, labels, inline code."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

FIELD_TAGS = {"input", "select", "textarea"}
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}
# What base.html puts on every page (the header's script, the chat widget's form): a page's
# own scripts and fields are listed without them; they are still checked for labels.
SITE_SCRIPTS = {"/static/storefront/js/account-site.js", "/static/storefront/js/ready.js"}
SITE_WIDGET_ATTRIBUTE = "data-chat"


@dataclass
class Page:
    h1: list[str] = field(default_factory=list)
    inline_scripts: int = 0
    script_srcs: list[str] = field(default_factory=list)
    inline_styles: list[str] = field(default_factory=list)  # tags with a style="" attribute
    inline_handlers: list[str] = field(default_factory=list)  # on*="" attributes
    field_ids: list[str | None] = field(default_factory=list)
    site_field_ids: list[str | None] = field(default_factory=list)
    site_script_srcs: list[str] = field(default_factory=list)
    label_fors: set[str] = field(default_factory=set)
    images_without_alt: list[str] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)

    @property
    def unlabelled_fields(self) -> list[str | None]:
        return [
            id_
            for id_ in self.field_ids + self.site_field_ids
            if id_ is None or id_ not in self.label_fors
        ]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self._in_h1 = False
        self._h1_text: list[str] = []
        self._in_site_widget = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if "style" in values:
            self.page.inline_styles.append(tag)
        self.page.inline_handlers += [name for name, _ in attrs if name.startswith("on")]
        if SITE_WIDGET_ATTRIBUTE in values:
            self._in_site_widget = True
        if tag == "h1":
            self._in_h1, self._h1_text = True, []
        elif tag == "script":
            if values.get("src") in SITE_SCRIPTS:
                self.page.site_script_srcs.append(values["src"])
            elif values.get("src"):
                self.page.script_srcs.append(values["src"])
            else:
                self.page.inline_scripts += 1
        elif tag == "label" and values.get("for"):
            self.page.label_fors.add(values["for"])
        elif tag in FIELD_TAGS and values.get("type") not in UNLABELLED_TYPES:
            ids = self.page.site_field_ids if self._in_site_widget else self.page.field_ids
            ids.append(values.get("id"))
        elif tag == "img" and "alt" not in values:
            self.page.images_without_alt.append(values.get("src") or "")
        elif tag == "link" and values.get("rel") == "stylesheet":
            self.page.stylesheets.append(values.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "aside":  # the chat widget is the page's only <aside>
            self._in_site_widget = False
        if tag == "h1" and self._in_h1:
            self._in_h1 = False
            self.page.h1.append(" ".join("".join(self._h1_text).split()))

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self._h1_text.append(data)


def read_page(html: bytes | str) -> Page:
    reader = _Reader()
    reader.feed(html.decode() if isinstance(html, bytes) else html)
    reader.close()
    return reader.page


def assert_page_is_clean(html: bytes | str, *, h1: str) -> Page:
    """One h1 with this text, scripts only from files, no inline style or handlers, every
    field labelled, every image with an alt text."""
    page = read_page(html)
    assert page.h1 == [h1]
    assert page.inline_scripts == 0
    assert page.inline_styles == []
    assert page.inline_handlers == []
    assert page.unlabelled_fields == []
    assert page.images_without_alt == []
    return page
