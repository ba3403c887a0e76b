"""The render stage spread over forked worker processes: each plans its pages' views, renders their
Markdown and templates, and writes them with their credentials' files.

Workers are forked after the page list and the shared lookups are made, so they inherit them without
pickling; only counts, view keys and (with a cache) newly rendered Markdown travel back. Output never
depends on the number of workers.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.cache import view_key
from sitegen.markdown import MarkdownRenderer
from sitegen.model import Catalog
from sitegen.output import StagingWriter
from sitegen.plan import Page, Site
from sitegen.render import Renderer
from sitegen.urls import output_file
from sitegen.workers import worth_forking

_worker: dict[str, Any] = {}
"""Per-worker-process state set by the pool initializer (never used in the parent)."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the catalog and its views are built.

    Loading and planning allocate millions of long-lived, acyclic objects; each full collection would walk
    all of them again (a third of the planning time at 10,000 credentials). Rendering, which makes short-lived
    cycles (template contexts), runs after `collect_new_objects_only`. The collector's state is restored after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def collect_new_objects_only() -> None:
    """Move every object alive now out of the collector's reach and turn it on for what comes next.

    Also keeps forked workers from touching (and so copying) the memory pages of the planned site.
    """
    gc.freeze()
    gc.enable()


def markdown_texts(catalog: Catalog) -> list[str]:
    """Every Markdown text the pages render, without repeats, in a stable order."""
    texts: list[str] = []
    for group in (catalog.issuers, catalog.competencies, catalog.rubrics, catalog.stacks, catalog.recognizers):
        texts.extend(entity.body for entity in group.values())
    for credential in catalog.credentials.values():
        texts.append(credential.body)
        texts.extend(part.description for part in credential.evidence)
    for portfolio in catalog.public_portfolios.values():
        texts.append(portfolio.about or "")
        for award in portfolio.earned:
            texts.append(award.reflection or "")
            texts.extend(item.description or "" for item in award.evidence)
    return list(dict.fromkeys(t for t in texts if t.strip()))


@dataclass(frozen=True)
class PageReuse:
    """What the last build left: each page's view key, and the output folder holding its file."""

    previous: dict[str, str]
    old_output: Path | None
    theme: str
    keys: bool = True
    """False when no cache keeps them (`--no-cache`): view keys are then not computed at all."""


def _render_pages(pages: Sequence[Page], site: Site, renderer: Renderer, writer: StagingWriter,
                  reuse: PageReuse, done: Callable[[int], None] | None = None) -> dict[str, str]:
    """Render (or reuse, by hard link from the last output) each page; returns url → view key."""
    keys: dict[str, str] = {}
    for number, page in enumerate(pages, start=1):
        if done is not None and number % 100 == 0:
            done(number)
        rel = output_file(page.url)
        if page.credential is not None:
            _write_credential_exports(site, (page.credential,), writer)
        if not reuse.keys:
            writer.write(rel, renderer.render_page(page, site.site))
            continue
        view = page.view
        key = view_key(page.template, view, site.site, reuse.theme)
        keys[page.url] = key
        if reuse.old_output is not None and reuse.previous.get(page.url) == key and writer.link(
                rel, reuse.old_output / rel):
            continue
        writer.write(rel, renderer.render_page(page, site.site, view))
    return keys


def _init_pages(site: Site, chain: tuple[Path, ...], staging: Path, reuse: PageReuse,
                markdown: MarkdownRenderer | None) -> None:
    collect_new_objects_only()
    _worker["site"] = site
    _worker["renderer"] = Renderer(chain, site.site["interface_language"])
    _worker["staging"] = staging
    _worker["reuse"] = reuse
    _worker["markdown"] = markdown
    if markdown is not None and reuse.keys:
        markdown.track_new()


def _write_credential_exports(site: Site, ids: Sequence[str], writer: StagingWriter) -> None:
    if site.credential_exports is not None:
        for export in site.credential_exports(ids):
            writer.write(export.url, export.content)


RangeResult = tuple[int, int, dict[str, str], dict[str, str]]
"""Files and bytes written, url → view key, and text → HTML of the Markdown rendered for the first time."""


def _render_range(task: tuple[int, int]) -> RangeResult:
    """One worker task: pages [start, end) of the site, planned and rendered, with their credentials' files."""
    start, end = task
    site: Site = _worker["site"]
    writer = StagingWriter(_worker["staging"])
    keys = _render_pages(site.pages[start:end], site, _worker["renderer"], writer, _worker["reuse"])
    markdown: MarkdownRenderer | None = _worker["markdown"]
    return writer.files, writer.bytes, keys, markdown.take_new() if markdown is not None else {}


def _ranges(site: Site, jobs: int) -> list[tuple[int, int]]:
    """Consecutive page ranges, about sixteen per worker (no page is much heavier than the others: the matrix is
    split into pages of about 1 MB)."""
    count = len(site.pages)
    step = max(1, -(-count // (jobs * 16)))
    return [(i, min(i + step, count)) for i in range(0, count, step)]


def render_pages(site: Site, chain: tuple[Path, ...], writer: StagingWriter, jobs: int,
                 reuse: PageReuse, done: Callable[[int], None] | None = None,
                 meanwhile: Callable[[], None] | None = None,
                 markdown: MarkdownRenderer | None = None) -> dict[str, str]:
    """Plan and render every page into the writer's staging folder, with each credential's files, across
    `jobs` forked processes when worth it. Markdown is rendered where it is needed; with a cache, what the
    workers rendered is added to `markdown` here, so that the cache can keep it.

    `meanwhile` runs in this process while the workers render (or after, without workers): the catalog-wide
    exports, made after the fork so that the workers never hold them. Returns each page's view key.
    """
    count = len(site.pages)
    if not worth_forking(count, jobs):
        alone = _render_pages(site.pages, site, Renderer(chain, site.site["interface_language"]), writer, reuse, done)
        if meanwhile is not None:
            meanwhile()
        return alone
    ranges = _ranges(site, jobs)
    context = multiprocessing.get_context("fork")
    keys: dict[str, str] = {}
    rendered = 0
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_pages,
                             initargs=(site, chain, writer.staging, reuse, markdown)) as pool:
        results = pool.map(_render_range, ranges)
        if meanwhile is not None:
            meanwhile()
        for (start, end), (files, size, part, html) in zip(ranges, results, strict=True):
            writer.files += files
            writer.bytes += size
            keys.update(part)
            if markdown is not None and html:
                markdown.seed(html.items())
            rendered += end - start
            if done is not None:
                done(rendered)
    return keys
