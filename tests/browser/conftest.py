"""Browser test base: the fixture site built once, served under /catalog/ like GitHub Pages, and Chromium.

Fixtures:
- ``built_site``: the ``basic`` fixture catalog built (with its Pagefind index) into a session temp folder.
- ``site_server``: a loopback HTTP server serving ``built_site`` under ``/catalog/`` as GitHub Pages
  would (``x/`` serves ``x/index.html``, a folder without its slash is redirected, anything else
  gets the site's ``404.html`` with status 404, including ``/``).
- ``browser``: one Debian Chromium for the whole session.
- ``visit``: opens one page kind in a fresh context, recording every request, failed request,
  console error and Content-Security-Policy violation.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from checkers import LIGHTHOUSE_CATEGORIES, LIGHTHOUSE_REPORT, NU_REPORT, nu_warning_summary
from fixture_site import (
    AXE_JS,
    AXE_REPORT,
    CHROMIUM,
    CHROMIUM_ARGS,
    CSP_RECORDER,
    FIXTURE_CONTENT,
    PAGES,
    PORTFOLIO_KINDS,
    REPO,
    SiteServer,
    Visit,
    describe_request,
    serving,
)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """List the moderate and minor axe findings of the run, per page kind (serious ones fail the test), and the
    Nu Html Checker's warnings per catalog (its errors fail the test) and Lighthouse's scores per page kind."""
    nu_report = config.stash.get(NU_REPORT, None)
    if nu_report:
        terminalreporter.section("Nu Html Checker: warnings")
        for catalog, warnings in nu_report.items():
            terminalreporter.write_line(f"{catalog}: {len(warnings)} warnings")
            for message, count in sorted(nu_warning_summary(warnings).items()):
                terminalreporter.write_line(f"    {count} x {message}")
    lighthouse_report = config.stash.get(LIGHTHOUSE_REPORT, None)
    if lighthouse_report:
        terminalreporter.section("Lighthouse scores")
        terminalreporter.write_line(f"{'page kind':<18} " + " ".join(f"{c[:6]:>6}" for c in LIGHTHOUSE_CATEGORIES))
        for kind, audit in lighthouse_report.items():
            terminalreporter.write_line(f"{kind:<18} {audit.row()}")
    report = config.stash.get(AXE_REPORT, None)
    if not report:
        return
    terminalreporter.section("axe-core: moderate and minor findings")
    for kind, violations in report.items():
        moderate = sum(len(v["targets"]) for v in violations if v["impact"] == "moderate")
        minor = sum(len(v["targets"]) for v in violations if v["impact"] == "minor")
        terminalreporter.write_line(f"{kind}: {moderate} moderate, {minor} minor")
        for v in violations:
            terminalreporter.write_line(f"    [{v['impact']}] {v['id']}: {v['help']} ({', '.join(v['targets'][:5])})")


# --------------------------------------------------------------------------------------------------
# The built site and its server


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser-site") / "site"
    command = [sys.executable, "-m", "sitegen", "build", "--content", str(FIXTURE_CONTENT),
               "--output", str(out), "--quiet"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        pytest.fail(f"building the fixture site failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return out


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[SiteServer]:
    with serving(built_site, "fixture-site-server") as server:
        yield server


# --------------------------------------------------------------------------------------------------
# Chromium


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: run `bash scripts/test` (it installs the test extra)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Any) -> Iterator[Any]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/test` (it installs Debian's chromium)")
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `bash scripts/test` (it installs axe-core from npm)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def screenshot_dir(request: pytest.FixtureRequest) -> Path | None:
    option = request.config.getoption("--screenshots", default=None)
    if not option:
        return None
    folder = Path(option)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def visit(browser: Any, site_server: SiteServer, built_site: Path) -> Iterator[Callable[..., Visit]]:
    """Open a page kind in a fresh context: visit(kind, width=1280, height=800, wait_until="load")."""
    contexts: list[Any] = []

    def open_page(kind: str, *, width: int = 1280, height: int = 800, wait_until: str = "load",
                  **context_options: Any) -> Visit:
        site_path = PAGES[kind]
        if kind in PORTFOLIO_KINDS and not (built_site / site_path / "index.html").is_file():
            pytest.xfail("portfolio pages not built yet")
        context = browser.new_context(viewport={"width": width, "height": height}, **context_options)
        contexts.append(context)
        context.add_init_script(CSP_RECORDER)
        page = context.new_page()
        record = Visit(kind=kind, url=site_server.url(site_path), page=page, server=site_server)
        context.on("request", lambda r: record.requests.append(r.url))
        context.on("requestfailed", lambda r: record.failed.append(
            f"{describe_request(r)}: {r.failure}"))

        def on_response(response: Any) -> None:
            if response.status >= 400:
                record.bad_status.append(f"{response.status} {describe_request(response.request)}")

        context.on("response", on_response)
        page.on("console", lambda m: record.console_errors.append(f"{m.text} ({m.location})")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: record.page_errors.append(str(e)))
        response = page.goto(record.url, wait_until=wait_until)
        record.status = response.status if response else None
        return record

    yield open_page
    for context in contexts:
        context.close()
