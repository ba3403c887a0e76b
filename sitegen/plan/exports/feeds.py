"""Feeds for machines that crawl: `feed.xml` (Atom), `sitemap.xml` and `robots.txt`."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence

from sitegen.plan.common import PURPOSE_LABELS, Context, alternates
from sitegen.plan.exports.encoding import xml_text
from sitegen.plan.index import CatalogIndex
from sitegen.wording import rule_value_words

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
"""The namespace of a sitemap's `xhtml:link` alternates (the versions of a page in other languages)."""
XML_NS = "http://www.w3.org/XML/1998/namespace"
SITEMAP_URLS = 50_000
"""The most URLs one sitemap may list (sitemaps.org)."""
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    out = io.BytesIO()
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue() + b"\n"


def _child(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def feed_updated(latest: dt.date | None, source_date_epoch: str | None) -> str:
    """SOURCE_DATE_EPOCH when it is set (and an integer), else the latest entry's date; never the clock."""
    if source_date_epoch is not None and source_date_epoch.strip().isdigit():
        try:
            moment = EPOCH + dt.timedelta(seconds=int(source_date_epoch.strip()))
        except OverflowError:
            pass
        else:
            return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return _stamp(latest) if latest else _stamp(EPOCH.date())


def feed_xml(ctx: Context, source_date_epoch: str | None = None) -> bytes:
    """Atom: credentials by `published` and rules by `effective.from`; only dated items, newest first."""
    catalog = ctx.catalog
    urls = ctx.urls
    # (date, id, title, link, summary, category)
    entries: list[tuple[dt.date, str, str, str, str, str]] = []
    for credential in catalog.credentials.values():
        if credential.published:
            page = urls.absolute(urls.credential(credential.id))
            entries.append((credential.published, page, credential.title, page, credential.summary, "credential"))
    for recognizer in catalog.recognizers.values():
        page = urls.recognizer(recognizer.id, recognizer.kind)
        for rule in recognizer.recognitions:
            if rule.effective_from:
                link = urls.absolute(urls.rule(page, rule.id))
                title = f"{recognizer.name}: {PURPOSE_LABELS[rule.purpose]} ({rule.id})"
                entries.append((rule.effective_from, link, title, link, rule_value_words(rule, catalog),
                                "recognition"))
    entries.sort(key=lambda e: (-e[0].toordinal(), e[1]))
    feed = ET.Element("feed", {"xmlns": ATOM, f"{{{XML_NS}}}lang": xml_text(catalog.site.language)})
    _child(feed, "id", urls.absolute(urls.home))
    _child(feed, "title", catalog.site.title)
    if catalog.site.description:
        _child(feed, "subtitle", catalog.site.description)
    _child(feed, "updated", feed_updated(entries[0][0] if entries else None, source_date_epoch))
    _child(feed, "link", rel="self", type="application/atom+xml", href=urls.absolute(urls.feed))
    _child(feed, "link", rel="alternate", type="text/html", href=urls.absolute(urls.home))
    author = _child(feed, "author")
    _child(author, "name", catalog.site.title)
    _child(feed, "generator", "sitegen")
    for day, ident, title, link, summary, category in entries:
        entry = _child(feed, "entry")
        _child(entry, "id", ident)
        _child(entry, "title", title)
        _child(entry, "updated", _stamp(day))
        _child(entry, "published", _stamp(day))
        _child(entry, "link", rel="alternate", type="text/html", href=link)
        _child(entry, "category", term=category)
        _child(entry, "summary", summary, type="text")
    return _xml_bytes(feed)


def public_pages(ctx: Context, index: CatalogIndex) -> list[str]:
    """Site-relative paths of every public HTML page (the planner's pages without 404.html), sorted."""
    catalog = ctx.catalog
    urls = ctx.urls
    pages = [urls.home, urls.credentials, urls.states, urls.recognition, urls.portfolios, urls.search]
    pages += [urls.credential(i) for i in catalog.credentials]
    pages += [urls.competency(i) for i in catalog.competencies]
    pages += [urls.stack(i) for i in catalog.stacks]
    pages += [urls.issuer(i) for i in catalog.issuers]
    pages += [urls.topic(t) for t in index.credentials_by_topic]
    pages += [urls.recognizer(r.id, r.kind) for r in catalog.recognizers.values()]
    pages += [urls.portfolio(i) for i in catalog.public_portfolios]
    return sorted(set(pages))


def sitemap_files(ctx: Context, pages: Sequence[str], *,
                  max_urls: int = SITEMAP_URLS) -> Iterator[tuple[str, bytes]]:
    """`sitemap.xml` listing `pages` (site-relative, in order); past `max_urls` URLs it is a sitemap index
    (sitemaps.org) of `sitemap-1.xml`, `sitemap-2.xml`, …, each holding at most `max_urls` of them in order."""
    urls = ctx.urls
    max_urls //= max(1, len(ctx.catalog.site.languages))  # each page is listed once per language
    if len(pages) <= max_urls:
        yield urls.sitemap, _urlset(ctx, pages)
        return
    index = ET.Element("sitemapindex", {"xmlns": SITEMAP})
    for number, start in enumerate(range(0, len(pages), max_urls), start=1):
        rel = urls.sitemap_part(number)
        _child(_child(index, "sitemap"), "loc", urls.absolute(rel))
        yield rel, _urlset(ctx, pages[start:start + max_urls])
    yield urls.sitemap, _xml_bytes(index)


def _urlset(ctx: Context, pages: Sequence[str]) -> bytes:
    """The `<urlset>` of `pages`; on a site in several languages, each page once per language, each with
    `xhtml:link` alternates to every version (itself included), as search engines read them."""
    if len(ctx.catalog.site.languages) < 2:
        urlset = ET.Element("urlset", {"xmlns": SITEMAP})
        for rel in pages:
            _child(_child(urlset, "url"), "loc", ctx.urls.absolute(rel))
        return _xml_bytes(urlset)
    urlset = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for rel in pages:
        versions = alternates(ctx, rel)
        for version in versions:
            entry = _child(urlset, "url")
            _child(entry, "loc", version["absolute"])
            for other in versions:
                _child(entry, "xhtml:link", rel="alternate", hreflang=other["language"], href=other["absolute"])
    return _xml_bytes(urlset)


def sitemap_xml(ctx: Context, index: CatalogIndex) -> bytes:
    """The sitemap of `public_pages`, whole (the build writes `sitemap_files` of the planned pages)."""
    return _urlset(ctx, public_pages(ctx, index))


def robots_txt(ctx: Context) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {ctx.urls.absolute(ctx.urls.sitemap)}\n".encode()
