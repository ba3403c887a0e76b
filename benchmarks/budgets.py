"""The size budgets of a built site (issue 16): what the output weighs, its largest files and pages.

    python benchmarks/budgets.py OUTPUT_DIR [--json]

`scan(output)` walks the folder once and returns a JSON-ready dict: totals with and without `pagefind/`,
the five largest files, the largest credential page, portfolio page, `ctdl.json` and HTML page, the files
over 10 MB outside `pagefind/`, and each budget with its limit, its figure and whether it is met.
Sizes are in bytes; KB and MB are binary (1 KB = 1,024 bytes, 1 MB = 1,048,576 bytes).
"""

from __future__ import annotations

import argparse
import fnmatch
import heapq
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

KB, MB = 1024, 1024 * 1024
SEARCH_FOLDER = "pagefind"
TOP_FILES = 5

# name -> (what it measures, glob over the output's relative paths (None: see `scan`), limit in bytes)
LIMITS: dict[str, tuple[str, str | None, int]] = {
    "credential_page": ("largest credential page", "credentials/*/index.html", 64 * KB),
    "portfolio_page": ("largest portfolio page", "portfolios/*/index.html", 150 * KB),
    "ctdl": ("largest credential ctdl.json", "credentials/*/ctdl.json", 32 * KB),
    "html_page": ("largest HTML page (the matrix included)", "*.html", 2 * MB),
    "file_outside_search": ("largest file outside pagefind/", None, 10 * MB),
    "total_with_search": ("whole output, search index included", None, 600 * MB),
}


def _largest(found: dict[str, tuple[int, str]], key: str, size: int, path: str) -> None:
    """Keep the largest (size, path) per key; ties go to the first path in sorted order."""
    best = found.get(key)
    if best is None or size > best[0] or (size == best[0] and path < best[1]):
        found[key] = (size, path)


def _entry(found: tuple[int, str] | None) -> dict[str, Any] | None:
    return None if found is None else {"path": found[1], "bytes": found[0]}


def scan(output: Path | str) -> dict[str, Any]:
    """The sizes and budgets of the site in `output` (a folder written by `sitegen build`)."""
    root = Path(output)
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder")
    total_bytes = total_files = search_bytes = search_files = 0
    largest: dict[str, tuple[int, str]] = {}
    top: list[tuple[int, str]] = []  # a min-heap of the TOP_FILES largest files
    over_10mb: list[dict[str, Any]] = []
    patterns = {name: pattern for name, (_what, pattern, _limit) in LIMITS.items() if pattern}
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        relative_folder = os.path.relpath(folder, root)
        prefix = "" if relative_folder == "." else relative_folder.replace(os.sep, "/") + "/"
        in_search = prefix == f"{SEARCH_FOLDER}/" or prefix.startswith(f"{SEARCH_FOLDER}/")
        for name in sorted(files):
            path = os.path.join(folder, name)
            if os.path.islink(path):
                continue
            size = os.stat(path).st_size
            relative = prefix + name
            total_bytes += size
            total_files += 1
            entry = (size, relative)
            if len(top) < TOP_FILES:
                heapq.heappush(top, entry)
            elif entry > top[0]:
                heapq.heapreplace(top, entry)
            if in_search:
                search_bytes += size
                search_files += 1
                continue
            _largest(largest, "file_outside_search", size, relative)
            if size > 10 * MB:
                over_10mb.append({"path": relative, "bytes": size})
            for key, pattern in patterns.items():
                if fnmatch.fnmatchcase(relative, pattern):
                    _largest(largest, key, size, relative)
    budgets: dict[str, dict[str, Any]] = {}
    for key, (what, _pattern, limit) in LIMITS.items():
        if key == "total_with_search":
            figure: dict[str, Any] | None = {"path": ".", "bytes": total_bytes}
        else:
            figure = _entry(largest.get(key))
        budgets[key] = {"what": what, "limit_bytes": limit, **(figure or {"path": None, "bytes": None}),
                        "ok": None if figure is None else figure["bytes"] <= limit}
    return {
        "output": str(root),
        "total_bytes": total_bytes,
        "total_files": total_files,
        "search_bytes": search_bytes,
        "search_files": search_files,
        "bytes_without_search": total_bytes - search_bytes,
        "files_without_search": total_files - search_files,
        "has_search_index": (root / SEARCH_FOLDER).is_dir(),
        "largest_files": [{"path": path, "bytes": size} for size, path in sorted(top, key=lambda e: (-e[0], e[1]))],
        "largest_credential_page": _entry(largest.get("credential_page")),
        "largest_portfolio_page": _entry(largest.get("portfolio_page")),
        "largest_ctdl": _entry(largest.get("ctdl")),
        "largest_html_page": _entry(largest.get("html_page")),
        "files_over_10mb": len(over_10mb),
        "files_over_10mb_list": sorted(over_10mb, key=lambda e: (-e["bytes"], e["path"]))[:20],
        "budgets": budgets,
        "ok": all(budget["ok"] is not False for budget in budgets.values()),
    }


def human(size: int | None) -> str:
    if size is None:
        return "–"
    if size >= MB:
        return f"{size / MB:,.1f} MB"
    if size >= KB:
        return f"{size / KB:,.1f} KB"
    return f"{size} B"


def describe(found: dict[str, Any]) -> str:
    """The scan as text for a terminal."""
    lines = [
        f"output: {found['output']}",
        f"total: {human(found['total_bytes'])} in {found['total_files']:,} files; without pagefind/: "
        f"{human(found['bytes_without_search'])} in {found['files_without_search']:,} files; pagefind/: "
        f"{human(found['search_bytes'])} in {found['search_files']:,} files",
        "largest files: " + ", ".join(f"{entry['path']} {human(entry['bytes'])}" for entry in found["largest_files"]),
        f"files over 10 MB outside pagefind/: {found['files_over_10mb']}",
    ]
    for budget in found["budgets"].values():
        status = {True: "ok", False: "OVER", None: "none found"}[budget["ok"]]
        where = f" ({budget['path']})" if budget["path"] not in (None, ".") else ""
        lines.append(f"{budget['what']}: {human(budget['bytes'])}{where}, limit {human(budget['limit_bytes'])}: "
                     f"{status}")
    lines.append("all budgets met" if found["ok"] else "some budgets NOT met")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("output", type=Path, help="a built site (sitegen build's output folder)")
    parser.add_argument("--json", action="store_true", help="print the scan as JSON")
    args = parser.parse_args(argv)
    if not args.output.is_dir():
        parser.error(f"{args.output} is not a folder")
    found = scan(args.output)
    print(json.dumps(found, indent=2) if args.json else describe(found))
    return 0 if found["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
