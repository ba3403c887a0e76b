"""The URL scheme: every page's path, and links under the base path of `base_url`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class Urls:
    """Site-relative paths ("credentials/x/") and the links pages use ("/catalog/credentials/x/")."""

    base_url: str
    """Absolute, ending with '/'."""
    language_prefix: str = ""
    """"es/" for the pages of a language other than the default one; "" for the default language's pages.
    Pages (folders) get it; files (assets, exports, a credential's badge) are the same in every language, and
    their links never do."""

    @cached_property
    def base_path(self) -> str:
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def href(self, rel: str) -> str:
        """A root-relative link that stays under the base path (and, to a page, in this language)."""
        return self.base_path + self.localized(rel)

    def absolute(self, rel: str) -> str:
        return self.base_url + self.localized(rel)

    def localized(self, rel: str) -> str:
        """`rel` in this language: a page's path (a folder, maybe with a query or an anchor) with the language's
        prefix, a file's as it is."""
        if not self.language_prefix:
            return rel
        path = rel.split("#", 1)[0].split("?", 1)[0]
        return self.language_prefix + rel if path == "" or path.endswith("/") else rel

    # Site-relative paths, one per page kind.
    home = ""
    credentials = "credentials/"
    states = "states/"
    recognition = "recognition/"
    recognition_any = "recognition/any/"
    """Every catalog-wide rule (recognizing any credential), once, by state."""
    portfolios = "portfolios/"
    search = "search/"
    not_found = "404.html"
    catalog_json = "catalog.json"
    recognitions_csv = "recognitions.csv"
    feed = "feed.xml"
    sitemap = "sitemap.xml"
    ctdl_organizations = "ctdl/organizations.json"
    """Every organisation (issuer, district) that the credentials' ctdl.json refer to by `@id`, described once."""
    stylesheet = "assets/site.css"
    calculator = "calculator/"
    """The recognition calculator: what chosen credentials are worth to one state or district."""
    calculator_index = "calculator/credentials.json"
    """The calculator's shared index: credential ids and titles, stacks, recognizers."""

    @staticmethod
    def calculator_with(*, recognizer: str | None = None, credential: str | None = None) -> str:
        """The calculator with a recognizer chosen or a credential ticked (its address holds its choices)."""
        if recognizer:
            return f"calculator/?r={quote(recognizer)}"
        return f"calculator/?c={quote(credential)}" if credential else "calculator/"

    @staticmethod
    def calculator_recognizer(ident: str) -> str:
        """One recognizer's rules and selections for the calculator (`ident` "" gives the folder)."""
        return f"calculator/recognizers/{ident}.json" if ident else "calculator/recognizers/"

    @staticmethod
    def recognition_any_state(code: str) -> str:
        """A state's part of `/recognition/any/` (an anchor on that page)."""
        return f"recognition/any/#state-{code}"

    @staticmethod
    def credentials_page(page: int) -> str:
        """The credential list: page 1 is `credentials/`, page n ≥ 2 `credentials-list/n/` (any path under
        `credentials/` could be a credential's id, since an id may be a number)."""
        return "credentials/" if page == 1 else f"credentials-list/{page}/"

    @staticmethod
    def recognition_state(code: str, page: int = 1) -> str:
        """A state's part of the recognition matrix (its specific rules): page 1, or page n ≥ 2."""
        return f"recognition/{code}/" if page == 1 else f"recognition/{code}/{page}/"

    @staticmethod
    def sitemap_part(number: int) -> str:
        """One of the sitemaps a sitemap index lists (`sitemap.xml` is the index past 50,000 URLs)."""
        return f"sitemap-{number}.xml"

    @staticmethod
    def recognitions_part(code: str, number: int = 1) -> str:
        """A state's part of recognitions.csv when it is split (a state too large for one file continues in
        `<code>-2.csv`, …)."""
        return f"recognitions/{code}.csv" if number == 1 else f"recognitions/{code}-{number}.csv"

    @staticmethod
    def catalog_part(section: str, number: int) -> str:
        """A part of catalog.json's `section` when catalog.json would be too large for one file."""
        return f"catalog/{section}-{number}.json"

    @staticmethod
    def credential(ident: str) -> str:
        return f"credentials/{ident}/"

    @staticmethod
    def credential_file(ident: str, name: str) -> str:
        return f"credentials/{ident}/{name}"

    @staticmethod
    def competency(ident: str) -> str:
        return f"competencies/{ident}/"

    @staticmethod
    def stack(ident: str) -> str:
        return f"stacks/{ident}/"

    @staticmethod
    def issuer(ident: str) -> str:
        return f"issuers/{ident}/"

    @staticmethod
    def topic(topic: str) -> str:
        return f"topics/{quote(topic)}/"

    @staticmethod
    def recognizer(ident: str, kind: str) -> str:
        return f"states/{ident}/" if kind == "state" else f"districts/{ident}/"

    @staticmethod
    def rule(recognizer_url: str, rule_id: str) -> str:
        return f"{recognizer_url}#rule-{rule_id}"

    @staticmethod
    def portfolio(ident: str) -> str:
        return f"portfolios/{ident}/"

    @staticmethod
    def portfolio_file(ident: str, relative: str) -> str:
        """Where an evidence file is written (unquoted); use `quoted` for links."""
        return f"portfolios/{ident}/files/{relative}"

    @staticmethod
    def quoted(rel: str) -> str:
        return quote(rel)

    @staticmethod
    def asset(name: str) -> str:
        return f"assets/{name}"


def output_file(rel: str) -> str:
    """The file a site-relative path is written to: folders get index.html."""
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel
