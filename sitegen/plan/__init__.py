"""The plan stage: from the Catalog, every page (url, template, view data), export and file to copy."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from sitegen.markdown import MarkdownRenderer
from sitegen.model import Catalog, Credential, Portfolio
from sitegen.plan import badges
from sitegen.plan.calculator import calculator_exports, calculator_view
from sitegen.plan.catalogwide import catalog_wide_summary, recognition_any_view
from sitegen.plan.common import Context, layout, site_view
from sitegen.plan.credentials import (
    badge_name,
    competency_view,
    credential_view,
    issuer_view,
    stack_view,
    topic_view,
)
from sitegen.plan.exports import catalog_exports, credential_exports, credential_jsonld, organization_jsonld
from sitegen.plan.facets import credential_filters, credential_meta, kind_filter
from sitegen.plan.index import CatalogIndex, build_index
from sitegen.plan.lists import credentials_list_pages, home_view
from sitegen.plan.localize import localized
from sitegen.plan.matrix import matrix_pages
from sitegen.plan.portfolios import (
    PublicResults,
    evaluate_public,
    portfolio_card,
    portfolio_files,
    portfolio_json,
    portfolio_view,
)
from sitegen.plan.recognizers import recognizer_view, states_list_view
from sitegen.plan.usmap import map_view
from sitegen.urls import Urls


@dataclass(frozen=True)
class Page:
    """One HTML page to render."""

    url: str
    """Site-relative path ("credentials/x/")."""
    template: str
    planned: dict[str, Any] | None
    """{"layout": …, "page": …}: plain data only; None when `plan` makes it on demand."""
    source: str | None = None
    """The content file the page comes from (for error messages)."""
    plan: Callable[[], dict[str, Any]] | None = None
    """Makes the view when it is asked for, not kept: credential pages are planned by the render worker that
    renders them, so the planning is spread over the cores and no process holds every view at once."""
    credential: str | None = None
    """A credential's page: the credential whose files (badge, achievement.json, ctdl.json) share its folder
    and are written with it, by the same process."""

    @property
    def view(self) -> dict[str, Any]:
        if self.planned is not None:
            return self.planned
        assert self.plan is not None
        return self.plan()


@dataclass(frozen=True)
class Export:
    """A file whose bytes the plan already knows (JSON, CSV, XML, SVG)."""

    url: str
    content: bytes


@dataclass(frozen=True)
class Copy:
    """A content file published as it is (evidence, images)."""

    url: str
    source: str


@dataclass(frozen=True)
class Site:
    pages: tuple[Page, ...]
    exports: tuple[Export, ...]
    copies: tuple[Copy, ...]
    site: dict[str, Any]
    """The view every template gets as `site`."""
    index: CatalogIndex | None = None
    """The lookups the pages were planned with."""
    credential_exports: Callable[[Sequence[str]], Iterator[Export]] | None = None
    """Each given credential's generated badge, achievement.json and ctdl.json, made one at a time when called
    (the build writes them with the credential's page)."""
    catalog_exports: Callable[[], Iterator[Export]] | None = None
    """catalog.json, recognitions.csv, feeds and the sitemap, made one at a time when called (the build writes
    them while the pages render, without holding them all)."""


def credential_page(ctx: Context, index: CatalogIndex, credential: Credential) -> Page:
    """A credential's page, planned now (`serve` plans one alone to show an edit at once)."""
    return Page(ctx.urls.credential(credential.id), "credential.html", credential_page_view(ctx, index, credential),
                credential.path)


def _deferred_credential_page(ctx: Context, index: CatalogIndex, credential: Credential) -> Page:
    return Page(ctx.urls.credential(credential.id), "credential.html", None, credential.path,
                plan=lambda: credential_page_view(ctx, index, credential), credential=credential.id)


def credential_page_view(ctx: Context, index: CatalogIndex, credential: Credential) -> dict[str, Any]:
    urls = ctx.urls
    view = credential_view(ctx, index, credential)
    return {"layout": layout(
        ctx, urls.credential(credential.id), view.get("title", ""), kind="credential",
        description=credential.summary, crumbs=[(ctx._("Credentials"), urls.credentials)], indexed=True,
        jsonld=credential_jsonld(ctx, index, credential), filters=credential_filters(ctx, index, credential),
        meta=credential_meta(ctx, index, credential),
        image=urls.absolute(urls.credential_file(credential.id, badge_name(credential)))), "page": view}


def _portfolio_page(ctx: Context, portfolio: Portfolio, results: PublicResults) -> dict[str, Any]:
    return portfolio_view(ctx, portfolio, results[portfolio.id])


def plan_site(catalog: Catalog, markdown: MarkdownRenderer | None = None, *, serve: bool = False,
              language: str | None = None) -> Site:
    """Every page, export and copy. Page views are planned when asked for (by the process that renders the
    page); what several pages share (the map, rule rows) is computed once per process.

    `language`: the pages' language, one of site.yaml's `languages` (default: the default language); the
    catalog's text is taken in it where translations give it (plan.localize)."""
    catalog = localized(catalog, language or catalog.site.language)
    ctx = Context(catalog, markdown or MarkdownRenderer(), language)
    index = build_index(catalog)
    urls = ctx.urls
    pages: list[Page] = []
    exports: list[Export] = []
    copies: list[Copy] = []

    def add(rel: str, template: str, make: Callable[[], dict[str, Any]], source: str | None = None,
            **lay: Any) -> None:
        def plan() -> dict[str, Any]:
            page = make()
            title = lay.get("title", page.get("title", ""))
            return {"layout": layout(ctx, rel, title, **{k: v for k, v in lay.items() if k != "title"}),
                    "page": page}
        pages.append(Page(rel, template, None, source, plan=plan))

    def us_map() -> dict[str, Any]:
        found: dict[str, Any] | None = ctx.memo.get(("us-map",))
        if found is None:
            found = ctx.memo[("us-map",)] = map_view(ctx, index)
        return found

    under_credentials = [(ctx._("Credentials"), urls.credentials)]
    add(urls.home, "home.html", lambda: {**home_view(ctx, index), "map": us_map()}, title=catalog.site.title,
        kind="home")
    for list_url, list_title, make_list in credentials_list_pages(ctx, index):
        add(list_url, "credentials.html", make_list, title=list_title, kind="list",
            crumbs=[] if list_url == urls.credentials else under_credentials)
    for credential in catalog.credentials.values():
        pages.append(_deferred_credential_page(ctx, index, credential))
        if credential.image:
            copies.append(Copy(urls.credential_file(credential.id, badge_name(credential)),
                               str(Path(catalog.content_dir) / "credentials" / credential.image)))
    for competency in catalog.competencies.values():
        add(urls.competency(competency.id), "competency.html",
            partial(competency_view, ctx, index, competency.id),
            competency.path, kind="competency", description=competency.statement, crumbs=under_credentials,
            indexed=True, filters=kind_filter(ctx._("Competency")))
    for stack in catalog.stacks.values():
        add(urls.stack(stack.id), "stack.html", partial(stack_view, ctx, index, stack), stack.path,
            kind="stack", description=stack.summary, crumbs=under_credentials, indexed=True,
            filters=kind_filter(ctx._("Stack")))
    for issuer in catalog.issuers.values():
        add(urls.issuer(issuer.id), "issuer.html", partial(issuer_view, ctx, index, issuer.id),
            issuer.path, kind="issuer", crumbs=under_credentials, indexed=True, filters=kind_filter(ctx._("Issuer")),
            jsonld=organization_jsonld(ctx, issuer))
    for topic in index.credentials_by_topic:
        add(urls.topic(topic), "topic.html", partial(topic_view, ctx, index, topic),
            title=ctx._("Topic: %(topic)s", topic=topic), kind="topic", crumbs=under_credentials)
    add(urls.states, "states.html", lambda: {**states_list_view(ctx, index), "map": us_map()},
        title=ctx._("States and districts"), kind="list", crumbs=[])
    for recognizer in catalog.recognizers.values():
        crumbs = [(ctx._("States and districts"), urls.states)]
        if recognizer.kind == "district":
            crumbs.append((catalog.recognizers[recognizer.state].name, urls.recognizer(recognizer.state, "state")))
        add(urls.recognizer(recognizer.id, recognizer.kind), "recognizer.html",
            partial(recognizer_view, ctx, index, recognizer), recognizer.path,
            kind=recognizer.kind, description=recognizer.policy or "", crumbs=crumbs, indexed=True,
            filters=kind_filter(ctx._("State") if recognizer.kind == "state" else ctx._("District")),
            jsonld=organization_jsonld(ctx, recognizer) if recognizer.kind == "district" else None)
    for matrix in matrix_pages(ctx, index):
        add(matrix.url, matrix.template, matrix.make, title=matrix.title, kind="matrix", crumbs=matrix.crumbs,
            description=matrix.description)
    add(urls.recognition_any, "recognition-any.html", partial(recognition_any_view, ctx, index),
        title=ctx._("Recognition of any credential"), kind="recognition-any",
        crumbs=[(ctx._("Recognition matrix"), urls.recognition)], indexed=True,
        filters=kind_filter(ctx._("Recognition")))
    results = evaluate_public(ctx, index)
    public = catalog.public_portfolios
    add(urls.portfolios, "portfolios.html",
        lambda: {"portfolios": [portfolio_card(ctx, p) for p in sorted(public.values(), key=lambda p: p.name.lower())]},
        title=ctx._("Portfolios"), kind="list", crumbs=[])
    for portfolio in public.values():
        add(urls.portfolio(portfolio.id), "portfolio.html",
            partial(_portfolio_page, ctx, portfolio, results),
            portfolio.path, kind="portfolio", description=portfolio.headline or "",
            crumbs=[(ctx._("Portfolios"), urls.portfolios)], indexed=True, filters=kind_filter(ctx._("Portfolio")))
        copies.extend(Copy(urls.portfolio_file(portfolio.id, relative), str(Path(portfolio.folder) / relative))
                      for relative in portfolio_files(portfolio))
    add(urls.search, "search.html",
        lambda: {"title": ctx._("Search"), "catalog_wide": catalog_wide_summary(ctx, index)}, kind="search", crumbs=[])
    add(urls.calculator, "calculator.html", partial(calculator_view, ctx, index),
        title=ctx._("What are my credentials worth?"), kind="calculator", crumbs=[],
        description=ctx._("Choose a state or district and the credentials you hold: see what each of its rules gives."))
    add(urls.not_found, "404.html", lambda: {"title": ctx._("Page not found")}, kind="404")
    exports.append(Export(".nojekyll", b""))

    def per_credential(ids: Sequence[str]) -> Iterator[Export]:
        for credential_id in ids:
            credential = catalog.credentials[credential_id]
            if not credential.image:
                yield Export(urls.credential_file(credential.id, badge_name(credential)),
                             badges.badge_svg(credential, catalog))
            yield from (Export(rel, content) for rel, content in credential_exports(ctx, index, [credential_id]))

    def catalog_wide() -> Iterator[Export]:
        for portfolio in public.values():
            yield Export(f"portfolios/{portfolio.id}/portfolio.json",
                         portfolio_json(ctx, portfolio, results[portfolio.id]))
        public_urls = [page.url for page in pages if page.url != urls.not_found]  # every page the sitemap lists
        yield from (Export(rel, content) for rel, content in catalog_exports(ctx, index, results, public_urls))
        yield from (Export(rel, content) for rel, content in calculator_exports(ctx, index))

    return Site(
        pages=tuple(sorted(pages, key=lambda p: p.url)),
        exports=tuple(sorted(exports, key=lambda e: e.url)),
        copies=tuple(sorted(copies, key=lambda c: c.url)),
        site=site_view(ctx, serve=serve),
        index=index,
        credential_exports=per_credential,
        catalog_exports=catalog_wide,
    )


def plan_translation(catalog: Catalog, language: str, markdown: MarkdownRenderer | None = None, *,
                     serve: bool = False) -> Site:
    """The pages of a language other than the default one, under `/<language>/`: the same pages (but the 404
    page, which GitHub Pages takes from the root only), without copies, a credential's files or the exports,
    which the default language's site has already, and which are the same in every language; but for the
    calculator's data, which holds titles, names and the rules' words in the language (`catalog_exports`)."""
    whole = plan_site(catalog, markdown, serve=serve, language=language)
    prefix = language + "/"
    pages = tuple(replace(page, url=prefix + page.url, credential=None) for page in whole.pages
                  if page.url != Urls.not_found)
    ctx = Context(localized(catalog, language), markdown or MarkdownRenderer(), language)
    index = whole.index
    assert index is not None

    def language_exports() -> Iterator[Export]:
        yield from (Export(prefix + rel, content) for rel, content in calculator_exports(ctx, index))

    return Site(pages=pages, exports=(), copies=(), site=whole.site, index=index, catalog_exports=language_exports)


__all__ = ["CatalogIndex", "Copy", "Export", "Page", "Site", "plan_site", "plan_translation"]
