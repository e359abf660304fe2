"""A Celery worker's own /metrics (METRICS_WORKER_PORT), served from a thread of the worker's
main process by the standard library's WSGI server: the worker has no web server, and where it
runs in a container of its own the web's /metrics never sees its files.

Its prefork children write to PROMETHEUS_MULTIPROC_DIR like gunicorn's workers
(core.celery_metrics makes the directory when the port is set and the directory is not), so
one scrape adds up the whole worker. The same METRICS_TOKEN or METRICS_ALLOWED_ADDRESSES
(here the socket's peer: nothing stands in front of a worker) let a scraper in.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client.exposition import CONTENT_TYPE_LATEST

from core.metrics import render_latest
from core.metrics_view import is_authorized

log = logging.getLogger(__name__)


def metrics_app(environ: dict, start_response: Callable) -> Iterable[bytes]:
    if environ.get("PATH_INFO") != "/metrics":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]
    if not is_authorized(
        authorization=environ.get("HTTP_AUTHORIZATION", ""),
        address=environ.get("REMOTE_ADDR", ""),
    ):
        start_response(
            "401 Unauthorized",
            [("Content-Type", "text/plain"), ("WWW-Authenticate", 'Bearer realm="metrics"')],
        )
        return [b"metrics need a token\n"]
    start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST)])
    return [render_latest(collectors=False)]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # a scrape every 15 s is not news


def start_exporter(port: int, host: str = "0.0.0.0") -> WSGIServer:  # noqa: S104
    server = make_server(host, port, metrics_app, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="metrics-exporter", daemon=True)
    thread.start()
    log.info("worker metrics on port %s", port)
    return server
