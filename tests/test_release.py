"""The project's own workflows (ci.yml, release.yml) and the Pages workflow `sitegen init` writes: their
jobs, permissions and pins, the actions' majors (Node 24), the release scripts run for real, and the
release's paper trail (CHANGELOG.md, LICENSE, no invented project address)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitegen.scaffold import init_project

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]

NODE24_FROM = {
    "actions/checkout": 6,
    "actions/setup-python": 6,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,  # composite; v5 wraps upload-artifact v7, v4 wrapped v4 (Node 20)
    "actions/deploy-pages": 5,
    "actions/upload-artifact": 6,
    "actions/download-artifact": 7,
}
"""The first major of each action whose action.yml says `using: node24` (or is composite over such
actions): GitHub removes Node 20 from its runners on 2026-09-16. An action not listed here fails the
test until its action.yml has been read and it is added."""

PINNED = {"pypa/gh-action-pypi-publish": "dc37677b2e1c63e2034f94d8a5b11f265b73ba33"}  # v1.14.2
"""Actions that may only be used at one full commit (the publishing step holds PyPI's trust)."""


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def _on(workflow: dict[str, Any]) -> Any:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps = job.get("steps", [])
    assert isinstance(steps, list)
    return steps


def _runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in _steps(job) if "run" in step]


def _uses(workflow: dict[str, Any]) -> list[str]:
    """Every `uses:` of a workflow: each step's, and each job's that calls a reusable workflow."""
    found = []
    for job in workflow["jobs"].values():
        if "uses" in job:
            found.append(job["uses"])
        found.extend(step["uses"] for step in _steps(job) if "uses" in step)
    return found


def _written_workflows(tmp_path: Path) -> list[Path]:
    """The workflows of a catalog `sitegen init` has just written."""
    written = init_project(tmp_path / "catalog")
    return [p for p in written if p.parent.name == "workflows" and p.parent.parent.name == ".github"]


def test_every_action_is_a_major_that_runs_on_node24(tmp_path: Path) -> None:
    held = sorted(WORKFLOWS.glob("*.yml"))
    written = _written_workflows(tmp_path)
    assert [p.name for p in held] == ["ci.yml", "release.yml"]
    assert [p.name for p in written] == ["pages.yml"]
    seen: set[str] = set()
    for path in held + written:
        for uses in _uses(_load(path)):
            action, _, ref = uses.partition("@")
            seen.add(action)
            if action in PINNED:
                assert ref == PINNED[action], f"{path.name}: {uses} must be pinned to {PINNED[action]}"
                continue
            assert action in NODE24_FROM, (f"{path.name}: {action} is not in NODE24_FROM: read its "
                                           "action.yml (runs.using) and add its first Node 24 major")
            major = re.fullmatch(r"v(\d+)(\.\d+){0,2}", ref)
            assert major, f"{path.name}: {uses} is not pinned to a version tag"
            assert int(major.group(1)) >= NODE24_FROM[action], f"{path.name}: {uses} runs on an older Node"
    assert {"actions/checkout", "actions/setup-python", "actions/configure-pages", "actions/upload-pages-artifact",
            "actions/deploy-pages", "pypa/gh-action-pypi-publish"} <= seen


def test_an_old_major_would_fail_the_check() -> None:
    """The table above is what the check compares with: the majors `sitegen init` used to write are below it."""
    for uses in ("actions/checkout@v4", "actions/setup-python@v5", "actions/configure-pages@v5",
                 "actions/upload-pages-artifact@v3", "actions/deploy-pages@v4"):
        action, _, ref = uses.partition("@")
        assert int(ref[1:]) < NODE24_FROM[action], uses


def test_ci_runs_the_readme_test_command_and_the_linters_on_pull_requests_and_pushes() -> None:
    workflow = _load(WORKFLOWS / "ci.yml")
    on = _on(workflow)
    assert "pull_request" in on and on["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    [job] = workflow["jobs"].values()
    assert "permissions" not in job
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = re.search(r"Run every test[^`]*```sh\n(.+)\n```", readme)
    assert test_command and test_command.group(1) == "bash scripts/test"
    runs = _runs(job)
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert runs[0].startswith(test_command.group(1))
    for linter in ("lint-imports --no-cache", "ruff check sitegen tests benchmarks", "mypy --strict sitegen"):
        assert any(linter in run for run in runs) and linter in ci_run
    python = next(s for s in _steps(job) if s.get("uses", "").startswith("actions/setup-python@"))
    oldest = PYPROJECT["project"]["requires-python"].removeprefix(">=")
    assert python["with"]["python-version"] == oldest


def test_release_builds_tests_publishes_with_trusted_publishing_and_attaches_the_files() -> None:
    workflow = _load(WORKFLOWS / "release.yml")
    assert _on(workflow) == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert set(jobs) == {"build", "publish", "github-release"}

    build = jobs["build"]
    assert "permissions" not in build  # the workflow's read-only token
    runs = _runs(build)
    tests = next(i for i, r in enumerate(runs) if r.startswith("bash scripts/test"))
    builds = next(i for i, r in enumerate(runs) if r.startswith("python3 -m build"))
    assert tests < builds
    upload = next(s for s in _steps(build) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "dist" and upload["with"]["if-no-files-found"] == "error"

    publish = jobs["publish"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"] == "pypi"
    steps = _steps(publish)
    assert steps[0]["uses"].startswith("actions/download-artifact@") and steps[0]["with"]["name"] == "dist"
    assert steps[-1]["uses"] == "pypa/gh-action-pypi-publish@" + PINNED["pypa/gh-action-pypi-publish"]
    assert "with" not in steps[-1]  # no password: trusted publishing, from dist/
    assert steps[0]["with"]["path"].rstrip("/") == "dist"

    release = jobs["github-release"]
    assert set(release["needs"]) == {"build", "publish"}
    assert release["permissions"] == {"contents": "write"}
    assert any("gh release create" in r and "dist/*" in r for r in _runs(release))

    for name, job in jobs.items():
        if name != "publish":
            assert "id-token" not in job.get("permissions", {}), name


def _script(job: dict[str, Any], words: str) -> str:
    [script] = [r for r in _runs(job) if words in r]
    return script


def _bash(script: str, cwd: Path, tag: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GITHUB_REF_NAME": tag}
    if path:
        env["PATH"] = f"{path}{os.pathsep}{env['PATH']}"
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_release_refuses_a_tag_that_is_not_the_version(tmp_path: Path) -> None:
    script = _script(_load(WORKFLOWS / "release.yml")["jobs"]["build"], "GITHUB_REF_NAME")
    for name in ("pyproject.toml", "CHANGELOG.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    assert _bash(script, tmp_path, f"v{VERSION}").returncode == 0
    wrong = _bash(script, tmp_path, "v99.0.0")
    assert wrong.returncode == 1
    assert f"does not name pyproject.toml's version {VERSION}" in wrong.stdout
    changelog = (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8")
    (tmp_path / "CHANGELOG.md").write_text(changelog.replace(f"## [{VERSION}]", "## [0.0.0]"), encoding="utf-8")
    missing = _bash(script, tmp_path, f"v{VERSION}")
    assert missing.returncode == 1 and f"no '## [{VERSION}]' section" in missing.stdout


def test_release_notes_are_the_changelog_section_of_the_tag(tmp_path: Path) -> None:
    """The release step run with `gh` replaced by a recorder: the notes and the files it would attach."""
    script = _script(_load(WORKFLOWS / "release.yml")["jobs"]["github-release"], "gh release create")
    shutil.copy(ROOT / "CHANGELOG.md", tmp_path / "CHANGELOG.md")
    (tmp_path / "dist").mkdir()
    for name in (f"microcred_sitegen-{VERSION}.tar.gz", f"microcred_sitegen-{VERSION}-py3-none-any.whl"):
        (tmp_path / "dist" / name).write_bytes(b"x")
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "gh").write_text('#!/usr/bin/env bash\nprintf "%s\\n" "$@" > gh-args.txt\n', encoding="utf-8")
    (shim / "gh").chmod(0o755)
    result = _bash(script, tmp_path, f"v{VERSION}", path=str(shim))
    assert result.returncode == 0, result.stderr
    args = (tmp_path / "gh-args.txt").read_text(encoding="utf-8").splitlines()
    assert args[:3] == ["release", "create", f"v{VERSION}"]
    assert {f"dist/microcred_sitegen-{VERSION}.tar.gz", f"dist/microcred_sitegen-{VERSION}-py3-none-any.whl",
            "--verify-tag"} <= set(args)
    notes = (tmp_path / "release-notes.md").read_text(encoding="utf-8")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    section = changelog.split(f"## [{VERSION}]", 1)[1].split("\n## [", 1)[0].split("\n", 1)[1]
    assert notes == section and "### Added" in notes and "## [" not in notes


def test_changelog_follows_keep_a_changelog_and_has_this_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n") and "Keep a Changelog" in text
    headings = re.findall(r"^## \[([^\]]+)\](.*)$", text, re.MULTILINE)
    assert headings[0] == ("Unreleased", "")
    versions = dict(headings[1:])
    assert re.fullmatch(r" - \d{4}-\d{2}-\d{2}", versions[VERSION])
    kinds = set(re.findall(r"^### (\w+)$", text, re.MULTILINE))
    assert kinds and kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def test_license_file_matches_pyproject() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n") and "Permission is hereby granted, free of charge" in text


def test_the_distribution_name_is_used_and_sitegen_version_reads_it(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    from sitegen import DISTRIBUTION
    from sitegen.cli import main

    assert PYPROJECT["project"]["name"] == DISTRIBUTION == "microcred-sitegen"
    assert PYPROJECT["project"]["scripts"] == {"sitegen": "sitegen.cli:main"}
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"sitegen {version(DISTRIBUTION)}\n"
    for doc in ("README.md", "docs/getting-started.md", "docs/releasing.md"):
        assert f"pip install {DISTRIBUTION}" in (ROOT / doc).read_text(encoding="utf-8"), doc


def test_no_invented_project_address() -> None:
    """The project has no public address yet: no text may send a reader to a made-up one."""
    invented = b"github.com/" + b"sitegen/sitegen"
    texts = [ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "pyproject.toml", *WORKFLOWS.glob("*.yml"),
             *(ROOT / "docs").rglob("*.md"), *(p for p in (ROOT / "sitegen").rglob("*") if p.is_file()),
             *(p for p in (ROOT / "themes").rglob("*") if p.is_file())]
    offenders = [p.relative_to(ROOT).as_posix() for p in texts if invented in p.read_bytes()]
    assert offenders == []
