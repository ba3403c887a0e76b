"""View-data helpers shared by page kinds: links, citations, labels, the layout every page gets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sitegen.i18n import N_, SOURCE_LANGUAGE, date_words, language_name, language_prefix, translations
from sitegen.jurisdictions import JURISDICTIONS
from sitegen.markdown import MarkdownRenderer
from sitegen.model import Catalog, Source
from sitegen.plan.localize import text_language
from sitegen.plan.scriptwords import WordsTable, words_table
from sitegen.urls import Urls

View = dict[str, Any]

PURPOSE_LABELS = {
    "license-renewal": N_("License renewal"),
    "salary": N_("Salary"),
    "stipend": N_("Stipend"),
    "masters-equivalency": N_("Master's equivalency"),
    "leadership-pathway": N_("Leadership pathway"),
    "pd-requirement": N_("PD requirement"),
    "endorsement": N_("Endorsement"),
    "graduate-credit": N_("Graduate credit"),
    "licensure": N_("Licensure"),
}
BASIS_LABELS = {
    "per-credential": N_("Per credential"),
    "stack-completion": N_("Stack completion"),
    "threshold": N_("Threshold"),
}
STATUS_LABELS = {"active": N_("Active"), "pilot": N_("Pilot"), "proposed": N_("Proposed"), "ended": N_("Ended"),
                 "retired": N_("Retired"), "draft": N_("Draft")}
ISSUER_KIND_LABELS = {
    "state-agency": N_("State agency"), "district": N_("School district"), "nonprofit": N_("Nonprofit"),
    "university": N_("University"), "union": N_("Union"), "company": N_("Company"), "other": N_("Organisation"),
}
GRADE_LABELS = {"pre-k": N_("Pre-K"), "k-5": "K–5", "6-8": "6–8", "9-12": "9–12", "adult": N_("Adult"),
                "any": N_("Any grade")}
ROLE_LABELS = {"teacher": N_("Teacher"), "administrator": N_("Administrator"), "paraeducator": N_("Paraeducator"),
               "counselor": N_("Counselor"), "coach": N_("Coach"), "any": N_("Any role")}


class Context:
    """What every view builder needs: the catalog, the URL scheme and the Markdown renderer."""

    def __init__(self, catalog: Catalog, markdown: MarkdownRenderer, language: str | None = None) -> None:
        self.catalog = catalog
        self.language = language or catalog.site.language
        """The language of the pages planned with this context (site.yaml's `languages`; default: `language`)."""
        self.urls = Urls(catalog.site.base_url, language_prefix(self.language, catalog.site.languages))
        self.interface = self.language if catalog.site.languages else SOURCE_LANGUAGE
        """The interface's language: English unless site.yaml sets `languages` (`language` alone sets only
        `<html lang>`, as before `languages` existed)."""
        self.translation = translations(self.interface)
        self.markdown = markdown
        self.memo: dict[tuple[str, ...], Any] = {}
        """View parts that depend on one entity only (a rule's row), computed once per build; never mutate."""

    def _(self, message: str, **values: Any) -> str:
        """An interface string in the pages' language, with `%(name)s` filled from `values`."""
        text = self.translation.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """A string with a count in the pages' language (`%(num)s` is the count)."""
        return self.translation.ngettext(singular, plural, count) % {"num": count, **values}

    def label(self, table: dict[str, str], key: str) -> str:
        """A label of one of the tables above (PURPOSE_LABELS, …) in the pages' language."""
        return self.translation.gettext(table[key])

    def date(self, day: dt.date | None) -> str | None:
        """A date from the content, written for the pages' language (ISO in English)."""
        return date_words(day, self.interface) if day else None

    def effective(self, start: dt.date | None, until: dt.date | None) -> str | None:
        """When a rule is in effect: `2019-01-01 to 2021-12-31`, `since 2019-01-01`, `until 2021-12-31`."""
        if start and until:
            return self._("%(start)s to %(until)s", start=self.date(start), until=self.date(until))
        if start:
            return self._("since %(date)s", date=self.date(start))
        if until:
            return self._("until %(date)s", date=self.date(until))
        return None

    def state_name(self, code: str) -> str:
        """A state's, DC's or territory's name in the pages' language ("Carolina del Norte")."""
        return self.translation.gettext(state_name(code))

    def text_lang(self, kind: str, ident: str) -> str:
        """The language an entity's text is in on these pages: the pages' language where a translation gives
        it (`kind` is the content folder: "credentials", "states", ...), else the default language."""
        return text_language(self.catalog, kind, ident)

    def text_of(self, kind: str, ident: str) -> View:
        """What a page's view says of an entity's text: `text_lang` (see `text_lang`) and `translation_example`
        (its translation is marked `example: true`: the page labels it)."""
        translation = self.catalog.translated.get((kind, ident))
        return {"text_lang": self.text_lang(kind, ident),
                "translation_example": bool(translation is not None and translation.example)}

    def lang_mark(self, kind: str, ident: str) -> str | None:
        """The `lang` attribute an entity's text needs on these pages: its language where that differs from the
        pages' (an untranslated text on a Spanish page), else None."""
        found = self.text_lang(kind, ident)
        return found if found != self.language else None

    def link(self, title: str, rel: str, **more: Any) -> View:
        return {"title": title, "href": self.urls.href(rel), **more}

    def html(self, text: str | None) -> str:
        return self.markdown.render(text or "")


def citation(source: Source) -> View:
    return {"title": source.title, "publisher": source.publisher, "year": source.year,
            "locator": source.locator, "url": source.url}


def state_name(code: str) -> str:
    found = JURISDICTIONS.get(code)
    return found.name if found else code.upper()


def date_text(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def layout(ctx: Context, rel: str, title: str, *, description: str = "", kind: str,
           crumbs: list[tuple[str, str]] | None = None, indexed: bool = False,
           filters: list[tuple[str, str]] | None = None, meta: list[tuple[str, str]] | None = None,
           jsonld: str | None = None, image: str | None = None) -> View:
    """The part of every page's view that the base template reads."""
    trail = [ctx.link(ctx._("Home"), ctx.urls.home)] + [ctx.link(t, r) for t, r in crumbs or []]
    return {
        "url": rel,
        "href": ctx.urls.href(rel),
        "canonical": ctx.urls.absolute(rel),
        "title": title,
        "description": description or ctx.catalog.site.description,
        "kind": kind,
        "breadcrumbs": trail if crumbs is not None else [],
        "indexed": indexed,
        "filters": [{"name": n, "value": v} for n, v in filters or []],
        "meta": [{"name": n, "value": v} for n, v in meta or []],
        "jsonld": jsonld,
        "image": image,
        "alternates": alternates(ctx, rel),
        "script_words": script_words(ctx, kind),
    }


def script_words(ctx: Context, kind: str) -> WordsTable | None:
    """The translations of the browser scripts' words a page of `kind` needs (sitegen/plan/scriptwords.py);
    None on English pages, which show the scripts' own English (and whose HTML stays as it was)."""
    if ctx.interface == SOURCE_LANGUAGE:
        return None
    key = ("script-words", kind)
    found: WordsTable | None = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = words_table(ctx.translation, kind)
    return found or None


def alternates(ctx: Context, rel: str) -> list[View]:
    """The page in each of the site's languages, this one included (hreflang links, the language switcher);
    empty for a site in one language."""
    languages = ctx.catalog.site.languages
    if len(languages) < 2:
        return []
    found = []
    for language in languages:
        urls = Urls(ctx.catalog.site.base_url, language_prefix(language, languages))
        found.append({"language": language, "name": language_name(language), "href": urls.href(rel),
                      "absolute": urls.absolute(rel), "current": language == ctx.language})
    return found


def site_view(ctx: Context, *, serve: bool = False) -> View:
    urls = ctx.urls
    site = ctx.catalog.site
    return {
        "title": site.title,
        "description": site.description,
        "language": ctx.language,
        "interface_language": ctx.interface,
        "content_language": site.languages[0] if site.languages else site.language,
        **ctx.text_of("site", "site"),
        "base_path": urls.base_path,
        "pages_path": urls.href(urls.home),
        "base_url": site.base_url,
        "home_href": urls.href(urls.home),
        "search_href": urls.href(urls.search),
        "css_href": urls.href(urls.stylesheet),
        "js_href": urls.href(urls.asset("site.js")),
        "search_js_href": urls.href(urls.asset("search.js")),
        "calculator_js_href": urls.href(urls.asset("calculator.js")),
        "no_script_css_href": urls.href(urls.asset("no-script.css")),
        "pagefind_href": urls.href("pagefind/pagefind.js"),
        "feed_href": urls.href(urls.feed),
        "nav": [
            ctx.link(ctx._("Credentials"), urls.credentials, key="credentials"),
            ctx.link(ctx._("States & districts"), urls.states, key="states"),
            ctx.link(ctx._("Recognition matrix"), urls.recognition, key="recognition"),
            ctx.link(ctx._("Portfolios"), urls.portfolios, key="portfolios"),
            ctx.link(ctx._("Calculator"), urls.calculator, key="calculator"),
            ctx.link(ctx._("Search"), urls.search, key="search"),
        ],
        "extra": dict(site.extra),
        "serve": serve,
        "csp": CSP,
    }


CSP = ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
       "font-src 'self'; connect-src 'self'; worker-src 'self'; media-src 'self'; manifest-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'")


def pagination(number: int, count: int, href: Callable[[int], str]) -> View | None:
    """Links to the previous, next, first, last and nearby pages of a list split into `count` pages; None for a
    list on one page. `href(n)` is the link to page n."""
    if count <= 1:
        return None
    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    pages: list[View] = []
    for n in shown:
        if pages and n - pages[-1]["number"] > 1:
            pages.append({"number": n - 1, "gap": True, "href": None, "current": False})
        pages.append({"number": n, "gap": False, "href": href(n), "current": n == number})
    return {"number": number, "count": count, "pages": pages,
            "prev": href(number - 1) if number > 1 else None,
            "next": href(number + 1) if number < count else None}
