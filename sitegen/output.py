"""The write stage: files written into a staging folder of its own, then swapped in and checked against what
was written. The caller holds the output folder's lock (`sitegen.outputlock`) throughout."""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from sitegen.errors import ContentError, ContentErrors, UsageError, display_path, write_error

MARKER = ".sitegen-output"
"""A file sitegen leaves in every output folder it writes, so it knows the folder is its own."""
PAUSE_VARIABLE = "SITEGEN_TEST_PAUSE"
"""Test hook, see `pause_point`."""
INDEX_FOLDER = "pagefind"
"""What the search index adds to the staged site (not counted by the writer)."""

Manifest = dict[str, tuple[int, int]]
"""An output folder's files: site-relative path → (size, modification time in ns)."""


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


def staging_folder(output: Path) -> Path:
    """The folder beside the output that holds the builds being written (each in a folder of its own,
    `site-PID-RANDOM`) and, during a swap, the previous output (`old-PID-RANDOM`)."""
    return output.parent / f".{output.name}.staging"


def old_folder(output: Path) -> Path:
    """Where earlier versions kept the previous output during a swap: cleaned up or refused, never made now."""
    return output.parent / f".{output.name}.old"


def _own_name(kind: str) -> str:
    """A helper folder's name that no other process can choose: the pid and a random part."""
    return f"{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def pause_point(name: str) -> None:
    """Test hook. With SITEGEN_TEST_PAUSE=NAME:FILE in the environment, a build reaching the point NAME creates
    FILE and waits as long as it exists, so that a test can start or kill another build at a known moment.
    Points: `locked` (lock taken, before loading), `rendering` (staging made), `swapping` (site staged and
    indexed), `swapped` (the previous output moved aside, the new one not yet in place), `cache` (published,
    cache not yet saved)."""
    point, _, path = os.environ.get(PAUSE_VARIABLE, "").partition(":")
    if point != name or not path:
        return
    flag = Path(path)
    flag.touch()
    while flag.exists():
        time.sleep(0.02)


def prepare_output(output: Path) -> None:
    """With the output's lock held: refuse helper folders sitegen did not make; put back an output that a
    build killed in its swap had moved aside; remove what killed builds left."""
    container, legacy = staging_folder(output), old_folder(output)
    for helper in (container, legacy):
        if helper.exists() and not (helper / MARKER).is_file() and not (helper.is_dir() and _empty(helper)):
            raise UsageError(f"refusing to build: {helper} exists and was not made by sitegen; move it away")
    try:
        if not output.exists():
            moved = sorted(container.glob("old-*")) if container.is_dir() else []
            for previous in [*moved, legacy]:
                if (previous / MARKER).is_file():
                    os.replace(previous, output)
                    break
        for helper in (container, legacy):
            if helper.exists():
                shutil.rmtree(helper)
    except OSError as exc:
        raise write_error(output, exc) from None


def _empty(folder: Path) -> bool:
    return not any(folder.iterdir())


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
        target = self._target(rel)
        shutil.copyfile(source, target)
        self.files += 1
        self.bytes += os.stat(target).st_size


def stage(output: Path, fill: Callable[[StagingWriter], None]) -> tuple[Path, StagingWriter]:
    """A staging folder of this build's own beside `output`, filled by `fill`; removed again if filling fails."""
    container = staging_folder(output)
    staging = container / _own_name("site")
    writer = StagingWriter(staging)
    try:
        # Inside the try: a folder left without its marker (disk full) would block every later build.
        container.mkdir(parents=True, exist_ok=True)
        (container / MARKER).write_text("made by sitegen: builds of the folder beside it are staged here; "
                                        "safe to delete when no build is running\n")
        staging.mkdir()
        (staging / MARKER).write_text("written by sitegen; this folder is replaced on every build\n")
        pause_point("rendering")
        fill(writer)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging, writer


def folder_manifest(folder: Path) -> Manifest:
    """Every file under `folder` with its size and modification time."""
    found: Manifest = {}
    if not folder.is_dir():
        return found
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            found[os.path.relpath(path, folder)] = (info.st_size, info.st_mtime_ns)
    return found


def _totals(manifest: Manifest, skip: str | None = None) -> tuple[int, int]:
    """Files and bytes in `manifest`, leaving out the top folder `skip`."""
    prefix = None if skip is None else skip + os.sep
    kept = [size for rel, (size, _mtime) in manifest.items() if prefix is None or not rel.startswith(prefix)]
    return len(kept), sum(kept)


def _mismatch(output: Path, expected: tuple[int, int], found: tuple[int, int], where: str,
              outcome: str) -> ContentErrors:
    return ContentErrors([ContentError(display_path(output), 0, (
        f"the site could not be published whole: {expected[0]:,} files ({expected[1]:,} bytes) were written "
        f"but {found[0]:,} files ({found[1]:,} bytes) are in {where} (did something else change it?); {outcome}"))])


def swap(staging: Path, output: Path, expected: Manifest | None = None) -> Manifest:
    """Put the staged site in place of `output` (output → old-…, staging → output, delete old-…); returns the
    published folder's manifest. With `expected` (the staged folder's), a published folder that differs in
    files or bytes is replaced by the previous output again and reported."""
    old = staging.parent / _own_name("old")
    if output.exists():
        os.replace(output, old)
    pause_point("swapped")
    try:
        os.replace(staging, output)
    except BaseException:
        if old.exists() and not output.exists():
            os.replace(old, output)
        raise
    published = folder_manifest(output)
    if expected is not None and _totals(published) != _totals(expected):
        rejected = staging.parent / _own_name("rejected")
        os.replace(output, rejected)
        had_previous = old.exists()
        if had_previous:
            os.replace(old, output)
        shutil.rmtree(rejected, ignore_errors=True)
        raise _mismatch(output, _totals(expected), _totals(published), display_path(output),
                        "the previous output was put back" if had_previous else "nothing was published")
    shutil.rmtree(old, ignore_errors=True)
    return published


def write_site(output: Path, fill: Callable[[StagingWriter], None],
               before_swap: Callable[[Path], None] | None = None,
               swap_guard: Callable[[], AbstractContextManager[object]] | None = None) -> tuple[StagingWriter,
                                                                                                 Manifest]:
    """Stage (`fill` writes the files), run `before_swap` (the search index) on the staging folder, check that
    it holds what was written, then swap it in and check the published folder. Anything failing before the
    swap leaves `output` as it was. The caller holds the output's lock (`OutputLock`) throughout.
    Returns the writer (its counts) and the published folder's manifest."""
    container = staging_folder(output)
    try:
        staging, writer = stage(output, fill)
        try:
            if before_swap is not None:
                before_swap(staging)
            staged = folder_manifest(staging)
            marker = (1, (staging / MARKER).stat().st_size)
            wrote = (writer.files + marker[0], writer.bytes + marker[1])
            if _totals(staged, INDEX_FOLDER) != wrote:
                raise _mismatch(output, wrote, _totals(staged, INDEX_FOLDER), "the staging folder",
                                "the previous output is unchanged")
            pause_point("swapping")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        with swap_guard() if swap_guard is not None else nullcontext():
            published = swap(staging, output, staged)
    except OSError as exc:  # disk full, no permission, a file where a folder should be: one clear line
        raise write_error(output, exc) from None
    finally:
        shutil.rmtree(container, ignore_errors=True)  # only this build's folders are in it (the lock)
    return writer, published
