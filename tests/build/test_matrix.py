"""The recognition matrix, split by state and paginated: its index, a state's pages, every specific rule reachable,
no page over 2 MB on a state-scale catalog (2,000 credentials, a state with 40 districts), links and pagination."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest
from state_catalog import generator

from sitegen.cli import main
from sitegen.jurisdictions import JURISDICTIONS
from sitegen.model import Catalog
from sitegen.plan.index import CatalogIndex, build_index
from sitegen.plan.matrix import PAGE_BYTES, PAGE_CELLS, paginate
from sitegen.recognition import is_catalog_wide
from sitegen.validate.catalog import load_catalog

REPO = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "basic" / "content"
BASE_URL = "https://example.github.io/catalog/"
BASE_PATH = "/catalog/"
PAGE_LIMIT = 2 * 1024 * 1024
"""No matrix page may weigh more (CONTENT.md, Output: `/recognition/`)."""
CREDENTIALS = 2000
CROWDED = "vt"
"""A state given 40 districts with specific rules, each selecting some credentials (by topic and by id)."""
DENSE = "wy"
"""A state given 40 districts whose specific rule selects every credential (by naming every topic): every cell
filled, so its pages are cut by their size in bytes, not by their cell count."""
EXTRA_DISTRICTS = 40


# --- reading matrix pages --------------------------------------------------------------------------


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def page_rel(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return rel.removesuffix("index.html")


def matrix_files(site: Path) -> list[Path]:
    """Every page of every state's matrix (not the index, not /recognition/any/)."""
    return sorted(p for p in (site / "recognition").rglob("index.html")
                  if p.parent != site / "recognition" and "any" not in p.relative_to(site / "recognition").parts)


@dataclass(frozen=True)
class MatrixPage:
    rel: str
    columns: list[str]
    """Each recognizer column's link (the first and last columns, credential and count, excluded)."""
    rows: list[tuple[str, dict[str, list[str]], int]]
    """(credential link, {recognizer link: the rule links in its cell}, the count column)."""


def read_matrix(site: Path, path: Path) -> MatrixPage:
    doc = parse(path)
    tables = doc.xpath("//table[@data-matrix]")
    assert len(tables) == 1, path
    table = tables[0]
    heads = table.xpath("./thead/tr/th")
    columns = [str(th.xpath(".//a/@href")[0]) for th in heads[1:-1]]
    rows = []
    for tr in table.xpath("./tbody/tr"):
        cells = tr.xpath("./th|./td")
        assert len(cells) == len(heads), (path, text_of(tr))
        credential = str(cells[0].xpath(".//a/@href")[0])
        filled = {columns[i]: [str(h) for h in cell.xpath(".//a/@href")]
                  for i, cell in enumerate(cells[1:-1]) if cell.xpath(".//a")}
        rows.append((credential, filled, int(text_of(cells[-1]))))
    return MatrixPage(page_rel(site, path), columns, rows)


def state_pages(site: Path, code: str) -> list[Path]:
    """A state's matrix pages in order: /recognition/<code>/, then 2/, 3/, … as long as they exist."""
    pages = [site / "recognition" / code / "index.html"]
    number = 2
    while (site / "recognition" / code / str(number) / "index.html").is_file():
        pages.append(site / "recognition" / code / str(number) / "index.html")
        number += 1
    return pages


def expected_cells(catalog: Catalog, index: CatalogIndex) -> dict[tuple[str, str], dict[str, set[str]]]:
    """(state, credential link) → recognizer link → links of the specific rules selecting the credential."""
    cells: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for credential_id, pairs in index.rules_by_credential.items():
        for recognizer, rule in pairs:
            folder = "states" if recognizer.kind == "state" else "districts"
            rec = f"{BASE_PATH}{folder}/{recognizer.id}/"
            cells[(recognizer.state, f"{BASE_PATH}credentials/{credential_id}/")][rec].add(f"{rec}#rule-{rule.id}")
    return cells


def assert_every_specific_rule_is_in_the_matrix(site: Path, catalog: Catalog, index: CatalogIndex) -> None:
    """Each credential's specific rules are in its row of the matrix of the rule's state, in the recognizer's
    column, and nothing else is: no catalog-wide rule, no cell without a rule."""
    expected = expected_cells(catalog, index)
    found: dict[tuple[str, str], dict[str, set[str]]] = {}
    for path in matrix_files(site):
        code = path.relative_to(site / "recognition").parts[0]
        page = read_matrix(site, path)
        for credential, filled, count in page.rows:
            assert (code, credential) not in found, f"{credential} twice in the {code} matrix"
            found[(code, credential)] = {rec: set(rules) for rec, rules in filled.items()}
            assert count == len(filled), (page.rel, credential)
    assert set(found) == set(expected)
    for key, cells in expected.items():
        assert found[key] == cells, key
    wide = {f"#rule-{rule.id}" for _, rule in index.catalog_wide}
    wide_links = {f"{BASE_PATH}{'states' if r.kind == 'state' else 'districts'}/{r.id}/#rule-{rule.id}"
                  for r, rule in index.catalog_wide}
    assert wide  # the catalogs hold catalog-wide rules, so this says something
    assert not wide_links & {link for cells in found.values() for links in cells.values() for link in links}


def broken_links(site: Path, pages: list[Path]) -> list[str]:
    """Links of these pages that resolve to no file (or no element id) when served under BASE_PATH."""
    ids: dict[Path, set[str]] = {}
    broken = []
    for path in pages:
        page_url = BASE_URL + page_rel(site, path)
        for element in parse(path).iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None:
                    continue
                absolute = urljoin(page_url, value)
                parts = urlsplit(absolute)
                if parts.scheme in ("http", "https") and not absolute.startswith(BASE_URL) \
                        and not value.startswith("/"):
                    continue
                rel = unquote(parts.path)[len(BASE_PATH):] if parts.path.startswith(BASE_PATH) else None
                target = None if rel is None else site / (rel + "index.html" if rel in ("",) or rel.endswith("/")
                                                          else rel)
                if target is None or not target.is_file():
                    broken.append(f"{page_rel(site, path)}: {value}")
                    continue
                if parts.fragment:
                    if target not in ids:
                        ids[target] = {str(i) for i in parse(target).xpath("//@id")} \
                            if target.suffix == ".html" else set()
                    if unquote(parts.fragment) not in ids[target]:
                        broken.append(f"{page_rel(site, path)}: {value} (no such id)")
    return broken


# --- the fixture catalog -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURE_CONTENT)


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> CatalogIndex:
    return build_index(catalog)


def test_recognition_index_lists_states_with_their_matrix_and_catalog_wide_counts(built_site: Path) -> None:
    doc = parse(built_site / "recognition" / "index.html")
    assert [text_of(li) for li in doc.xpath("//nav[@aria-label='Breadcrumb']//li")] == ["Home", "Recognition matrix"]
    assert doc.xpath("//nav[@aria-label='Main']//a[@aria-current='page']/text()") == ["Recognition matrix"]
    rows = {text_of(tr.xpath("./th")[0]): tr for tr in doc.xpath("//table[@data-sortable]/tbody/tr")}
    # Arizona: a district's specific rules (a matrix), and its catalog-wide raise (counted, linked).
    # Washington: specific state rules only. Massachusetts: a catalog-wide rule only (no matrix).
    assert set(rows) == {"Arizona", "Washington", "Massachusetts (state page)"}
    az, wa, ma = rows["Arizona"], rows["Washington"], rows["Massachusetts (state page)"]
    assert az.xpath("./th/a/@href") == ["/catalog/recognition/az/"]
    assert [text_of(td) for td in az.xpath("./td")] == ["1", "3", "1"]
    assert az.xpath("./td[3]/a/@href") == ["/catalog/recognition/any/#state-az"]
    assert wa.xpath("./th/a/@href") == ["/catalog/recognition/wa/"]
    assert [text_of(td) for td in wa.xpath("./td")] == ["1", "3", "0"]
    assert wa.xpath("./td[3]/a") == []
    assert ma.xpath(".//a/@href") == ["/catalog/states/ma/", "/catalog/recognition/any/#state-ma"]
    # The state picker (shown by site.js) lists the same matrices; without scripts the table's links do.
    picker = doc.xpath("//form[@data-matrix-picker]")[0]
    assert picker.get("hidden") is not None
    assert picker.xpath(".//option/@value") == ["", "/catalog/recognition/az/", "/catalog/recognition/wa/"]
    assert doc.xpath("//a[@href='/catalog/recognition/any/']")


def test_state_matrix_page_has_crumbs_the_catalog_wide_line_and_a_labelled_scroll_region(built_site: Path) -> None:
    doc = parse(built_site / "recognition" / "az" / "index.html")
    crumbs = doc.xpath("//nav[@aria-label='Breadcrumb']//li")
    assert [text_of(li) for li in crumbs] == ["Home", "Recognition matrix", "Arizona matrix"]
    assert crumbs[1].xpath("./a/@href") == ["/catalog/recognition/"]
    assert text_of(doc.xpath("//h1")[0]) == "Recognition matrix: Arizona"
    line = doc.xpath("//p[@class='matrix-any']/a")[0]
    assert text_of(line) == "1 recognizer in Arizona accepts any credential of the catalog"
    assert line.get("href") == "/catalog/recognition/any/#state-az"
    region = doc.xpath("//div[@role='region'][.//table[@data-matrix]]")[0]
    assert region.get("tabindex") == "0" and region.get("aria-labelledby") == "matrix-caption"
    assert text_of(doc.xpath("//caption[@id='matrix-caption']")[0]) == "3 credentials × 1 recognizer in Arizona"
    assert doc.xpath("//nav[contains(@class, 'pager')]") == [] and doc.xpath("//link[@rel='next']") == []
    # The catalog-wide raise is no column: only the district's specific rules fill its cells.
    page = read_matrix(built_site, built_site / "recognition" / "az" / "index.html")
    assert page.columns == ["/catalog/districts/sample-district/"]
    links = {link for _, filled, _ in page.rows for rules in filled.values() for link in rules}
    assert links == {"/catalog/districts/sample-district/#rule-leader-eligibility",
                     "/catalog/districts/sample-district/#rule-cpd"}
    assert doc.xpath("//option[@selected]/@value") == ["/catalog/recognition/az/"]
    # Washington has no catalog-wide rule: no such line.
    assert parse(built_site / "recognition" / "wa" / "index.html").xpath("//p[@class='matrix-any']") == []


def test_every_specific_rule_is_in_the_fixture_matrix(built_site: Path, catalog: Catalog, index: CatalogIndex) -> None:
    assert_every_specific_rule_is_in_the_matrix(built_site, catalog, index)


def test_matrix_pages_are_in_the_link_crawl(built_site: Path) -> None:
    """tests/build/test_site.py crawls every HTML file of the built fixture; these are among them."""
    assert [page_rel(built_site, p) for p in matrix_files(built_site)] == ["recognition/az/", "recognition/wa/"]
    assert broken_links(built_site, [built_site / "recognition" / "index.html", *matrix_files(built_site)]) == []


# --- paginate, alone ---------------------------------------------------------------------------------


def test_paginate_keeps_pages_within_cells_and_bytes_in_equal_lengths() -> None:
    assert paginate([], 100, 3) == []
    assert paginate([500] * 10, 100, 3) == [(0, 10)]
    # By cells: 40 columns + 2 → 476 rows a page at most; 2,000 rows → 5 pages of 400.
    bounds = paginate([1_000] * 2000, 10_000, 40)
    assert bounds == [(i, i + 400) for i in range(0, 2000, 400)]
    # By bytes: every row 10 kB → under 1 MB with the header.
    bounds = paginate([10_000] * 1000, 50_000, 3)
    assert all(50_000 + 10_000 * (end - start) <= PAGE_BYTES for start, end in bounds)
    assert len({end - start for start, end in bounds[:-1]}) == 1 and bounds[-1][1] == 1000
    assert [b for a, b in bounds[:-1]] == [a for a, b in bounds[1:]]
    # Uneven rows: a page may hold the big ones only if it stays within the budget.
    sizes = [100] * 500 + [50_000] * 30 + [100] * 500
    bounds = paginate(sizes, 0, 10)
    assert all(sum(sizes[start:end]) <= PAGE_BYTES for start, end in bounds)
    assert all((end - start) * 12 <= PAGE_CELLS for start, end in bounds)
    # A row too big for any page still gets one, alone.
    assert paginate([PAGE_BYTES * 3, 10], 0, 1) == [(0, 1), (1, 2)]


# --- a state-scale catalog ---------------------------------------------------------------------------


def add_districts(content: Path) -> None:
    """40 districts in CROWDED with specific rules (two topics of the catalog's, and 25 named credentials), and
    40 in DENSE whose one rule names every topic of the catalog."""
    ids = sorted(p.stem for p in (content / "credentials").glob("*.md"))
    topics: set[str] = set()
    for path in (content / "credentials").glob("*.md"):
        found = re.search(r"^topics: \[(.*)\]$", path.read_text(encoding="utf-8"), re.M)
        if found:
            topics.update(t.strip() for t in found.group(1).split(",") if t.strip())
    some = sorted(topics)[:8]
    rng = random.Random(16)
    source = '[{title: Test source, locator: "p. 1"}]'
    for number in range(1, EXTRA_DISTRICTS + 1):
        named = ", ".join(rng.sample(ids, 25))
        (content / "districts" / f"crowded-district-{number:02d}.md").write_text(f"""---
name: Crowded District {number:02d}
state: {CROWDED}
recognitions:
  - id: topic-hours
    applies_to: {{topics: [{", ".join(rng.sample(some, 2))}]}}
    purpose: license-renewal
    basis: per-credential
    value: {{amount: {rng.choice([5, 10, 15])}, unit: clock-hours}}
    sources: {source}
  - id: named
    applies_to: {{credentials: [{named}]}}
    purpose: stipend
    basis: per-credential
    value: {{amount: 100, unit: usd}}
    status: {rng.choice(["active", "pilot", "proposed"])}
    sources: {source}
---
""", encoding="utf-8")
        (content / "districts" / f"dense-district-{number:02d}.md").write_text(f"""---
name: Dense District {number:02d} & Partners
state: {DENSE}
recognitions:
  - id: every-topic
    applies_to: {{topics: [{", ".join(sorted(topics))}]}}
    purpose: salary
    basis: per-credential
    value: {{amount: {number * 10}, unit: usd}}
    sources: {source}
---
""", encoding="utf-8")


@dataclass(frozen=True)
class StateScale:
    content: Path
    site: Path
    catalog: Catalog
    index: CatalogIndex


@pytest.fixture(scope="module")
def state_scale(tmp_path_factory: pytest.TempPathFactory) -> StateScale:
    """benchmarks/generate.py's state-scale profile at 2,000 credentials and 200 districts (100 of them with a
    catalog-wide rule), plus the CROWDED and DENSE states' districts, built without search."""
    root = tmp_path_factory.mktemp("matrix-state-scale")
    generator().generate(CREDENTIALS, root, 1, profile="state-scale", districts=200, portfolios=5)
    content = root / "content"
    add_districts(content)
    site = root / "site"
    assert main(["build", "--content", str(content), "--output", str(site), "--no-search", "--quiet"]) == 0
    catalog = load_catalog(content)
    return StateScale(content, site, catalog, build_index(catalog))


def test_no_matrix_page_is_over_2_mb_at_state_scale(state_scale: StateScale) -> None:
    site = state_scale.site
    pages = [site / "recognition" / "index.html", *matrix_files(site)]
    sizes = {page_rel(site, p): p.stat().st_size for p in pages}
    largest = max(sizes, key=lambda rel: sizes[rel])
    print(f"\n{len(sizes)} matrix pages; largest {largest}: {sizes[largest]:,} bytes")
    assert sizes[largest] <= PAGE_LIMIT, (largest, sizes[largest])
    # Both states are split: CROWDED by its cell count, DENSE (every cell filled) by its size in bytes.
    assert len(state_pages(site, CROWDED)) >= 2
    assert len(state_pages(site, DENSE)) > len(state_pages(site, CROWDED))


def test_every_specific_rule_is_in_the_state_scale_matrix(state_scale: StateScale) -> None:
    assert_every_specific_rule_is_in_the_matrix(state_scale.site, state_scale.catalog, state_scale.index)


@pytest.mark.parametrize("code", [CROWDED, DENSE])
def test_a_crowded_state_is_paginated(state_scale: StateScale, code: str) -> None:
    site, catalog, index = state_scale.site, state_scale.catalog, state_scale.index
    paths = state_pages(site, code)
    count = len(paths)
    assert count >= 2
    assert not (site / "recognition" / code / "1").exists()  # page 1 is the state's own address
    name = JURISDICTIONS[code].name
    pages = [read_matrix(site, p) for p in paths]
    columns = pages[0].columns
    districts = [r for r in catalog.recognizers.values() if r.kind == "district" and r.state == code
                 and any(not is_catalog_wide(rule) and index.selected[(r.id, rule.id)] for rule in r.recognitions)]
    assert len(districts) >= EXTRA_DISTRICTS
    assert len(columns) == len(districts) + (1 if code in catalog.recognizers and any(
        not is_catalog_wide(rule) and index.selected[(code, rule.id)]
        for rule in catalog.recognizers[code].recognitions) else 0)
    titles: list[str] = []
    hrefs: list[str] = []
    total = sum(len(p.rows) for p in pages)
    lengths = [len(p.rows) for p in pages]
    assert len(set(lengths[:-1])) == 1 and 0 < lengths[-1] <= lengths[0]  # equal pages, the last maybe shorter
    first = 1
    for number, (path, page) in enumerate(zip(paths, pages, strict=True), start=1):
        doc = parse(path)
        assert page.columns == columns
        assert len(page.rows) * (len(columns) + 2) <= PAGE_CELLS
        here = f"/catalog/recognition/{code}/" + ("" if number == 1 else f"{number}/")
        previous = None if number == 1 else f"/catalog/recognition/{code}/" + ("" if number == 2 else f"{number - 1}/")
        following = None if number == count else f"/catalog/recognition/{code}/{number + 1}/"
        assert doc.xpath("//head/link[@rel='prev']/@href") == ([previous] if previous else [])
        assert doc.xpath("//head/link[@rel='next']/@href") == ([following] if following else [])
        for nav in doc.xpath("//nav[contains(@class, 'pager')]"):  # above and below the table
            assert text_of(nav.xpath(".//p[@class='pager-status']")[0]) == f"Page {number} of {count}"
            assert nav.xpath(".//a[@rel='prev']/@href") == ([previous] if previous else [])
            assert nav.xpath(".//a[@rel='next']/@href") == ([following] if following else [])
            assert nav.xpath(".//a[@aria-current='page']/@href") == [here]
            numbers = [int(text_of(a).removeprefix("Page ")) for a in nav.xpath(".//a[not(@rel)]")]
            assert 1 in numbers and count in numbers and number in numbers
        assert len(doc.xpath("//nav[contains(@class, 'pager')]")) == 2
        last = first + len(page.rows) - 1
        caption = text_of(doc.xpath("//caption")[0])
        assert caption == (f"Credentials {first:d}–{last:d} of {total:d} × {len(columns)} recognizers in {name} "
                           f"(page {number} of {count})")
        crumbs = [text_of(li) for li in doc.xpath("//nav[@aria-label='Breadcrumb']//li")]
        assert crumbs == ["Home", "Recognition matrix",
                          f"{name} matrix" + ("" if count == 1 else f", page {number} of {count}")]
        first = last + 1
        by_href = {f"/catalog/credentials/{c.id}/": c.title for c in catalog.credentials.values()}
        titles.extend(by_href[credential] for credential, _, _ in page.rows)
        hrefs.extend(credential for credential, _, _ in page.rows)
    # Rows run on from page to page in one order (by title), each credential once.
    assert [t.lower() for t in titles] == sorted(t.lower() for t in titles)
    assert len(hrefs) == len(set(hrefs)) == total
    assert not (site / "recognition" / code / str(count + 1)).exists()
    index_doc = parse(site / "recognition" / "index.html")
    row = index_doc.xpath(f"//table[@data-sortable]/tbody/tr[th/a/@href='/catalog/recognition/{code}/']")[0]
    assert f"({count} pages)" in text_of(row)


def test_state_scale_matrix_links_resolve(state_scale: StateScale) -> None:
    site = state_scale.site
    pages = [site / "recognition" / "index.html", *matrix_files(site)]
    assert broken_links(site, pages) == []


def test_index_counts_match_the_state_pages(state_scale: StateScale) -> None:
    site, index = state_scale.site, state_scale.index
    doc = parse(site / "recognition" / "index.html")
    for tr in doc.xpath("//table[@data-sortable]/tbody/tr"):
        href = tr.xpath("./th/a/@href")
        if not href or not href[0].startswith("/catalog/recognition/"):
            continue
        code = href[0].split("/")[-2]
        pages = [read_matrix(site, p) for p in state_pages(site, code)]
        recognizers, credentials, _ = [text_of(td) for td in tr.xpath("./td")]
        assert int(recognizers) == len(pages[0].columns), code
        assert int(credentials) == len(index.credentials_by_state.get(code, ())), code
        assert int(credentials) <= sum(len(p.rows) for p in pages), code
