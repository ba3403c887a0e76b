"""Family 9, failure safety: a failing search index, a full disk, an unwritable folder or an interrupt leave the
previous output as it was and exit non-zero without a traceback; an --output that is the content, the project
or someone else's folder is refused (exit 2) and nothing is deleted."""

from __future__ import annotations

import errno
import os
import pathlib
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_kit import COUNT_LINE, SITE, Outcome, edit, snapshot_folder

import sitegen.output
import sitegen.render
import sitegen.search
from sitegen.build import BuildOptions, build
from sitegen.errors import ContentError, ContentErrors

INTERRUPTED = "sitegen: interrupted; the previous output is unchanged."


def helpers_left(project: Path) -> list[str]:
    return [name for name in (".output.staging", ".output.old") if (project / name).exists()]


def assert_clean_failure(result: Outcome, code: int = 1) -> None:
    assert result.code == code, result.output
    assert "Traceback" not in result.output, result.output
    assert not result.out, result.out


@pytest.fixture
def unchanged(project: Path, previous_output: Path) -> Callable[[], None]:
    """Call at the end: the previous output is byte-identical and no staging or old folder is left."""
    before = snapshot_folder(previous_output)

    def check() -> None:
        assert snapshot_folder(previous_output) == before, "the previous output changed"
        assert not helpers_left(project), helpers_left(project)
    return check


def fail_under(folder_name: str, exc: BaseException, method: str = "write_bytes",
               after: int = 0) -> Callable[..., object]:
    """A replacement for Path.`method` that raises `exc` for paths inside `folder_name` (after `after` calls)."""
    original = getattr(pathlib.Path, method)
    calls = {"n": 0}

    def replacement(self: pathlib.Path, *args: object, **kwargs: object) -> object:
        if folder_name in self.parts:
            calls["n"] += 1
            if calls["n"] > after:
                raise exc
        return original(self, *args, **kwargs)
    return replacement


# --- the search index fails -------------------------------------------------------------------------


@pytest.mark.parametrize("failure", ["exit-code", "missing-binary", "timeout"])
def test_a_pagefind_failure_keeps_the_previous_output(failure: str, monkeypatch: pytest.MonkeyPatch, run,
                                                      unchanged) -> None:
    def fake_run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        assert "pagefind_bin" in command
        if failure == "missing-binary":
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", command[0])
        if failure == "timeout":
            raise subprocess.TimeoutExpired(command, 1800)
        return subprocess.CompletedProcess(command, 3, "", "Error: could not index the site\nbad fragment\n")

    monkeypatch.setattr(sitegen.search.subprocess, "run", fake_run)
    result = run("build", "--content", "content", "--output", "output")
    assert_clean_failure(result)
    lines = result.err.splitlines()
    assert lines[0].startswith("pagefind:1: the search index failed: "), result.err
    if failure == "exit-code":
        assert lines[0].endswith("Error: could not index the site | bad fragment")
    assert COUNT_LINE.match(lines[-1])
    unchanged()


def test_an_index_raising_content_errors_through_build(project: Path, unchanged) -> None:
    def index(site: Path) -> None:
        assert (site / "index.html").is_file()  # it runs on the staged site
        raise ContentErrors([ContentError("pagefind", 0, "the search index failed: simulated")])

    with pytest.raises(ContentErrors, match="simulated"):
        build(BuildOptions(content=Path("content"), output=Path("output")), index=index)
    unchanged()


def test_an_interrupt_while_indexing(monkeypatch: pytest.MonkeyPatch, run, unchanged) -> None:
    def interrupted(command: list[str], **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sitegen.search.subprocess, "run", interrupted)
    result = run("build", "--content", "content", "--output", "output")
    assert_clean_failure(result, 130)
    assert result.err.splitlines() == [INTERRUPTED]
    unchanged()


# --- writing fails ---------------------------------------------------------------------------------

DISK_FULL = OSError(errno.ENOSPC, "No space left on device")
DENIED = PermissionError(errno.EACCES, "Permission denied")


@pytest.mark.parametrize("after", [0, 20], ids=["first-file", "twentieth-file"])
def test_a_full_disk_while_writing(after: int, monkeypatch: pytest.MonkeyPatch, run, unchanged) -> None:
    monkeypatch.setattr(pathlib.Path, "write_bytes", fail_under(".output.staging", DISK_FULL, after=after))
    result = run("build", "--content", "content", "--output", "output", "--no-search")
    assert_clean_failure(result)
    first = result.err.splitlines()[0]
    assert first.startswith("output:1: the site could not be written: No space left on device"), result.err
    assert first.endswith("the previous output is unchanged")
    unchanged()


def test_a_full_disk_when_writing_the_marker(monkeypatch: pytest.MonkeyPatch, run, project: Path,
                                             unchanged) -> None:
    """The staging folder is removed even when its marker file cannot be written (it would block later builds)."""
    with monkeypatch.context() as patch:
        patch.setattr(pathlib.Path, "write_text", fail_under(".output.staging", DISK_FULL))
        result = run("build", "--content", "content", "--output", "output", "--no-search")
    assert_clean_failure(result)
    unchanged()
    assert Path.cwd() == project
    assert run("build", "--content", "content", "--output", "output", "--no-search").code == 0


def test_a_read_only_staging_parent(monkeypatch: pytest.MonkeyPatch, run, unchanged) -> None:
    """Tests run as root, where chmod does not stop writes: the refusal is simulated on mkdir."""
    monkeypatch.setattr(pathlib.Path, "mkdir", fail_under(".output.staging", DENIED, method="mkdir"))
    result = run("build", "--content", "content", "--output", "output", "--no-search")
    assert_clean_failure(result)
    assert "the site could not be written: Permission denied" in result.err.splitlines()[0]
    unchanged()


def test_an_output_below_a_file(project: Path, run) -> None:
    (project / "notes.txt").write_text("a file, not a folder\n")
    result = run("build", "--content", "content", "--output", "notes.txt/site", "--no-search")
    assert_clean_failure(result)
    assert result.err.startswith("notes.txt/site:1: the site could not be written: Not a directory")
    assert (project / "notes.txt").read_text() == "a file, not a folder\n"


def test_an_output_name_too_long(project: Path, run) -> None:
    result = run("build", "--content", "content", "--output", "a" * 300, "--no-search")
    assert_clean_failure(result, 2)
    assert "cannot use " in result.err and "File name too long" in result.err


def test_a_full_disk_through_build_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch, unchanged) -> None:
    monkeypatch.setattr(pathlib.Path, "write_bytes", fail_under(".output.staging", DISK_FULL, after=5))
    with pytest.raises(ContentErrors, match="No space left on device"):
        build(BuildOptions(content=Path("content"), output=Path("output"), search=False))
    unchanged()


def test_an_unexpected_os_error_is_one_line_without_traceback(project: Path, run) -> None:
    (project / "notes.txt").write_text("a file\n")
    result = run("init", "notes.txt/catalog")
    assert result.code != 0
    assert len(result.err.strip().splitlines()) == 1, result.err


# --- interrupts ------------------------------------------------------------------------------------


def test_an_interrupt_while_rendering(monkeypatch: pytest.MonkeyPatch, run, content: Path, unchanged) -> None:
    edit(SITE, "title: Fixture", "title: Changed Fixture")(content)  # every page must be rendered again
    calls = {"n": 0}
    original = sitegen.render.Renderer.render_page

    def interrupt(self: sitegen.render.Renderer, *args: object, **kwargs: object) -> bytes:
        calls["n"] += 1
        if calls["n"] == 10:
            raise KeyboardInterrupt
        return original(self, *args, **kwargs)

    monkeypatch.setattr(sitegen.render.Renderer, "render_page", interrupt)
    result = run("build", "--content", "content", "--output", "output", "--no-search", "--jobs", "1")
    assert calls["n"] == 10, "the render stage was never reached: the hook moved"
    assert_clean_failure(result, 130)
    assert result.err.splitlines() == [INTERRUPTED]
    unchanged()


def test_an_interrupt_while_swapping(monkeypatch: pytest.MonkeyPatch, run, project: Path,
                                     previous_output: Path) -> None:
    """Interrupted between 'output -> .old' and 'staging -> output': the old output is put back."""
    before = snapshot_folder(previous_output)
    original = os.replace
    calls = {"n": 0}

    def replace(source: object, target: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        original(source, target)

    with monkeypatch.context() as patch:
        patch.setattr(sitegen.output.os, "replace", replace)
        result = run("build", "--content", "content", "--output", "output", "--no-search")
    assert_clean_failure(result, 130)
    assert snapshot_folder(previous_output) == before
    assert Path.cwd() == project
    assert run("build", "--content", "content", "--output", "output", "--no-search").code == 0
    assert not helpers_left(project)


# --- output folders that must not be replaced ------------------------------------------------------


def foreign_folder(project: Path) -> str:
    (project / "site").mkdir()
    (project / "site" / "notes.md").write_text("my own notes\n")
    return "site"


def foreign_staging(project: Path) -> str:
    (project / ".output.staging").mkdir()
    (project / ".output.staging" / "keep.txt").write_text("mine\n")
    return "output"


def link_to_content(project: Path) -> str:
    os.symlink("content", project / "published")
    return "published"


OUTPUTS: list[tuple[str, Callable[[Path], str], str]] = [
    ("the-content-folder", lambda p: "content", "refusing to write into content: it is or contains the content"),
    ("the-project-root", lambda p: ".", "it is or contains the content folder"),
    ("the-project-by-absolute-path", lambda p: str(p), "it is or contains the content folder"),
    ("a-parent-of-the-project", lambda p: "..", "it is or contains the content folder"),
    ("inside-the-content-folder", lambda p: "content/site", "it is inside the content folder"),
    ("a-link-to-the-content", link_to_content, "it is or contains the content folder"),
    ("a-foreign-non-empty-folder", foreign_folder, "it is not empty and was not written by sitegen (no "
     ".sitegen-output file); choose another --output or empty it"),
    ("a-file", lambda p: "content/site.yaml", "refusing to write into content/site.yaml"),
    ("a-foreign-staging-folder", foreign_staging, "exists and was not made by sitegen; move it away"),
]


@pytest.mark.parametrize(("name", "make", "says"), OUTPUTS, ids=[o[0] for o in OUTPUTS])
def test_an_output_that_must_not_be_replaced(name: str, make: Callable[[Path], str], says: str, project: Path,
                                             previous_output: Path, run) -> None:
    output = make(project)
    before = snapshot_folder(project.parent)
    result = run("build", "--content", "content", "--output", output, "--no-search")
    assert_clean_failure(result, 2)
    assert result.err.startswith("sitegen: error: ") and says in result.err, result.err
    assert len(result.err.splitlines()) == 1
    assert snapshot_folder(project.parent) == before, "something was changed or deleted"
