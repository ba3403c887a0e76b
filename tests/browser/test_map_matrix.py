"""The recognition map and the recognition matrix in Chromium: following a state on the map; the matrix's index and
a state's page: the state picker, sorting by a column from the keyboard, a phone's width and axe, all within the
local server and the CSP."""

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
    # Washington's rules name credentials; no recognizer there accepts any credential in the fixture.
    assert shape.locator("title").first.text_content() == f"{washington}: {count} credentials named by rules"
    arizona = page.locator('svg.us-map a[href="/catalog/states/az/"] title').first.text_content()
    assert arizona.endswith("; 1 recognizer accepts any credential"), arizona
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
# The matrix: /recognition/ (an index of states) and /recognition/<code>/ (a state's credentials × recognizers)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                       targets: v.nodes.map((n) => n.target.join(" "))}));
}
"""


def open_matrix(visit: VisitFn, code: str | None = None, **options: Any) -> Visit:
    """The matrix's index, or a state's page reached from it (same browser context, same records)."""
    # Once the index has loaded everything (the favicon too): leaving it earlier would cut a request off.
    record = visit("recognition", wait_until="networkidle", **options)
    if code is not None:
        response = record.page.goto(record.server.url(f"recognition/{code}/"), wait_until="networkidle")
        record.status = response.status if response else None
        record.url = record.server.url(f"recognition/{code}/")
    return record


def header_cells(page: Any, table: str = "[data-matrix]") -> list[dict[str, Any]]:
    return page.eval_on_selector_all(
        f"{table} thead th",
        "ths => ths.map(th => ({sort: th.getAttribute('aria-sort'), text: th.textContent.trim()}))")


def body_rows(page: Any, table: str = "[data-matrix]") -> list[list[str]]:
    return page.eval_on_selector_all(
        f"{table} tbody tr", "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))")


def test_state_picker_goes_to_the_chosen_state_by_keyboard(visit: VisitFn, index: CatalogIndex) -> None:
    record = open_matrix(visit)
    page = record.page
    select = page.locator("[data-matrix-state]")
    assert select.is_visible()  # the picker shows once the script runs
    options = select.locator("option").all_text_contents()
    with_matrix = sorted({JURISDICTIONS[code].name for code in index.credentials_by_state})
    assert options == ["Choose a state", *with_matrix]
    select.focus()
    select.select_option(JURISDICTIONS["wa"].name)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Show"
    page.keyboard.press("Enter")
    page.wait_for_url(record.server.url("recognition/wa/"), wait_until="networkidle")
    assert page.locator("h1").inner_text().strip() == f"Recognition matrix: {JURISDICTIONS['wa'].name}"
    # On a state's page the picker starts at that state and goes on to another.
    assert page.locator("[data-matrix-state]").input_value() == "/catalog/recognition/wa/"
    page.select_option("[data-matrix-state]", JURISDICTIONS["az"].name)
    page.locator("[data-matrix-picker] button").click()
    page.wait_for_url(record.server.url("recognition/az/"), wait_until="networkidle")
    # "Choose a state" goes nowhere.
    page.goto(record.server.url("recognition/"), wait_until="networkidle")
    page.select_option("[data-matrix-state]", "")
    page.locator("[data-matrix-picker] button").click()
    assert page.url == record.server.url("recognition/")
    assert_healthy(record)


def test_without_scripts_the_index_links_every_state_matrix(browser: Any, site_server: Any,
                                                           index: CatalogIndex) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_server.url("recognition/"))
        assert not page.locator("[data-matrix-picker]").is_visible()
        links = page.eval_on_selector_all("table[data-sortable] tbody th a[href*='/recognition/']",
                                          "as => as.map(a => a.getAttribute('href'))")
        assert links == [f"/catalog/recognition/{code}/" for code in sorted(
            index.credentials_by_state, key=lambda c: JURISDICTIONS[c].name)]
        page.goto(site_server.url("recognition/az/"))
        assert page.locator("[data-matrix] tbody tr").count() == len(index.credentials_by_state["az"])
        assert page.locator("nav[aria-label='Breadcrumb'] a[href='/catalog/recognition/']").count() == 1
    finally:
        context.close()


def test_matrix_sorts_by_a_column_from_the_keyboard(visit: VisitFn, catalog: Catalog, index: CatalogIndex) -> None:
    record = open_matrix(visit, "az")
    page = record.page
    titles = [row[0] for row in body_rows(page)]
    assert sorted(titles) == sorted(catalog.credentials[c].title for c in index.credentials_by_state["az"])
    assert all(th["sort"] == "none" for th in header_cells(page))
    first = page.locator("[data-matrix] thead th").first
    first.locator("button.sort-button").focus()
    page.keyboard.press("Enter")
    assert first.get_attribute("aria-sort") == "ascending"
    ascending = [row[0] for row in body_rows(page)]
    assert ascending == sorted(titles, key=str.casefold)
    page.keyboard.press("Space")
    assert first.get_attribute("aria-sort") == "descending"
    assert [row[0] for row in body_rows(page)] == list(reversed(ascending))

    # The district's column sorts by its cells; the first column's aria-sort goes back to none.
    column = page.locator("[data-matrix] thead th").nth(1)
    button = column.locator("button.sort-button")
    assert button.get_attribute("aria-label") == "Sort by Sample Unified School District"
    before = body_rows(page)
    button.focus()
    page.keyboard.press("Enter")
    assert column.get_attribute("aria-sort") == "ascending" and first.get_attribute("aria-sort") == "none"
    assert sorted(body_rows(page)) == sorted(before)  # rows move whole
    # Only one column is sorted at a time, and each sort control is a button with a name.
    sorts = [th["sort"] for th in header_cells(page)]
    assert sorts.count("none") == len(sorts) - 1
    names = page.eval_on_selector_all("[data-matrix] thead th button.sort-button",
                                      "bs => bs.map(b => (b.getAttribute('aria-label') || b.textContent).trim())")
    assert len(names) == len(sorts) and all(names)
    assert_healthy(record)


def test_index_table_sorts_by_number(visit: VisitFn) -> None:
    record = open_matrix(visit)
    page = record.page
    table = "table[data-sortable]"
    heads = page.locator(f"{table} thead th")
    credentials = heads.nth(2)
    assert credentials.locator("button.sort-button").inner_text().strip() == "Credentials recognized specifically"
    credentials.locator("button.sort-button").click()
    counts = [int(row[2]) for row in body_rows(page, table)]
    assert counts == sorted(counts) and len(set(counts)) > 1
    credentials.locator("button.sort-button").click()
    assert [int(row[2]) for row in body_rows(page, table)] == sorted(counts, reverse=True)
    assert credentials.get_attribute("aria-sort") == "descending"
    assert_healthy(record)


@pytest.mark.parametrize("code", [None, "az"])
def test_matrix_pages_fit_a_phone(visit: VisitFn, code: str | None) -> None:
    """At 375 px the page itself never scrolls sideways; a wide table scrolls in its own labelled region."""
    record = open_matrix(visit, code, width=375, height=800)
    page = record.page
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"scrolls sideways at 375 px ({scroll_width} > {inner_width})"
    region = page.locator("div[role='region'][tabindex='0']").first
    assert region.get_attribute("aria-labelledby")
    box = region.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= inner_width + 0.5
    picker = page.locator("[data-matrix-picker]").bounding_box()
    assert picker is not None and picker["x"] + picker["width"] <= inner_width + 0.5
    assert_healthy(record)


def test_a_wide_matrix_scrolls_in_its_region_by_keyboard(visit: VisitFn) -> None:
    """The table region takes focus; arrow keys scroll it when the table is wider than a phone."""
    record = open_matrix(visit, "az", width=375, height=800)
    page = record.page
    region = page.locator("div.matrix-scroll")
    wider = page.evaluate("(() => { const r = document.querySelector('div.matrix-scroll');"
                          " return r.scrollWidth > r.clientWidth; })()")
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('matrix-scroll')")
    if wider:
        page.keyboard.press("ArrowRight")
        # Polled from here: wait_for_function's in-page polling compiles its predicate, which the CSP refuses.
        for _ in range(50):
            if page.evaluate("document.querySelector('div.matrix-scroll').scrollLeft") > 0:
                break
            page.wait_for_timeout(50)
        assert page.evaluate("document.querySelector('div.matrix-scroll').scrollLeft") > 0
    assert_healthy(record)


@pytest.mark.parametrize("code", [None, "az", "wa"])
def test_matrix_pages_have_no_serious_axe_violations(visit: VisitFn, axe_source: str, code: str | None) -> None:
    record = open_matrix(visit, code)
    page = record.page
    page.locator("[data-matrix-picker]").wait_for(state="visible")
    page.evaluate(axe_source)  # through the DevTools protocol: the page's CSP does not apply
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    blocking = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert blocking == [], blocking
    assert_healthy(record)
