"""The dev server's builds: the full build into the served folder (keeping the last good site on errors), the
quick path taken first for edited credentials, what the last build did, and telling the terminal and pages."""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from sitegen.build import BuildOptions, Live, build, project_root
from sitegen.errors import ContentError, ContentErrors, UsageError
from sitegen.jurisdictions import JURISDICTIONS
from sitegen.output import check_output_folder
from sitegen.outputlock import OutputBusy, OutputLock
from sitegen.render import Renderer
from sitegen.serve.events import Broadcast, errors_json
from sitegen.serve.gate import SiteGate
from sitegen.serve.options import BuildOutcome, ServeOptions
from sitegen.serve.quick import show_edited_credentials
from sitegen.serve.watcher import is_credential_file
from sitegen.urls import Urls
from sitegen.validate.site import site_config


def site_base_path(content: Path) -> str | None:
    """The path part of site.yaml's base_url ("/catalog/"), or None when site.yaml has problems."""
    problems: list[ContentError] = []
    config = site_config(content, problems, {"state": frozenset(JURISDICTIONS)})
    return None if config is None else Urls(config.base_url).base_path


def shown_path(path: str) -> str:
    """A path as the terminal shows it: relative to the current folder when inside it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path


class Builds:
    """Runs the dev server's builds one at a time (from the build thread, and once at start) and keeps what the
    pages and requests need: the base path, the last outcome, and the generation naming the last good build."""

    def __init__(self, options: ServeOptions, gate: SiteGate, broadcast: Broadcast, say: Callable[[str], None],
                 stopping: Callable[[], bool], index: Callable[[Path], None] | None = None) -> None:
        self.options = options
        self.output = options.output
        self._gate = gate
        self._broadcast = broadcast
        self._say = say
        self._stopping = stopping
        self._index = index
        self._run = f"{os.getpid():x}{time.time_ns() % 0xFFFFFFFF:08x}"
        self._builds = 0
        self.base_path = "/"
        self.outcome: BuildOutcome | None = None
        self._live: Live | None = None
        self._renderer: tuple[tuple[Path, ...], Renderer] | None = None

    @property
    def generation(self) -> str:
        """Names the last good build; a page from another build reloads when it connects."""
        return f"{self._run}-{self._builds}"

    def quick_possible(self, changed: list[str]) -> bool:
        """Whether the quick path may show `changed` (only credential files, after a good build)."""
        return self._live is not None and self.outcome is not None and self.outcome.ok and \
            bool(changed) and all(is_credential_file(path) for path in changed)

    def after_edits(self, changed: list[str]) -> None:
        """The edited credentials' pages at once when the quick path applies, then the full rebuild."""
        self.full(changed, quick=self.quick(changed))

    def quick(self, changed: list[str]) -> bool:
        """The quick path (`sitegen.serve.quick`); after errors only a full build clears them. The full rebuild
        that follows updates the lists, exports and search index."""
        live = self._live
        if live is None or not self.quick_possible(changed):
            return False
        started = time.perf_counter()
        if self._renderer is None or self._renderer[0] != live.chain:
            # the default language's pages (the others follow with the full rebuild)
            self._renderer = (live.chain, Renderer(live.chain, live.site["interface_language"]))
        updated = show_edited_credentials(live, self._renderer[1], changed, self.output, self._gate)
        if updated is None:
            return False
        self._live = updated
        self._builds += 1
        if not self._stopping():
            names = ", ".join(shown_path(path) for path in dict.fromkeys(changed))
            self._say(f"Updated the page of {names} in {time.perf_counter() - started:.2f} s; rebuilding the rest.")
        self._broadcast.send("reload", self.generation)
        return True

    def full(self, changed: list[str], *, first: bool = False, quick: bool = False) -> BuildOutcome:
        """A full build, holding the output folder's lock (`OutputLock`) throughout. After a quick update
        (`quick`) the served folder stays readable while it runs: the edited pages are already there, and the
        readers' gate is taken only for the swap."""
        from sitegen.search import run_pagefind

        options = BuildOptions(content=self.options.content, output=self.output, drafts=self.options.drafts,
                               search=self.options.search, serve=True)
        started = time.perf_counter()
        lock = OutputLock(self.output)
        try:
            # The output's lock first, then the readers' gate: while another process (`sitegen build`) writes the
            # folder, this waits and the server goes on answering from the folder as it is.
            check_output_folder(self.output, self.options.content, project_root(self.options.content))
            lock.acquire(waiting=lambda message: self._say(f"{message}; serving the site as it is meanwhile"),
                         cancelled=self._stopping)
            with lock, nullcontext() if quick else self._gate.building():
                report = build(options, index=self._index or run_pagefind,
                               swap_guard=self._gate.building if quick else None, lock=lock)
        except OutputBusy as exc:  # stopped while waiting
            outcome = BuildOutcome(False, (f"sitegen: {exc}",), seconds=time.perf_counter() - started)
        except ContentErrors as exc:
            outcome = BuildOutcome(False, tuple(str(e) for e in exc.errors if not e.warning),
                                   tuple(str(e) for e in exc.errors if e.warning), time.perf_counter() - started)
        except UsageError as exc:
            if first:
                raise
            outcome = BuildOutcome(False, (f"sitegen: {exc}",), seconds=time.perf_counter() - started)
        except Exception as exc:  # a bug in a stage: report it and keep serving the last good site
            self._say(traceback.format_exc().rstrip())
            outcome = BuildOutcome(False, (f"sitegen: the build failed: {type(exc).__name__}: {exc}",),
                                   seconds=time.perf_counter() - started)
        else:
            outcome = BuildOutcome(True, (), tuple(str(w) for w in report.warnings), report.seconds, report.pages)
            self._live = report.live
            self._renderer = None  # its fragments (`once`) belong to the catalog before this build
        if outcome.ok:
            self.base_path = site_base_path(self.options.content) or self.base_path
            self._builds += 1
        elif first:
            self.base_path = site_base_path(self.options.content) or self.base_path
        self.outcome = outcome
        if not self._stopping():
            self._report(outcome, changed, first)
        if outcome.ok:
            self._broadcast.send("reload", self.generation)
        else:
            self._broadcast.send("errors", errors_json(outcome))
        return outcome

    def _report(self, outcome: BuildOutcome, changed: list[str], first: bool) -> None:
        for line in (*outcome.warnings, *outcome.errors):
            self._say(line)
        what = "Built" if first else "Rebuilt"
        cause = ""
        if changed:
            names = [shown_path(path) for path in changed]
            cause = f" after {len(names)} change{'s' if len(names) != 1 else ''} ({', '.join(names[:3])}"
            cause += ", ...)" if len(names) > 3 else ")"
        if outcome.ok:
            self._say(f"{what} {outcome.pages} pages in {outcome.seconds:.2f} s{cause}.")
        else:
            count = len(outcome.errors)
            kept = "serving the last good build" if not first else "nothing to serve until they are fixed"
            self._say(f"{count} problem{'s' if count != 1 else ''}{cause}; {kept}. Save a fix to rebuild.")
