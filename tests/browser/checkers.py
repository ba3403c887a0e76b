"""The two outside checkers of built pages: the Nu Html Checker (vnu.jar, run by Java) and Lighthouse (run by Node
with Debian's Chromium). `bash scripts/test` installs both, pinned, into tests/.browser; a missing one fails the test
that needs it (it never skips: CI runs the same command). No network: vnu reads files, Lighthouse loads pages from a
loopback server.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fixture_site import CHROMIUM, REPO

NODE_MODULES = REPO / "tests" / ".browser" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "core" / "index.js"
LIGHTHOUSE_RUNNER = Path(__file__).with_name("lighthouse_run.mjs")
# The categories Lighthouse 13 reports; each must be there, at 1.00 (a category that went missing is a failure).
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo", "agentic-browsing")
# The performance score is timed on a shared machine: a page below 1.00 is measured again, up to this many runs
# in all, and its best run counts (the other categories do not depend on timing and must be 1.00 every run).
PERFORMANCE_RUNS = 3
# vnu's findings below the error level, per catalog, for the end-of-run summary.
NU_REPORT = pytest.StashKey[dict[str, list[dict[str, Any]]]]()
# Lighthouse's scores per page kind, for the end-of-run summary.
LIGHTHOUSE_REPORT = pytest.StashKey[dict[str, "Audit"]]()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: run `bash scripts/test` (it installs what the checkers need)")
    return found


def _installed(path: Path, what: str) -> Path:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `bash scripts/test` (it installs {what} from npm)")
    return path


# --------------------------------------------------------------------------------------------------
# Nu Html Checker


def nu_check(folder: Path) -> list[dict[str, Any]]:
    """vnu's messages for every HTML file under `folder` (its JSON format: type, subType, url, lastLine, message)."""
    java = _tool("java")
    jar = _installed(VNU_JAR, "vnu-jar")
    done = subprocess.run([java, "-jar", str(jar), "--format", "json", "--skip-non-html", str(folder)],
                          capture_output=True, text=True, timeout=600, check=False)
    try:  # vnu writes its JSON report to stderr and exits 1 when there are errors
        report = json.loads(done.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"vnu gave no JSON report (exit {done.returncode}):\n{done.stdout}\n{done.stderr[-2000:]}")
    messages: list[dict[str, Any]] = report["messages"]
    return messages


def nu_where(message: dict[str, Any], folder: Path) -> str:
    url = str(message.get("url", ""))
    local = urllib.parse.unquote(url.removeprefix("file:"))  # vnu names files file:/path, not file:///path
    root = str(folder.resolve()) + "/"
    path = local[local.index(root) + len(root):] if root in local else url
    return f"{path}:{message.get('lastLine', '?')}"


def nu_errors(messages: list[dict[str, Any]], folder: Path) -> list[str]:
    """Errors and fatal or I/O problems (anything but info and warnings), as `path:line: message`."""
    return [f"{nu_where(m, folder)}: {m['message']}" for m in messages if m.get("type") != "info"]


def nu_warning_summary(messages: list[dict[str, Any]]) -> Counter[str]:
    """Warnings counted by kind (the quoted parts of a message, which name the file or element, elided)."""
    return Counter(re.sub(r"“[^”]*”", "“…”", m["message"]) for m in messages if m.get("type") == "info")


# --------------------------------------------------------------------------------------------------
# Lighthouse


@dataclass(frozen=True)
class Audit:
    url: str
    scores: dict[str, float | None]
    failing: list[list[Any]]  # [category, audit, score, display value]
    error: str | None
    runs: int = 1

    def problems(self) -> list[str]:
        """What keeps this page from 1.00 in every category, in words."""
        if self.error:
            return [f"Lighthouse could not audit it: {self.error}"]
        problems = [f"no {c} category in the report" for c in LIGHTHOUSE_CATEGORIES if c not in self.scores]
        problems += [f"{c}: {s}" for c, s in sorted(self.scores.items()) if s != 1]
        if problems:
            problems += [f"    {c} / {audit}: {score} {shown}" for c, audit, score, shown in self.failing]
        return problems

    def row(self) -> str:
        """The scores in LIGHTHOUSE_CATEGORIES order, then the number of performance runs."""
        cells = [f"{self.scores[c]:.2f}" if self.scores.get(c) is not None else "-" for c in LIGHTHOUSE_CATEGORIES]
        return " ".join(f"{cell:>6}" for cell in cells) + f"  ({self.runs} run{'s' if self.runs != 1 else ''})"


def _lighthouse_runs(urls: list[str]) -> dict[str, Audit]:
    node = _tool("node")
    _installed(LIGHTHOUSE, "lighthouse")
    command = [node, str(LIGHTHOUSE_RUNNER), str(NODE_MODULES), CHROMIUM, *urls]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120 + 90 * len(urls), check=False)
    if done.returncode != 0:
        pytest.fail(f"Lighthouse failed (exit {done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    audits = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            item = json.loads(line)
            audits[item["url"]] = Audit(item["url"], item["scores"], item["failing"], item["error"])
    return audits


def lighthouse(urls: list[str]) -> dict[str, Audit]:
    """Audit every URL with one Chromium; pages below 1.00 in performance only are measured again
    (PERFORMANCE_RUNS in all) and keep their best run."""
    audits = _lighthouse_runs(urls)
    for run in range(2, PERFORMANCE_RUNS + 1):
        again = [u for u, a in audits.items()
                 if a.scores.get("performance") != 1 and all(s == 1 for c, s in a.scores.items() if c != "performance")]
        if not again:
            break
        for url, audit in _lighthouse_runs(again).items():
            best = audit if (audit.scores.get("performance") or 0) > (audits[url].scores.get("performance") or 0) \
                else audits[url]
            audits[url] = Audit(best.url, best.scores, best.failing, best.error, runs=run)
    return audits
