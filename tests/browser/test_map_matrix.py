"""The recognition map and the recognition matrix in Chromium: following a state on the map, filtering the
matrix by state and sorting it by a column, all within the local server and the CSP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fixture_site import FIXTURE_CONTENT, Visit

from sitegen.jurisdictions import JURISDICTIONS
from sitegen.model import Catalog
from sitegen.plan.index import CatalogIndex, build_index
from sitegen.validate.catalog import load_catalog

pytestmark = pytest.mark.browser

VisitFn = Callable[..., Visit]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURE_CONTENT)


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> CatalogIndex:
    return build_index(catalog)


def assert_healthy(visit: Visit) -> None:
    assert visit.status == 200, f"{visit.url} answered {visit.status}"
    assert visit.foreign_requests() == [], "requests to hosts other than the local server"
    assert visit.failed == [], "failed requests"
    assert visit.bad_status == [], "requests answered with an error status"
    assert visit.console_errors == [], "console errors"
    assert visit.page_errors == [], "uncaught script errors"
    assert visit.csp_violations() == [], "Content-Security-Policy violations"


# --------------------------------------------------------------------------------------------------
# The map


@pytest.mark.parametrize("kind", ["states", "home"])
def test_clicking_washington_on_the_map_opens_its_page(visit: VisitFn, index: CatalogIndex, kind: str) -> None:
    record = visit(kind)
    page = record.page
    washington = JURISDICTIONS["wa"].name
    shape = page.locator('svg.us-map a[href="/catalog/states/wa/"]')
    assert shape.count() == 1
    count = len(index.credentials_by_state["wa"])
    assert shape.locator("title").first.text_content() == f"{washington}: {count} credentials recognized"
    shape.click()
    page.wait_for_url(record.server.url("states/wa/"))
    assert page.locator("h1").first.inner_text().strip() == washington
    assert_healthy(record)


def test_map_states_are_reachable_by_keyboard(visit: VisitFn) -> None:
    record = visit("states")
    page = record.page
    link = page.locator('svg.us-map a[href="/catalog/states/wa/"]')
    link.focus()
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "/catalog/states/wa/"
    page.keyboard.press("Enter")
    page.wait_for_url(record.server.url("states/wa/"))
    assert_healthy(record)


# --------------------------------------------------------------------------------------------------
# The matrix


def header_cells(page: Any) -> list[dict[str, Any]]:
    return page.eval_on_selector_all(
        "[data-matrix] thead th",
        "ths => ths.map(th => ({state: th.getAttribute('data-state'), hidden: th.hidden,"
        " visible: th.getClientRects().length > 0, sort: th.getAttribute('aria-sort'),"
        " text: th.textContent.trim()}))")


def body_rows(page: Any) -> list[dict[str, Any]]:
    return page.eval_on_selector_all(
        "[data-matrix] tbody tr",
        "rows => rows.map(r => ({title: r.cells[0].textContent.trim(), hidden: r.hidden,"
        " visible: r.getClientRects().length > 0,"
        " cells: Array.from(r.cells).map(c => ({text: c.textContent.trim(), visible: c.getClientRects().length > 0}))"
        "}))")


def recognizer_count(catalog: Catalog, index: CatalogIndex, credential_id: str) -> int:
    return len({rid for (rid, _), chosen in index.selected.items() if credential_id in chosen})


def test_matrix_state_filter_hides_other_states_and_empty_rows(visit: VisitFn, catalog: Catalog,
                                                               index: CatalogIndex) -> None:
    record = visit("recognition")
    page = record.page
    select = page.locator("[data-matrix-state]")
    assert select.is_visible()  # the tools show once the script runs
    options = select.locator("option").all_text_contents()
    with_rules = sorted({JURISDICTIONS[r.state].name for r in catalog.recognizers.values() if r.recognitions})
    assert options == ["All states", *with_rules]

    for code in ("wa", "az"):
        name = JURISDICTIONS[code].name
        select.select_option(name)
        heads = header_cells(page)
        for th in heads:
            shown = th["state"] is None or th["state"] == name
            assert th["visible"] is shown and th["hidden"] is not shown, (name, th)
        expected_rows = {catalog.credentials[c].title for c in index.credentials_by_state[code]}
        rows = body_rows(page)
        assert {r["title"] for r in rows if r["visible"]} == expected_rows, name
        for row in rows:
            # Every cell of a column lies hidden with its header.
            assert [c["visible"] for c in row["cells"]] == [th["visible"] for th in heads] or not row["visible"]
            if row["visible"]:
                values = [c["text"] for c, th in zip(row["cells"], heads, strict=True) if th["state"] == name]
                assert any(values), row["title"]

    select.select_option("")
    assert all(th["visible"] for th in header_cells(page))
    assert all(r["visible"] for r in body_rows(page))
    assert_healthy(record)


def test_matrix_sort_buttons_reorder_rows_and_set_aria_sort(visit: VisitFn, catalog: Catalog,
                                                            index: CatalogIndex) -> None:
    record = visit("recognition")
    page = record.page
    heads = header_cells(page)
    titles = [r["title"] for r in body_rows(page)]
    assert sorted(titles) == sorted(c.title for c in catalog.credentials.values())
    assert all(th["sort"] == "none" for th in heads)

    first = page.locator("[data-matrix] thead th").first
    button = first.locator("button.sort-button")
    button.click()
    assert first.get_attribute("aria-sort") == "ascending"
    ascending = [r["title"] for r in body_rows(page)]
    assert ascending == sorted(titles, key=str.casefold)
    button.click()
    assert first.get_attribute("aria-sort") == "descending"
    descending = [r["title"] for r in body_rows(page)]
    assert descending == list(reversed(ascending)) and descending != titles

    # The "Recognizers" column sorts by number, and takes aria-sort from the first column.
    last = page.locator("[data-matrix] thead th").last
    counts_by_title = {c.title: recognizer_count(catalog, index, c.id) for c in catalog.credentials.values()}
    assert len(set(counts_by_title.values())) > 1  # the sort is observable
    last.locator("button.sort-button").click()
    assert last.get_attribute("aria-sort") == "ascending"
    assert first.get_attribute("aria-sort") == "none"
    rows = body_rows(page)
    shown = [int(r["cells"][-1]["text"]) for r in rows]
    assert shown == [counts_by_title[r["title"]] for r in rows]
    assert shown == sorted(shown)
    last.locator("button.sort-button").click()
    assert last.get_attribute("aria-sort") == "descending"
    shown = [int(r["cells"][-1]["text"]) for r in body_rows(page)]
    assert shown == sorted(shown, reverse=True)

    # Only one column is sorted at a time, and each sort control is a real button with a name.
    sorts = [th["sort"] for th in header_cells(page)]
    assert sorts.count("none") == len(sorts) - 1
    names = page.eval_on_selector_all(
        "[data-matrix] thead th button.sort-button",
        "bs => bs.map(b => (b.getAttribute('aria-label') || b.textContent).trim())")
    assert len(names) == len(heads) and all(names)
    assert_healthy(record)


def test_matrix_sort_keeps_the_state_filter(visit: VisitFn, catalog: Catalog, index: CatalogIndex) -> None:
    record = visit("recognition")
    page = record.page
    name = JURISDICTIONS["wa"].name
    page.select_option("[data-matrix-state]", name)
    before = {r["title"] for r in body_rows(page) if r["visible"]}
    page.locator("[data-matrix] thead th").first.locator("button.sort-button").click()
    page.locator("[data-matrix] thead th").first.locator("button.sort-button").click()
    after = {r["title"] for r in body_rows(page) if r["visible"]}
    assert after == before == {catalog.credentials[c].title for c in index.credentials_by_state["wa"]}
    assert_healthy(record)
