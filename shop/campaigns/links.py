"""Every link to the store in a campaign message carries the email's and the recipient's codes
(`em_cd` and `mb_cd` or `pr_cd`), like the reference's "add tracking parameters to all links".

Templates usually write them with placeholders already; links that lack them get them
appended. Links to other sites are left alone: the store's codes are not theirs to see.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Mapping
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING = ".,;:!?)]}"


def add_tracking_codes(
    body: str, *, hosts: Collection[str], codes: Mapping[str, str], is_html: bool
) -> str:
    """`body` with the missing `codes` added to the query of every link to one of `hosts`."""

    def fix(match: re.Match) -> str:
        found = match.group(0)
        url = found.rstrip(_TRAILING)
        tail = found[len(url) :]
        raw = html.unescape(url) if is_html else url
        tagged = _tag(raw, hosts=hosts, codes=codes)
        if tagged is None:
            return found
        return (html.escape(tagged, quote=True) if is_html else tagged) + tail

    return _URL.sub(fix, body)


@lru_cache(maxsize=4096)
def _split(url: str) -> tuple[SplitResult, str, frozenset[str]] | None:
    """The URL's parts, lower-case host and query keys; None when it has no host or cannot
    be parsed (a bad port, brackets). Kept: most links are the same for every recipient."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if host is None:
        return None
    present = frozenset(key for key, _ in parse_qsl(parts.query, keep_blank_values=True))
    return parts, host.lower(), present


def _has_all(url: str, codes: Mapping[str, str]) -> bool:
    """Whether every code is a key of the URL's query already (then nothing is added, to
    whichever host it goes): the query read the way parse_qsl reads it, without parsing the
    URL. A key with `%` or `+` in it needs parse_qsl's decoding: not decided here."""
    query = url.partition("#")[0].partition("?")[2]
    if not query:
        return False
    names = set()
    for item in query.split("&"):
        name = item.partition("=")[0]
        if "%" in name or "+" in name:
            return False
        names.add(name)
    return all(key in names for key, value in codes.items() if value)


def _tag(url: str, *, hosts: Collection[str], codes: Mapping[str, str]) -> str | None:
    if _has_all(url, codes):  # a link with the recipient's codes written in by the template
        return None
    split = _split(url)
    if split is None:  # left as written
        return None
    parts, host, present = split
    if host not in hosts:
        return None
    missing = [(key, value) for key, value in codes.items() if key not in present and value]
    if not missing:
        return None
    query = parts.query + ("&" if parts.query else "") + urlencode(missing)
    return urlunsplit(parts._replace(query=query))
