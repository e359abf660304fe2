"""Free TCP ports for servers that tests start."""

from __future__ import annotations

import socket


def free_port(first: int = 0, last: int = 0, host: str = "127.0.0.1") -> int:
    """A port nobody listens on: any free one (the default), or the first free one in a range."""
    candidates = range(first, last + 1) if first else [0]
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free TCP port in {first}-{last}")
