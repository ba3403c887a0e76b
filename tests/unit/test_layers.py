"""The architecture contract (pyproject.toml's [tool.importlinter]): kept by the real tree, and broken by each
kind of import the design forbids, added to a scratch copy of the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"


def contract_names() -> dict[str, str]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return {contract["id"]: contract["name"] for contract in config["tool"]["importlinter"]["contracts"]}


def lint_imports(cwd: Path, *args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = shutil.which("lint-imports")
    assert command, "lint-imports is missing: pip install -e '.[test]' (it comes with import-linter)"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([command, "--no-cache", "--no-logo", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_the_tree_keeps_every_contract() -> None:
    done = lint_imports(ROOT)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    for name in contract_names().values():
        assert f"{name} KEPT" in report


FORBIDDEN = [
    # (contract id, file under sitegen/, the line added, what the report must name)
    ("model", "model.py", "import sitegen.render", "sitegen.model -> sitegen.render"),
    ("layers", "recognition.py", "from sitegen.plan import credential_page", "sitegen.recognition -> sitegen.plan"),
    ("layers", "config.py", '"""A module in no layer."""', "sitegen.config"),
    ("recognition", "recognition.py", "import jinja2", "sitegen.recognition -> jinja2"),
    ("validation", "validate/fields.py", "from sitegen.markdown import MarkdownRenderer",
     "sitegen.validate.fields -> sitegen.markdown"),
    ("planning", "plan/common.py", "from sitegen.output import StagingWriter", "sitegen.plan.common -> sitegen.output"),
    ("rendering", "render.py", "from sitegen.load import parse_yaml", "sitegen.render -> sitegen.load"),
    ("loading", "load/files.py", "from sitegen.validate import fields", "sitegen.load.files -> sitegen.validate"),
    ("serve", "serve/handler.py", "from sitegen.serve.builds import Builds",
     "sitegen.serve.handler -> sitegen.serve.builds"),
    ("no-cycles", "validate/site.py", "from sitegen.validate import catalog", ".site -> .catalog"),
    ("no-cycles", "serve/gate.py", "from sitegen.serve.server import DevServer", ".gate -> .server"),
]


@pytest.mark.parametrize(("contract", "module", "line", "named"), FORBIDDEN,
                         ids=[f"{c}:{m}" for c, m, _line, _named in FORBIDDEN])
def test_a_forbidden_import_breaks_the_contract(tmp_path: Path, contract: str, module: str, line: str,
                                                named: str) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT / "sitegen", source / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    target = source / "sitegen" / module
    before = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(f"{before}\n{line}\n", encoding="utf-8")

    done = lint_imports(tmp_path, "--contract", contract, pythonpath=source)
    report = done.stdout + done.stderr
    assert done.returncode == 1, report
    assert f"{contract_names()[contract]} BROKEN" in report
    assert named in report  # the added import is what broke it (the copy was checked, not the installed tree)
