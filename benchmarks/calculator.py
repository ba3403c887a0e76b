"""The recognition calculator's budgets (issue 17): what choosing a recognizer loads, and the time from a tick
to the result in Chromium.

    python benchmarks/calculator.py --content content
    python benchmarks/calculator.py --content benchmarks/work/state-10000-1000-1000/content --site /tmp/calc-state

Sizes are computed with the plan functions (no build needed): the shared index (calculator/credentials.json,
loaded once when the page opens) and, per recognizer, its file plus its state's (what choosing it loads);
raw and gzip-compressed (GitHub Pages serves JSON compressed). With `--site` (a built output of the same
content, e.g. `sitegen build --no-search --output DIR`), the page is opened in Chromium for the recognizer
with the largest load, holding 15 credentials, and a 16th is ticked and unticked N times: the time from the
click to the result drawn (the page's `data-calc-ready` changed), and to the next frame.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "browser"))

from sitegen.markdown import MarkdownRenderer  # noqa: E402
from sitegen.plan.calculator import calculator_exports  # noqa: E402
from sitegen.plan.common import Context  # noqa: E402
from sitegen.plan.index import build_index  # noqa: E402
from sitegen.validate.catalog import load_catalog  # noqa: E402

BUDGET_BYTES = 200 * 1024
TICK = """
async (selector) => {
  const root = document.getElementById("calculator");
  const before = root.getAttribute("data-calc-ready");
  const started = performance.now();
  document.querySelector(selector).click();
  if (root.getAttribute("data-calc-ready") === before) {
    await new Promise((resolve) => {
      const watch = new MutationObserver(() => { watch.disconnect(); resolve(); });
      watch.observe(root, {attributes: true, attributeFilter: ["data-calc-ready"]});
    });
  }
  const drawn = performance.now() - started;
  await new Promise((r) => requestAnimationFrame(() => r()));
  return [drawn, performance.now() - started];
}
"""


def sizes(content: Path) -> tuple[dict[str, tuple[int, int]], dict[str, str]]:
    """{site-relative path: (bytes, gzip bytes)} of every calculator file, and each recognizer's state."""
    catalog = load_catalog(content)
    ctx = Context(catalog, MarkdownRenderer())
    index = build_index(catalog)
    files = {rel: (len(body), len(gzip.compress(body, 9, mtime=0))) for rel, body in calculator_exports(ctx, index)}
    states = {r.id: r.state for r in catalog.recognizers.values()
              if r.kind == "district" and r.state in catalog.recognizers}
    return files, states


def report(content: Path) -> tuple[str, list[str]]:
    files, states = sizes(content)
    shared = files["calculator/credentials.json"]
    per = {rel.rsplit("/", 1)[1][:-5]: size for rel, size in files.items() if rel.startswith("calculator/recognizers/")}
    loads = {rid: (size[0] + (per[states[rid]][0] if rid in states else 0),
                   size[1] + (per[states[rid]][1] if rid in states else 0)) for rid, size in per.items()}
    largest_file = max(per, key=lambda rid: per[rid][0])
    largest_load = max(loads, key=lambda rid: loads[rid][0])
    kb = 1024
    lines = [
        f"catalog: {content}",
        f"recognizer files: {len(per)}; median {statistics.median(s[0] for s in per.values()) / kb:.1f} KB",
        f"largest recognizer file: {largest_file} {per[largest_file][0] / kb:.1f} KB "
        f"({per[largest_file][1] / kb:.1f} KB gzip)",
        f"largest load on choosing a recognizer (its file + its state's): {largest_load} "
        f"{loads[largest_load][0] / kb:.1f} KB ({loads[largest_load][1] / kb:.1f} KB gzip); budget 200 KB: "
        f"{'met' if loads[largest_load][0] <= BUDGET_BYTES else 'NOT met'}",
        f"shared index (loaded once, when the page opens): {shared[0] / kb:.1f} KB ({shared[1] / kb:.1f} KB gzip)",
    ]
    return largest_load, lines


def tick_times(site: Path, recognizer: str, content: Path, rounds: int) -> list[str]:
    from fixture_site import CHROMIUM, CHROMIUM_ARGS, serving
    from playwright.sync_api import sync_playwright

    catalog = load_catalog(content)
    ids = sorted(catalog.credentials)
    held = [("c", f"{cid}:2019-0{1 + i % 9}-15") for i, cid in enumerate(ids[:15])]
    query = "?" + urllib.parse.urlencode([("r", recognizer), *held])
    with serving(site, "calculator-bench") as server, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url("calculator/" + query))
        page.wait_for_selector("#calculator[data-calc-ready]:not([hidden])")
        page.fill("#calc-find", catalog.credentials[ids[15]].title)
        page.wait_for_selector(f"#c-{ids[15]}")
        times = [page.evaluate(TICK, f"#c-{ids[15]}") for _ in range(rounds)]
        browser.close()
    drawn = sorted(t[0] for t in times)
    framed = sorted(t[1] for t in times)
    return [f"tick to result in Chromium ({recognizer}, 15 credentials held, {rounds} ticks): "
            f"median {statistics.median(drawn):.1f} ms, max {drawn[-1]:.1f} ms; to the next frame: median "
            f"{statistics.median(framed):.1f} ms, max {framed[-1]:.1f} ms"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=REPO / "content")
    parser.add_argument("--site", type=Path, help="a built output of the same content, to time ticks in Chromium")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    largest, lines = report(args.content)
    if args.site:
        lines += tick_times(args.site, largest, args.content, args.rounds)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
