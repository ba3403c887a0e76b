"""The output folder shared between requests and builds: readers share it, a build holds it alone."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

REQUEST_WAIT_SECONDS = 120.0
"""How long a request waits for the build in flight before it is answered from the folder as it is."""


class SiteGate:
    """Readers (requests) share the output folder; the build holds it alone, from start to swap."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._building = False

    @contextmanager
    def reading(self, timeout: float = REQUEST_WAIT_SECONDS) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._building, timeout)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def building(self) -> Iterator[None]:
        with self._cond:
            self._building = True
            self._cond.wait_for(lambda: self._readers == 0, REQUEST_WAIT_SECONDS)
        try:
            yield
        finally:
            with self._cond:
                self._building = False
                self._cond.notify_all()
