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

FORMAT = 2

Manifest = dict[str, tuple[int, int]]
"""An output folder's files: site-relative path → (size, modification time in ns)."""


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
    inputs: str = ""
    """`inputs_fingerprint` of the last successful build."""
    manifest: Manifest = field(default_factory=dict)
    """The output folder as that build left it."""
    summary: dict[str, Any] = field(default_factory=dict)
    """That build's pages, files, bytes and content warnings (repeated when nothing changed)."""
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
            cache.inputs = str(stored["inputs"])
            cache.manifest = dict(stored["manifest"])
            cache.summary = dict(stored["summary"])
        except Exception as exc:  # a corrupt cache is never fatal
            cache.warnings.append(f"{path}: ignoring an unreadable build cache ({type(exc).__name__})")
            cache.markdown, cache.pages, cache.output = {}, {}, ""
            cache.inputs, cache.manifest, cache.summary = "", {}, {}
        return cache

    def unchanged(self, inputs: str, output: Path) -> bool:
        """Whether the last build had these very inputs and its output folder is still exactly as it left it."""
        return bool(self.inputs) and self.inputs == inputs and self.output == str(output.resolve()) and \
            bool(self.manifest) and output_manifest(output) == self.manifest

    def save(self, markdown: dict[str, str], pages: dict[str, str], output: Path, inputs: str = "",
             summary: dict[str, Any] | None = None) -> None:
        """Keep what this build used (older entries are dropped), written atomically."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / "README").write_text("sitegen's build cache: safe to delete.\n")
            temporary = self.folder / f"cache.pickle.{os.getpid()}.tmp"
            with open(temporary, "wb") as handle:
                pickle.dump({"format": FORMAT, "version": __version__, "markdown": markdown, "pages": pages,
                             "output": str(output.resolve()), "inputs": inputs,
                             "manifest": output_manifest(output) if inputs else {}, "summary": summary or {}},
                            handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / "cache.pickle")
        except OSError as exc:
            self.warnings.append(f"{self.folder}: could not save the build cache ({exc.strerror})")


def inputs_fingerprint(folders: list[Path], options: Any) -> str:
    """A hash of everything a build reads: every file under `folders` (path and bytes), the build options
    and sitegen's version. Equal fingerprints give byte-identical output."""
    digest = hashlib.sha1(json.dumps([__version__, options], default=str).encode())
    for top in folders:
        digest.update(b"\0folder\0" + str(top.resolve()).encode("utf-8", "surrogateescape"))
        if not top.is_dir():
            continue
        for root, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                digest.update(b"\0" + os.path.relpath(path, top).encode("utf-8", "surrogateescape") + b"\0")
                try:
                    with open(path, "rb") as handle:
                        digest.update(hashlib.sha1(handle.read()).digest())
                except OSError:
                    digest.update(b"unreadable")
    return digest.hexdigest()


def output_manifest(output: Path) -> Manifest:
    """Every file in the output folder with its size and modification time."""
    found: Manifest = {}
    if not output.is_dir():
        return found
    for root, _dirs, files in os.walk(output):
        for name in files:
            path = os.path.join(root, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            found[os.path.relpath(path, output)] = (info.st_size, info.st_mtime_ns)
    return found
