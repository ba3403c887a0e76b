"""The benchmark goals, judged from a results document, and BENCHMARKS.md rendered from it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Results = dict[str, Any]
Summary = dict[str, Any]

GROWTH_LIMIT = 1.2  # time per page may rise at most 20% from the second-largest size to the largest
SERVE_LIMIT_S = 0.3  # seconds from saving one credential to the server answering with the change
MET, NOT_MET, NOT_MEASURED = "met", "not met", "not measured"


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def _value(summary: Summary | None, key: str) -> float | None:
    if not summary or not summary.get("ok"):
        return None
    found = summary.get(key)
    return float(found) if found is not None else None


def _goal(name: str, target: str, figure: float | None, limit: float, shown: str, why: str = "") -> dict[str, Any]:
    if figure is None:
        return {"goal": name, "target": target, "figure": None, "shown": why or "no figure",
                "status": NOT_MEASURED}
    return {"goal": name, "target": target, "figure": figure, "shown": shown,
            "status": MET if figure <= limit else NOT_MET}


def growth_pair(results: Results) -> tuple[Summary, Summary] | None:
    """The curve points the growth goal compares: 10k and 50k when measured, else the two largest sizes."""
    points = {point["credentials"]: point for point in results.get("curve", [])}
    if 10_000 in points and 50_000 in points:
        return points[10_000], points[50_000]
    sizes = sorted(points)
    return (points[sizes[-2]], points[sizes[-1]]) if len(sizes) >= 2 else None


def goals(results: Results) -> list[dict[str, Any]]:
    """Each goal with its figure and whether it is met."""
    cold = results.get("cold", {})
    hugo, sitegen = cold.get("hugo"), cold.get("sitegen")
    wall = ratio(_value(sitegen, "wall_s"), _value(hugo, "wall_s"))
    warm = ratio(_value(results.get("warm"), "wall_s"), _value(sitegen, "wall_s"))
    rss = ratio(_memory(sitegen), _memory(hugo))
    found = [
        _goal("cold build", "sitegen wall ≤ 1.0× Hugo wall", wall, 1.0, f"{fmt_ratio(wall)} Hugo",
              "sitegen did not build"),
        _goal("warm rebuild, nothing changed", "≤ 0.1× sitegen cold wall", warm, 0.1,
              f"{fmt_ratio(warm)} cold", "no warm rebuild measured"),
        _goal("peak memory", "sitegen peak memory ≤ Hugo's", rss, 1.0,
              f"{fmt_mb(_memory(sitegen))} vs {fmt_mb(_memory(hugo))} ({fmt_ratio(rss)}); "
              f"RSS summed per process {fmt_mb(_value(sitegen, 'peak_rss_mb'))} vs "
              f"{fmt_mb(_value(hugo, 'peak_rss_mb'))}", "sitegen did not build"),
    ]
    served = results.get("serve") or {}
    latency = served.get("median_s") if served.get("ok") else None
    found.append(_goal("serve edit-to-visible", "≤ 0.3 s for one credential", latency, SERVE_LIMIT_S,
                       f"{latency:.3f} s (median of {len(served.get('edits', []))} edits)" if latency is not None
                       else "", served.get("error", "not measured")))
    pair = growth_pair(results)
    if pair is None:
        found.append(_goal("growth", "time per page rises ≤ 20% from 10k to 50k", None, GROWTH_LIMIT, "",
                           "needs two sizes in --sizes"))
    else:
        small, large = pair
        growth = ratio(_value(large.get("sitegen"), "ms_per_page"), _value(small.get("sitegen"), "ms_per_page"))
        label = f"{small['credentials']:,} → {large['credentials']:,}"
        found.append(_goal("growth", f"time per page rises ≤ 20% from {label}", growth, GROWTH_LIMIT,
                           f"{fmt_ratio(growth)} ({fmt_ms(_value(small.get('sitegen'), 'ms_per_page'))} → "
                           f"{fmt_ms(_value(large.get('sitegen'), 'ms_per_page'))} per page)",
                           "sitegen did not build at both sizes"))
    return found


# -- formatting ------------------------------------------------------------------------------------------


def _fmt(unit: str, digits: int) -> Callable[[float | None], str]:
    def format_value(value: float | None) -> str:
        return "–" if value is None else f"{value:,.{digits}f}{unit}"
    return format_value


fmt_s = _fmt(" s", 2)
fmt_mb = _fmt(" MB", 0)
fmt_ms = _fmt(" ms", 2)
fmt_ratio = _fmt("×", 2)


def _pages(summary: Summary | None) -> str:
    return "–" if not summary or summary.get("pages") is None else f"{summary['pages']:,}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(row) for row in rows), ""]


def _status(summary: Summary | None) -> str:
    if summary is None or not summary.get("runs"):
        return "not run"
    if summary.get("ok"):
        return "ok"
    error = (summary.get("error") or "failed").strip().splitlines()
    return "failed: " + (error[-1] if error else "")


def _memory(summary: Summary | None) -> float | None:
    """Peak memory: the larger of ru_maxrss and the summed PSS (results before PSS was sampled: summed RSS)."""
    return _value(summary, "peak_memory_mb") or _value(summary, "peak_rss_mb")


def _tool_row(name: str, summary: Summary | None) -> list[str]:
    return [name, fmt_s(_value(summary, "wall_s")), fmt_s(_value(summary, "cpu_s")), fmt_mb(_memory(summary)),
            fmt_mb(_value(summary, "peak_rss_mb")), fmt_mb(_value(summary, "maxrss_mb")), _pages(summary),
            fmt_ms(_value(summary, "ms_per_page")), _status(summary)]


def _machine(results: Results) -> list[str]:
    machine, settings = results["machine"], results["settings"]
    rows = [
        ["CPU cores (os.cpu_count())", str(machine["cpu_count"])],
        ["Python", machine["python"]],
        ["Platform", machine["platform"]],
        ["Hugo", machine["hugo"]],
        ["sitegen", machine["sitegen"]],
        ["Pagefind", machine["pagefind"]],
        ["Load average at start (1 min)", str(machine.get("load_average_at_start", "–"))],
        ["Run", f"{results['generated_at']} · {settings['rounds']} round(s) · seed {settings['seed']}"
                + (" · --quick" if results.get("quick") else "")],
        ["sitegen flags", " ".join(settings.get("sitegen_flags") or []) or "–"],
    ]
    return ["## Machine", "", *_table(["", ""], rows)]


def _goals_section(results: Results) -> list[str]:
    rows = [[goal["goal"], goal["target"], goal["shown"], goal["status"]] for goal in results["goals"]]
    return ["## Goals", "", *_table(["goal", "target", "figure", "status"], rows)]


def _cold_section(results: Results) -> list[str]:
    cold = results["cold"]
    hugo, sitegen = cold.get("hugo"), cold.get("sitegen")
    header = ["tool", "wall (median)", "CPU user+sys", "peak memory", "RSS summed", "ru_maxrss", "pages",
              "wall per page", "status"]
    ratios = ["sitegen / Hugo",
              fmt_ratio(ratio(_value(sitegen, "wall_s"), _value(hugo, "wall_s"))),
              fmt_ratio(ratio(_value(sitegen, "cpu_s"), _value(hugo, "cpu_s"))),
              fmt_ratio(ratio(_memory(sitegen), _memory(hugo))),
              fmt_ratio(ratio(_value(sitegen, "peak_rss_mb"), _value(hugo, "peak_rss_mb"))),
              fmt_ratio(ratio(_value(sitegen, "maxrss_mb"), _value(hugo, "maxrss_mb"))), "", "", ""]
    return [f"## Cold build, {cold['credentials']:,} credentials", "",
            *_table(header, [_tool_row("Hugo", hugo), _tool_row("sitegen", sitegen), ratios])]


def _rebuild_section(results: Results) -> list[str]:
    rows = []
    for key, name in (("warm", "sitegen warm rebuild, nothing changed"), ("edit", "sitegen rebuild after one edit"),
                      ("pagefind", "Pagefind over sitegen's output")):
        summary = results.get(key)
        note = (summary or {}).get("note", "")
        rows.append([name, fmt_s(_value(summary, "wall_s")), fmt_s(_value(summary, "cpu_s")),
                     fmt_mb(_memory(summary)), _status(summary) + (f"; {note}" if note else "")])
    lines = ["## Rebuilds and search", "", *_table(["measurement", "wall (median)", "CPU user+sys", "peak memory",
                                                    "status"], rows)]
    served = results.get("serve")
    if served:
        edits = ", ".join(f"{value:.3f} s" if value is not None else "never" for value in served.get("edits", []))
        lines += [f"`sitegen serve --no-search`, one credential's title changed ({served.get('edited')}): "
                  f"the page served with the new title after {edits} (from the file's write; median "
                  f"{served['median_s']:.3f} s)" if served.get("median_s") is not None else
                  f"`sitegen serve`: {served.get('error', 'no edit became visible')}"]
        if served.get("first_build_s") is not None:
            lines[-1] += f"; its first build took {served['first_build_s']:.1f} s"
        if served.get("rebuild_lines"):
            lines[-1] += f"; the full rebuild that follows each edit: \"{served['rebuild_lines'][0]}\""
        lines[-1] += "."
        lines.append("")
    index = results.get("pagefind") or {}
    if index.get("index_mb") is not None:
        lines += [f"Pagefind's index (`pagefind/` in the output): {index['index_mb']:,.1f} MB in "
                  f"{index.get('index_files') or 0:,} files, for {index.get('pages') or 0:,} pages.", ""]
    return lines


def _curve_section(results: Results) -> list[str]:
    rows = []
    for point in results.get("curve", []):
        hugo, sitegen = point.get("hugo"), point.get("sitegen")
        rows.append([f"{point['credentials']:,}", _pages(hugo), fmt_s(_value(hugo, "wall_s")),
                     fmt_ms(_value(hugo, "ms_per_page")), fmt_mb(_memory(hugo)), _pages(sitegen),
                     fmt_s(_value(sitegen, "wall_s")), fmt_ms(_value(sitegen, "ms_per_page")),
                     fmt_mb(_memory(sitegen))])
    header = ["credentials", "Hugo pages", "Hugo wall", "Hugo per page", "Hugo peak memory", "sitegen pages",
              "sitegen wall", "sitegen per page", "sitegen peak memory"]
    return ["## Growth (cold builds)", "", *_table(header, rows)]


def _errors_section(results: Results) -> list[str]:
    lines = []
    summaries = [("cold build", results["cold"].get("sitegen")), ("warm rebuild", results.get("warm")),
                 ("edit rebuild", results.get("edit")), ("Pagefind", results.get("pagefind"))]
    for name, summary in summaries:
        if summary and summary.get("error"):
            lines += [f"sitegen {name} failed; the end of its output:", "", "```text", summary["error"], "```", ""]
    return ["## Failures", "", *lines] if lines else []


def _stages_section(results: Results) -> list[str]:
    profile = results.get("stages") or {}
    stages: dict[str, float] = profile.get("stages") or {}
    if not stages:
        return []
    total = sum(stages.values()) or 1.0
    rows = [[name, fmt_s(seconds), f"{100 * seconds / total:.0f}%"] for name, seconds in stages.items()]
    lines = ["## Where sitegen's cold build spends its time", "",
             f"One more cold build of the {results['settings']['credentials']:,}-credential corpus with "
             "`sitegen build --timings` (not one of the timed rounds):", "",
             *_table(["stage", "wall", "share"], rows)][:-1]
    sizes = profile.get("output_mb") or {}
    if sizes.get("sitegen") and sizes.get("hugo"):
        lines += ["", f"Output written: sitegen {fmt_mb(sizes['sitegen'])}, Hugo {fmt_mb(sizes['hugo'])} "
                  f"({fmt_ratio(sizes['sitegen'] / sizes['hugo'])}): sitegen's pages and exports carry every rule "
                  "that recognizes each credential."]
    return [*lines, "", CLOSING]


CLOSING = """\
Stages: `load+validate` reads and checks the files across the worker processes; `plan` only builds the shared
lookups and the list of pages (0 s for `markdown` means no cache to read: Markdown is rendered inside the render
workers, where the pages need it); `render+exports` plans, renders and writes every page with its credential's
files in forked workers while the parent writes the catalog-wide exports.

Where the CPU goes in that last stage, largest first (py-spy over all processes): Markdown parsing
(markdown-it-py, pure Python, about a quarter of all CPU), Jinja rendering, the per-credential
exports and their files, planning the views, and the catalog-wide exports. What would close the remaining
gap in wall time:

- a compiled CommonMark parser behind `MarkdownRenderer`, with the same rules (raw HTML off, the link
  allowlist, heading anchors), would remove most of the largest share;
- Jinja spends most of its time escaping values one by one; rule rows, cards, rubric tables and matrix
  links are already rendered once per process and repeated, and more of each credential page could be;
- sitegen publishes much more than Hugo (see "Output written"): each credential's page, `ctdl.json` and
  `achievement.json`, and `catalog.json`, `recognitions.csv` and the matrix repeat the credential × rule
  pairs, and writing them costs system time as well.
"""


METHOD = """\
## How this is measured

- Corpora come from `benchmarks/generate.py` (seeded, deterministic): the same credentials as a sitegen
  content folder and as a Hugo site (one page per credential, the same Markdown bodies, taxonomies topics,
  issuers and states, lists paginated by 100, feeds limited to 50 items).
- Cold builds alternate Hugo and sitegen round by round. Before each, the output folder is deleted, and Hugo's
  `--cacheDir` and `resources/` too; sitegen runs with `--no-cache` (when it has the flag).
- Each command runs under a small wrapper that forks and execs it and reads its `os.wait4` rusage: CPU is
  user + sys of the command and the processes it waited for; `ru_maxrss` is its largest single process.
  "Peak memory" is the larger of `ru_maxrss` and the PSS (proportional set size, from
  `/proc/<pid>/smaps_rollup`) summed over the command's process tree, sampled every 50 ms, so a tool that
  forks workers is not flattered: a page that forked processes share is counted once. "RSS summed" is the
  same sum of RSS, which counts a shared page once per process (an upper bound, shown beside it).
- Pages are the `index.html` files in each output. Figures are medians over the rounds.
"""


def render_markdown(results: Results, source: str = "benchmarks/results/latest.json") -> str:
    """BENCHMARKS.md: every figure from the results document (read from source), nothing typed by hand."""
    lines = [
        "# Benchmarks: sitegen and Hugo",
        "",
        f"Generated by `python benchmarks/run.py` from `{source}`; do not edit by hand.",
        "",
        *_machine(results),
        *_goals_section(results),
        *_cold_section(results),
        *_rebuild_section(results),
        *_stages_section(results),
        *_curve_section(results),
    ]
    notes = results.get("notes") or []
    if notes:
        lines += ["## Notes from this run", "", *(f"- {note}" for note in notes), ""]
    lines += _errors_section(results)
    lines.append(METHOD)
    return "\n".join(lines)
