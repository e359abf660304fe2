"""What every log line says about the work it belongs to: the request id and the Celery task.

The request id comes from the client's `X-Request-ID` (when it is short and plain) or is made
here; core.middleware.request_id binds it for the request, core.celery_logging carries it
into the tasks the request starts. LogContextFilter stamps both onto every record.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar, Token

# Bounded and plain: the id lands in log lines and a response header, so nothing that could
# forge a JSON field, a header or a terminal escape gets through.
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,128}")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_task: ContextVar[tuple[str, str] | None] = ContextVar("log_task", default=None)


def accept_or_make_request_id(value: str | None) -> str:
    """The client's id when it is acceptable, else a new one (uuid4 hex)."""
    if value and _ACCEPTED.fullmatch(value):
        return value
    return uuid.uuid4().hex


def get_request_id() -> str | None:
    return _request_id.get()


def bind_request_id(value: str | None) -> Token:
    return _request_id.set(value)


def unbind_request_id(token: Token) -> None:
    _request_id.reset(token)


def bind_task(name: str, task_id: str) -> Token:
    return _task.set((name, task_id))


def unbind_task(token: Token) -> None:
    _task.reset(token)


class LogContextFilter(logging.Filter):
    """Adds `request_id` to every record, and `task_name`/`task_id` inside a Celery task."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        task = _task.get()
        if task is not None and not hasattr(record, "task_id"):
            record.task_name, record.task_id = task
        return True
