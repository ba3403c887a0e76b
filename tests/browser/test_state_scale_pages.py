"""The pages a state-scale catalog adds or reshapes, in Chromium: a credential named by many rules (its compact
table and the summary of catalog-wide recognition), a portfolio with compact tables of results, and
`/recognition/any/`; axe finds nothing serious, nothing scrolls sideways at 375 px, the tables are reachable by
keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixture_site import SiteServer, serving
from state_catalog import make_state_catalog
from test_pages import AXE_RUN, AXE_TAGS, BLOCKING_IMPACTS, OVERFLOWING, describe_violations

from sitegen.cli import main

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def state_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("state-scale-browser")
    content = make_state_catalog(root / "corpus", credentials=120, districts=80, portfolios=10)
    out = root / "site"
    assert main(["build", "--content", str(content), "--output", str(out), "--no-search", "--quiet",
                 "--base-url", "https://example.github.io/catalog/"]) == 0
    return out


@pytest.fixture(scope="module")
def state_server(state_site: Path) -> Iterator[SiteServer]:
    with serving(state_site, "state-site-server") as server:
        yield server


def busiest(site: Path, folder: str, marker: str) -> str:
    """The page of `folder` with the most occurrences of `marker` (the one with the longest compact tables)."""
    pages = sorted(site.glob(f"{folder}/*/index.html"))
    best = max(pages, key=lambda p: p.read_text(encoding="utf-8").count(marker))
    assert best.read_text(encoding="utf-8").count(marker) > 5, f"no {folder} page has a compact table"
    return f"{folder}/{best.parent.name}/"


@pytest.fixture(scope="module")
def state_pages(state_site: Path) -> dict[str, str]:
    return {
        "credential": busiest(state_site, "credentials", "<tr><th scope=\"row\">"),
        "portfolio": busiest(state_site, "portfolios", "<tr><th scope=\"row\">"),
        "any": "recognition/any/",
    }


@pytest.mark.parametrize("kind", ["credential", "portfolio", "any"])
def test_state_scale_page_in_chromium(browser: Any, axe_source: str, state_server: SiteServer,
                                      state_pages: dict[str, str], kind: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        response = page.goto(state_server.url(state_pages[kind]), wait_until="load")
        assert response is not None and response.status == 200
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll_width <= inner_width, page.evaluate(OVERFLOWING)
        page.evaluate(axe_source)
        violations = page.evaluate(AXE_RUN, AXE_TAGS)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, describe_violations(blocking)
        # Every table of the page's own (not an author's, in Markdown) sits in a focusable scroll region, so a
        # keyboard can scroll it sideways on a phone.
        unreachable = page.evaluate("""() => [...document.querySelectorAll('table:not(.prose table)')]
            .filter(t => t.closest('.table-scroll') === null || t.closest('.table-scroll').tabIndex !== 0)
            .map(t => t.className)""")
        assert unreachable == []
        assert errors == []
    finally:
        context.close()


def test_credential_summary_answers_for_my_state(browser: Any, state_server: SiteServer,
                                                 state_pages: dict[str, str]) -> None:
    """At a glance: the summary of catalog-wide recognition names states with their purposes, and its link
    leads to that state's rules on /recognition/any/."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(state_server.url(state_pages["credential"]), wait_until="load")
        item = page.locator("section.catalog-wide li").first
        text = item.inner_text()
        state = item.locator("a").inner_text()
        assert "(" in text and ":" in text, text
        item.locator("a").click()
        page.wait_for_load_state("load")
        assert page.url.split("#")[1].startswith("state-")
        heading = page.locator(f"#{page.url.split('#')[1]}")
        assert state in heading.inner_text()
        assert heading.is_visible()
    finally:
        context.close()
