"""Fixtures of the hostile suite: a mutable copy of the fixture catalog, a previous output, the CLI, `verify`.

The previous output is built once per session and copied into each test's project (a cheap copy), so that
every case can check that a refused build left it byte-identical.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_kit import (
    COUNT_LINE,
    FIXTURE_CONTENT,
    Built,
    Case,
    Outcome,
    Refused,
    active_content,
    everything,
    snapshot_folder,
    text_of,
)

from sitegen.cli import main

Run = Callable[..., Outcome]
REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def pristine_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unchanged fixture catalog built once (without search); read-only, copied by `previous_output`."""
    out = tmp_path_factory.mktemp("pristine") / "output"
    code = main(["build", "--content", str(FIXTURE_CONTENT), "--output", str(out), "--no-search", "--quiet"])
    assert code == 0
    return out


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding a fresh copy of the fixture catalog as content/; it is the cwd."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(FIXTURE_CONTENT, root / "content", symlinks=True)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def content(project: Path) -> Path:
    return project / "content"


@pytest.fixture
def previous_output(project: Path, pristine_output: Path) -> Path:
    """project/output: a good build of the unchanged fixture (a copy of the session's build)."""
    shutil.copytree(pristine_output, project / "output", symlinks=True)
    return project / "output"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `sitegen ARGS...` in-process; returns the exit code and what it printed."""
    def run_cli(*args: object) -> Outcome:
        assert not Path.cwd().resolve().is_relative_to(REPOSITORY), "a hostile case must run in its tmp project"
        capsys.readouterr()
        code = main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        return Outcome(code, out, err)
    return run_cli


@pytest.fixture
def build(run: Run) -> Callable[..., Outcome]:
    """`sitegen build --content content --output OUTPUT --no-search` plus any extra arguments."""
    def build_site(output: Path | str = "output", *extra: object) -> Outcome:
        return run("build", "--content", "content", "--output", output, "--no-search", *extra)
    return build_site


def assert_refused(case: Refused, result: Outcome) -> None:
    assert result.code == 1, f"expected a refusal, got exit {result.code}:\n{result.output}"
    assert "Traceback" not in result.output, result.output
    located = f"content/{case.where}: "
    lines = result.err.splitlines()
    matching = [line for line in lines if line.startswith(located)]
    assert matching, f"no problem reported at {located!r}:\n{result.err}"
    for fragment in case.says:
        assert any(fragment in line for line in matching), f"{fragment!r} not said at {located}:\n{result.err}"
    assert COUNT_LINE.match(lines[-1]), result.err
    assert not result.out, result.out


def assert_built(case: Built, result: Outcome, output: Path, known_clean: dict[str, bytes]) -> None:
    assert result.code == 0, f"expected a build, got exit {result.code}:\n{result.output}"
    assert "Traceback" not in result.output, result.output
    problems = active_content(output, known_clean)
    assert not problems, "\n".join(problems)
    for rel, text in case.shown:
        assert text in text_of(output, rel), f"{text!r} not shown in {rel}"
    for forbidden in case.absent:
        found = [rel for rel, data in everything(output) if forbidden.encode("utf-8") in data]
        assert not found, f"{forbidden!r} found in {found}"
    warnings = [line for line in result.err.splitlines() if line.strip()]
    for where, fragment in zip(case.warns[::2], case.warns[1::2], strict=True):
        located = f"content/{where}: warning: "
        assert any(line.startswith(located) and fragment in line for line in warnings), \
            f"no warning {fragment!r} at {located!r}:\n{result.err}"
    if not case.warns:
        assert not warnings, result.err
    if case.check is not None:
        case.check(output)


@pytest.fixture(scope="session")
def pristine_files(pristine_output: Path) -> dict[str, bytes]:
    """The unchanged fixture's output, file by file; it is checked for active content on its own (test_csp)."""
    return snapshot_folder(pristine_output)


@pytest.fixture
def verify(content: Path, previous_output: Path, build: Callable[..., Outcome],
           pristine_files: dict[str, bytes]) -> Callable[[Case], Outcome]:
    """Mutate the content as the case says, build over the previous output, and check the outcome."""
    def check(case: Case) -> Outcome:
        before = pristine_files  # the previous output is a copy of the pristine one
        case.mutate(content)
        listing = sorted(path.name for path in content.parent.iterdir())
        result = build("output")
        if isinstance(case, Refused):
            assert_refused(case, result)
            assert snapshot_folder(previous_output) == before, "the previous output changed"
            assert sorted(path.name for path in content.parent.iterdir()) == listing, "something was written"
        else:
            assert_built(case, result, previous_output, pristine_files)
        for helper in (".output.staging", ".output.old"):
            assert not (previous_output.parent / helper).exists(), f"{helper} left behind"
        return result
    return check
