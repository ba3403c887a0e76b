"""The bundled catalog (content/) in Spanish, in Chromium: its translated pages (home, Washington,
Massachusetts, two credentials) show Spanish text and pass axe; searching "evaluación" on the Spanish search
page finds the Spanish credential text (Pagefind's Spanish index, built from `<html lang="es">`).

With `--screenshots DIR`, the Spanish credential and search pages are saved at 1280 and 375 px wide."""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixture_site import REPO, SiteServer, build_site, page_opener, serving
from test_pages import AXE_RUN, AXE_TAGS, BLOCKING_IMPACTS, describe_violations

pytestmark = pytest.mark.browser

TRANSLATED = {
    "es/": "Catálogo de reconocimiento de microcredenciales para educadores",
    "es/states/wa/": "El sistema de educación continua de Washington usa las horas reloj",
    "es/states/ma/": "Massachusetts permite a los educadores usar hasta dos microcredenciales",
    "es/credentials/cce-original-performance-assessment/": "Crear una evaluación de desempeño original",
    "es/credentials/elementary-computer-science/": "Integrar el pensamiento computacional",
}
CREDENTIAL = "es/credentials/cce-original-performance-assessment/"
TIMEOUT = 20.0


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO / "content", tmp_path_factory.mktemp("bundled-spanish") / "site")


@pytest.fixture(scope="module")
def bundled_server(bundled_site: Path) -> Iterator[SiteServer]:
    with serving(bundled_site, "bundled-spanish-server") as server:
        yield server


@pytest.fixture
def open_page(browser: Any, bundled_server: SiteServer) -> Iterator[Any]:
    with page_opener(browser, bundled_server) as opened:
        yield opened


@pytest.mark.parametrize("site_path", sorted(TRANSLATED))
def test_translated_pages_are_spanish_and_pass_axe(open_page: Any, axe_source: str, site_path: str) -> None:
    page = open_page(site_path)
    assert page.evaluate("document.documentElement.lang") == "es"
    main = page.locator("main")
    assert TRANSLATED[site_path] in main.inner_text()
    # the translation is in the page's language: not marked as English
    marked = page.eval_on_selector_all("main [lang='en']", "els => els.map(e => e.textContent)")
    assert not [text for text in marked if TRANSLATED[site_path][:30] in text], marked
    assert "Traducción ilustrativa" in main.inner_text()  # our translations are labelled as such
    page.evaluate(axe_source)
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{site_path}:\n{describe_violations(blocking)}"
    assert page.errors == [] and page.evaluate("window.__cspViolations") == []


def _results(page: Any) -> list[str]:
    hrefs = page.eval_on_selector_all("[data-results] h2 a", "els => els.map(a => a.getAttribute('href'))")
    return [urllib.parse.urlsplit(h).path for h in hrefs]


def _search(page: Any) -> list[str]:
    deadline = time.monotonic() + TIMEOUT
    found = _results(page)
    while not found and time.monotonic() < deadline:
        time.sleep(0.1)
        found = _results(page)
    time.sleep(0.3)  # let a search in flight finish
    return _results(page)


def test_searching_evaluacion_finds_the_spanish_credential_text(open_page: Any,
                                                                 screenshot_dir: Path | None) -> None:
    page = open_page(f"es/search/?q={urllib.parse.quote('evaluación')}")
    found = _search(page)
    assert "/catalog/" + CREDENTIAL in found, found
    assert all(path.startswith("/catalog/es/") for path in found), found
    excerpt = page.locator("[data-results] li", has=page.locator(f"a[href$='{CREDENTIAL}']")).first.inner_text()
    assert "evaluación" in excerpt.lower(), excerpt
    english = open_page(f"search/?q={urllib.parse.quote('evaluación')}")
    assert not [path for path in _search(english) if path.startswith("/catalog/es/")]  # each language its index
    if screenshot_dir is not None:
        page.screenshot(path=str(screenshot_dir / "spanish-search-1280.png"), full_page=True,
                        clip={"x": 0, "y": 0, "width": 1280, "height": 1200})
        narrow = open_page(f"es/search/?q={urllib.parse.quote('evaluación')}", width=375)
        _search(narrow)
        narrow.screenshot(path=str(screenshot_dir / "spanish-search-375.png"), full_page=True,
                          clip={"x": 0, "y": 0, "width": 375, "height": 1600})


def test_spanish_credential_page_screenshots(open_page: Any, screenshot_dir: Path | None) -> None:
    for width in (1280, 375):
        page = open_page(CREDENTIAL, width=width)
        assert page.locator("h1").inner_text() == TRANSLATED[CREDENTIAL]
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{width} px: the page scrolls sideways by {overflow} px"
        if screenshot_dir is not None:
            page.screenshot(path=str(screenshot_dir / f"spanish-credential-{width}.png"), full_page=True)


LIGHTHOUSE_SPANISH = ["es/", CREDENTIAL, "es/states/wa/", "es/search/"]


@pytest.mark.lighthouse
def test_lighthouse_scores_the_spanish_pages_100(bundled_server: SiteServer) -> None:
    from checkers import lighthouse

    by_url = lighthouse([bundled_server.url(path) for path in LIGHTHOUSE_SPANISH])
    problems = {path: by_url[bundled_server.url(path)].problems() for path in LIGHTHOUSE_SPANISH}
    assert not any(problems.values()), "\n".join(f"{path}: {found}" for path, found in problems.items() if found)
