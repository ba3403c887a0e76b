"""Watching for edits: which changed paths matter (content and themes, not editors' scratch files or the output
itself) and the watchdog observer over content/ and themes/ that reports them."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

IGNORED_PARTS = frozenset({".git", ".hg", ".svn", "__pycache__", ".sitegen-cache", "node_modules"})
TEMP_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".swpx", ".tmp", ".part", ".crdownload", ".kate-swp",
                 "___jb_tmp___", "___jb_old___")
TEMP_NAMES = frozenset({"4913", ".DS_Store", "Thumbs.db"})


def is_temporary(path: str) -> bool:
    """Editor and OS scratch files (`.#x`, `x~`, `.x.swp`, vim's `4913`, ...): never a reason to rebuild."""
    parts = Path(path).parts
    if any(part in IGNORED_PARTS for part in parts):
        return True
    name = parts[-1] if parts else ""
    return (name in TEMP_NAMES or name.startswith((".#", "~$", ".~lock.")) or name.endswith(TEMP_SUFFIXES)
            or (name.startswith("#") and name.endswith("#")))


def is_credential_file(path: str) -> bool:
    return path.endswith(".md") and os.path.basename(os.path.dirname(path)) == "credentials"


class EventFilter(FileSystemEventHandler):
    """Turns created/modified/moved/deleted events on relevant paths into `notice(path)` calls."""

    def __init__(self, notice: Callable[[str], None], relevant: Callable[[str], bool]) -> None:
        self._notice = notice
        self._relevant = relevant

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in ("created", "modified", "moved", "deleted"):
            return
        if event.is_directory and event.event_type == "modified":
            return
        paths = [os.fsdecode(event.src_path)]
        if event.event_type == "moved":
            paths.append(os.fsdecode(event.dest_path))
        for path in paths:
            if self._relevant(path):
                self._notice(path)


class Watcher:
    """The observer over the content folder and the project's themes/ (watched from when it appears)."""

    def __init__(self, content: Path, output: Path, notice: Callable[[str], None]) -> None:
        self._content = content
        self._output = output
        self._notice = notice
        self._observer: Any = None
        self._handler: EventFilter | None = None
        self._themes_watched = False

    def themes(self) -> Path:
        return self._content.resolve().parent / "themes"

    def relevant(self, path: str) -> bool:
        """Inside content/ or themes/, not in the output (or its staging and old folders), not a scratch file."""
        target = Path(path).parent.resolve() / Path(path).name  # the file itself may be gone, or a link
        output = self._output.resolve()
        for made in (output, output.parent / f".{output.name}.staging", output.parent / f".{output.name}.old"):
            if target == made or target.is_relative_to(made):
                return False
        inside = (target.is_relative_to(self._content.resolve()) or target.is_relative_to(self.themes()))
        return inside and not is_temporary(path)

    def start(self) -> None:
        observer = Observer()
        handler = EventFilter(self._notice, self.relevant)
        observer.schedule(handler, str(self._content.resolve()), recursive=True)
        themes = self.themes()
        if themes.is_dir():
            observer.schedule(handler, str(themes), recursive=True)
            self._themes_watched = True
        else:  # themes/ may appear later: watch the project folder itself (not below it) for it
            observer.schedule(handler, str(themes.parent), recursive=False)
        observer.daemon = True
        observer.start()
        self._observer = observer
        self._handler = handler

    def watch_new_themes(self) -> None:
        """Called by the build thread: a themes/ folder made while serving is watched from then on."""
        if not self._themes_watched and self._observer is not None and self.themes().is_dir():
            self._observer.schedule(self._handler, str(self.themes()), recursive=True)
            self._themes_watched = True

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()

    def join(self, timeout: float) -> None:
        if self._observer is not None:
            self._observer.join(timeout=timeout)
