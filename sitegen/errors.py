"""The one content-error type: a problem in a file, at a line, with a message (a failed write is one too)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in the content, reported as `path:line: message`."""

    path: str
    """The file, relative to the project folder where possible, with `/` separators."""
    line: int
    """1-based line where the offending key or value starts (0 when the whole file is at fault)."""
    message: str
    warning: bool = False
    """A warning is printed but does not fail the build."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}:1"
        prefix = "warning: " if self.warning else ""
        return f"{where}: {prefix}{self.message}"


class ContentErrors(Exception):
    """Every problem found in one stage; raised once at the end of the stage."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        problems = tuple(sorted(errors))
        super().__init__(problems)
        self.errors: tuple[ContentError, ...] = problems

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class UsageError(Exception):
    """A mistake in how sitegen was called (exit code 2), not in the content."""


def display_path(path: PurePath | str) -> str:
    """A path as shown in messages: forward slashes."""
    return str(path).replace("\\", "/")


def write_error(output: PurePath, exc: OSError) -> ContentErrors:
    """A failure of the file system while writing, as a problem reported like the others (no traceback)."""
    what = exc.strerror or str(exc) or type(exc).__name__
    where = f" ({display_path(exc.filename)})" if exc.filename else ""
    return ContentErrors([ContentError(display_path(output), 0, f"the site could not be written: {what}{where}; "
                                       "the previous output is unchanged")])
