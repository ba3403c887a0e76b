"""`sitegen serve` in Chromium: an open page reloads itself after an edit and shows errors in an overlay."""

from __future__ import annotations

import io
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fixture_site import CSP_RECORDER, FIXTURE_CONTENT

from sitegen.serve import DevServer, ServeOptions

pytestmark = pytest.mark.browser

CREDENTIAL = Path("content/credentials/feedback-loops.md")
WAIT = 30.0


def poll(check: Callable[[], bool], what: str, seconds: float = WAIT) -> None:
    """Poll from Python (the page's CSP forbids the eval that wait_for_function needs)."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except PlaywrightError:  # the page is in the middle of reloading
            pass
        time.sleep(0.1)
    pytest.fail(f"timed out after {seconds:.0f} s waiting for {what}")


@pytest.fixture
def dev_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DevServer]:
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    server = DevServer(ServeOptions(content=Path("content"), output=Path("output"), port=0), log=io.StringIO())
    assert server.start().ok
    try:
        yield server
    finally:
        server.stop()


def replace_title(old: str, new: str) -> None:
    text = CREDENTIAL.read_text(encoding="utf-8")
    assert f"title: {old}\n" in text
    CREDENTIAL.write_text(text.replace(f"title: {old}\n", f"title: {new}\n"), encoding="utf-8")


def test_an_open_page_follows_edits_and_shows_errors(browser: Any, dev_server: DevServer) -> None:
    context = browser.new_context()
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    console: list[str] = []
    page_errors: list[str] = []
    navigations: list[str] = []  # recorded at commit, before the new page's DOM exists
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)

    def heading() -> str:
        return str(page.inner_text("h1", timeout=2000)).strip()

    def csp_violations() -> list[Any]:
        return list(page.evaluate("window.__cspViolations || []"))

    try:
        url = dev_server.url + "credentials/feedback-loops/"
        page.goto(url)
        assert heading() == "Feedback Loops"

        # An edit: the page reloads by itself and shows the new title.
        replace_title("Feedback Loops", "Feedback Loops Revised")
        poll(lambda: heading() == "Feedback Loops Revised", "the page to reload with the edited title")
        assert len(navigations) >= 2 and navigations[-1] == url  # the page reloaded itself
        assert csp_violations() == []

        # A broken edit: the overlay lists the error at its path:line; the last good page stays.
        replace_title("Feedback Loops Revised", "[Feedback Loops Broken")
        page.wait_for_selector("#sitegen-overlay", state="visible", timeout=WAIT * 1000)
        overlay = page.inner_text("#sitegen-overlay")
        assert "1 problem in the content" in overlay
        assert "content/credentials/feedback-loops.md:2: invalid YAML" in overlay
        assert heading() == "Feedback Loops Revised"
        assert page.evaluate("getComputedStyle(document.getElementById('sitegen-overlay')).position") == "fixed"
        assert page.get_by_role("alert").count() == 1
        assert csp_violations() == []

        # The overlay can be hidden while the fix is on its way.
        page.get_by_role("button", name="Hide").click()
        assert page.is_hidden("#sitegen-overlay")

        # The fix: the page reloads, the overlay is gone.
        replace_title("[Feedback Loops Broken", "Feedback Loops Fixed")
        poll(lambda: heading() == "Feedback Loops Fixed", "the page to reload after the fix")
        assert page.query_selector("#sitegen-overlay") is None
        assert csp_violations() == []
        assert [m for m in console if "Content Security Policy" in m or "Refused to" in m] == []
        assert page_errors == []
    finally:
        context.close()


def test_a_page_opened_while_the_content_is_broken_shows_the_overlay(browser: Any,
                                                                     dev_server: DevServer) -> None:
    replace_title("Feedback Loops", "[Broken")
    poll(lambda: dev_server.last_outcome is not None and not dev_server.last_outcome.ok, "the failed rebuild")
    context = browser.new_context()
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    try:
        page.goto(dev_server.url)
        page.wait_for_selector("#sitegen-overlay", state="visible", timeout=WAIT * 1000)
        assert "feedback-loops.md:2" in page.inner_text("#sitegen-overlay")
        assert list(page.evaluate("window.__cspViolations || []")) == []
    finally:
        context.close()
