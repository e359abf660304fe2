"""The JSON logging of LOG_FORMAT=json, applied in this process for one test, its lines read
back as dicts (the real formatter, filters and handler; only its stream is a buffer)."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from config.settings.components.logging import build_logging

FIELDS = {"time", "level", "logger", "store", "request_id", "message"}
ACCESS_FIELDS = FIELDS | {"method", "path", "route", "status", "duration_ms", "user_kind"}


@contextmanager
def json_logging() -> Iterator[Callable[[], list[dict]]]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    logging.config.dictConfig(build_logging("json", "INFO"))
    buffer = io.StringIO()
    [console] = root.handlers
    console.setStream(buffer)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def access_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "storefleet.requests"]
