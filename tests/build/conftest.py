"""Fixtures for building the fixture catalog in-process: a mutable copy, the CLI, output snapshots."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.cli import main

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "basic" / "content"


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


Run = Callable[..., CliResult]
Snapshot = Callable[[Path], dict[str, bytes]]


def snapshot_folder(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` as {relative path with '/': bytes} (symlinks recorded by their target)."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            files[rel] = b"symlink -> " + str(path.readlink()).encode()
        elif path.is_file():
            files[rel] = path.read_bytes()
    return files


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding a fresh copy of the fixture catalog as content/; it is the cwd."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(FIXTURE_CONTENT, root / "content")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def content(project: Path) -> Path:
    """The mutable copy of the fixture content folder (project/content)."""
    return project / "content"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `sitegen ARGS...` in-process; returns the exit code and what it printed."""
    def run_cli(*args: object) -> CliResult:
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        return CliResult(code, out, err)
    return run_cli


@pytest.fixture
def snapshot() -> Snapshot:
    return snapshot_folder


@pytest.fixture
def build(run: Run) -> Callable[..., CliResult]:
    """`sitegen build --content content --output OUTPUT --no-search` plus any extra arguments."""
    def build_site(output: Path | str = "output", *extra: object, content: Path | str = "content") -> CliResult:
        return run("build", "--content", content, "--output", output, "--no-search", *extra)
    return build_site


@pytest.fixture
def previous_output(project: Path, build: Callable[..., CliResult]) -> Path:
    """project/output after a successful build of the unchanged fixture."""
    result = build("output")
    assert result.code == 0, result.output
    assert (project / "output" / "index.html").is_file()
    return project / "output"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalog built once per session (read-only for tests), without search."""
    root = tmp_path_factory.mktemp("built")
    out = root / "output"
    code = main(["build", "--content", str(FIXTURE_CONTENT), "--output", str(out), "--no-search", "--quiet"])
    assert code == 0
    return out
