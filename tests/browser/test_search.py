"""The search page in Chromium: Pagefind queries, facet filters in the URL, history, keyboard, announcements,
narrow screens and the no-JavaScript notice.

The page's CSP forbids eval, so nothing here uses `page.wait_for_function`: waits poll from Python.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import pytest
from fixture_site import FIXTURE_CONTENT, Visit

from sitegen.jurisdictions import JURISDICTIONS
from sitegen.model import Catalog
from sitegen.plan.common import GRADE_LABELS
from sitegen.plan.index import CatalogIndex, build_index
from sitegen.validate.catalog import load_catalog

pytestmark = pytest.mark.browser

VisitFn = Callable[..., Visit]
TIMEOUT = 15.0  # seconds for any one wait
RESULT_STATUS = re.compile(r"^(\d+) results?( for “(.*)”)?( \(showing the first 50\))?\.$")
TAB_PRESS_LIMIT = 40


# --------------------------------------------------------------------------------------------------
# Expected sets, from the fixture data


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURE_CONTENT)


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> CatalogIndex:
    return build_index(catalog)


def credential_path(credential_id: str) -> str:
    return f"/catalog/credentials/{credential_id}/"


def recognized_in(index: CatalogIndex, code: str) -> set[str]:
    return {credential_path(c) for c in index.credentials_by_state.get(code, ())}


# --------------------------------------------------------------------------------------------------
# Waiting and reading the page


def poll(read: Callable[[], Any], done: Callable[[Any], bool], what: str, timeout: float = TIMEOUT) -> Any:
    """Call `read` until `done(value)`; fail naming `what` and the last value after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    value = read()
    while not done(value):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}; last seen: {value!r}")
        time.sleep(0.05)
        value = read()
    return value


def status(page: Any) -> str:
    return page.inner_text("[data-status]").strip()


def results(page: Any) -> list[str]:
    """The result links' paths, in order."""
    hrefs = page.eval_on_selector_all("[data-results] h2 a", "els => els.map(a => a.getAttribute('href'))")
    return [urllib.parse.urlsplit(h).path for h in hrefs]


def wait_ready(page: Any) -> None:
    """The search page has loaded Pagefind and drawn its filter checkboxes."""
    page.wait_for_selector("[data-filters] input[type=checkbox]", state="attached", timeout=TIMEOUT * 1000)
    poll(lambda: status(page), lambda s: s not in ("", "Loading search…"), "the search to load")


def finished(page: Any, query: str | None) -> list[str] | None:
    """The result paths if a search has finished (the status reads 'N results[ for “query”].' and N links
    are shown), else None."""
    text, found = status(page), results(page)
    match = RESULT_STATUS.match(text)
    if not match or (query is not None and (match.group(3) or "") != query):
        return None
    count = int(match.group(1))
    return found if count == len(found) or (count > 50 and len(found) == 50) else None


def settled_results(page: Any, query: str | None = None) -> list[str]:
    """Wait for a finished search (for `query` if given) and return its result paths."""
    result: list[str] = poll(lambda: finished(page, query), lambda found: found is not None,
                             f"results for {query!r}")
    return result


def wait_results(page: Any, expected: set[str], query: str | None = None) -> list[str]:
    """Wait until a finished search shows exactly the `expected` paths, each once."""
    result: list[str] = poll(lambda: finished(page, query),
                             lambda found: found is not None and sorted(found) == sorted(expected),
                             f"results {sorted(expected)}")
    return result


def url_state(page: Any) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)


def checkbox(page: Any, facet: str, value: str) -> Any:
    return page.locator(f'[data-filters] input[type=checkbox][data-facet="{facet}"][value="{value}"]')


def checked_filters(page: Any) -> set[tuple[str, str]]:
    pairs = page.eval_on_selector_all(
        "[data-filters] input[type=checkbox]:checked", "els => els.map(b => [b.dataset.facet, b.value])")
    return {(facet, value) for facet, value in pairs}


def active(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => {
      const el = document.activeElement;
      return el ? {tag: el.tagName, id: el.id, type: el.type || null, facet: el.dataset ? el.dataset.facet || null
                   : null, value: el.value === undefined ? null : el.value, checked: el.checked === true} : {};
    }""")


def assert_healthy(visit: Visit) -> None:
    assert visit.status == 200, f"{visit.url} answered {visit.status}"
    assert visit.foreign_requests() == [], "requests to hosts other than the local server"
    assert visit.failed == [], "failed requests"
    assert visit.bad_status == [], "requests answered with an error status"
    assert visit.console_errors == [], "console errors"
    assert visit.page_errors == [], "uncaught script errors"
    assert visit.csp_violations() == [], "Content-Security-Policy violations"


def open_search(visit: VisitFn, query: str = "", **options: Any) -> Visit:
    """The search page (optionally with a query string), loaded and ready."""
    record = visit("search", wait_until="networkidle" if query else "load", **options)
    if query:
        response = record.page.goto(record.url + "?" + query)
        record.status = response.status if response else None
    wait_ready(record.page)
    return record


# --------------------------------------------------------------------------------------------------
# Queries and filters


def test_typing_a_word_finds_the_credential(visit: VisitFn, catalog: Catalog) -> None:
    record = open_search(visit)
    page = record.page
    credential = catalog.credentials["feedback-loops"]
    word = credential.title.split()[0]  # "Feedback"
    page.fill("#search-q", word)
    found = settled_results(page, word)
    assert credential_path(credential.id) in found
    # The result shows the credential's title, taken from its Pagefind metadata.
    link = page.locator(f'[data-results] h2 a[href="{credential_path(credential.id)}"]')
    assert link.inner_text().strip() == credential.title
    assert url_state(page) == {"q": [word]}
    assert_healthy(record)


def test_home_search_box_leads_to_results(visit: VisitFn, catalog: Catalog) -> None:
    record = visit("home")
    page = record.page
    credential = catalog.credentials["feedback-loops"]
    word = credential.title.split()[0]
    page.fill("#home-q", word)
    page.press("#home-q", "Enter")
    page.wait_for_url(record.server.url("search/") + "?q=" + word)
    wait_ready(page)
    assert page.input_value("#search-q") == word
    assert credential_path(credential.id) in settled_results(page, word)
    assert_healthy(record)


def test_state_filter_narrows_to_the_credentials_recognized_there(visit: VisitFn, catalog: Catalog,
                                                                  index: CatalogIndex) -> None:
    record = open_search(visit)
    page = record.page
    washington = JURISDICTIONS["wa"].name
    expected = recognized_in(index, "wa")
    assert 0 < len(expected) < len(catalog.credentials)  # a real narrowing

    checkbox(page, "state", washington).check()
    found = wait_results(page, expected)
    assert all(p.startswith("/catalog/credentials/") for p in found)
    assert url_state(page) == {"state": [washington]}

    # Restricted to pages of type Credential too: still exactly the same credentials.
    checkbox(page, "type", "Credential").check()
    wait_results(page, expected)
    assert url_state(page) == {"state": [washington], "type": ["Credential"]}

    # Another state gives its own exact set (a district's rules count for its state).
    checkbox(page, "state", washington).uncheck()
    arizona = JURISDICTIONS["az"].name
    checkbox(page, "state", arizona).check()
    wait_results(page, recognized_in(index, "az"))
    # "Named by rules in" is kept apart from rules that accept any credential: Arizona has one (the sample
    # district's raise), said beside the results and linked, never counted as a filter match.
    note = page.locator("[data-any-note] p")
    assert note.count() == 1
    assert note.inner_text().startswith("In Arizona, 1 recognizer also accepts any credential of this catalog")
    assert note.locator("a").get_attribute("href").endswith("/catalog/recognition/any/#state-az")
    checkbox(page, "state", arizona).uncheck()
    checkbox(page, "state", washington).check()
    wait_results(page, expected)
    assert page.locator("[data-any-note] p").count() == 0  # no recognizer in Washington accepts any
    assert_healthy(record)


def test_query_and_filters_survive_a_reload(visit: VisitFn, index: CatalogIndex) -> None:
    record = open_search(visit)
    page = record.page
    washington = JURISDICTIONS["wa"].name
    page.fill("#search-q", "credential")
    page.press("#search-q", "Enter")
    settled_results(page, "credential")
    checkbox(page, "state", washington).check()
    checkbox(page, "type", "Credential").check()
    before = wait_results(page, recognized_in(index, "wa"), "credential")
    assert url_state(page) == {"q": ["credential"], "state": [washington], "type": ["Credential"]}
    url = page.url

    page.reload()
    wait_ready(page)
    assert page.url == url
    assert page.input_value("#search-q") == "credential"
    assert checked_filters(page) == {("state", washington), ("type", "Credential")}
    after = wait_results(page, set(before), "credential")
    assert sorted(after) == sorted(before)
    assert_healthy(record)


def test_a_url_with_filters_opens_them(visit: VisitFn, catalog: Catalog, index: CatalogIndex) -> None:
    """A shared link (`?state=…&grade-band=…`) opens with those boxes ticked and their results."""
    washington = JURISDICTIONS["wa"].name
    grade = GRADE_LABELS["k-5"]
    expected = {credential_path(c.id) for c in catalog.credentials.values()
                if "k-5" in c.grade_bands and credential_path(c.id) in recognized_in(index, "wa")}
    assert expected
    record = open_search(visit, urllib.parse.urlencode({"state": washington, "grade-band": grade}))
    page = record.page
    assert checked_filters(page) == {("state", washington), ("grade band", grade)}
    wait_results(page, expected)
    assert_healthy(record)


def test_back_button_restores_the_previous_filters(visit: VisitFn, index: CatalogIndex) -> None:
    record = open_search(visit)
    page = record.page
    washington, arizona = JURISDICTIONS["wa"].name, JURISDICTIONS["az"].name
    assert recognized_in(index, "wa") != recognized_in(index, "az")

    checkbox(page, "state", washington).check()
    wait_results(page, recognized_in(index, "wa"))
    checkbox(page, "state", washington).uncheck()
    checkbox(page, "state", arizona).check()
    wait_results(page, recognized_in(index, "az"))
    assert url_state(page) == {"state": [arizona]}

    page.go_back()  # arizona unticked, nothing ticked
    poll(lambda: url_state(page), lambda s: s == {}, "the URL of the step before")
    poll(lambda: checked_filters(page), lambda s: s == set(), "no box ticked")
    page.go_back()  # washington ticked
    poll(lambda: url_state(page), lambda s: s == {"state": [washington]}, "the Washington URL")
    poll(lambda: checked_filters(page), lambda s: s == {("state", washington)}, "the Washington box ticked")
    wait_results(page, recognized_in(index, "wa"))

    page.go_forward()
    page.go_forward()
    poll(lambda: checked_filters(page), lambda s: s == {("state", arizona)}, "the Arizona box ticked again")
    wait_results(page, recognized_in(index, "az"))
    assert_healthy(record)


# --------------------------------------------------------------------------------------------------
# Keyboard and announcements


def test_keyboard_only(visit: VisitFn, catalog: Catalog) -> None:
    """Tab to the search box, type, Tab on to a filter checkbox, Space ticks it."""
    record = open_search(visit)
    page = record.page
    page.locator("body").focus()
    for _ in range(TAB_PRESS_LIMIT):
        page.keyboard.press("Tab")
        if active(page).get("id") == "search-q":
            break
    else:
        pytest.fail("Tab never reached the search box")
    word = catalog.credentials["feedback-loops"].title.split()[0]
    page.keyboard.type(word)
    settled_results(page, word)

    for _ in range(TAB_PRESS_LIMIT):
        page.keyboard.press("Tab")
        if active(page).get("type") == "checkbox":
            break
    else:
        pytest.fail("Tab never reached a filter checkbox")
    box = active(page)
    assert box["checked"] is False
    page.keyboard.press("Space")
    after = active(page)
    assert (after["facet"], after["value"], after["checked"]) == (box["facet"], box["value"], True)
    param = box["facet"].replace(" ", "-")
    poll(lambda: url_state(page), lambda s: s.get(param) == [box["value"]] and s.get("q") == [word],
         "the ticked filter in the URL")
    settled_results(page, word)
    assert active(page) == after  # the focus stays on the box while results update
    page.keyboard.press("Space")
    again = active(page)
    assert (again["facet"], again["value"], again["checked"]) == (box["facet"], box["value"], False)
    poll(lambda: url_state(page), lambda s: param not in s, "the unticked filter gone from the URL")
    assert_healthy(record)


def test_results_are_announced(visit: VisitFn) -> None:
    record = visit("search")
    page = record.page
    box = page.locator("[data-status]")
    assert box.get_attribute("role") == "status"
    assert box.get_attribute("aria-live") == "polite"
    wait_ready(page)
    idle = status(page)
    page.fill("#search-q", "Loops")
    announced = poll(lambda: status(page), lambda s: s != idle and RESULT_STATUS.match(s) is not None,
                     "the result count announced")
    assert "Loops" in announced
    page.fill("#search-q", "zzzqqqxxnothing")
    poll(lambda: status(page), lambda s: s.startswith("0 results"), "no results announced")
    assert results(page) == []
    assert_healthy(record)


# --------------------------------------------------------------------------------------------------
# Small screens and no JavaScript


def test_no_horizontal_scroll_at_375px(visit: VisitFn) -> None:
    record = open_search(visit, width=375, height=740)
    page = record.page
    page.fill("#search-q", "credential")
    settled_results(page, "credential")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
                           " document.body.scrollWidth]")
    assert widths[0] <= widths[1] and widths[2] <= widths[1], widths
    assert_healthy(record)


def test_without_javascript_the_page_links_to_the_credential_list(visit: VisitFn) -> None:
    record = visit("search", java_script_enabled=False)
    page = record.page
    notice = page.locator("p.notice")
    assert notice.is_visible()
    assert "JavaScript" in notice.inner_text()
    link = notice.locator("a")
    assert link.get_attribute("href") == "/catalog/credentials/"
    link.click()
    page.wait_for_url(record.server.url("credentials/"))
    assert page.locator("h1").first.is_visible()
    assert record.foreign_requests() == []
    assert record.bad_status == [] and record.console_errors == []


def test_the_search_page_has_one_search_box_and_nothing_moves_as_it_loads(visit: VisitFn) -> None:
    """The header's search box is left off /search/ (two boxes named q side by side); the filters and results
    Pagefind draws take a place kept for them: no layout shift while the page loads, at phone width."""
    record = visit("search", width=412, height=823)
    page = record.page
    page.evaluate("""() => { window.__shift = 0; new PerformanceObserver(list => {
        for (const e of list.getEntries()) { if (!e.hadRecentInput) { window.__shift += e.value; } }
      }).observe({type: "layout-shift", buffered: true}); }""")
    wait_ready(page)
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=q]").count() == 1
    assert page.locator("input[name=q]").get_attribute("id") == "search-q"
    assert page.locator(".header-search").count() == 0
    shift = page.evaluate("window.__shift")
    assert shift < 0.01, f"the search page's layout shifts by {shift} while it loads"
    other = visit("credentials")
    assert other.page.locator(".header-search input[name=q]").count() == 1  # every other page keeps it
