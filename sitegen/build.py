"""The pipeline in one place: load+validate → plan → render → write (→ index)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import ContentError
from sitegen.model import Catalog
from sitegen.output import check_output_folder, write_site
from sitegen.plan import Site, plan_site
from sitegen.render import Renderer
from sitegen.theming import static_files, theme_chain
from sitegen.urls import Urls
from sitegen.validate.catalog import load_catalog


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    output: Path
    base_url: str | None = None
    drafts: bool = False
    search: bool = True
    serve: bool = False


@dataclass
class BuildReport:
    pages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    warnings: tuple[ContentError, ...] = ()


def project_root(content: Path) -> Path:
    """The folder holding content/ (and themes/): the content folder's parent."""
    return content.resolve().parent


def load(options: BuildOptions) -> Catalog:
    catalog = load_catalog(options.content, drafts=options.drafts)
    if options.base_url:
        from dataclasses import replace

        base = options.base_url if options.base_url.endswith("/") else options.base_url + "/"
        catalog = replace(catalog, site=replace(catalog.site, base_url=base))
    return catalog


def render_files(catalog: Catalog, site: Site, options: BuildOptions) -> tuple[list[tuple[str, bytes]],
                                                                               list[tuple[str, str]]]:
    chain = theme_chain(project_root(options.content), catalog.site.theme)
    renderer = Renderer(chain)
    files = list(renderer.render_all(site))
    files.extend((export.url, export.content) for export in site.exports)
    copies = [(copy.url, copy.source) for copy in site.copies]
    copies.extend((Urls.asset(name), str(path)) for name, path in static_files(chain).items())
    return files, copies


def build(options: BuildOptions, index: Callable[[Path], None] | None = None) -> BuildReport:
    """Build the site; nothing is written unless every stage before the swap succeeds."""
    report = BuildReport()
    started = time.perf_counter()

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        report.stages[name] = now - since
        return now

    check_output_folder(options.output, options.content, project_root(options.content))
    mark = time.perf_counter()
    catalog = load(options)
    mark = lap("load+validate", mark)
    site = plan_site(catalog, serve=options.serve)
    mark = lap("plan", mark)
    files, copies = render_files(catalog, site, options)
    mark = lap("render", mark)
    write_site(options.output, files, copies, before_swap=index if options.search else None)
    lap("write+index", mark)
    report.pages = len(site.pages)
    report.files = len(files) + len(copies)
    report.bytes = sum(len(content) for _, content in files)
    report.seconds = time.perf_counter() - started
    report.warnings = tuple(w for w in catalog.warnings if w.warning)
    return report
