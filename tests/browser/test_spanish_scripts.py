"""The browser scripts in Spanish (issue 19), in Chromium, on the calculator fixture built with
`languages: [en, es]`: the Spanish search page's status and filter legends, the Spanish matrix's sort buttons and
the Spanish calculator (legends, summary, and every rule result the same as wording.py's in Spanish, on the
named edge cases and on generated holdings) are in Spanish; the English pages of the same site are as before."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bilingual import bilingual_content
from calculator_check import Holding, address, expected_rows, holdings, shown_rows
from fixture_site import CSP_RECORDER, SiteServer, build_site, serving
from hypothesis import HealthCheck, given, settings
from test_calculator import EDGE_CASES, EDGE_CATALOG, EDGE_CONTENT, row

from sitegen.i18n import translations

pytestmark = pytest.mark.browser

SPANISH = translations("es")
TIMEOUT = 15.0
D = dt.date


@pytest.fixture(scope="module")
def bilingual_calculator_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("spanish-scripts")
    return build_site(bilingual_content(EDGE_CONTENT, root), root / "site")


@pytest.fixture(scope="module")
def server(bilingual_calculator_site: Path) -> Iterator[SiteServer]:
    with serving(bilingual_calculator_site, "spanish-scripts-server") as running:
        yield running


class Tab:
    """One Chromium page on the bilingual site, with the script errors and CSP violations it meets."""

    def __init__(self, browser: Any, server: SiteServer) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.add_init_script(CSP_RECORDER)
        self.page = self.context.new_page()
        self.server = server
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def open(self, site_path: str) -> Any:
        response = self.page.goto(self.server.url(site_path), wait_until="load")
        assert response is not None and response.status == 200, site_path
        return self.page

    def calculator(self, prefix: str, query: str) -> Any:
        page = self.open(prefix + "calculator/" + query)
        page.wait_for_selector("#calculator[data-calc-ready]:not([hidden])")
        return page

    def clean(self) -> bool:
        return self.errors == [] and self.page.evaluate("window.__cspViolations") == []


@pytest.fixture(scope="module")
def tab(browser: Any, server: SiteServer) -> Iterator[Tab]:
    opened = Tab(browser, server)
    yield opened
    opened.context.close()


def _wait_text(page: Any, selector: str, wanted: str) -> str:
    deadline = time.monotonic() + TIMEOUT
    text = page.inner_text(selector)
    while wanted not in text and time.monotonic() < deadline:
        time.sleep(0.1)
        text = page.inner_text(selector)
    return text


def _legends(page: Any) -> list[str]:
    page.wait_for_selector("[data-filters] fieldset legend", timeout=TIMEOUT * 1000)
    legends: list[str] = page.eval_on_selector_all("[data-filters] legend", "els => els.map(e => e.textContent)")
    return legends


# --------------------------------------------------------------------------------------------------
# Search


def test_spanish_search_status_and_filters(tab: Tab) -> None:
    page = tab.open("es/search/")
    status = _wait_text(page, "[data-status]", "Escriba")
    assert status == "Escriba una palabra o elija filtros para ver las credenciales que coinciden."
    legends = _legends(page)
    assert "Tipo de página" in legends and "Nombrada por reglas en" in legends and "Emisor" in legends
    assert not {"Page type", "Named by rules in", "Issuer"} & set(legends)
    values = page.eval_on_selector_all("[data-filters] label > span:not(.filter-count)",
                                       "els => els.map(e => e.textContent)")
    assert "Credencial" in values and "Credential" not in values
    # a filter chosen by its Spanish value: its results and a Spanish count
    page.locator("[data-filters] input[data-facet=type][value=Credencial]").check()
    status = _wait_text(page, "[data-status]", "resultado")
    assert status.endswith("resultados.") or status.endswith("resultado."), status
    assert "type=Credencial" in page.url and page.locator("[data-results] li").count() > 0
    page = tab.open("es/search/?q=feedback")
    status = _wait_text(page, "[data-status]", "«feedback»")
    assert status.endswith(" para «feedback».") and " resultado" in status, status
    assert tab.clean()


def test_english_search_is_unchanged(tab: Tab) -> None:
    page = tab.open("search/")
    assert _wait_text(page, "[data-status]", "Type") == "Type a word, or choose filters, to see matching credentials."
    legends = _legends(page)
    assert "Page type" in legends and "Named by rules in" in legends
    page = tab.open("search/?q=feedback")
    status = _wait_text(page, "[data-status]", "for “feedback”")
    assert status.endswith("for “feedback”.") and " result" in status, status
    assert tab.clean()


# --------------------------------------------------------------------------------------------------
# Sortable tables (site.js)


def test_sort_buttons_in_spanish_and_english(tab: Tab) -> None:
    page = tab.open("es/recognition/wa/")
    page.wait_for_selector("table[data-sortable] th[aria-sort]")
    sort = page.locator("table[data-sortable] thead button.sort-button", has_text="Ordenar")
    spanish_buttons = sort.count()
    assert spanish_buttons >= 1
    assert sort.first.get_attribute("aria-label").startswith("Ordenar por ")
    assert page.locator("table[data-sortable] thead button", has_text="Sort").count() == 0
    sort.first.click()
    assert page.locator("table[data-sortable] th[aria-sort=ascending]").count() == 1
    page = tab.open("recognition/wa/")
    page.wait_for_selector("table[data-sortable] th[aria-sort]")
    english = page.locator("table[data-sortable] thead button.sort-button", has_text="Sort")
    assert english.count() == spanish_buttons
    assert english.first.get_attribute("aria-label").startswith("Sort by ")
    assert tab.clean()


# --------------------------------------------------------------------------------------------------
# The calculator


def test_spanish_calculator_legends_and_a_spanish_rule_result(tab: Tab) -> None:
    holding: Holding = {"computational-thinking": D(2019, 5, 1), "feedback-loops": D(2019, 6, 1)}
    page = tab.calculator("es/", address("edge-district", holding))
    assert page.inner_text("[data-calc-held-legend]") == "Marcadas: 2 credenciales"
    legends = page.eval_on_selector_all("[data-calc-choices] legend", "els => els.map(e => e.textContent)")
    assert any(legend.startswith("Conjunto: ") for legend in legends), legends
    assert any(legend.startswith("Credenciales (") for legend in legends), legends
    assert page.locator("[data-calc-choices] label", has_text="Marcar todo el conjunto").count() >= 1
    rows = shown_rows(page)
    assert rows == expected_rows(EDGE_CATALOG, "edge-district", holding, SPANISH)
    assert row(rows, "pick-two")["words"] == "Conjunto completo el 1 de junio de 2019: aumento permanente de $1,000"
    summary = page.inner_text(".calc-summary")
    assert summary.startswith("2 credenciales marcadas; Edge Case School District y Washington: "), summary
    assert "alcanzada" in summary and "reached" not in summary
    status = page.inner_text("[data-calc-status]")
    assert "Regla:" in status and "Fuente:" in status and "Rule:" not in status
    # the place list and the date labels
    assert "(el estado)" in page.inner_text("#calc-place")
    assert page.locator("label[for='date-feedback-loops']").inner_text() == "Obtenida el"
    assert tab.clean()


def test_spanish_calculator_without_a_place_and_without_dates(tab: Tab) -> None:
    page = tab.calculator("es/", "")
    assert page.inner_text("[data-calc-status]") == (
        "Elija un estado o distrito y luego marque las credenciales que tiene.")
    recognizer, holding = EDGE_CASES[5]  # nothing dated: what needs a date is not computed
    page = tab.calculator("es/", address(recognizer, holding))
    rows = shown_rows(page)
    assert rows == expected_rows(EDGE_CATALOG, recognizer, holding, SPANISH)
    assert row(rows, "eligible-at-three")["words"] == "3 credenciales: con derecho a una habilitación"
    text = page.inner_text("[data-calc-status]")
    assert "Sin calcular: " in text and "esta regla cuenta como máximo 1 por año escolar" in text
    assert "sin calcular por falta de fechas de obtención" in page.inner_text(".calc-summary")
    assert tab.clean()


def test_english_calculator_on_the_bilingual_site_is_unchanged(tab: Tab) -> None:
    recognizer, holding = EDGE_CASES[4]
    page = tab.calculator("", address(recognizer, holding))
    rows = shown_rows(page)
    assert rows == expected_rows(EDGE_CATALOG, recognizer, holding)
    assert row(rows, "pick-two")["words"] == "Stack complete on 2019-06-01: $1,000 permanent raise"
    assert page.inner_text("[data-calc-held-legend]") == "Ticked: 2 credentials"
    assert page.inner_text(".calc-summary").startswith("2 credentials ticked; Edge Case School District and Washington")
    assert tab.clean()


@pytest.mark.parametrize("case", EDGE_CASES, ids=[f"case{i}" for i in range(len(EDGE_CASES))])
def test_spanish_results_are_wording_py_in_spanish_on_the_named_cases(tab: Tab, case: tuple[str, Holding]) -> None:
    recognizer, holding = case
    page = tab.calculator("es/", address(recognizer, holding))
    assert shown_rows(page) == expected_rows(EDGE_CATALOG, recognizer, holding, SPANISH)
    assert tab.clean()


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(case=holdings(EDGE_CATALOG))
def test_spanish_results_are_wording_py_in_spanish_on_generated_holdings(tab: Tab, case: tuple[str, Holding]) -> None:
    """The cross-check of test_calculator.py, on the Spanish page against wording.py with the Spanish translation:
    calculator-rules.js composes the same sentences from the same msgids."""
    recognizer, holding = case
    page = tab.calculator("es/", address(recognizer, holding))
    assert shown_rows(page) == expected_rows(EDGE_CATALOG, recognizer, holding, SPANISH), f"{recognizer} {holding}"
    assert tab.clean()
