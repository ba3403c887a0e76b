"""The build cache: rendered Markdown by text hash, and each page's view hash from the last build.

Stored in `.sitegen-cache/` beside the content folder. Safe to delete; never changes the output (a cached
page is reused only when its view data, the theme files and sitegen's version are all the same); a file
that cannot be read is ignored with a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen import __version__

FORMAT = 1


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def view_key(template: str, view: Any, site: Any, theme: str) -> str:
    """A page's identity: everything its bytes depend on."""
    data = json.dumps([template, view, site, theme, __version__], ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"), default=str)
    return hashlib.sha1(data.encode("utf-8", "surrogatepass")).hexdigest()


def theme_key(files: list[Path]) -> str:
    """A hash of every template and static file of the theme chain."""
    digest = hashlib.sha1(__version__.encode())
    for path in sorted(files):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class BuildCache:
    folder: Path | None
    """None: caching is off."""
    markdown: dict[str, str] = field(default_factory=dict)
    """Text hash → HTML."""
    pages: dict[str, str] = field(default_factory=dict)
    """Site-relative page path → view key, as of the last successful build."""
    output: str = ""
    """The output folder those pages were written to."""
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, folder: Path | None) -> BuildCache:
        cache = cls(folder)
        if folder is None:
            return cache
        path = folder / "cache.pickle"
        if not path.exists():
            return cache
        try:
            with open(path, "rb") as handle:
                stored = pickle.load(handle)
            if not isinstance(stored, dict) or stored.get("format") != FORMAT or \
                    stored.get("version") != __version__:
                return cache
            cache.markdown = dict(stored["markdown"])
            cache.pages = dict(stored["pages"])
            cache.output = str(stored["output"])
        except Exception as exc:  # a corrupt cache is never fatal
            cache.warnings.append(f"{path}: ignoring an unreadable build cache ({type(exc).__name__})")
            cache.markdown, cache.pages, cache.output = {}, {}, ""
        return cache

    def save(self, markdown: dict[str, str], pages: dict[str, str], output: Path) -> None:
        """Keep what this build used (older entries are dropped), written atomically."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / "README").write_text("sitegen's build cache: safe to delete.\n")
            temporary = self.folder / f"cache.pickle.{os.getpid()}.tmp"
            with open(temporary, "wb") as handle:
                pickle.dump({"format": FORMAT, "version": __version__, "markdown": markdown, "pages": pages,
                             "output": str(output.resolve())}, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / "cache.pickle")
        except OSError as exc:
            self.warnings.append(f"{self.folder}: could not save the build cache ({exc.strerror})")
