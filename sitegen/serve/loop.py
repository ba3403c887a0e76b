"""When the dev server builds: file events only mark what changed, and one build thread runs a build once the
edits settle (sooner when only credential files changed), or at once when asked (`request_now`)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

SETTLE_SECONDS = 0.15
"""Quiet time after the last file event before a rebuild starts."""
QUICK_SETTLE_SECONDS = 0.04
"""The same when the changes can be shown by the quick path (see `sitegen.serve.quick`)."""
MAX_DELAY_SECONDS = 2.0
"""A steady stream of events (a branch switch) still rebuilds this long after the first one."""


class BuildLoop:
    """The pending changes and the build thread's loop: `run(changed)` is called with the paths changed since
    the last build; `quick(paths)` says whether those changes may settle for the shorter time."""

    def __init__(self, run: Callable[[list[str]], None], quick: Callable[[list[str]], bool]) -> None:
        self._run = run
        self._quick = quick
        self._cond = threading.Condition()
        self._pending: dict[str, None] = {}
        self._first_pending: float | None = None
        self._due: float | None = None
        self._requested = 0
        self._completed = 0
        self._stopping = False

    @property
    def stopping(self) -> bool:
        return self._stopping

    def notice(self, path: str) -> None:
        """A relevant file changed (called from the watcher's thread)."""
        now = time.monotonic()
        with self._cond:
            if self._first_pending is None:
                self._first_pending = now
            self._pending[path] = None
            settle = QUICK_SETTLE_SECONDS if self._quick(list(self._pending)) else SETTLE_SECONDS
            self._due = min(now + settle, self._first_pending + MAX_DELAY_SECONDS)
            self._cond.notify_all()

    def request_now(self, timeout: float) -> bool:
        """Ask for a build at once and wait for it; False when it did not end within `timeout` (or stopped)."""
        with self._cond:
            self._requested += 1
            target = self._requested
            self._due = time.monotonic()
            self._cond.notify_all()
            self._cond.wait_for(lambda: self._completed >= target or self._stopping, timeout)
            return self._completed >= target

    def stop(self) -> bool:
        """Ends the loop after the build in flight; False when it was already stopping."""
        with self._cond:
            if self._stopping:
                return False
            self._stopping = True
            self._cond.notify_all()
            return True

    def run_forever(self) -> None:
        """The build thread's body, until `stop()`."""
        while True:
            with self._cond:
                while True:
                    if self._stopping:
                        return
                    if self._due is not None:
                        delay = self._due - time.monotonic()
                        if delay <= 0:
                            break
                        self._cond.wait(delay)
                    else:
                        self._cond.wait()
                changed = list(self._pending)
                self._pending.clear()
                self._first_pending = self._due = None
                target = self._requested
            self._run(changed)
            with self._cond:
                self._completed = max(self._completed, target)
                self._cond.notify_all()
