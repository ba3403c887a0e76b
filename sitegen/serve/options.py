"""What the dev server is asked to serve (`ServeOptions`) and what one of its builds did (`BuildOutcome`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServeOptions:
    content: Path
    output: Path
    host: str = "127.0.0.1"
    port: int = 8000
    drafts: bool = False
    search: bool = True


@dataclass(frozen=True)
class BuildOutcome:
    """What one build of the dev server did."""

    ok: bool
    errors: tuple[str, ...] = ()
    """Each problem as `path:line: message` (empty when the build succeeded)."""
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    pages: int = 0
