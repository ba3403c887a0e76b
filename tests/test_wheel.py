"""The release as a user gets it: the sdist and the wheel of this tree hold what sitegen needs and none of
the tests, and the wheel, installed into a fresh virtual environment without the network, runs
`sitegen init` + `sitegen build` and builds the bundled catalog from outside the repository.

`scripts/test` puts the wheels of the build backend and of the runtime dependencies into
tests/.wheelhouse; under CI=true a missing piece fails the test, elsewhere it skips."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WHEELHOUSE = ROOT / "tests" / ".wheelhouse"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
DISTRIBUTION = PROJECT["name"]
VERSION = PROJECT["version"]
STEM = f"{DISTRIBUTION.replace('-', '_')}-{VERSION}"


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true: run bash scripts/test, which prepares it)")
    pytest.skip(reason + " (bash scripts/test prepares it)")


def _offline_env() -> dict[str, str]:
    """This environment without pip's configuration, indexes or the repository on the import path: pip
    finds packages only in the wheelhouse (and the folders passed with --find-links)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(WHEELHOUSE),
               PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONDONTWRITEBYTECODE="1")
    return env


def _run(args: list[str | Path], cwd: Path, timeout: float = 300) -> str:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=_offline_env(), capture_output=True, text=True,
                            timeout=timeout, check=False)
    assert result.returncode == 0, f"{' '.join(map(str, args))} exited {result.returncode}:\n" \
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel of this tree, built as `python -m build` does (the wheel from the sdist),
    the build backend installed from the wheelhouse."""
    needed = [re.split(r"[<>=!~ \[;]", r)[0].lower().replace("-", "_")
              for r in ["setuptools", *PROJECT["dependencies"]]]
    have = {p.name.split("-")[0].lower() for p in WHEELHOUSE.glob("*.whl")}
    if not set(needed) <= have:
        _missing(f"no wheels for {sorted(set(needed) - have)} in {WHEELHOUSE}")
    try:
        import build  # noqa: F401
    except ImportError:
        _missing("the 'build' package (the test extra) is not installed")
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", out, ROOT], cwd=out)
    return out


def _wheel_names(dist: Path) -> list[str]:
    with zipfile.ZipFile(dist / f"{STEM}-py3-none-any.whl") as wheel:
        return wheel.namelist()


def _source_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_wheel_holds_every_module_and_data_file_and_no_tests(dist: Path) -> None:
    names = _wheel_names(dist)
    files = {n for n in names if not n.endswith("/")}
    package = {n.removeprefix("sitegen/") for n in files if n.startswith("sitegen/")}
    themes = {n.removeprefix("themes/") for n in package if n.startswith("themes/")}
    # Every module and data file of sitegen/ (templates of init and new, schemas, the map geometry,
    # any later package such as sitegen/serve/), and the default theme, mapped to sitegen/themes/.
    assert _source_files(ROOT / "sitegen") <= package
    assert {n for n in _source_files(ROOT / "themes") if not n.endswith(".py")} <= themes
    for needed in ("us_map.json", "py.typed", "scaffold/init/dot-github/workflows/pages.yml",
                   "scaffold/init/requirements.txt", "themes/default/templates/base.html"):
        assert needed in package, needed
    assert any(n.startswith("schemas/") and n.endswith(".json") for n in package)
    assert not [n for n in files if n.startswith("tests/") or "/tests/" in n or n.endswith((".pyc", "conftest.py"))]
    top = {n.split("/")[0] for n in files}
    assert top == {"sitegen", f"{STEM}.dist-info"}
    assert f"{STEM}.dist-info/licenses/LICENSE" in files
    with zipfile.ZipFile(dist / f"{STEM}-py3-none-any.whl") as wheel:
        metadata = wheel.read(f"{STEM}.dist-info/METADATA").decode()
        entry_points = wheel.read(f"{STEM}.dist-info/entry_points.txt").decode()
    assert f"Name: {DISTRIBUTION}\n" in metadata and f"Version: {VERSION}\n" in metadata
    assert "License-Expression: MIT" in metadata
    assert "sitegen = sitegen.cli:main" in entry_points


def test_the_sdist_holds_the_sources_license_and_changelog_and_no_tests(dist: Path) -> None:
    with tarfile.open(dist / f"{STEM}.tar.gz") as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    for needed in ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "sitegen/cli.py", "sitegen/us_map.json",
                   "themes/default/templates/base.html", "sitegen/scaffold/init/requirements.txt"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith("tests")]


def test_the_wheel_installed_offline_in_a_fresh_venv_inits_and_builds(dist: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    python, sitegen = venv / "bin" / "python", venv / "bin" / "sitegen"
    _run([python, "-m", "pip", "install", "--no-index", "--find-links", WHEELHOUSE, "--find-links", dist,
          f"{DISTRIBUTION}=={VERSION}"], cwd=tmp_path)
    imported = _run([python, "-c", "import sitegen; print(sitegen.__file__)"], cwd=tmp_path).strip()
    assert Path(imported).is_relative_to(venv), imported  # the installed copy, not this tree

    work = tmp_path / "elsewhere"
    work.mkdir()
    assert _run([sitegen, "--version"], cwd=work) == f"sitegen {VERSION}\n"

    _run([sitegen, "init", "district-catalog", "--title", "A district's catalog"], cwd=work)
    catalog = work / "district-catalog"
    pins = [line for line in (catalog / "requirements.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert pins == [f"{DISTRIBUTION}=={VERSION}"]
    assert "sitegen check" in (catalog / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    _run([sitegen, "check"], cwd=catalog)
    _run([sitegen, "build", "--quiet"], cwd=catalog)
    home = (catalog / "output" / "index.html").read_text(encoding="utf-8")
    assert "A district&#39;s catalog" in home or "A district's catalog" in home
    assert (catalog / "output" / "credentials" / "example-credential" / "index.html").is_file()
    assert (catalog / "output" / "pagefind").is_dir()
    assert "Unchanged requirements.txt" in _run([sitegen, "init", "--upgrade"], cwd=catalog)

    bundled = work / "bundled-site"
    _run([sitegen, "build", "--content", ROOT / "content", "--output", bundled, "--no-cache", "--quiet"], cwd=work)
    credentials = [p for p in (bundled / "credentials").iterdir() if (p / "index.html").is_file()]
    originals = [p for p in (ROOT / "content" / "credentials").glob("*.md") if "." not in p.stem]  # not wa.es.md
    assert len(credentials) == len(originals)
    assert (bundled / "catalog.json").is_file() and (bundled / "pagefind").is_dir()
