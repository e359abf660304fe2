"""Real web server processes (gunicorn) of the test databases, and a tiny HTTP client that
speaks to them with a store's Host header and the CSRF cookie and header."""

from __future__ import annotations

import http.client
import subprocess
import sys
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from tests.fixtures.processes import ROOT, kill_process_group, listening_socket, wait_for_port

PORTS = range(8850, 8900)  # this area's ports


def start_gunicorn(
    env: dict[str, str], *, workers: int = 1, threads: int = 1, ports: range = PORTS
) -> tuple[int, subprocess.Popen]:
    """gunicorn on a port of `ports` it is handed already bound; (port, process)."""
    sock = listening_socket(ports)
    port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"fd://{sock.fileno()}",
         "-w", str(workers), "--threads", str(threads), "--graceful-timeout", "1",
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        pass_fds=(sock.fileno(),), start_new_session=True,
    )  # fmt: skip
    sock.close()  # gunicorn holds its own copy
    try:
        wait_for_port(port, timeout=30)
    except TimeoutError:
        kill_process_group(process)
        raise
    return port, process


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
