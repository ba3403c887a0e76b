"""The search index and the map, as built: which pages Pagefind indexes, with which filters and metadata,
what happens when Pagefind fails, and the map's links, titles, table and legend."""

from __future__ import annotations

import gzip
import json
import re
import stat
import types
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from sitegen.cli import main
from sitegen.jurisdictions import JURISDICTIONS
from sitegen.model import Catalog
from sitegen.plan.common import BASIS_LABELS, GRADE_LABELS, PURPOSE_LABELS, ROLE_LABELS
from sitegen.plan.index import CatalogIndex, build_index
from sitegen.validate.catalog import load_catalog

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "basic" / "content"
BASE_PATH = "/catalog/"  # the fixture's base_url is https://example.github.io/catalog/
FRAGMENT_HEADER = b"pagefind_dcd"

# The fixtures of tests/build/conftest.py (not imported: the conftest module name is shared between folders).
Run = Callable[..., Any]  # `sitegen ARGS...` in-process -> result with code, out, err, output
Snapshot = Callable[[Path], dict[str, bytes]]


# --------------------------------------------------------------------------------------------------
# Helpers and fixtures


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURE_CONTENT)


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> CatalogIndex:
    return build_index(catalog)


@pytest.fixture(scope="module")
def searchable_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalog built once for this module WITH its Pagefind index."""
    out = tmp_path_factory.mktemp("searchable") / "site"
    code = main(["build", "--content", str(FIXTURE_CONTENT), "--output", str(out), "--quiet"])
    assert code == 0
    return out


def parse(path: Path) -> Any:
    return lxml.html.fromstring(path.read_bytes())


def html_pages(site: Path) -> dict[str, Path]:
    """Every HTML file of a built site by site-relative path, 'x/index.html' named 'x/'."""
    pages: dict[str, Path] = {}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        pages[rel.removesuffix("index.html")] = path
    return pages


def indexed_pages(site: Path) -> set[str]:
    return {rel for rel, path in html_pages(site).items() if parse(path).xpath("//*[@data-pagefind-body]")}


def expected_indexed(catalog: Catalog) -> set[str]:
    """Credential, stack, competency, issuer, state, district and public portfolio pages."""
    pages = {f"credentials/{c}/" for c in catalog.credentials}
    pages |= {f"stacks/{s}/" for s in catalog.stacks}
    pages |= {f"competencies/{c}/" for c in catalog.competencies}
    pages |= {f"issuers/{i}/" for i in catalog.issuers}
    pages |= {f"{'states' if r.kind == 'state' else 'districts'}/{r.id}/" for r in catalog.recognizers.values()}
    pages |= {f"portfolios/{p}/" for p in catalog.public_portfolios}
    pages.add("recognition/any/")  # every rule that accepts any credential, once
    return pages


def facets(tree: Any, attribute: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for element in tree.xpath(f"//*[@{attribute}]"):
        found[element.get(attribute)].add(element.text_content().strip())
    return dict(found)


def site_file(site: Path, href: str) -> Path | None:
    """The built file a root-relative link under the base path resolves to (as GitHub Pages would)."""
    assert href.startswith(BASE_PATH), href
    target = site / href[len(BASE_PATH):].split("#")[0]
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def fragments(site: Path) -> list[dict[str, Any]]:
    """Pagefind's page fragments, decompressed (gzip, then a 'pagefind_dcd' header, then JSON)."""
    decoded = []
    for path in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(FRAGMENT_HEADER), path
        decoded.append(json.loads(data[len(FRAGMENT_HEADER):]))
    return decoded


def expected_states_by_credential(catalog: Catalog, index: CatalogIndex) -> dict[str, set[str]]:
    """State names per credential, from the selections of the rules that name credentials (a district's rule
    counts for its state); rules that accept any credential are not a state filter (they would hold every
    credential)."""
    states: dict[str, set[str]] = defaultdict(set)
    wide = {(r.id, rule.id) for r, rule in index.catalog_wide}
    for (recognizer_id, rule_id), chosen in index.selected.items():
        if (recognizer_id, rule_id) in wide:
            continue
        recognizer = catalog.recognizers[recognizer_id]
        for credential_id in chosen:
            states[credential_id].add(JURISDICTIONS[recognizer.state].name)
    return states


# --------------------------------------------------------------------------------------------------
# Which pages are indexed


def test_indexed_pages_are_exactly_the_detail_pages(searchable_site: Path, catalog: Catalog) -> None:
    indexed = indexed_pages(searchable_site)
    assert indexed == expected_indexed(catalog)
    # One body per page, and it is the page's main element (so header, nav and footer stay out).
    for rel in indexed:
        bodies = parse(html_pages(searchable_site)[rel]).xpath("//*[@data-pagefind-body]")
        assert [b.tag for b in bodies] == ["main"], rel


@pytest.mark.parametrize("rel", ["", "credentials/", "states/", "portfolios/", "recognition/", "search/", "404.html",
                                 "topics/sel/"])
def test_list_and_tool_pages_are_not_indexed(searchable_site: Path, rel: str) -> None:
    path = searchable_site / rel if rel.endswith(".html") else searchable_site / rel / "index.html"
    assert path.is_file(), rel
    tree = parse(path)
    assert tree.xpath("//*[@data-pagefind-body]") == []
    assert tree.xpath("//*[@data-pagefind-filter or @data-pagefind-meta or @data-pagefind-sort]") == []


def test_pagefind_indexes_every_body_page_and_nothing_else(searchable_site: Path, catalog: Catalog) -> None:
    entry = json.loads((searchable_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    reported = sum(language["page_count"] for language in entry["languages"].values())
    indexed = indexed_pages(searchable_site)
    assert reported == len(indexed)
    assert {f["url"].lstrip("/") for f in fragments(searchable_site)} == indexed


def test_private_portfolio_is_neither_built_nor_indexed(searchable_site: Path, catalog: Catalog) -> None:
    private = [p for p in catalog.portfolios.values() if p.id not in catalog.public_portfolios]
    assert private, "the fixture has a private portfolio"
    for portfolio in private:
        assert not (searchable_site / "portfolios" / portfolio.id).exists()
        for path in searchable_site.rglob("*"):
            if path.is_file() and not path.is_relative_to(searchable_site / "pagefind"):
                data = path.read_bytes()
                assert portfolio.name.encode() not in data, path
                assert f"portfolios/{portfolio.id}/".encode() not in data, path
        for fragment in fragments(searchable_site):
            text = json.dumps(fragment, ensure_ascii=False)
            assert portfolio.name not in text and portfolio.id not in text, fragment["url"]


# --------------------------------------------------------------------------------------------------
# Filters, metadata and sort on credential pages


def test_credential_pages_carry_their_filters(searchable_site: Path, catalog: Catalog, index: CatalogIndex) -> None:
    states = expected_states_by_credential(catalog, index)
    # The fixture has a state recognized only through a district rule: that rule must count for the state.
    district_states = {JURISDICTIONS[r.state].name for r in catalog.recognizers.values()
                       if r.kind == "district" and r.recognitions}
    state_rule_states = {r.name for r in catalog.recognizers.values() if r.kind == "state" and r.recognitions}
    assert district_states - state_rule_states
    for credential in catalog.credentials.values():
        rules = index.rules_by_credential.get(credential.id, ())
        expected = {
            "type": {"Credential"},
            "state": states.get(credential.id, set()),
            "issuer": {catalog.issuers[credential.issuer].name},
            "topic": set(credential.topics),
            "purpose": {PURPOSE_LABELS[rule.purpose] for _, rule in rules},
            "role": {ROLE_LABELS[role] for role in credential.roles},
            "grade band": {GRADE_LABELS[band] for band in credential.grade_bands},
            "basis": {BASIS_LABELS[rule.basis] for _, rule in rules},
        }
        expected = {name: values for name, values in expected.items() if values}
        tree = parse(searchable_site / "credentials" / credential.id / "index.html")
        assert facets(tree, "data-pagefind-filter") == expected, credential.id


def test_washington_filter_matches_the_rules(searchable_site: Path, catalog: Catalog, index: CatalogIndex) -> None:
    """The credentials filtered as 'Washington' are those the rules of Washington (and its districts) select."""
    washington = JURISDICTIONS["wa"].name
    tagged = {c for c in catalog.credentials
              if washington in facets(parse(searchable_site / "credentials" / c / "index.html"),
                                      "data-pagefind-filter").get("state", set())}
    selected = {c for (rid, _), chosen in index.selected.items() if catalog.recognizers[rid].state == "wa"
                for c in chosen}
    assert tagged == selected == set(index.credentials_by_state["wa"])
    assert 0 < len(tagged) < len(catalog.credentials)  # a real narrowing


def test_credential_pages_carry_meta_and_sort(searchable_site: Path, catalog: Catalog) -> None:
    for credential in catalog.credentials.values():
        issuer = catalog.issuers[credential.issuer]
        tree = parse(searchable_site / "credentials" / credential.id / "index.html")
        meta = facets(tree, "data-pagefind-meta")
        assert meta["title"] == {credential.title}
        assert meta["summary"] == {credential.summary}
        assert meta["issuer"] in ({issuer.name}, {issuer.short_name})
        assert facets(tree, "data-pagefind-sort") == {"title": {credential.title}}


def test_other_indexed_pages_carry_their_type(searchable_site: Path, catalog: Catalog) -> None:
    kinds = {"stacks": "Stack", "competencies": "Competency", "issuers": "Issuer", "states": "State",
             "districts": "District", "portfolios": "Portfolio", "recognition": "Recognition"}
    for rel in expected_indexed(catalog):
        folder = rel.split("/")[0]
        if folder == "credentials":
            continue
        tree = parse(searchable_site / rel / "index.html")
        assert facets(tree, "data-pagefind-filter").get("type") == {kinds[folder]}, rel
        assert len(facets(tree, "data-pagefind-sort").get("title", ())) == 1, rel


def test_pagefind_fragments_hold_the_credential_filters(searchable_site: Path, catalog: Catalog,
                                                        index: CatalogIndex) -> None:
    """What Pagefind actually indexed agrees with the page markup (state filters and title meta)."""
    states = expected_states_by_credential(catalog, index)
    by_url = {f["url"]: f for f in fragments(searchable_site)}
    for credential in catalog.credentials.values():
        fragment = by_url[f"/credentials/{credential.id}/"]
        assert set(fragment["filters"].get("state", [])) == states.get(credential.id, set())
        assert fragment["filters"]["type"] == ["Credential"]
        assert fragment["meta"]["title"] == credential.title


# --------------------------------------------------------------------------------------------------
# The index stage: present, absent, failing


def test_pagefind_folder_after_a_build(searchable_site: Path) -> None:
    assert (searchable_site / "pagefind" / "pagefind.js").is_file()
    assert (searchable_site / "pagefind" / "pagefind-entry.json").is_file()


def test_no_pagefind_folder_with_no_search(project: Path, build: Run) -> None:
    result = build("output")
    assert result.code == 0, result.output
    assert (project / "output" / "index.html").is_file()
    assert not (project / "output" / "pagefind").exists()


def test_failing_pagefind_fails_the_build_and_keeps_the_output(
        project: Path, previous_output: Path, run: Run, snapshot: Snapshot, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    before = snapshot(previous_output)
    failing = tmp_path / "failing-python"
    failing.write_text("#!/bin/sh\necho 'pagefind: simulated indexing crash' >&2\nexit 1\n")
    failing.chmod(failing.stat().st_mode | stat.S_IXUSR)
    import sitegen.search

    # sitegen.search runs `sys.executable -m pagefind_bin ...`: point it at an executable that fails.
    monkeypatch.setattr(sitegen.search, "sys", types.SimpleNamespace(executable=str(failing)))
    result = run("build", "--content", "content", "--output", "output")
    assert result.code == 1, result.output
    assert "the search index failed" in result.err
    assert "simulated indexing crash" in result.err
    assert "nothing was written" in result.err
    assert snapshot(previous_output) == before
    assert not (project / ".output.staging").exists()
    assert not (project / ".output.old").exists()


# --------------------------------------------------------------------------------------------------
# The map (on the home page and the states list)


TITLE = re.compile(r"^(?P<name>.+): (?P<count>\d+) (?P<word>credentials?) named by rules"
                   r"(?:; (?P<any>\d+) recognizers? accepts? any credential)?$")


def legend_range(label: str) -> tuple[int, int]:
    if label == "none":
        return (0, 0)
    low, _, high = label.partition("–")
    return (int(low), int(high or low))


@pytest.mark.parametrize("rel", ["", "states/"])
def test_map_links_titles_table_and_legend(searchable_site: Path, catalog: Catalog, index: CatalogIndex,
                                           rel: str) -> None:
    tree = parse(searchable_site / rel / "index.html")
    [svg] = tree.xpath("//svg[contains(@class, 'us-map')]")
    names = {code: JURISDICTIONS[code].name for code in JURISDICTIONS}
    code_by_name = {name: code for code, name in names.items()}

    # The table alternative: state name -> count.
    rows = tree.xpath("//details[contains(@class, 'map-table')]//tbody/tr")
    table = {row.xpath("th")[0].text_content().strip(): int(row.xpath("td")[0].text_content()) for row in rows}

    # Every linked shape: href resolves to a built file, and its title agrees with the table and the index.
    linked: dict[str, str] = {}
    for link in svg.xpath(".//a"):
        href = link.get("href")
        target = site_file(searchable_site, href)
        assert target is not None, f"{href} resolves to no built file"
        titles = {t.text_content() for t in link.xpath(".//title")}
        assert len(titles) == 1, titles
        [title] = titles
        assert link.get("aria-label") == title
        match = TITLE.match(title)
        assert match, title
        name, count = match["name"], int(match["count"])
        assert match["word"] == ("credential" if count == 1 else "credentials"), title
        code = code_by_name[name]
        assert count == table[name], name
        assert count == len(index.credentials_by_state.get(code, ())), name
        accepting = {r.id for r, rule in index.catalog_wide if r.state == code}
        assert int(match["any"] or 0) == len(accepting), title
        assert parse(target).xpath("//h1")[0].text_content().strip() == name
        linked[code] = href

    with_rules = {r.state for r in catalog.recognizers.values() if r.recognitions}
    catalog_states = {r.state for r in catalog.recognizers.values()}
    assert with_rules <= catalog_states <= set(linked)
    assert {"wa", "ma", "az"} <= with_rules  # the fixture's states with rules, directly or through a district
    assert linked["wa"].endswith("/states/wa/")

    # Legend: every shape's class is a legend class, and the shape's count lies in that class's range.
    legend = {}
    for item in tree.xpath("//ul[contains(@class, 'map-legend')]/li"):
        [swatch] = item.xpath("span[contains(@class, 'swatch')]")
        klass = next(c for c in swatch.get("class").split() if c.startswith("map-c"))
        legend[klass] = legend_range(item.text_content().strip())
    assert "map-c0" in legend
    used = set()
    for shape in svg.xpath(".//path | .//circle"):
        klass = next(c for c in shape.get("class").split() if c.startswith("map-c"))
        used.add(klass)
        name = TITLE.match(shape.xpath("title")[0].text_content())["name"]
        low, high = legend[klass]
        assert low <= table[name] <= high, (name, klass)
    assert "map-c0" in used and len(used) > 1
    # The table lists each state shown on the map once.
    assert len(table) == len(rows) == len(svg.xpath(".//path"))
    css = (searchable_site / "assets" / "site.css").read_text("utf-8") if (
        searchable_site / "assets" / "site.css").is_file() else ""
    for klass in legend:
        assert not css or f".{klass}" in css, f"{klass} has no style"
