"""The pipeline in one place: load+validate → plan → render → write (→ index)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sitegen.cache import BuildCache, inputs_fingerprint, text_key, theme_key
from sitegen.errors import ContentError
from sitegen.i18n import LOCALE
from sitegen.markdown import MarkdownRenderer
from sitegen.model import Catalog
from sitegen.output import (
    StagingWriter,
    check_output_folder,
    folder_manifest,
    pause_point,
    prepare_output,
    write_site,
)
from sitegen.outputlock import OutputLock
from sitegen.parallel import (
    PageReuse,
    collect_new_objects_only,
    collector_paused,
    markdown_texts,
    render_pages,
)
from sitegen.plan import CatalogIndex, plan_site, plan_translation
from sitegen.theming import bundled_themes, static_files, theme_chain
from sitegen.urls import Urls
from sitegen.validate.catalog import load_catalog
from sitegen.workers import default_jobs


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    output: Path
    base_url: str | None = None
    drafts: bool = False
    search: bool = True
    serve: bool = False
    jobs: int | None = None
    """Worker processes for rendering; None: one per CPU. Serve mode always renders in-process."""
    cache: bool = True
    cache_dir: Path | None = None
    """Default: `.sitegen-cache/` beside the content folder."""
    progress: Callable[[str, int, int], None] | None = None
    """Told (stage, done, total) as the build goes; total 0 when a stage has no count."""
    wait: bool = True
    """Another build holding the output folder: wait for it (False: raise OutputBusy at once)."""
    waiting: Callable[[str], None] | None = None
    """Told once, when this build has to wait for another one, who that is."""


@dataclass
class BuildReport:
    pages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    warnings: tuple[ContentError, ...] = ()
    unchanged: bool = False
    """Nothing the build reads had changed since the last build and its output was intact: nothing was done."""
    live: Live | None = None
    """Serve mode: what the build planned with, kept so that `serve` can show one credential's edit at once."""


@dataclass(frozen=True)
class Live:
    catalog: Catalog
    index: CatalogIndex
    markdown: MarkdownRenderer
    site: dict[str, Any]
    chain: tuple[Path, ...]


def cache_folder(options: BuildOptions) -> Path | None:
    if not options.cache:
        return None
    return options.cache_dir or project_root(options.content) / ".sitegen-cache"


def project_root(content: Path) -> Path:
    """The folder holding content/ (and themes/): the content folder's parent."""
    return content.resolve().parent


def worker_count(options: BuildOptions) -> int:
    """Processes to spread the work over: serve builds in its own process, others use every CPU by default."""
    return 1 if options.serve else options.jobs or default_jobs()


def load(options: BuildOptions) -> Catalog:
    catalog = load_catalog(options.content, drafts=options.drafts, jobs=worker_count(options))
    if options.base_url:
        from dataclasses import replace

        base = options.base_url if options.base_url.endswith("/") else options.base_url + "/"
        catalog = replace(catalog, site=replace(catalog.site, base_url=base))
    return catalog


def build(options: BuildOptions, index: Callable[[Path], None] | None = None,
          swap_guard: Callable[[], AbstractContextManager[object]] | None = None,
          lock: OutputLock | None = None) -> BuildReport:
    """Build the site; nothing is written unless every stage before the swap succeeds.

    One build at a time per output folder: the build takes the output's lock (waiting for another build as
    `options.wait` says) before it reads the cache, and keeps it until the cache is saved; `lock`, when given,
    is the output's lock already held by the caller (serve). `swap_guard`, when given, is held around the
    moment the new output replaces the old one (serve's readers).
    """
    check_output_folder(options.output, options.content, project_root(options.content))
    with collector_paused():
        if lock is not None and lock.held:
            return _build(options, index, swap_guard)
        own = OutputLock(options.output)
        own.acquire(wait=options.wait, waiting=options.waiting)
        with own:
            return _build(options, index, swap_guard)


def _build(options: BuildOptions, index: Callable[[Path], None] | None,
           swap_guard: Callable[[], AbstractContextManager[object]] | None) -> BuildReport:
    """The build, with the output's lock held."""
    prepare_output(options.output)
    pause_point("locked")
    report = BuildReport()
    started = time.perf_counter()
    mark = started

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        report.stages[name] = now - mark
        mark = now

    def tell(stage: str, done: int = 0, total: int = 0) -> None:
        if options.progress is not None:
            options.progress(stage, done, total)

    tell("reading and checking the content")

    cache = BuildCache.open(cache_folder(options))
    inputs = ""
    if cache.folder is not None and not options.serve:  # serve keeps the planned catalog: it always builds
        inputs = inputs_fingerprint(
            [options.content, project_root(options.content) / "themes", bundled_themes(), LOCALE],
            [str(options.output.resolve()), options.base_url, options.drafts, options.search, options.serve])
        if cache.unchanged(inputs, options.output):
            return _unchanged_report(report, cache, started)
    lap("fingerprint")
    catalog = load(options)
    lap("load+validate")
    tell("reading the Markdown cache")
    chain = theme_chain(project_root(options.content), catalog.site.theme)
    jobs = worker_count(options)
    markdown = MarkdownRenderer()
    if cache.markdown:  # the rest is rendered where the pages need it (the render workers)
        keys = {text: text_key(text) for text in markdown_texts(catalog)}
        markdown.seed((text, cache.markdown[key]) for text, key in keys.items() if key in cache.markdown)
    lap("markdown")
    tell("planning pages")
    site = plan_site(catalog, markdown, serve=options.serve)
    translations = [plan_translation(catalog, language, markdown, serve=options.serve)
                    for language in catalog.site.languages[1:]]
    lap("plan")
    statics = static_files(chain)
    templates = [p for folder in chain for p in (folder / "templates").rglob("*") if p.is_file()]
    templates += sorted(LOCALE.rglob("*.po"))  # a page's words change with the interface's translations too
    previous_output = Path(cache.output) if cache.output else None
    same_output = previous_output == options.output.resolve()
    reuse = PageReuse(previous=cache.reusable_pages(options.output, folder_manifest(options.output))
                      if same_output and cache.pages else {},
                      old_output=previous_output if same_output else None,
                      theme=theme_key(templates + list(statics.values())), keys=cache.folder is not None)
    page_keys: dict[str, str] = {}

    def fill(writer: StagingWriter) -> None:
        collect_new_objects_only()
        def write_exports() -> None:
            for export in itertools.chain(site.exports, site.catalog_exports() if site.catalog_exports else ()):
                writer.write(export.url, export.content)

        page_keys.update(render_pages(site, chain, writer, jobs, reuse,
                                      lambda done: tell("rendering pages", done, len(site.pages)),
                                      meanwhile=write_exports, markdown=markdown))
        for translation in translations:
            page_keys.update(render_pages(translation, chain, writer, jobs, reuse,
                                          partial(tell, "rendering pages", total=len(translation.pages)),
                                          markdown=markdown))
            for export in translation.catalog_exports() if translation.catalog_exports else ():
                writer.write(export.url, export.content)  # the language's calculator data
        lap("render+exports")
        tell("writing files")
        for copy in site.copies:
            writer.copy(copy.url, copy.source)
        for name, path in statics.items():
            writer.copy(Urls.asset(name), str(path))
        lap("write")

    def search_index(staging: Path) -> None:
        tell("indexing for search")
        if index is not None:
            index(staging)

    writer, published = write_site(options.output, fill, before_swap=search_index if options.search else None,
                                   swap_guard=swap_guard)
    lap("index+swap")
    content_warnings = tuple(w for w in catalog.warnings if w.warning)
    if options.serve and site.index is not None:
        report.live = Live(catalog, site.index, markdown, site.site, chain)
    report.pages = len(site.pages) + sum(len(translation.pages) for translation in translations)
    report.files = writer.files
    report.bytes = writer.bytes
    pause_point("cache")
    cache.save({text_key(text): html for text, html in markdown.rendered.items()}, page_keys, options.output,
               inputs, {"pages": report.pages, "files": report.files, "bytes": report.bytes,
                        "warnings": [(w.path, w.line, w.message) for w in content_warnings]}, published)
    lap("cache")
    report.seconds = time.perf_counter() - started
    report.warnings = content_warnings + _cache_warnings(cache)
    return report


def _cache_warnings(cache: BuildCache) -> tuple[ContentError, ...]:
    return tuple(ContentError(message.split(": ", 1)[0], 0, message.split(": ", 1)[-1], warning=True)
                 for message in cache.warnings)


def _unchanged_report(report: BuildReport, cache: BuildCache, started: float) -> BuildReport:
    """The last build's figures and warnings, for a build that found nothing to do."""
    summary = cache.summary
    report.pages, report.files, report.bytes = summary["pages"], summary["files"], summary["bytes"]
    report.warnings = tuple(ContentError(path, line, message, warning=True)
                            for path, line, message in summary["warnings"]) + _cache_warnings(cache)
    report.unchanged = True
    report.seconds = time.perf_counter() - started
    report.stages["unchanged"] = report.seconds
    return report
