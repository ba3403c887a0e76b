"""The fixture catalog in two languages (`languages: [en, es]`) in Chromium: the Spanish pages pass axe, the
language switcher keeps the page, and Pagefind searches each language in its own index, with Spanish stemming
on the Spanish search page."""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bilingual import bilingual_content
from fixture_site import FIXTURE_CONTENT, SiteServer, build_site, page_opener, serving
from test_pages import AXE_RUN, AXE_TAGS, BLOCKING_IMPACTS, describe_violations

pytestmark = pytest.mark.browser

SPANISH_PAGES = ["es/", "es/credentials/feedback-loops/", "es/search/", "es/states/wa/", "es/calculator/",
                 "es/recognition/", "es/portfolios/avery-example/"]
TIMEOUT = 15.0


@pytest.fixture(scope="module")
def bilingual_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bilingual-browser")
    bilingual_content(FIXTURE_CONTENT, root)
    return build_site(root / "content", root / "site")


@pytest.fixture(scope="module")
def bilingual_server(bilingual_site: Path) -> Iterator[SiteServer]:
    with serving(bilingual_site, "bilingual-site-server") as server:
        yield server


@pytest.fixture
def open_page(browser: Any, bilingual_server: SiteServer) -> Iterator[Any]:
    with page_opener(browser, bilingual_server) as opened:
        yield opened


@pytest.mark.parametrize("site_path", SPANISH_PAGES)
def test_spanish_pages_pass_axe(open_page: Any, axe_source: str, site_path: str) -> None:
    page = open_page(site_path)
    assert page.evaluate("document.documentElement.lang") == "es"
    page.evaluate(axe_source)
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{site_path}:\n{describe_violations(blocking)}"
    assert page.errors == [] and page.evaluate("window.__cspViolations") == []


@pytest.mark.parametrize(("start", "label", "target"), [
    ("es/credentials/feedback-loops/", "English", "credentials/feedback-loops/"),
    ("credentials/feedback-loops/", "Español", "es/credentials/feedback-loops/"),
    ("es/states/wa/", "English", "states/wa/"),
    ("search/", "Español", "es/search/"),
])
def test_switcher_keeps_the_page(open_page: Any, bilingual_server: SiteServer, start: str, label: str,
                                 target: str) -> None:
    page = open_page(start)
    page.get_by_role("navigation", name="Principal" if start.startswith("es/") else "Main").get_by_role(
        "link", name=label).click()
    page.wait_for_load_state("load")
    assert page.url == bilingual_server.url(target)
    assert page.evaluate("document.documentElement.lang") == ("es" if target.startswith("es/") else "en")


def _results(page: Any) -> list[str]:
    hrefs = page.eval_on_selector_all("[data-results] h2 a", "els => els.map(a => a.getAttribute('href'))")
    return [urllib.parse.urlsplit(h).path for h in hrefs]


def _search(open_page: Any, site_path: str, query: str) -> list[str]:
    page = open_page(f"{site_path}?q={urllib.parse.quote(query)}")
    deadline = time.monotonic() + TIMEOUT
    found = _results(page)
    while not found and time.monotonic() < deadline:
        time.sleep(0.1)
        found = _results(page)
    time.sleep(0.3)  # let a search in flight finish
    return _results(page)


def test_spanish_search_finds_spanish_pages_with_spanish_stemming(open_page: Any) -> None:
    # "Cómo se califica" heads the rubric of every Spanish credential page; "calificado" is on no page, and finds
    # it by their common Spanish stem (calific-), not as a prefix
    found = _search(open_page, "es/search/", "calificado")
    assert "/catalog/es/credentials/feedback-loops/" in found, found
    assert all(path.startswith("/catalog/es/") for path in found), found
    assert _search(open_page, "search/", "calificado") == []  # the English index holds no Spanish page


def test_english_search_stays_in_english(open_page: Any) -> None:
    found = _search(open_page, "search/", "feedback")
    assert "/catalog/credentials/feedback-loops/" in found, found
    assert not [path for path in found if path.startswith("/catalog/es/")], found
