"""Reading the fleet overview and the lists its figures link to, as an operator's browser
would: the figures by their data attributes, and each list's own count (its caption)."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date

from django.test import Client

OVERVIEW = "/dashboard/"


def get_page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def section(html: str, element_id: str) -> str:
    """The element with this id, up to its closing tag (no nesting of the same tag inside)."""
    start = html.index(f'id="{element_id}"')
    tag = html[html.rindex("<", 0, start) + 1 :].split(" ", 1)[0]
    return html[start : html.index(f"</{tag}>", start)]


def linked_figures(fragment: str) -> list[tuple[str, int]]:
    """(href, number) of each figure link (data-figure) in the fragment, in order."""
    found = re.findall(r'<a href="([^"]+)" data-figure="[^"]+"[^>]*>(\d+)', fragment)
    return [(html_lib.unescape(href), int(number)) for href, number in found]


def store_grid(html: str) -> dict[tuple[str, str], tuple[int, str]]:
    """(state, plan) -> (stores, link) of the stores-by-state table ("all" for the totals)."""
    table = section(html, "stores-by-state")
    grid = {}
    for state, row in re.findall(r'<tr data-state="([^"]+)">(.*?)</tr>', table, flags=re.S):
        for plan, href, number in re.findall(
            r'<td data-plan="([^"]+)"><a href="([^"]+)" data-figure="stores">(\d+)</a>', row
        ):
            grid[state, plan] = (int(number), html_lib.unescape(href))
    return grid


def chart_values(html: str, chart_id: str) -> dict[date, int]:
    """Each day's value as the chart's SVG carries it."""
    svg = section(html, chart_id)
    assert "<svg" in svg
    return {
        date.fromisoformat(day): int(value)
        for day, value in re.findall(
            r'<g class="chart__day" data-day="([^"]+)" data-value="(\d+)"', svg
        )
    }


def chart_links(html: str, chart_id: str) -> dict[date, str]:
    svg = section(html, chart_id)
    return {
        date.fromisoformat(day): html_lib.unescape(href)
        for day, href in re.findall(
            r'<g class="chart__day" data-day="([^"]+)" data-value="\d+"><a href="([^"]+)"', svg
        )
    }


def list_count(client: Client, url: str) -> int:
    """What a list page says it holds: the number its table's caption starts with."""
    caption = re.search(r"<caption>(\d+) ", get_page(client, url))
    assert caption, url
    return int(caption[1])


def listed_rows(client: Client, url: str, attribute: str) -> list[str]:
    return re.findall(rf'<tr {attribute}="([^"]+)"', get_page(client, url))
