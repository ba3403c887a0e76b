"""A catalog whose site.yaml sets no `languages` builds to the same bytes as before the i18n machinery.

`monolingual_output.sha256.json` (beside this file) holds the sha256 of every output file of the fixture
catalogs, built without search (Pagefind is not byte-deterministic), without the cache, with one process and
without SOURCE_DATE_EPOCH, by the code on main before the multilingual work began (commit 094f2b4); but for the
four browser scripts (assets/site.js, search.js, calculator.js, calculator-rules.js), whose bytes changed, and
only theirs, when issue 19 gave their words translations (branch jswords: they look each English string up in the
page's words table and keep it when there is none, so English pages behave as before), and calculator-rules.js
once more when its dates were written in the page's language (dayWords: unchanged ISO dates on English pages).
Each test builds the same
catalog with the current code and compares file by file.

Regenerate it only when a change to the monolingual output is intended (and say so in the commit), from the
repository's root:

    python tests/build/test_monolingual_output.py --write
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPECTED = Path(__file__).with_name("monolingual_output.sha256.json")
CATALOGS = ("basic", "calculator")


def output_hashes(catalog: str, output: Path) -> dict[str, str]:
    """Build tests/fixtures/<catalog>/content into `output`; the sha256 of every file, by its path there."""
    from sitegen.cli import main

    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        code = main(["build", "--content", str(FIXTURES / catalog / "content"), "--output", str(output),
                     "--no-search", "--no-cache", "--jobs", "1", "--quiet"])
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    assert code == 0, f"the {catalog} fixture did not build"
    return {path.relative_to(output).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(output.rglob("*")) if path.is_file()}


def _write() -> None:
    expected: dict[str, object] = {
        "_comment": "sha256 of each output file of the fixture catalogs; see tests/build/test_monolingual_output.py",
    }
    with tempfile.TemporaryDirectory() as folder:
        for catalog in CATALOGS:
            expected[catalog] = output_hashes(catalog, Path(folder) / catalog)
    EXPECTED.write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    _write()
elif __name__ == "__main__":
    sys.exit("usage: python tests/build/test_monolingual_output.py --write")
else:
    import pytest

    @pytest.mark.parametrize("catalog", CATALOGS)
    def test_output_without_languages_is_unchanged(catalog: str, tmp_path: Path) -> None:
        expected = json.loads(EXPECTED.read_text(encoding="utf-8"))[catalog]
        found = output_hashes(catalog, tmp_path / "output")
        assert sorted(found) == sorted(expected), "files added or missing"
        changed = sorted(path for path, digest in expected.items() if found[path] != digest)
        assert not changed, f"{len(changed)} files differ from the monolingual build, e.g. {changed[:5]}"

    def test_the_comparison_sees_a_change(tmp_path: Path) -> None:
        """The hashes are of the files as built: one changed byte in a fixture's title changes the pages."""
        import shutil

        from sitegen.cli import main

        content = tmp_path / "content"
        shutil.copytree(FIXTURES / "basic" / "content", content)
        site = content / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8").replace("Fixture", "Fixturf"), encoding="utf-8")
        out = tmp_path / "output"
        assert main(["build", "--content", str(content), "--output", str(out), "--no-search", "--no-cache",
                     "--jobs", "1", "--quiet"]) == 0
        expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["basic"]
        assert hashlib.sha256((out / "index.html").read_bytes()).hexdigest() != expected["index.html"]
