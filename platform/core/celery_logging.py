"""Celery's half of the log context: a task carries the request id of the code that queued it
(a message header), and its log lines name the task. In JSON mode the worker keeps Django's
LOGGING instead of Celery's own handlers, so its lines are JSON too.

Connected by config.celery, in every process that queues or runs tasks.
"""

from __future__ import annotations

import logging
import logging.config
from typing import Any

from celery.signals import (
    after_setup_logger,
    after_setup_task_logger,
    before_task_publish,
    task_postrun,
    task_prerun,
)

from core.log_context import (
    bind_request_id,
    bind_task,
    get_request_id,
    unbind_request_id,
    unbind_task,
)

HEADER = "request_id"


@before_task_publish.connect
def add_request_id_header(headers: dict | None = None, **kwargs: Any) -> None:
    request_id = get_request_id()
    if request_id and headers is not None:
        headers.setdefault(HEADER, request_id)


@task_prerun.connect
def bind_task_context(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    if task is None:
        return
    # Eager tasks run inside the caller and were never published: they keep its request id.
    request_id = getattr(task.request, HEADER, None)
    task.request.log_tokens = (
        bind_request_id(request_id) if request_id else None,
        bind_task(task.name, task_id),
    )


@task_postrun.connect
def unbind_task_context(task: Any = None, **kwargs: Any) -> None:
    tokens = getattr(task.request, "log_tokens", None) if task is not None else None
    if not tokens:
        return
    request_token, task_token = tokens
    unbind_task(task_token)
    if request_token is not None:
        unbind_request_id(request_token)


@after_setup_logger.connect
def keep_django_logging(**kwargs: Any) -> None:
    """The worker replaced the root handlers with its own: put Django's back in JSON mode.
    (Text mode keeps Celery's worker output as it always was.)"""
    from django.conf import settings

    if getattr(settings, "LOG_FORMAT", "text") == "json":
        logging.config.dictConfig(settings.LOGGING)


@after_setup_task_logger.connect
def route_task_logger_to_root(logger: logging.Logger | None = None, **kwargs: Any) -> None:
    """celery.task loggers get a handler of their own that does not propagate: in JSON mode
    they go through the root's handler like every other line."""
    from django.conf import settings

    if logger is not None and getattr(settings, "LOG_FORMAT", "text") == "json":
        logger.handlers.clear()
        logger.propagate = True
