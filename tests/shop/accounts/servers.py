"""Real web server processes (gunicorn) of the test databases, and a tiny HTTP client that
speaks to them with a store's Host header and the CSRF cookie and header."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from tests.fixtures.processes import ROOT, wait_for_port

PORTS = range(8850, 8900)  # this area's ports


def free_port_in_range() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


def start_gunicorn(port: int, env: dict[str, str]) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "1", "--graceful-timeout", "1", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for_port(port, timeout=30)
    except TimeoutError:
        process.kill()
        raise
    return process


@dataclass
class StoreSession:
    """One browser: cookies kept per store host, the CSRF token sent on every POST."""

    host: str
    cookies: dict[str, str] = field(default_factory=dict)

    def _request(self, port: int, method: str, path: str, body: str | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        headers = {"Host": self.host}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, payload

    def get(self, port: int, path: str):
        return self._request(port, "GET", path)

    def post(self, port: int, path: str, **data: str):
        return self._request(port, "POST", path, urlencode(data))
