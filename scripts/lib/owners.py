"""Owners of an embedded server shared by the scripts of one checkout.

Several scripts may use one embedded server at once (`scripts/run` in one terminal,
`scripts/test` in another): each registers its shell's PID as an owner, and the server stops
when the last live owner leaves. The registry is a JSON list of PIDs beside the server's data
folder, changed only under an exclusive file lock.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def locked(data: Path) -> Iterator[None]:
    data.parent.mkdir(parents=True, exist_ok=True)
    with (data.parent / f".{data.name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _path(data: Path) -> Path:
    return data.parent / f".{data.name}.owners.json"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read(data: Path) -> list[int]:
    """The live owners (a crashed script's PID drops out by itself)."""
    try:
        owners = json.loads(_path(data).read_text())
    except (FileNotFoundError, ValueError):
        return []
    return [pid for pid in owners if isinstance(pid, int) and alive(pid)]


def add(data: Path, owner: int) -> None:
    _write(data, [*read(data), owner])


def remove(data: Path, owner: int) -> list[int]:
    """Drop `owner`; return the live owners left."""
    left = [pid for pid in read(data) if pid != owner]
    _write(data, left)
    return left


def _write(data: Path, owners: list[int]) -> None:
    _path(data).write_text(json.dumps(sorted(set(owners))))
