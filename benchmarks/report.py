"""The benchmark goals, judged from a results document, and BENCHMARKS.md rendered from it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Results = dict[str, Any]
Summary = dict[str, Any]

GROWTH_LIMIT = 1.2  # time per page may rise at most 20% from the second-largest size to the largest
STATE_OUTPUT_LIMIT_MB = 600  # the whole state-scale output, search index included
STATE_WALL_LIMIT = 1.5  # sitegen's cold build without search, in Hugo's wall time
STATE_GROWTH_LIMIT = 1.25  # output bytes and build time from the fewest districts to the most
KB, MB = 1024, 1024 * 1024
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
    settings = results["settings"]
    run = (f"{results['generated_at']} · {settings['rounds']} round(s) · seed {settings['seed']}"
           + (" · --quick" if results.get("quick") else ""))
    return _machine_table("## Machine", results["machine"], run, settings.get("sitegen_flags"))


def _machine_table(title: str, machine: dict[str, Any], run: str, flags: list[str] | None) -> list[str]:
    rows = [
        ["CPU cores (os.cpu_count())", str(machine["cpu_count"])],
        ["Python", machine["python"]],
        ["Platform", machine["platform"]],
        ["Hugo", machine["hugo"]],
        ["sitegen", machine["sitegen"]],
        ["Pagefind", machine["pagefind"]],
        ["Load average at start (1 min)", str(machine.get("load_average_at_start", "–"))],
        ["Run", run],
        ["sitegen flags", " ".join(flags or []) or "–"],
    ]
    return [title, "", *_table(["", ""], rows)]


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
    ]
    if results.get("cold"):
        lines += [
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
    else:
        lines += ["The main comparison has not been run into this results file "
                  "(`python benchmarks/run.py --only main`).", ""]
    if results.get("state_scale"):
        lines += state_scale_section(results["state_scale"], machine_table=not results.get("cold"))
    if results.get("languages"):
        lines += languages_section(results["languages"])
    lines.append(METHOD)
    return "\n".join(lines)


# -- state scale (issue 16) ------------------------------------------------------------------------------


def _kb(entry: dict[str, Any] | None) -> float | None:
    return None if not entry or entry.get("bytes") is None else entry["bytes"] / KB


def _largest_over(points: list[dict[str, Any]], key: str) -> tuple[dict[str, Any] | None, str]:
    """The largest entry of budgets.scan's `key` over every measured corpus, with that corpus' name."""
    best: tuple[dict[str, Any] | None, str] = (None, "")
    for point in points:
        entry = (point.get("output") or {}).get(key)
        if entry and (best[0] is None or entry["bytes"] > best[0]["bytes"]):
            best = (entry, point["corpus"])
    return best


def _corpus_label(point: dict[str, Any]) -> str:
    return (f"{point['credentials']:,} credentials, {point['districts']:,} districts "
            f"({point.get('catalog_wide_districts', 0):,} catalog-wide), {point['portfolios']:,} portfolios")


def state_growth_pair(state: Results) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The corpora with the fewest and the most districts (same credentials and portfolios), when both ran."""
    points = [point for point in state.get("points", []) if point.get("output")]
    if len({point["districts"] for point in points}) < 2:
        return None
    ordered = sorted(points, key=lambda point: point["districts"])
    return ordered[0], ordered[-1]


def _page_goal(name: str, target: str, points: list[dict[str, Any]], key: str, limit_kb: float) -> dict[str, Any]:
    entry, corpus = _largest_over(points, key)
    figure = _kb(entry)
    shown = f"{figure:,.1f} KB ({entry['path']}, {corpus})" if entry and figure is not None else ""
    return _goal(name, target, figure, limit_kb, shown, "none in the output" if points else "sitegen did not build")


def state_scale_goals(state: Results) -> list[dict[str, Any]]:
    """The issue's budgets and goals, judged on the state-scale part of a results document."""
    points = [point for point in state.get("points", []) if point.get("output")]
    main = next((point for point in state.get("points", []) if "hugo" in point), None)
    output = (main or {}).get("output") or {}
    total = output.get("total_bytes") / MB if output.get("total_bytes") is not None else None
    found = [
        _goal("state scale: whole output", f"≤ {STATE_OUTPUT_LIMIT_MB} MB with the search index", total,
              STATE_OUTPUT_LIMIT_MB, f"{fmt_mb(total)} in {output.get('total_files', 0):,} files"
              + ("" if output.get("has_search_index") else " (no search index in it)"), "sitegen did not build"),
    ]
    over = sum((point["output"].get("files_over_10mb") or 0) for point in points) if points else None
    biggest = max(((point["output"]["budgets"]["file_outside_search"], point["corpus"]) for point in points
                   if point["output"]["budgets"]["file_outside_search"].get("bytes") is not None),
                  key=lambda pair: pair[0]["bytes"], default=(None, ""))
    biggest_text = (f"; largest outside pagefind/: {biggest[0]['path']} {biggest[0]['bytes'] / MB:,.1f} MB "
                    f"({biggest[1]})") if biggest[0] else ""
    found += [
        _goal("state scale: files over 10 MB", "none outside pagefind/", over, 0, f"{over} files{biggest_text}",
              "sitegen did not build"),
        _page_goal("state scale: credential page", "every credentials/*/index.html ≤ 64 KB", points,
                   "largest_credential_page", 64),
        _page_goal("state scale: portfolio page", "every portfolios/*/index.html ≤ 150 KB", points,
                   "largest_portfolio_page", 150),
        _page_goal("state scale: ctdl.json", "every credentials/*/ctdl.json ≤ 32 KB", points, "largest_ctdl", 32),
        _page_goal("state scale: largest HTML page", "≤ 2 MB (the matrix included)", points, "largest_html_page",
                   2 * KB),
    ]
    hugo, sitegen = (main or {}).get("hugo"), (main or {}).get("sitegen")
    wall = ratio(_value(sitegen, "wall_s"), _value(hugo, "wall_s"))
    found.append(_goal("state scale: cold build without search", f"≤ {STATE_WALL_LIMIT}× Hugo's wall time", wall,
                       STATE_WALL_LIMIT, f"{fmt_ratio(wall)} Hugo ({fmt_s(_value(sitegen, 'wall_s'))} vs "
                       f"{fmt_s(_value(hugo, 'wall_s'))})", "sitegen or Hugo did not build"))
    memory = ratio(_memory(sitegen), _memory(hugo))
    found.append(_goal("state scale: peak memory", "sitegen's ≤ Hugo's", memory, 1.0,
                       f"{fmt_mb(_memory(sitegen))} vs {fmt_mb(_memory(hugo))} ({fmt_ratio(memory)})",
                       "sitegen or Hugo did not build"))
    pair = state_growth_pair(state)
    if pair is None:
        for what in ("output bytes", "build time"):
            found.append(_goal(f"state scale: growth, {what}", f"≤ {STATE_GROWTH_LIMIT}× from the fewest districts "
                               "to the most", None, STATE_GROWTH_LIMIT, "", "needs two district counts built"))
        return found
    small, large = pair
    label = f"{small['districts']:,} → {large['districts']:,} districts"
    grown = ratio(large["output"]["total_bytes"], small["output"]["total_bytes"])
    grown_bare = ratio(large["output"]["bytes_without_search"], small["output"]["bytes_without_search"])
    found.append(_goal("state scale: growth, output bytes", f"≤ {STATE_GROWTH_LIMIT}× from {label}", grown,
                       STATE_GROWTH_LIMIT, f"{fmt_ratio(grown)} ({fmt_mb(small['output']['total_bytes'] / MB)} → "
                       f"{fmt_mb(large['output']['total_bytes'] / MB)}; without pagefind/ {fmt_ratio(grown_bare)})"))
    small_wall, large_wall = _value(small.get("sitegen"), "wall_s"), _value(large.get("sitegen"), "wall_s")
    slower = ratio(large_wall, small_wall)
    found.append(_goal("state scale: growth, build time", f"≤ {STATE_GROWTH_LIMIT}× from {label}", slower,
                       STATE_GROWTH_LIMIT, f"{fmt_ratio(slower)} ({fmt_s(small_wall)} → {fmt_s(large_wall)})",
                       "sitegen did not build at both district counts"))
    return found


def _size(value: int | None) -> str:
    if value is None:
        return "–"
    if value >= MB:
        return f"{value / MB:,.1f} MB"
    return f"{value / KB:,.1f} KB" if value >= KB else f"{value} B"


def _sized(entry: dict[str, Any] | None) -> str:
    return "–" if not entry else f"{_size(entry['bytes'])} ({entry['path']})"


def _files(total: int | None, files: int | None) -> str:
    return "–" if total is None else f"{_size(total)} in {files or 0:,} files"


def state_scale_section(state: Results, machine_table: bool = False) -> list[str]:
    """The state-scale part of BENCHMARKS.md."""
    settings = state["settings"]
    points = state.get("points", [])
    main = next((point for point in points if "hugo" in point), points[0] if points else None)
    title = "## State scale: catalog-wide rules at " + (_corpus_label(main) if main else "no corpus")
    lines = [title, "",
             f"Measured {state['generated_at']} · {settings['rounds']} round(s) of cold builds · seed "
             f"{settings['seed']}" + (" · --quick" if state.get("quick") else "") + ". Corpus: `benchmarks/"
             "generate.py --profile state-scale` (half the districts recognize any credential with "
             "`applies_to: {all: true}`; every portfolio names its district and state). sitegen builds with "
             f"`{' '.join(settings.get('sitegen_flags') or [])}`, then Pagefind indexes that output; Hugo builds "
             "the same credentials.", ""]
    if machine_table and state.get("machine"):
        run = f"{state['generated_at']} · {settings['rounds']} round(s) · seed {settings['seed']}"
        lines += _machine_table("### Machine", state["machine"], run, settings.get("sitegen_flags"))
    rows = [[goal["goal"].removeprefix("state scale: "), goal["target"], goal["shown"], goal["status"]]
            for goal in state.get("goals", [])]
    lines += ["### Goals at state scale", "", *_table(["goal", "target", "figure", "status"], rows)]
    build_rows = []
    for point in points:
        label = f"{point['districts']:,} districts"
        for key, name in (("hugo", "Hugo, same credentials"), ("sitegen", "sitegen cold, no search"),
                          ("pagefind", "Pagefind over sitegen's output")):
            if key not in point:
                continue
            summary = point.get(key)
            build_rows.append([label, name, fmt_s(_value(summary, "wall_s")), fmt_s(_value(summary, "cpu_s")),
                               fmt_mb(_memory(summary)), fmt_mb(_value(summary, "peak_rss_mb")), _pages(summary),
                               _status(summary)])
    lines += ["### Builds", "", *_table(["corpus", "measurement", "wall (median)", "CPU user+sys", "peak memory",
                                         "RSS summed", "pages", "status"], build_rows)]
    size_rows, budget_rows = [], []
    for point in points:
        output, index = point.get("output") or {}, point.get("pagefind") or {}
        hugo_output = (point.get("hugo") or {}).get("output") or {}
        label = f"{point['districts']:,} districts"
        size_rows.append([label, _files(output.get("total_bytes"), output.get("total_files")),
                          _files(output.get("bytes_without_search"), output.get("files_without_search")),
                          _files(index.get("index_bytes"), index.get("index_files")),
                          _files(hugo_output.get("bytes"), hugo_output.get("files")) if hugo_output else "–"])
        budget_rows.append([label, _sized(output.get("largest_credential_page")),
                            _sized(output.get("largest_portfolio_page")), _sized(output.get("largest_ctdl")),
                            _sized(output.get("largest_html_page")),
                            "–" if not output else str(output.get("files_over_10mb", 0))])
    lines += ["### Output", "", *_table(["corpus", "sitegen output, search index included", "without pagefind/",
                                         "pagefind/", "Hugo output"], size_rows)]
    lines += ["### Page budgets (limits: credential page 64 KB, portfolio page 150 KB, ctdl.json 32 KB, "
              "HTML page 2 MB, no file over 10 MB outside pagefind/; 1 KB = 1,024 bytes)", "",
              *_table(["corpus", "largest credential page", "largest portfolio page", "largest ctdl.json",
                       "largest HTML page", "files over 10 MB outside pagefind/"], budget_rows)]
    for point in points:
        largest = (point.get("output") or {}).get("largest_files") or []
        if largest:
            lines += [f"Largest files at {point['districts']:,} districts: "
                      + ", ".join(f"`{entry['path']}` {_size(entry['bytes'])}" for entry in largest) + ".", ""]
    notes = state.get("notes") or []
    if notes:
        lines += ["### Notes from the state-scale run", "", *(f"- {note}" for note in notes), ""]
    for point in points:
        for key in ("sitegen", "pagefind", "hugo"):
            summary = point.get(key)
            if summary and summary.get("error"):
                lines += [f"{key} failed at {point['districts']:,} districts; the end of its output:", "",
                          "```text", summary["error"], "```", ""]
    return lines


# -- a second language (issue 19) ------------------------------------------------------------------------


def languages_section(found: dict[str, Any]) -> list[str]:
    """The cost of a second language: the same corpus in English alone and in English and Spanish."""
    settings = found["settings"]
    seconds, mb = _fmt(" s", 1), fmt_mb

    def row(name: str, summary: dict[str, Any] | None) -> list[str]:
        summary = summary or {}
        output = summary.get("output") or {}
        size = output.get("bytes")
        return [name, seconds(summary.get("wall_s")), seconds(summary.get("cpu_s")),
                mb(summary.get("peak_memory_mb")), _pages(summary),
                mb(size / (1024 * 1024) if size is not None else None),
                f"{output['files']:,}" if output.get("files") is not None else "–"]

    ratios = found.get("ratios") or {}

    def times(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}×"

    lines = [
        f"## A second language ({found['generated_at']})",
        "",
        f"The main corpus ({settings['credentials']:,} credentials) built cold without search, as generated (one "
        f"language) and with `languages: [en, es]` and Spanish translations of {settings['translated']:,} "
        f"credentials; medians of {settings['rounds']} round(s), Hugo's cold build of the same credentials "
        "alongside (`python benchmarks/run.py --only languages`).",
        "",
        *_table(["build", "wall", "CPU", "peak memory", "pages", "output", "files"], [
            row("sitegen, English only", found.get("one_language")),
            row("sitegen, English and Spanish", found.get("two_languages")),
            row("Hugo (one language)", found.get("hugo")),
        ]),
        "",
        f"Second language: {times(ratios.get('two_to_one'))} the one-language build time; "
        f"sitegen in two languages against Hugo in one: {times(ratios.get('two_to_hugo'))} "
        f"(one language: {times(ratios.get('one_to_hugo'))}).",
        "",
    ]
    notes = found.get("notes") or []
    if notes:
        lines += [*(f"- {note}" for note in notes), ""]
    return lines
