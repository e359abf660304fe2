"""Links to the store get the codes they lack; other links are left as written."""

import pytest

from shop.campaigns.links import add_tracking_codes

HOSTS = {"alpha.platform.test"}
CODES = {"em_cd": "E1", "mb_cd": "M1"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("https://alpha.platform.test/x", "https://alpha.platform.test/x?em_cd=E1&mb_cd=M1"),
        (
            "See https://alpha.platform.test/x?a=1.",
            "See https://alpha.platform.test/x?a=1&em_cd=E1&mb_cd=M1.",
        ),
        (
            "(https://ALPHA.platform.test/x#top)",
            "(https://ALPHA.platform.test/x?em_cd=E1&mb_cd=M1#top)",
        ),
        (
            "https://alpha.platform.test/x?mb_cd=M1&em_cd=E1",
            "https://alpha.platform.test/x?mb_cd=M1&em_cd=E1",
        ),
        (
            "https://alpha.platform.test/x?em_cd=E1",
            "https://alpha.platform.test/x?em_cd=E1&mb_cd=M1",
        ),
        ("https://example.org/x?a=1", "https://example.org/x?a=1"),
        ("http://[alpha.platform.test/x", "http://[alpha.platform.test/x"),
    ],
)
def test_text_links(body, expected):
    assert add_tracking_codes(body, hosts=HOSTS, codes=CODES, is_html=False) == expected


def test_html_links_stay_escaped():
    body = '<a href="https://alpha.platform.test/x?a=1&amp;b=2">x</a>'

    tagged = add_tracking_codes(body, hosts=HOSTS, codes=CODES, is_html=True)

    assert (
        tagged
        == '<a href="https://alpha.platform.test/x?a=1&amp;b=2&amp;em_cd=E1&amp;mb_cd=M1">x</a>'
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://alpha.platform.test/x?em_cd=E1&mb_cd=M1",
        "https://alpha.platform.test/x?mb_cd&em_cd=",
        "https://alpha.platform.test/x?em_cd=E1#frag?mb_cd=M1",
        "https://alpha.platform.test/a&mb_cd=M1/b?em_cd=E1",
        "https://alpha.platform.test/x?em%5Fcd=E1&mb_cd=M1",
        "https://alpha.platform.test/x?em_cd=E1&&mb_cd=M1",
        "https://alpha.platform.test/x?xem_cd=E1&mb_cd=M1",
        "https://example.org/x?em_cd=E1&mb_cd=M1",
        "http://[alpha.platform.test/x?em_cd=E1&mb_cd=M1",
    ],
)
def test_links_that_already_carry_the_codes_are_told_apart_without_parsing(url):
    from urllib.parse import parse_qsl, urlsplit

    from shop.campaigns.links import _has_all, _tag

    try:
        query = urlsplit(url).query
    except ValueError:  # unparseable: left as written either way
        query = "em_cd&mb_cd"
    present = {key for key, _ in parse_qsl(query, keep_blank_values=True)}

    if _has_all(url, CODES):  # the shortcut says so only when parsing agrees
        assert set(CODES) <= present
        assert _tag(url, hosts=HOSTS, codes=CODES) is None
