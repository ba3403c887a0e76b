"""The recognition calculator in Chromium: the same figures and words as recognition.py on generated
holdings (fixture catalog with edge cases added, and the bundled catalog), keyboard use, the portfolio it
downloads, without JavaScript, accessibility, phone width and print."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from calculator_check import (
    Holding,
    address,
    check_selections_match,
    expected_rows,
    holdings,
    recognizers_with_rules,
    shown_rows,
)
from fixture_site import CSP_RECORDER, REPO, SiteServer, serving
from hypothesis import HealthCheck, example, given, settings

from sitegen.model import Catalog
from sitegen.validate.catalog import load_catalog

pytestmark = pytest.mark.browser

EDGE_CONTENT = REPO / "tests" / "fixtures" / "calculator" / "content"
"""The basic fixture catalog plus a district with one rule for each case the computation names, and a stack
that any 2 of 3 complete."""
BUNDLED = REPO / "content"
EDGE_CATALOG = load_catalog(EDGE_CONTENT)
BUNDLED_CATALOG = load_catalog(BUNDLED)
CROSS_CHECK = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck),
                       derandomize=True)
D = dt.date


def _build(content: Path, out: Path) -> Path:
    command = [sys.executable, "-m", "sitegen", "build", "--content", str(content), "--output", str(out),
               "--no-search", "--quiet"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        pytest.fail(f"building {content} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return out


class Calculator:
    """A built catalog served on loopback, its catalog in memory, and one Chromium page reused."""

    def __init__(self, catalog: Catalog, server: SiteServer, page: Any, site: Path) -> None:
        self.catalog, self.server, self.page, self.site = catalog, server, page, site
        self.errors: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def open(self, query: str) -> None:
        self.page.goto(self.server.url("calculator/" + query))
        self.page.wait_for_selector("#calculator[data-calc-ready]:not([hidden])")

    def check(self, recognizer: str, holding: Holding) -> list[dict[str, Any]]:
        self.open(address(recognizer, holding))
        shown = shown_rows(self.page)
        expected = expected_rows(self.catalog, recognizer, holding)
        assert shown == expected, f"{recognizer} {holding}"
        assert self.errors == []
        return shown


def _calculator(browser: Any, catalog: Catalog, site: Path) -> Iterator[Calculator]:
    with serving(site, "calculator-site") as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        context.add_init_script(CSP_RECORDER)
        yield Calculator(catalog, server, context.new_page(), site)
        context.close()


@pytest.fixture(scope="session")
def edge(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Calculator]:
    site = _build(EDGE_CONTENT, tmp_path_factory.mktemp("calculator-edge-site") / "site")
    yield from _calculator(browser, EDGE_CATALOG, site)


@pytest.fixture(scope="session")
def bundled(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Calculator]:
    site = _build(BUNDLED, tmp_path_factory.mktemp("calculator-bundled-site") / "site")
    yield from _calculator(browser, BUNDLED_CATALOG, site)


def row(rows: list[dict[str, Any]], rule: str, recognizer: str | None = None) -> dict[str, Any]:
    return next(r for r in rows if r["rule"] == rule and (recognizer is None or r["recognizer"] == recognizer))


# --------------------------------------------------------------------------------------------------
# The cross-check


@pytest.mark.parametrize("which", ["edge", "bundled"])
def test_data_files_select_what_recognition_selects(which: str, request: pytest.FixtureRequest) -> None:
    calc: Calculator = request.getfixturevalue(which)
    folder = calc.site / "calculator"
    index = json.loads((folder / "credentials.json").read_text())
    assert [c[0] for c in index["credentials"]] == sorted(calc.catalog.credentials)
    files = {r: json.loads((folder / "recognizers" / f"{r}.json").read_text()) for r in calc.catalog.recognizers}
    for recognizer in recognizers_with_rules(calc.catalog):
        check_selections_match(calc.catalog, recognizer, files, index)


EDGE_CASES: list[tuple[str, Holding]] = [
    # two in one school year under max_per_year 1, and two either side of the school year's start
    ("edge-district", {"feedback-loops": D(2019, 9, 1), "data-inquiry": D(2020, 3, 1)}),
    ("edge-district", {"feedback-loops": D(2019, 6, 30), "data-inquiry": D(2019, 7, 1)}),
    # max_total: three $500 stipends capped at $1,000
    ("edge-district", {"feedback-loops": D(2019, 1, 1), "data-inquiry": D(2019, 2, 1),
                       "computational-thinking": D(2019, 3, 1)}),
    # outside effective (the window ended 2020-06-30; the pick-two stack completed after 2021-12-31)
    ("edge-district", {"computational-thinking": D(2020, 7, 1), "sel-morning-meeting": D(2022, 1, 1)}),
    # required: 2 of 3, completed inside the dates
    ("edge-district", {"computational-thinking": D(2019, 5, 1), "feedback-loops": D(2019, 6, 1)}),
    # no dates: what needs them is not computed, the rest is
    ("edge-district", {"computational-thinking": None, "feedback-loops": None, "sel-morning-meeting": None}),
    ("sample-district", {"feedback-loops": D(2019, 5, 1), "family-engagement": None, "data-inquiry": D(2020, 1, 1)}),
]


def test_edge_cases_show_what_the_rules_say(edge: Calculator) -> None:
    """The named cases, with the figures a reader expects (and the same as recognition.py's)."""
    rows = edge.check(*EDGE_CASES[0])
    assert row(rows, "one-a-year")["counted"] == ["feedback-loops"]
    assert row(rows, "one-a-year")["held_back"] == ["data-inquiry"]
    assert "1 held back by the 1-a-year cap" in row(rows, "one-a-year")["words"]
    rows = edge.check(*EDGE_CASES[1])
    assert row(rows, "one-a-year")["counted"] == ["feedback-loops", "data-inquiry"]
    assert row(rows, "one-a-year")["amount"] == 20
    rows = edge.check(*EDGE_CASES[2])
    assert row(rows, "capped-stipend")["amount"] == 1000
    assert "capped at $1,000 in all" in row(rows, "capped-stipend")["words"]
    rows = edge.check(*EDGE_CASES[3])
    assert row(rows, "window")["have"] == 0
    assert row(rows, "pick-two")["reached"] is False
    assert "after the rule ended on 2021-12-31" in row(rows, "pick-two")["words"]
    rows = edge.check(*EDGE_CASES[4])
    assert (row(rows, "pick-two")["reached"], row(rows, "pick-two")["amount"]) == (True, 1000)
    assert row(rows, "pick-two")["words"] == "Stack complete on 2019-06-01: $1,000 permanent raise"
    assert row(rows, "eligible")["words"].startswith("Eligible for a leadership pathway")
    rows = edge.check(*EDGE_CASES[5])
    assert not row(rows, "one-a-year")["computed"]
    assert not row(rows, "tiers-capped")["computed"]
    assert row(rows, "eligible-at-three")["words"] == "3 credentials: eligible for an endorsement"
    assert row(rows, "capped-stipend")["computed"] and row(rows, "unvalued")["computed"]
    text = edge.page.inner_text("[data-calc-status]")
    assert "no earned date, and this rule counts at most 1 a school year" in text


def test_dysart_with_16_credentials(bundled: Calculator) -> None:
    """Tiers at 15 and 30 with 16 credentials: the first reached, 14 more to the next."""
    ids = sorted(bundled.catalog.credentials)[:16]
    holding: Holding = {cid: D(2018, 1, 1) + dt.timedelta(days=40 * i) for i, cid in enumerate(ids)}
    rows = bundled.check("dysart-unified-school-district", holding)
    dysart = [r for r in rows if r["recognizer"] == "dysart-unified-school-district"]
    tiered = next(r for r in dysart if r["need"] == 30)
    assert (tiered["have"], tiered["amount"], tiered["reached"]) == (16, 4, True)
    assert "14 more to reach the next 4%" in tiered["words"]


@CROSS_CHECK
@example(case=EDGE_CASES[0]).via("named case")
@example(case=EDGE_CASES[1]).via("named case")
@example(case=EDGE_CASES[2]).via("named case")
@example(case=EDGE_CASES[3]).via("named case")
@example(case=EDGE_CASES[4]).via("named case")
@example(case=EDGE_CASES[5]).via("named case")
@example(case=EDGE_CASES[6]).via("named case")
@given(case=holdings(EDGE_CATALOG))
def test_same_results_as_recognition_py_on_the_fixture(edge: Calculator, case: tuple[str, Holding]) -> None:
    """Every figure and sentence of every rule shown equals recognition.py's and wording.py's."""
    edge.check(*case)


@CROSS_CHECK
@given(case=holdings(BUNDLED_CATALOG))
def test_same_results_as_recognition_py_on_the_bundled_catalog(bundled: Calculator,
                                                               case: tuple[str, Holding]) -> None:
    bundled.check(*case)


# --------------------------------------------------------------------------------------------------
# Using the page


TICK = """
async (selector) => {
  const root = document.getElementById("calculator");
  const before = root.getAttribute("data-calc-ready");
  const box = document.querySelector(selector);
  const started = performance.now();
  box.click();
  if (root.getAttribute("data-calc-ready") === before) {
    await new Promise((resolve) => {
      const watch = new MutationObserver(() => { watch.disconnect(); resolve(); });
      watch.observe(root, {attributes: true, attributeFilter: ["data-calc-ready"]});
    });
  }
  await new Promise((r) => requestAnimationFrame(() => r()));
  return performance.now() - started;
}
"""

COUNT_STATUS_CHANGES = """
() => {
  window.__statusChanges = 0;
  new MutationObserver((records) => { window.__statusChanges += records.length; })
    .observe(document.querySelector("[role=status]"), {childList: true});
}
"""


def _tab_to(page: Any, element_id: str, presses: int = 30) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    pytest.fail(f"Tab never reached #{element_id}")


def test_keyboard_ticks_and_dates_change_the_results_and_the_address(edge: Calculator) -> None:
    page = edge.page
    edge.open("?r=edge-district")
    assert page.locator("#calc-place").input_value() == "edge-district"
    page.focus("#calc-find")
    page.keyboard.type("Feedback")
    _tab_to(page, "c-feedback-loops")
    page.evaluate(COUNT_STATUS_CHANGES)
    before = page.get_attribute("#calculator", "data-calc-ready")
    page.keyboard.press("Space")
    page.wait_for_function(f"document.getElementById('calculator').dataset.calcReady !== '{before}'")
    assert page.evaluate("window.__statusChanges") == 1, "the status region changes once per tick"
    assert "c=feedback-loops" in page.url
    assert row(shown_rows(page), "one-a-year")["counted"] == ["feedback-loops"]
    assert page.locator("[data-calc-held-legend]").inner_text() == "Ticked: 1 credential"
    page.focus("#date-feedback-loops")
    page.keyboard.type("05012019")
    page.wait_for_function("location.search.includes('feedback-loops%3A2019-05-01')")
    link = page.url
    rows = shown_rows(page)
    edge.page.goto(link)
    page.wait_for_selector("#calculator[data-calc-ready]:not([hidden])")
    assert shown_rows(page) == rows, "a link reproduces the result"
    assert rows == expected_rows(edge.catalog, "edge-district", {"feedback-loops": D(2019, 5, 1)})


def test_a_whole_stack_ticks_and_unticks(edge: Calculator) -> None:
    page = edge.page
    edge.open("?r=sample-district")
    page.focus("#stack-leader-stack")
    page.keyboard.press("Space")
    page.wait_for_function("new URLSearchParams(location.search).getAll('c').length === 3")
    assert page.locator("[data-calc-held-legend]").inner_text() == "Ticked: 3 credentials"
    assert row(shown_rows(page), "leader-eligibility")["words"] == "Stack complete: eligible for a leadership pathway"
    page.keyboard.press("Space")
    page.wait_for_function("new URLSearchParams(location.search).getAll('c').length === 0")
    assert row(shown_rows(page), "leader-eligibility")["words"] == "0 / 3 credentials of the stack"


def test_tick_to_result_time(bundled: Calculator) -> None:
    """Measured, not judged (timing goals live in benchmarks/): printed for the record."""
    ids = sorted(bundled.catalog.credentials)[:15]
    bundled.open(address("dysart-unified-school-district", dict.fromkeys(ids, D(2019, 1, 1))))
    times = [bundled.page.evaluate(TICK, f"#c-{sorted(bundled.catalog.credentials)[15]}") for _ in range(6)]
    print(f"\ncalculator tick to result (bundled, Dysart, 15-16 credentials): {sorted(times)} ms")
    assert all(t > 0 for t in times)


def test_start_a_portfolio_downloads_a_manifest_that_passes_check(edge: Calculator, tmp_path: Path) -> None:
    holding: Holding = {"feedback-loops": D(2019, 5, 1), "data-inquiry": D(2020, 2, 3), "sel-morning-meeting": None}
    edge.open(address("edge-district", holding))
    with edge.page.expect_download() as caught:
        edge.page.click("[data-calc-download]")
    download = caught.value
    assert download.suggested_filename == "portfolio.yaml"
    content = tmp_path / "content"
    shutil.copytree(EDGE_CONTENT, content)
    folder = content / "portfolios" / "from-calculator"
    folder.mkdir(parents=True)
    download.save_as(folder / "portfolio.yaml")
    text = (folder / "portfolio.yaml").read_text()
    assert "district: edge-district" in text and "#  - credential: sel-morning-meeting" in text
    done = subprocess.run([sys.executable, "-m", "sitegen", "check", "--content", str(content)], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    portfolio = load_catalog(content).portfolios["from-calculator"]
    assert {a.credential: a.earned for a in portfolio.earned} == {
        "feedback-loops": D(2019, 5, 1), "data-inquiry": D(2020, 2, 3)}
    assert portfolio.district == "edge-district" and portfolio.public is False
    # a state chosen, and nothing dated
    edge.open(address("wa", {"sel-morning-meeting": None}))
    with edge.page.expect_download() as caught:
        edge.page.click("[data-calc-download]")
    caught.value.save_as(folder / "portfolio.yaml")
    assert "state: wa" in (folder / "portfolio.yaml").read_text()
    done = subprocess.run([sys.executable, "-m", "sitegen", "check", "--content", str(content)], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert load_catalog(content).portfolios["from-calculator"].earned == ()


def test_pages_link_to_the_calculator_with_their_recognizer_or_credential(edge: Calculator) -> None:
    page = edge.page
    page.goto(edge.server.url("districts/edge-district/"))
    page.click(".calc-link a")
    page.wait_for_selector("#calculator[data-calc-ready]:not([hidden])")
    assert page.locator("#calc-place").input_value() == "edge-district"
    assert {r["recognizer"] for r in shown_rows(page)} == {"edge-district", "wa"}
    page.goto(edge.server.url("credentials/family-engagement/"))
    page.click(".calc-link a")
    page.wait_for_selector("#calculator[data-calc-ready]:not([hidden])")
    assert page.locator("#held-family-engagement").is_checked()
    assert "Choose a state or district" in page.inner_text("[role=status]")


def test_without_javascript_the_page_says_what_it_does_and_links_the_rules(browser: Any, edge: Calculator) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(edge.server.url("calculator/"))
        assert "needs JavaScript" in page.inner_text("main")
        assert page.locator("main a[href$='/districts/edge-district/']").is_visible()
        assert page.locator("main a[href$='/states/wa/']").is_visible()
        assert not page.locator("#calculator").is_visible()
        # ... and it keeps no blank room for it: the footer follows the list of rules.
        assert page.locator("#calculator").bounding_box() is None
    finally:
        context.close()


def test_results_pass_axe_fit_a_phone_and_print(bundled: Calculator, axe_source: str,
                                                screenshot_dir: Path | None) -> None:
    from test_pages import BLOCKING_IMPACTS, describe_violations, run_axe

    page = bundled.page
    ids = sorted(bundled.catalog.credentials)
    holding: Holding = {cid: (D(2017, 8, 1) + dt.timedelta(days=70 * i) if i % 5 else None)
                        for i, cid in enumerate(ids[:16])}
    bundled.open(address("dysart-unified-school-district", holding))
    assert page.locator("[role=status] li.worth-rule").count() >= 2
    blocking = [v for v in run_axe(bundled, axe_source) if v["impact"] in BLOCKING_IMPACTS]  # type: ignore[arg-type]
    assert not blocking, describe_violations(blocking)
    if screenshot_dir is not None:
        page.screenshot(path=str(screenshot_dir / "calculator-dysart-1280.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if screenshot_dir is not None:
        page.screenshot(path=str(screenshot_dir / "calculator-dysart-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert width[0] <= width[1], f"the calculator scrolls sideways at 375 px: {width}"
    page.emulate_media(media="print")
    try:
        assert not page.locator(".calc-place-step").is_visible()
        assert not page.locator("[data-calc-choices]").is_visible()
        assert page.locator("[role=status] li.worth-rule").first.is_visible()
    finally:
        page.emulate_media(media="screen")
    assert bundled.page.evaluate("window.__cspViolations") == []
