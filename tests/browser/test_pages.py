"""Every page kind in Chromium: accessibility (axe-core), layout, keyboard, network, CSP and print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fixture_site import AXE_REPORT, NOT_FOUND_KINDS, PAGES, Visit

pytestmark = pytest.mark.browser

KINDS = list(PAGES)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
TAB_PRESS_LIMIT = 40

VisitFn = Callable[..., Visit]

# Pages whose scripts build part of the page after loading (the search page fetches its filters).
SCRIPTED_KINDS = {"search", "calculator"}


def settled(kind: str) -> str:
    """The load state to wait for before looking at a page kind's final DOM."""
    return "networkidle" if kind in SCRIPTED_KINDS else "load"


# --------------------------------------------------------------------------------------------------
# Network, console and Content-Security-Policy


def assert_healthy(visit: Visit) -> None:
    expected_status = 404 if visit.kind in NOT_FOUND_KINDS else 200
    assert visit.status == expected_status, f"{visit.url} answered {visit.status}"
    assert visit.foreign_requests() == [], "requests to hosts other than the local server"
    assert visit.failed == [], "failed requests"
    bad_status = list(visit.bad_status)
    console_errors = list(visit.console_errors)
    if visit.kind in NOT_FOUND_KINDS:
        # The document itself is the deliberate 404, and Chromium logs that as a console error.
        bad_status = [s for s in bad_status if not s.endswith(f"GET {visit.url}")]
        console_errors = [e for e in console_errors if "status of 404" not in e or visit.url not in e]
    assert bad_status == [], "requests answered with an error status"
    assert console_errors == [], "console errors"
    assert visit.page_errors == [], "uncaught script errors"
    assert visit.csp_violations() == [], "Content-Security-Policy violations"


@pytest.mark.parametrize("kind", KINDS)
def test_page_loads_cleanly(visit: VisitFn, kind: str) -> None:
    """No console error, no failed request, nothing but the local server contacted, no CSP violation."""
    page = visit(kind, wait_until="networkidle")
    assert_healthy(page)
    assert page.page.locator("main#main").count() == 1
    # Every request went under the site's own base path (root-relative links under /catalog/).
    own = [u for u in page.requests if u.startswith(page.server.origin)]
    assert own and all(u.startswith(page.server.base) for u in own), own


def test_search_query_loads_cleanly(visit: VisitFn) -> None:
    """Running a query on the search page (which loads Pagefind and its wasm) stays within the CSP."""
    page = visit("search", wait_until="networkidle")
    page.page.fill("#search-q", "computational")
    page.page.press("#search-q", "Enter")
    page.page.wait_for_selector("[data-results] li", timeout=10_000)
    page.page.wait_for_load_state("networkidle")
    assert_healthy(page)


# --------------------------------------------------------------------------------------------------
# Accessibility with axe-core


AXE_RUN = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}
"""


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(v["targets"][:5]) + (" …" if len(v["targets"]) > 5 else "")
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['targets'])} nodes: {targets})")
    return "\n".join(lines)


def run_axe(visit: Visit, axe_source: str) -> list[dict[str, Any]]:
    # Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not block it.
    visit.page.evaluate(axe_source)
    violations: list[dict[str, Any]] = visit.page.evaluate(AXE_RUN, AXE_TAGS)
    return violations


def test_axe_harness_reports_a_violation(visit: VisitFn, axe_source: str) -> None:
    """The axe run is not vacuous: a nameless button added to a page is reported as critical."""
    page = visit("home")
    page.page.evaluate("document.querySelector('main').append(document.createElement('button'))")
    found = {(v["id"], v["impact"]) for v in run_axe(page, axe_source)}
    assert ("button-name", "critical") in found


def test_csp_recorder_sees_violations(visit: VisitFn) -> None:
    """The CSP listener works: an inline script added to a page is refused and recorded."""
    page = visit("home")
    page.page.evaluate("""() => {
      const s = document.createElement("script"); s.textContent = "window.__ran = true;";
      document.body.append(s);
    }""")
    page.page.wait_for_function("window.__cspViolations.length > 0")
    assert page.page.evaluate("window.__ran") is None
    assert page.csp_violations()[0]["directive"].startswith("script-src")


@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_serious_violations(visit: VisitFn, axe_source: str, kind: str,
                                         request: pytest.FixtureRequest) -> None:
    page = visit(kind, wait_until=settled(kind))
    violations = run_axe(page, axe_source)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    minor = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
    request.config.stash.setdefault(AXE_REPORT, {})[kind] = minor
    counts = {impact: sum(len(v["targets"]) for v in minor if v["impact"] == impact)
              for impact in ("moderate", "minor")}
    print(f"\naxe {kind}: {counts['moderate']} moderate, {counts['minor']} minor node(s)")
    if minor:
        print(describe_violations(minor))
    assert not blocking, f"axe serious/critical violations on {kind}:\n{describe_violations(blocking)}"


# --------------------------------------------------------------------------------------------------
# Layout at phone and desktop widths (and screenshots with --screenshots DIR)


OVERFLOWING = """
() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 0.5 && r.width > 0) {
      const cls = el.getAttribute("class");
      out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
               (cls ? "." + cls.trim().split(/\\s+/).join(".") : "") + " right=" + Math.round(r.right));
    }
  }
  return out.slice(0, 10);
}
"""


def save_screenshot(visit: Visit, folder: Path | None, width: int) -> None:
    if folder is not None:
        visit.page.screenshot(path=str(folder / f"{visit.kind}-{width}.png"), full_page=True)


@pytest.mark.parametrize("kind", KINDS)
def test_layout_fits_a_phone_and_fills_a_desktop(visit: VisitFn, screenshot_dir: Path | None, kind: str) -> None:
    """At 375 px nothing scrolls sideways; at 1280 px the main content is wider than 700 px."""
    page = visit(kind, width=375, height=800, wait_until=settled(kind))
    scroll_width, inner_width = page.page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    save_screenshot(page, screenshot_dir, 375)
    assert scroll_width <= inner_width, (
        f"{kind} scrolls sideways at 375 px ({scroll_width} > {inner_width}); "
        f"too wide: {page.page.evaluate(OVERFLOWING)}")

    page.page.set_viewport_size({"width": 1280, "height": 800})
    main_width, scroll_width = page.page.evaluate(
        "[document.querySelector('main').getBoundingClientRect().width, document.documentElement.scrollWidth]")
    save_screenshot(page, screenshot_dir, 1280)
    assert main_width > 700, f"main is only {main_width} px wide at 1280 px"
    assert scroll_width <= 1280, f"{kind} scrolls sideways at 1280 px"


# --------------------------------------------------------------------------------------------------
# Keyboard


# The elements a Tab press should reach, in document order (no positive tabindex is used anywhere).
FOCUSABLES = """
() => {
  const selector = [
    "a[href]", "area[href]", "button", "input", "select", "textarea", "iframe", "summary",
    "[tabindex]", "[contenteditable='']", "[contenteditable='true']", "audio[controls]", "video[controls]",
  ].join(",");
  const seenRadioGroups = new Set();
  const list = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.tabIndex < 0 || el.closest("[inert]")) continue;
    if (el.tagName === "SUMMARY" && el.parentElement.querySelector(":scope > summary") !== el) continue;
    const visible = el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0;
    if (!visible) continue;
    if (el.type === "radio" && el.name) {
      if (seenRadioGroups.has(el.form + el.name)) continue;
      seenRadioGroups.add(el.form + el.name);
    }
    list.push(el);
  }
  window.__focusables = list;
  return list.length;
}
"""

DESCRIBE_ACTIVE = """
() => {
  const el = document.activeElement;
  const cs = getComputedStyle(el);
  const shape = el instanceof SVGElement ? el.querySelector("path, polygon, rect, circle, ellipse") : null;
  const shapeStyle = shape ? getComputedStyle(shape) : null;
  window.__tabStops = window.__tabStops || [];
  window.__tabStops.push(el);
  const label = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("name") || "").trim();
  return {
    index: (window.__focusables || []).indexOf(el),
    what: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
          (el.getAttribute("class") ? "." + el.getAttribute("class").trim().split(/\\s+/).join(".") : "") +
          (label ? " '" + label.slice(0, 40) + "'" : ""),
    isSkipLink: el.classList.contains("skip-link"),
    outline: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0,
    shadow: cs.boxShadow !== "none" && cs.boxShadow !== "",
    shape: shapeStyle ? shapeStyle.stroke + " " + shapeStyle.strokeWidth : null,
    scroller: el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth,
    inView: (() => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
             r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth; })(),
  };
}
"""

# For SVG links the focus style is drawn on the shape (a stroke) rather than as an outline.
SHAPE_UNFOCUSED = """
(i) => {
  const el = window.__tabStops[i];
  document.activeElement.blur();
  const shape = el.querySelector("path, polygon, rect, circle, ellipse");
  const s = getComputedStyle(shape);
  return s.stroke + " " + s.strokeWidth;
}
"""


@pytest.mark.parametrize("kind", KINDS)
def test_skip_link_is_first_and_moves_focus_to_main(visit: VisitFn, kind: str) -> None:
    page = visit(kind)
    page.page.keyboard.press("Tab")
    first = page.page.evaluate(DESCRIBE_ACTIVE)
    assert first["isSkipLink"], f"first Tab stop is {first['what']}, not the skip link"
    assert first["inView"], "the focused skip link is not shown on screen"
    assert first["outline"] or first["shadow"], "the focused skip link shows no focus style"
    page.page.keyboard.press("Enter")
    active = page.page.evaluate("[document.activeElement.tagName, document.activeElement.id]")
    assert active == ["MAIN", "main"], f"after the skip link, focus is on {active}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_control_is_reachable_with_tab_and_shows_focus(visit: VisitFn, kind: str) -> None:
    page = visit(kind, wait_until=settled(kind))
    focusable_count = page.page.evaluate(FOCUSABLES)
    wanted = min(focusable_count, TAB_PRESS_LIMIT)
    stops: list[dict[str, Any]] = []
    reached: list[int] = []
    for _ in range(wanted + 10):  # a few spare presses for focusable scroll containers
        page.page.keyboard.press("Tab")
        stop = page.page.evaluate(DESCRIBE_ACTIVE)
        stops.append(stop)
        if stop["index"] >= 0 and (not reached or reached[-1] != stop["index"]):
            reached.append(stop["index"])  # a date input's day, month and year fields are one control
        if len(set(reached)) >= wanted or stop["what"].startswith("body"):
            break
    assert reached[:wanted] == list(range(wanted)), (
        f"Tab order on {kind} does not follow the {wanted} first focusable elements in document order; "
        f"stops: {[s['what'] for s in stops]}")
    strays = [s["what"] for s in stops if s["index"] < 0 and not s["scroller"]]
    assert strays == [], f"Tab reached elements that are not controls: {strays}"
    no_focus_style = []
    for i, stop in enumerate(stops):
        if stop["outline"] or stop["shadow"]:
            continue
        if stop["shape"] is not None and page.page.evaluate(SHAPE_UNFOCUSED, i) != stop["shape"]:
            continue
        no_focus_style.append(stop["what"])
    assert no_focus_style == [], f"focused without a visible focus style: {no_focus_style}"


# --------------------------------------------------------------------------------------------------
# Print


@pytest.mark.parametrize("kind", ["credential", "portfolio"])
def test_print_hides_navigation_and_search(visit: VisitFn, kind: str) -> None:
    page = visit(kind)
    assert page.page.locator(".site-nav").is_visible()
    page.page.emulate_media(media="print")
    for selector in (".site-nav", ".header-search", ".skip-link"):
        assert not page.page.locator(selector).is_visible(), f"{selector} shows in print on {kind}"
    assert page.page.locator("main h1").is_visible()
