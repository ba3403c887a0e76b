"""One build at a time per output folder: the lock file beside it, who holds it, and waiting for it."""

from __future__ import annotations

import fcntl
import functools
import os
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from sitegen.errors import display_path, write_error


class OutputBusy(Exception):
    """Another build holds the output folder and this one was told not to wait (exit code 1)."""


def lock_file(output: Path) -> Path:
    return output.parent / f".{output.name}.lock"


class OutputLock:
    """One build at a time per output folder: an exclusive `flock` on `.NAME.lock` beside it, which holds the
    pid of the build that has it. The kernel releases it when that process dies, so a killed build never
    leaves a stale lock; the file is removed on release. Forked workers close their copy at once, so that
    only the build itself holds the lock."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.path = lock_file(output)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, *, wait: bool = True, waiting: Callable[[str], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> None:
        """Take the lock. Held by another process: `wait` False raises OutputBusy at once; else `waiting` is told
        once who holds it, and this waits (polling while `cancelled` says no, when given; it raises OutputBusy
        once it says yes)."""
        told = False
        while True:
            fd = self._open()
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    holder = self._holder(fd)
                    if not wait:
                        raise OutputBusy(f"{display_path(self.output)}/ is being built by {holder}; not waiting "
                                         "(--no-wait): nothing was written") from None
                    if not told and waiting is not None:
                        waiting(f"waiting for the build of {display_path(self.output)}/ by {holder}")
                    told = True
                    self._wait(fd, cancelled)
                if not self._still_named(fd):  # the holder removed the file as it let go: take the new one
                    os.close(fd)
                    continue
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
            os.register_at_fork(after_in_child=functools.partial(_forget, weakref.ref(self)))
            return

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC
        try:
            try:
                return os.open(self.path, flags, 0o644)
            except FileNotFoundError:  # the output's parent is made as the staging folder would have been
                self.path.parent.mkdir(parents=True, exist_ok=True)
                return os.open(self.path, flags, 0o644)
        except OSError as exc:
            raise write_error(self.output, exc) from None

    def _wait(self, fd: int, cancelled: Callable[[], bool] | None) -> None:
        if cancelled is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
            return
        while True:
            if cancelled():
                raise OutputBusy(f"stopped waiting for the build of {display_path(self.output)}/")
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                time.sleep(0.05)

    def _holder(self, fd: int) -> str:
        try:
            text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        except OSError:
            text = ""
        return f"process {text}" if text.isdigit() else "another process"

    def _still_named(self, fd: int) -> bool:
        try:
            named = os.stat(self.path)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (named.st_dev, named.st_ino) == (mine.st_dev, mine.st_ino)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if self._still_named(fd):
                os.unlink(self.path)
        except OSError:
            pass
        finally:
            os.close(fd)  # releases the lock

    def __enter__(self) -> OutputLock:
        if not self.held:
            self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()


def _forget(ref: weakref.ReferenceType[OutputLock]) -> None:
    """In a forked child: close the child's copy of the lock's file, so that the lock goes with the parent."""
    lock = ref()
    if lock is not None and lock._fd is not None:
        fd, lock._fd = lock._fd, None
        os.close(fd)
