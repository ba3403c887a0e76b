"""The write stage: files go into a staging folder beside the output, which is then swapped in."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from sitegen.errors import ContentError, ContentErrors, UsageError, display_path

MARKER = ".sitegen-output"
"""A file sitegen leaves in every output folder it writes, so it knows the folder is its own."""


def check_output_folder(output: Path, content: Path, project: Path) -> None:
    """Refuse an output folder that is, or contains, the content or the project, or holds foreign files."""
    try:
        _check_output_folder(output, content, project)
    except OSError as exc:  # a name too long, a file where a folder should be, no permission
        raise UsageError(f"cannot use {output} as the output folder: {exc.strerror or exc}") from None


def _check_output_folder(output: Path, content: Path, project: Path) -> None:
    out = output.resolve()
    for protected, what in ((content.resolve(), "the content folder"), (project.resolve(), "the project folder")):
        if out == protected or protected.is_relative_to(out):
            raise UsageError(f"refusing to write into {output}: it is or contains {what}")
    if out.is_relative_to(content.resolve()):
        raise UsageError(f"refusing to write into {output}: it is inside the content folder")
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"refusing to write into {output}: it is a file, not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise UsageError(f"refusing to replace {output}: it is not empty and was not written by sitegen "
                             f"(no {MARKER} file); choose another --output or empty it")
    for helper in (staging_folder(output), old_folder(output)):
        if helper.exists() and not (helper / MARKER).is_file():
            raise UsageError(f"refusing to build: {helper} exists and was not made by sitegen; move it away")


def staging_folder(output: Path) -> Path:
    """Where a build is written before it replaces the output."""
    return output.parent / f".{output.name}.staging"


def old_folder(output: Path) -> Path:
    """Where the previous output waits while the new one is swapped in."""
    return output.parent / f".{output.name}.old"


def _safe_target(staging: Path, rel: str) -> Path:
    """`staging/rel`, refused when `rel` could lead out of it.

    Lexical: the staging folder is new and sitegen never makes links in it, so `..`, an absolute path or a
    drive is the only way out, and no file system call is needed per file.
    """
    parts = rel.replace("\\", "/").split("/")
    if rel.startswith(("/", "\\")) or ".." in parts or ":" in parts[0] or "\0" in rel:
        raise ValueError(f"refusing to write outside the output: {rel}")
    return staging / rel


class StagingWriter:
    """Writes files into one staging folder, creating folders once; counts what it wrote."""

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        self.files = 0
        self.bytes = 0
        self._made: set[Path] = set()

    def _target(self, rel: str) -> Path:
        target = _safe_target(self.staging, rel)
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        return target

    def write(self, rel: str, content: bytes) -> None:
        self._target(rel).write_bytes(content)
        self.files += 1
        self.bytes += len(content)

    def link(self, rel: str, source: Path) -> bool:
        """Hard-link an unchanged file from the previous output; False when that is not possible."""
        try:
            size = source.stat().st_size
            os.link(source, self._target(rel))
        except OSError:
            return False
        self.files += 1
        self.bytes += size
        return True

    def copy(self, rel: str, source: str) -> None:
        shutil.copyfile(source, self._target(rel))
        self.files += 1


def stage(output: Path, fill: Callable[[StagingWriter], None]) -> tuple[Path, StagingWriter]:
    """A fresh staging folder beside `output`, filled by `fill`; removed again if filling fails."""
    staging = staging_folder(output)
    if staging.exists():
        shutil.rmtree(staging)
    writer = StagingWriter(staging)
    try:
        # Inside the try: a staging folder left without its marker (disk full) would block every later build.
        staging.mkdir(parents=True)
        (staging / MARKER).write_text("written by sitegen; this folder is replaced on every build\n")
        fill(writer)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging, writer


def swap(staging: Path, output: Path) -> None:
    """Put the staged site in place of `output`: output → .old, staging → output, delete .old."""
    old = old_folder(output)
    if old.exists():
        shutil.rmtree(old)
    if output.exists():
        os.replace(output, old)
    try:
        os.replace(staging, output)
    except BaseException:
        if old.exists() and not output.exists():
            os.replace(old, output)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_site(output: Path, fill: Callable[[StagingWriter], None],
               before_swap: Callable[[Path], None] | None = None,
               swap_guard: Callable[[], AbstractContextManager[object]] | None = None) -> StagingWriter:
    """Stage (`fill` writes the files), run `before_swap` (the search index) on the staging folder, then swap
    it in. Anything failing before the swap leaves `output` as it was."""
    try:
        staging, writer = stage(output, fill)
        try:
            if before_swap is not None:
                before_swap(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        with swap_guard() if swap_guard is not None else nullcontext():
            swap(staging, output)
    except OSError as exc:  # disk full, no permission, a file where a folder should be: one clear line
        raise write_error(output, exc) from None
    return writer


def write_error(output: Path, exc: OSError) -> ContentErrors:
    """A failure of the file system while writing, as a problem reported like the others (no traceback)."""
    what = exc.strerror or str(exc) or type(exc).__name__
    where = f" ({display_path(exc.filename)})" if exc.filename else ""
    return ContentErrors([ContentError(display_path(output), 0, f"the site could not be written: {what}{where}; "
                                       "the previous output is unchanged")])
