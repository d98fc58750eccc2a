"""Leases on index builds: a process that serves a build holds a shared lock on ``<build>/.serving``, so a
later ``index build`` can tell which old builds are still open somewhere and must not be pruned yet.

The lock is an ``fcntl.flock`` on an open file: the kernel drops it when the process ends, even by kill -9,
so a crashed server never pins a build for ever. With a Chroma server the lease on the directory also keeps
the build's collection on the server (the builder drops both or neither). Works across the processes that
see one ``index/`` directory: on one machine, or on several that share it over a file system with ``flock``
(NFSv4, CephFS); where the file system ignores locks, keep ``KEEP_BUILDS`` or more builds between switches."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

LEASE_FILE = ".serving"


class BuildLease:
    """A shared lock on one build directory, held until :meth:`release`. Not shared between threads."""

    def __init__(self, build: Path) -> None:
        self.build = Path(build)
        self._fd: int | None = os.open(self.build / LEASE_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file drops the lock
            self._fd = None


def in_use(build: Path) -> bool:
    """Whether any process holds a lease on ``build`` (a build without a lease file was never served)."""
    path = Path(build) / LEASE_FILE
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also drops the exclusive lock when it was taken
    return False
