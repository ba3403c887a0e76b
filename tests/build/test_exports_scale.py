"""Exports at state scale: catalog-wide rules stated once, and every export file within its limits.

A catalog-wide rule (`applies_to: {all: true}`) must not grow the exports as credentials × recognizers; files
that pass a limit (10 MB, a spreadsheet's rows, a sitemap's 50,000 URLs) are split. The limits are parameters
of the export functions, exercised here with small values on small catalogs; the sizes are checked on
catalogs made by copying the fixture and adding districts, and on one made by the benchmark's generator.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree
from state_catalog import make_state_catalog

from sitegen.cli import main
from sitegen.markdown import MarkdownRenderer
from sitegen.plan.common import Context
from sitegen.plan.exports import catalog_exports
from sitegen.plan.exports.catalog_json import catalog_data, catalog_files
from sitegen.plan.exports.csv_export import HEADER, PARTS_HEADER, recognitions_files
from sitegen.plan.exports.ctdl import credential_ctdl
from sitegen.plan.exports.encoding import MAX_FILE_BYTES, json_bytes
from sitegen.plan.exports.feeds import public_pages, sitemap_files
from sitegen.plan.index import CatalogIndex, build_index
from sitegen.validate.catalog import load_catalog

REPO = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "basic" / "content"
CATALOG_SCHEMA = REPO / "sitegen" / "schemas" / "catalog.schema.json"
BASE_URL = "https://example.github.io/catalog/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CTDL_REFERENCES = ("ceterms:ownedBy", "ceterms:offeredBy", "ceterms:approvedBy", "ceterms:recognizedBy")

DISTRICT = """---
name: {name}
state: {state}
policy: {name} accepts micro-credentials.
recognitions:
  - id: {rule}
    applies_to: {applies_to}
    purpose: {purpose}
    basis: per-credential
    value: {{amount: 1, unit: {unit}}}
    sources: [{{title: Scale source, locator: "p. {number}"}}]
---
{name} notes.
"""


# --- helpers ---------------------------------------------------------------------------------------


def add_districts(content: Path, count: int, *, states: tuple[str, ...] = ("tx", "oh"), catalog_wide: bool = True,
                  start: int = 0) -> None:
    """`count` districts spread over `states`, each with one rule: catalog-wide, or selecting a topic."""
    for number in range(start, start + count):
        state = states[number % len(states)]
        purpose, unit = (("salary", "usd"), ("license-renewal", "clock-hours"))[number // len(states) % 2]
        (content / "districts" / f"scale-district-{number:04d}.md").write_text(DISTRICT.format(
            name=f"Scale District {number:04d}", state=state, rule="any" if catalog_wide else "assessment",
            applies_to="{all: true}" if catalog_wide else "{topics: [assessment]}", purpose=purpose, unit=unit,
            number=number), encoding="utf-8")


def fixture_copy(tmp_path: Path, name: str) -> Path:
    content = tmp_path / name / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def loaded(content: Path) -> tuple[Context, CatalogIndex]:
    catalog = load_catalog(content)
    return Context(catalog, MarkdownRenderer()), build_index(catalog)


def exports_of(content: Path) -> dict[str, bytes]:
    """Every catalog-wide export file and each credential's ctdl.json, made in-process (no templates)."""
    ctx, index = loaded(content)
    files = dict(catalog_exports(ctx, index))
    for credential in ctx.catalog.credentials.values():
        files[f"credentials/{credential.id}/ctdl.json"] = json_bytes(credential_ctdl(ctx, index, credential))
    return files


def csv_table(data: bytes) -> list[list[str]]:
    assert b"\r" not in data and data.endswith(b"\n")
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def catalog_validator(definition: str | None = None) -> jsonschema.Draft202012Validator:
    schema = json.loads(CATALOG_SCHEMA.read_text(encoding="utf-8"))
    if definition is not None:
        schema = {**schema, "$ref": f"#/$defs/{definition}"}
        schema.pop("required")
        schema.pop("additionalProperties")
        schema.pop("properties")
    return jsonschema.Draft202012Validator(schema)


def errors_of(validator: jsonschema.Draft202012Validator, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


# --- catalog-wide rules are stated once --------------------------------------------------------------


def test_catalog_wide_districts_add_a_constant_each_and_nothing_per_credential(tmp_path: Path) -> None:
    few, many = fixture_copy(tmp_path, "few"), fixture_copy(tmp_path, "many")
    add_districts(few, 10)
    add_districts(many, 50)
    small, large = exports_of(few), exports_of(many)
    ctdl_files = [rel for rel in small if rel.endswith("/ctdl.json")]
    assert len(ctdl_files) == 5
    for rel in ctdl_files:
        # The same states: only the count in each state's description changes ("5 recognizers" → "25 …").
        assert len(large[rel]) - len(small[rel]) <= 2, rel
        assert b"scale-district" not in large[rel], rel
    # catalog.json and recognitions.csv: a district's own entry and row, whatever the number of credentials.
    per_district = (len(large["catalog.json"]) - len(small["catalog.json"])) / 40
    assert per_district < 1500
    assert (len(large["recognitions.csv"]) - len(small["recognitions.csv"])) / 40 < 300
    rows = csv_table(large["recognitions.csv"])
    assert sum(1 for row in rows if row[0].startswith("scale-district-")) == 50
    # More credentials do not change what a catalog-wide district costs either.
    more = fixture_copy(tmp_path, "more")
    add_districts(more, 50)
    for number in range(30):
        source = (more / "credentials" / "feedback-loops.md").read_text(encoding="utf-8")
        (more / "credentials" / f"extra-{number:02d}.md").write_text(source, encoding="utf-8")
    grown = exports_of(more)
    assert grown["credentials/feedback-loops/ctdl.json"] == large["credentials/feedback-loops/ctdl.json"]
    credential = HEADER.index("credential")
    assert [row for row in csv_table(grown["recognitions.csv"]) if row[credential] == "*"] == [
        row for row in rows if row[credential] == "*"]
    assert len(grown["catalog.json"]) - len(large["catalog.json"]) < 30 * 3000


def test_catalog_wide_rule_once_in_catalog_json_and_csv(tmp_path: Path) -> None:
    content = fixture_copy(tmp_path, "site")
    add_districts(content, 6)
    add_districts(content, 2, catalog_wide=False, start=100)
    files = exports_of(content)
    catalog = json.loads(files["catalog.json"])
    assert errors_of(catalog_validator(), catalog) == []
    credential_ids = [c["id"] for c in catalog["credentials"]]
    wide = [(r["id"], rule) for r in catalog["recognizers"] for rule in r["rules"] if rule["applies_to"]["all"]]
    assert len(wide) == 8  # ma, the fixture district's raise, six scale districts
    for _, rule in wide:
        assert rule["catalog_wide"] is True
        assert rule["credentials"] == []
    for credential in catalog["credentials"]:
        assert not {(ref["recognizer"], ref["rule"]) for ref in credential["rules"]} & {(r, rule["id"])
                                                                                       for r, rule in wide}
    specific = {(r["id"], rule["id"]): rule["credentials"] for r in catalog["recognizers"] for rule in r["rules"]
                if not rule["catalog_wide"]}
    assert specific[("scale-district-0100", "assessment")] == ["data-inquiry", "feedback-loops"]
    assert catalog["states_any"] == ["az", "ma", "oh", "tx"]  # by state name
    rows = csv_table(files["recognitions.csv"])
    assert tuple(rows[0]) == HEADER
    body = rows[1:]
    stars = sorted((row[0], row[4]) for row in body if row[HEADER.index("credential")] == "*")
    assert len(stars) == len(set(stars))
    assert stars == sorted((r, rule["id"]) for r, rule in wide)
    credential = HEADER.index("credential")
    pairs = sorted((row[0], row[4], row[credential]) for row in body if row[credential] != "*")
    assert pairs == sorted((r, rule, c) for (r, rule), chosen in specific.items() for c in chosen)
    assert len(body) == len(stars) + len(pairs)
    assert set(credential_ids) >= {c for _, _, c in pairs}


def test_ctdl_organisations_are_described_once(tmp_path: Path) -> None:
    content = fixture_copy(tmp_path, "site")
    add_districts(content, 6)
    add_districts(content, 3, catalog_wide=False, start=100)
    files = exports_of(content)
    described = {node["@id"]: node for node in json.loads(files["ctdl/organizations.json"])["@graph"]}
    assert BASE_URL + "districts/scale-district-0100/" in described
    assert BASE_URL + "issuers/pesb/" in described
    for rel, data in files.items():
        if not rel.endswith("/ctdl.json"):
            continue
        graph = json.loads(data)["@graph"]
        node = graph[0]
        refs = {ref["@id"] for key in CTDL_REFERENCES for ref in node.get(key, ())}
        assert refs <= set(described), rel
        assert not any("scale-district-000" in ref for ref in refs), rel  # catalog-wide: no organisation
        by_state: dict[tuple[str, str], int] = {}
        for how in ("ceterms:approvedIn", "ceterms:recognizedIn"):
            for profile in node.get(how, ()):
                if "any micro-credential" in profile["ceterms:description"]["en-US"]:
                    [place] = profile["ceterms:mainJurisdiction"]
                    state = place["ceterms:addressRegion"]["en-US"]
                    by_state[("any", state)] = by_state.get(("any", state), 0) + 1
        assert by_state and set(by_state.values()) == {1}, rel
        assert {state for _, state in by_state} == {"Arizona", "Massachusetts", "Ohio", "Texas"}
    texas = [p for p in json.loads(files["credentials/data-inquiry/ctdl.json"])["@graph"][0]["ceterms:approvedIn"]
             if p["ceterms:mainJurisdiction"][0]["ceterms:addressRegion"]["en-US"] == "Texas"]
    # Texas's three catalog-wide districts: salary (recognition) and license renewal (approval): under approvedIn.
    assert [p["ceterms:description"]["en-US"] for p in texas] == [
        "3 recognizers in Texas accept any micro-credential of this catalog: License renewal, Salary"]


# --- splitting at the limits -------------------------------------------------------------------------


def test_recognitions_csv_splits_by_state_within_the_limits(tmp_path: Path) -> None:
    content = fixture_copy(tmp_path, "site")
    add_districts(content, 4, catalog_wide=False, start=100, states=("tx", "oh"))
    add_districts(content, 2)
    ctx, index = loaded(content)
    [(whole_rel, whole)] = list(recognitions_files(ctx, index))
    assert whole_rel == "recognitions.csv"
    rows = csv_table(whole)[1:]
    assert len(rows) > 12
    max_rows, max_bytes = 4, 1400
    files = dict(recognitions_files(ctx, index, max_rows=max_rows, max_bytes=max_bytes))
    listing = csv_table(files.pop("recognitions.csv"))
    assert tuple(listing[0]) == PARTS_HEADER
    together: list[list[str]] = []
    for state, state_name, url, count in listing[1:]:
        assert url.startswith(BASE_URL + "recognitions/")
        rel = url.removeprefix(BASE_URL)
        assert rel in (f"recognitions/{state}.csv", *(f"recognitions/{state}-{n}.csv" for n in range(2, 20)))
        data = files.pop(rel)
        table = csv_table(data)
        assert tuple(table[0]) == HEADER
        assert len(table) <= max_rows and 0 < int(count) == len(table) - 1
        assert len(data) <= max_bytes or len(table) == 2
        assert {row[3] for row in table[1:]} == {state}
        assert state_name == {"az": "Arizona", "ma": "Massachusetts", "oh": "Ohio", "tx": "Texas",
                              "wa": "Washington"}[state]
        together.extend(table[1:])
    assert files == {}
    assert sorted(together) == sorted(rows)
    assert [state for state, *_ in listing[1:]] == sorted(state for state, *_ in listing[1:])
    # A limit the whole file meets: no split.
    assert [rel for rel, _ in recognitions_files(ctx, index, max_rows=len(rows) + 1)] == ["recognitions.csv"]
    assert [rel for rel, _ in recognitions_files(ctx, index, max_rows=len(rows))] != ["recognitions.csv"]


def test_recognitions_csv_split_parts_respect_the_byte_limit(tmp_path: Path) -> None:
    content = fixture_copy(tmp_path, "site")
    add_districts(content, 6, catalog_wide=False, start=100, states=("tx",))
    ctx, index = loaded(content)
    files = dict(recognitions_files(ctx, index, max_bytes=1200))
    listing = csv_table(files.pop("recognitions.csv"))
    texas = [url for state, _, url, _ in listing[1:] if state == "tx"]
    assert len(texas) > 1
    assert texas[:2] == [BASE_URL + "recognitions/tx.csv", BASE_URL + "recognitions/tx-2.csv"]
    for rel, data in files.items():
        assert len(data) <= 1200 or len(csv_table(data)) == 2, rel


def test_sitemap_becomes_an_index_past_its_limit(tmp_path: Path) -> None:
    ctx, index = loaded(FIXTURE_CONTENT)
    pages = public_pages(ctx, index)
    assert len(pages) > 12
    [(rel, whole)] = list(sitemap_files(ctx, pages))
    assert rel == "sitemap.xml"
    assert etree.fromstring(whole).tag == SITEMAP + "urlset"
    files = dict(sitemap_files(ctx, pages, max_urls=5))
    root = etree.fromstring(files.pop("sitemap.xml"))
    assert root.tag == SITEMAP + "sitemapindex"
    listed = [loc.text or "" for loc in root.iter(SITEMAP + "loc")]
    assert listed == [f"{BASE_URL}sitemap-{n}.xml" for n in range(1, len(listed) + 1)]
    together: list[str] = []
    for url in listed:
        part = etree.fromstring(files.pop(url.removeprefix(BASE_URL)))
        assert part.tag == SITEMAP + "urlset"
        locs = [loc.text or "" for loc in part.iter(SITEMAP + "loc")]
        assert 0 < len(locs) <= 5
        together.extend(locs)
    assert files == {}
    assert together == [BASE_URL + page for page in pages]
    assert [rel for rel, _ in sitemap_files(ctx, pages, max_urls=len(pages))] == ["sitemap.xml"]


def test_catalog_json_splits_into_parts_within_the_limit(tmp_path: Path) -> None:
    content = fixture_copy(tmp_path, "site")
    add_districts(content, 12)
    add_districts(content, 4, catalog_wide=False, start=100)
    ctx, index = loaded(content)
    whole = catalog_data(ctx, index)
    [(rel, single)] = list(catalog_files(ctx, index))
    assert rel == "catalog.json" and json.loads(single) == whole
    limit = 12_000
    files = dict(catalog_files(ctx, index, max_bytes=limit))
    main_file = json.loads(files.pop("catalog.json"))
    assert errors_of(catalog_validator(), main_file) == []
    assert main_file["parts"]
    part_validator = catalog_validator("part")
    joined: dict[str, list[Any]] = {}
    for meta in main_file["parts"]:
        data = files.pop(meta["url"].removeprefix(BASE_URL))
        assert len(data) <= limit
        part = json.loads(data)
        assert errors_of(part_validator, part) == []
        assert part["section"] == meta["section"] and len(part[meta["section"]]) == meta["count"]
        joined.setdefault(meta["section"], []).extend(part[meta["section"]])
    assert files == {}
    assert len(json.dumps(main_file)) <= limit
    for section, entries in joined.items():
        assert main_file[section] == []
        main_file[section] = entries
    assert {**main_file, "parts": []} == whole
    broken = json.loads(json.dumps(main_file))
    broken["credentials"][0]["rules"] = ["not an object"]
    assert errors_of(catalog_validator(), broken)


# --- a generated state-scale catalog -----------------------------------------------------------------


@pytest.fixture(scope="module")
def state_scale_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small catalog from the benchmark's state-scale profile, built (without search)."""
    root = tmp_path_factory.mktemp("state-scale")
    make_state_catalog(root / "corpus", credentials=200, districts=120, portfolios=30)
    out = root / "output"
    assert main(["build", "--content", str(root / "corpus" / "content"), "--output", str(out), "--no-search",
                 "--quiet"]) == 0
    return out


def test_state_scale_build_keeps_every_file_small(state_scale_site: Path) -> None:
    sizes = {p.relative_to(state_scale_site).as_posix(): p.stat().st_size
             for p in state_scale_site.rglob("*") if p.is_file()}
    assert max(sizes.values()) <= MAX_FILE_BYTES
    ctdl_sizes = [size for rel, size in sizes.items() if rel.endswith("/ctdl.json")]
    assert len(ctdl_sizes) == 200 and max(ctdl_sizes) <= 32_000
    described = {node["@id"] for node in
                 json.loads((state_scale_site / "ctdl" / "organizations.json").read_bytes())["@graph"]}
    catalog = json.loads((state_scale_site / "catalog.json").read_bytes())
    assert errors_of(catalog_validator(), catalog) == []
    wide_pages = {r["page"] for r in catalog["recognizers"]
                  if r["kind"] == "district" and r["rules"] and all(rule["catalog_wide"] for rule in r["rules"])}
    assert len(wide_pages) > 30
    for path in (state_scale_site / "credentials").glob("*/ctdl.json"):
        node = json.loads(path.read_bytes())["@graph"][0]
        refs = {ref["@id"] for key in CTDL_REFERENCES for ref in node.get(key, ())}
        assert refs <= described and not refs & wide_pages, path
    rows = csv_table((state_scale_site / "recognitions.csv").read_bytes())
    wide_rules = sum(1 for r in catalog["recognizers"] for rule in r["rules"] if rule["catalog_wide"])
    assert sum(1 for row in rows if row[HEADER.index("credential")] == "*") == wide_rules
