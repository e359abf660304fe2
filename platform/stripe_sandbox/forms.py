"""Stripe's form encoding: `line_items[0][price_data][currency]=usd` back into nested values.

The Python SDK sends every v1 request as `application/x-www-form-urlencoded` (query string for
GET), with lists as `key[0]`, `key[1]` (and `expand[]` in URLs it built itself), dicts as
`key[sub]` and booleans as `true`/`false` (stripe/_encode.py `_api_encode`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


class FormError(ValueError):
    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


def decode_form(raw: str) -> dict[str, Any]:
    """Nested dicts and lists from a form-encoded body or query string."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(raw, keep_blank_values=True):
        _insert(root, key, value)
    return _listify(root)


def _split(key: str) -> list[str]:
    head, bracket, rest = key.partition("[")
    if not bracket:
        return [key]
    tail = "[" + rest
    parts = _SEGMENT.findall(tail)
    if "".join(f"[{part}]" for part in parts) != tail or not head:
        raise FormError(f"Invalid parameter name: {key}", key)
    return [head, *parts]


def _insert(root: dict[str, Any], key: str, value: str) -> None:
    parts = _split(key)
    node: dict[str, Any] = root
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        if part == "":  # `expand[]=a&expand[]=b`: append
            part = str(len(node))
        if last:
            if part in node:
                raise FormError(f"Duplicate parameter: {key}", key)
            node[part] = value
            return
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise FormError(f"Invalid object: {key}", key)
        node = child


def _listify(node: Any) -> Any:
    """Dicts whose keys are 0..n-1 become lists (in index order)."""
    if not isinstance(node, dict):
        return node
    converted = {key: _listify(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        indexes = sorted(int(key) for key in converted)
        if indexes == list(range(len(indexes))):
            return [converted[str(index)] for index in indexes]
    return converted
