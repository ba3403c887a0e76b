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
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sitegen import __version__
from sitegen.output import Manifest, folder_manifest
from sitegen.urls import output_file

FORMAT = 2
CHUNK_BYTES = 1 << 20
"""Files are hashed this much at a time: never read whole."""
LARGE_FILE_BYTES = 8 << 20
"""Above this size (more than any content file may have; evidence can), a file is fingerprinted by its size,
identity and change time instead of its bytes: it is never read to decide whether anything changed. Any write
to a file sets its change time (ctime cannot be set back), so a changed file is never taken for unchanged."""


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
        with open(path, "rb") as handle:
            _hash_chunks(handle, digest)
    return digest.hexdigest()


def _hash_chunks(handle: IO[bytes], digest: Any) -> None:
    while chunk := handle.read(CHUNK_BYTES):
        digest.update(chunk)


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

    def reusable_pages(self, output: Path, current: Manifest) -> dict[str, str]:
        """The page keys of the last build whose files are still in `output` as that build left them (`current`
        is the folder's manifest now): a page rewritten since (by serve's quick update, a --no-cache build, a
        build killed before it saved the cache) is rendered again, never reused on the word of the cache."""
        if self.output != str(output.resolve()):
            return {}
        kept = {}
        for url, key in self.pages.items():
            rel = os.path.normpath(output_file(url))
            if rel in current and current[rel] == self.manifest.get(rel):
                kept[url] = key
        return kept

    def save(self, markdown: dict[str, str], pages: dict[str, str], output: Path, inputs: str = "",
             summary: dict[str, Any] | None = None, manifest: Manifest | None = None) -> None:
        """Keep what this build used (older entries are dropped), with the output folder's manifest (`manifest`,
        or read now). Written to a file of this process's own, then renamed over the cache: a build sharing the
        folder or killed while saving never leaves a half-written cache."""
        if self.folder is None:
            return
        temporary = self.folder / f"cache.pickle.{os.getpid()}-{secrets.token_hex(4)}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / "README").write_text("sitegen's build cache: safe to delete.\n")
            _remove_abandoned(self.folder)
            with open(temporary, "wb") as handle:
                pickle.dump({"format": FORMAT, "version": __version__, "markdown": markdown, "pages": pages,
                             "output": str(output.resolve()), "inputs": inputs,
                             "manifest": folder_manifest(output) if manifest is None else manifest,
                             "summary": summary or {}}, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / "cache.pickle")
        except OSError as exc:
            self.warnings.append(f"{self.folder}: could not save the build cache ({exc.strerror})")
            temporary.unlink(missing_ok=True)


def _remove_abandoned(folder: Path) -> None:
    """Temporary files of builds killed while saving the cache (their process is gone)."""
    for path in folder.glob("cache.pickle.*.tmp"):
        pid = path.name.split(".")[2].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


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
                digest.update(_file_key(path))
    return digest.hexdigest()


def _file_key(path: str) -> bytes:
    """What identifies one file's bytes: their hash, read in chunks; for a large file, its size, identity and
    change time (see LARGE_FILE_BYTES)."""
    try:
        info = os.stat(path)
        if info.st_size > LARGE_FILE_BYTES:
            return f"large {info.st_size} {info.st_dev} {info.st_ino} {info.st_mtime_ns} {info.st_ctime_ns}".encode()
        file_digest = hashlib.sha1()
        with open(path, "rb") as handle:
            _hash_chunks(handle, file_digest)
        return file_digest.digest()
    except OSError:
        return b"unreadable"


def output_manifest(output: Path) -> Manifest:
    """Every file in the output folder with its size and modification time."""
    return folder_manifest(output)
