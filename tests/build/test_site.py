"""The built fixture site: every page kind, page structure, a link crawler, determinism, output safety."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest

BASE_URL = "https://example.github.io/catalog/"
CREDENTIALS = ["computational-thinking", "data-inquiry", "family-engagement", "feedback-loops",
               "sel-morning-meeting"]
COMPETENCIES = ["computational-thinking", "data-inquiry", "family-engagement", "feedback-loops", "sel-practice"]
TOPICS = ["assessment", "computer-science", "data", "family", "sel", "stem"]

PAGES = [
    "index.html",
    "credentials/index.html",
    *[f"credentials/{c}/index.html" for c in CREDENTIALS],
    *[f"competencies/{c}/index.html" for c in COMPETENCIES],
    "stacks/leader-stack/index.html",
    "issuers/pesb/index.html",
    "issuers/sample-org/index.html",
    *[f"topics/{t}/index.html" for t in TOPICS],
    "states/index.html",
    "states/wa/index.html",
    "states/ma/index.html",
    "states/az/index.html",
    "districts/sample-district/index.html",
    "recognition/index.html",
    "portfolios/index.html",
    "portfolios/avery-example/index.html",
    "search/index.html",
    "404.html",
]


# --- helpers ---------------------------------------------------------------------------------------


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def csp_directives(page: lxml.html.HtmlElement) -> dict[str, list[str]]:
    metas = page.xpath('//meta[translate(@http-equiv, "CSP", "csp")="content-security-policy"]')
    assert len(metas) == 1, "one Content-Security-Policy meta"
    directives: dict[str, list[str]] = {}
    for part in metas[0].get("content", "").split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def links(page: lxml.html.HtmlElement) -> Iterator[tuple[str, str]]:
    """(attribute, value) of every link-like attribute: href, src, action, poster, srcset URLs."""
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("href", "src", "action", "poster", "data"):
            value = element.get(attribute)
            if value is not None:
                yield attribute, value
        srcset = element.get("srcset")
        if srcset:
            for candidate in srcset.split(","):
                if candidate.strip():
                    yield "srcset", candidate.split()[0]


def served_file(site: Path, base_path: str, url_path: str) -> Path | None:
    """The output file a request for `url_path` gets when the site is served at `base_path`."""
    path = unquote(url_path)
    if not path.startswith(base_path):
        return None
    rel = path[len(base_path):]
    target = site / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    if ".." in Path(rel).parts:
        return None
    return target if target.is_file() else None


def element_ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        cache[path] = {str(i) for i in parse(path).xpath("//@id")} if path.suffix == ".html" else set()
    return cache[path]


def crawl(site: Path, base_url: str) -> list[str]:
    """Every broken internal link of every HTML page, as 'page: attribute=value (why)'."""
    base_path = urlsplit(base_url).path
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    for page_path in html_files(site):
        rel = page_path.relative_to(site).as_posix()
        page_url = base_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        for attribute, value in links(parse(page_path)):
            where = f"{rel}: {attribute}={value!r}"
            stripped = value.strip()
            if stripped.startswith("//"):
                broken.append(f"{where} (protocol-relative link)")
                continue
            absolute = urljoin(page_url, stripped)
            parts = urlsplit(absolute)
            if parts.scheme in ("mailto", "tel") or (parts.scheme in ("http", "https")
                                                     and not absolute.startswith(base_url)
                                                     and not stripped.startswith("/")):
                continue  # external
            if stripped.startswith("/") and not stripped.startswith(base_path):
                broken.append(f"{where} (root-relative outside {base_path})")
                continue
            target = served_file(site, base_path, parts.path)
            if target is None:
                broken.append(f"{where} (no file for {parts.path})")
                continue
            if parts.fragment and unquote(parts.fragment) not in element_ids(target, ids):
                broken.append(f"{where} (no id {parts.fragment!r} in {target.relative_to(site).as_posix()})")
    return broken


# --- every page kind -------------------------------------------------------------------------------


def test_every_page_kind_is_built(built_site: Path) -> None:
    missing = [page for page in PAGES if not (built_site / page).is_file()]
    assert not missing
    for name in ("catalog.json", "recognitions.csv", "feed.xml", "sitemap.xml", "robots.txt", ".nojekyll",
                 "credentials/feedback-loops/achievement.json", "credentials/feedback-loops/ctdl.json",
                 "portfolios/avery-example/portfolio.json"):
        assert (built_site / name).is_file(), name


def test_every_state_and_dc_has_a_page(built_site: Path) -> None:
    states = sorted(p.name for p in (built_site / "states").iterdir() if p.is_dir())
    assert len(states) >= 51
    assert {"wa", "ma", "az", "dc", "ny"} <= set(states)


def test_private_portfolio_is_never_published(built_site: Path) -> None:
    assert not (built_site / "portfolios" / "hidden-person").exists()
    for path in built_site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"hidden-person" not in data and b"Privateperson" not in data, path


def test_evidence_files_are_copied_under_the_portfolio(built_site: Path, content_fixture: Path) -> None:
    evidence = content_fixture / "portfolios" / "avery-example" / "evidence"
    for name in ("student-work.png", "lesson-plan.pdf"):
        copied = list((built_site / "portfolios" / "avery-example").rglob(name))
        assert len(copied) == 1, name
        assert copied[0].read_bytes() == (evidence / name).read_bytes()


@pytest.fixture(scope="session")
def content_fixture() -> Path:
    return Path(__file__).resolve().parents[1] / "fixtures" / "basic" / "content"


def test_every_html_file_has_the_page_structure(built_site: Path) -> None:
    for path in html_files(built_site):
        check_structure(parse(path))


@pytest.mark.parametrize("page", PAGES)
def test_page_structure(built_site: Path, page: str) -> None:
    check_structure(parse(built_site / page))


def check_structure(doc: lxml.html.HtmlElement) -> None:
    assert len(doc.xpath("//h1")) == 1, "exactly one <h1>"
    assert doc.xpath('//html/@lang'), "<html lang>"
    assert doc.xpath("//title") and text_of(doc.xpath("//title")[0]), "a <title>"
    first_link = doc.xpath("//body//a")[0]
    assert first_link.get("href") == "#main", "the first link skips to #main"
    mains = doc.xpath("//main")
    assert len(mains) == 1 and mains[0].get("id") == "main", '<main id="main">'
    for th in doc.xpath("//th"):
        assert th.get("scope") in ("col", "row", "colgroup", "rowgroup"), lxml.html.tostring(th)[:120]


def test_every_html_file_carries_the_csp(built_site: Path) -> None:
    for path in html_files(built_site):
        doc = parse(path)
        csp = csp_directives(doc)
        where = path.relative_to(built_site).as_posix()
        assert csp.get("default-src") == ["'none'"], where
        assert csp.get("script-src") == ["'self'", "'wasm-unsafe-eval'"], where
        assert csp.get("object-src") == ["'none'"], where
        assert csp.get("base-uri") == ["'none'"], where
        sources = {source for values in csp.values() for source in values}
        assert not sources & {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"}, where
        # The CSP allows no inline script: every script is a file of the site, or inert JSON-LD data.
        for script in doc.xpath("//script"):
            assert script.get("src") or script.get("type") == "application/ld+json", where
        assert not doc.xpath("//base"), where


def test_build_output_carries_no_live_reload(built_site: Path) -> None:
    """The reload script and overlay belong to `serve`; a published site never asks for them."""
    leaking = [path.relative_to(built_site).as_posix() for path in built_site.rglob("*")
               if path.is_file() and b"__sitegen" in path.read_bytes()]
    assert not leaking


# --- links -----------------------------------------------------------------------------------------


def test_every_internal_link_resolves(built_site: Path) -> None:
    broken = crawl(built_site, BASE_URL)
    assert not broken, "\n".join(broken)


def test_feed_and_sitemap_links_resolve(built_site: Path) -> None:
    urls = []
    for name in ("sitemap.xml", "feed.xml"):
        tree = lxml.etree.parse(str(built_site / name))
        urls += [e.text.strip() for e in tree.iter() if isinstance(e.tag, str) and e.tag.endswith("}loc") and e.text]
        urls += [str(href) for href in tree.xpath("//@href")]
    assert len(urls) > len(PAGES)
    for url in urls:
        assert url.startswith(BASE_URL), url
        parts = urlsplit(url)
        target = served_file(built_site, "/catalog/", parts.path)
        assert target is not None, url
        if parts.fragment:
            assert parts.fragment in element_ids(target, {}), url
    sitemap = (built_site / "sitemap.xml").read_text()
    assert "404.html" not in sitemap and "hidden-person" not in sitemap


def test_stylesheet_urls_resolve(built_site: Path) -> None:
    for css in built_site.rglob("*.css"):
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if ref.startswith(("data:", "#")):
                continue
            assert not ref.startswith(("http:", "https:", "//")), f"{css}: external {ref}"
            target = (css.parent / ref.split("#")[0].split("?")[0]).resolve()
            assert target.is_file() and target.is_relative_to(built_site.resolve()), f"{css}: {ref}"


def test_rule_anchors_are_linked_and_exist(built_site: Path) -> None:
    doc = parse(built_site / "credentials" / "feedback-loops" / "index.html")
    anchors = [href for href in doc.xpath("//a/@href") if "#rule-" in href]
    assert "/catalog/states/wa/#rule-clock-hours" in anchors
    # A catalog-wide rule (any credential) is not repeated on the credential page: its summary links to
    # /recognition/any/, which states the rule once and links to it on its recognizer's page.
    assert "/catalog/districts/sample-district/#rule-raise" not in anchors
    summary = doc.xpath('//section[@class="catalog-wide"]//a/@href')
    assert "/catalog/recognition/any/" in summary
    assert "/catalog/recognition/any/#state-az" in summary  # sample-district is in Arizona
    any_page = parse(built_site / "recognition" / "any" / "index.html")
    any_anchors = [href for href in any_page.xpath("//a/@href") if "#rule-" in href]
    assert "/catalog/districts/sample-district/#rule-raise" in any_anchors
    assert any_page.xpath('//*[@id="state-az"]')
    for href in anchors + any_anchors + [link for link in summary if "#" in link]:
        path, fragment = href.split("#")
        target = served_file(built_site, "/catalog/", path)
        assert target is not None, href
        assert parse(target).xpath(f'//*[@id="{fragment}"]'), href


def test_links_follow_another_base_url(project: Path, build) -> None:
    result = build("output", "--base-url", "https://example.org/other/path/")
    assert result.code == 0, result.output
    site = project / "output"
    for path in html_files(site):
        for _attribute, value in links(parse(path)):
            if value.startswith("/"):
                assert value.startswith("/other/path/"), f"{path}: {value}"
            assert "/catalog/" not in value, f"{path}: {value}"
    broken = crawl(site, "https://example.org/other/path/")
    assert not broken, "\n".join(broken)
    assert "https://example.org/other/path/credentials/" in (site / "sitemap.xml").read_text()


def test_base_url_without_trailing_slash(project: Path, build) -> None:
    result = build("output", "--base-url", "https://example.org/sub")
    assert result.code == 0, result.output
    doc = parse(project / "output" / "index.html")
    assert doc.xpath('//a[@class="brand"]/@href') == ["/sub/"]
    assert not crawl(project / "output", "https://example.org/sub/")


def test_site_at_the_domain_root(project: Path, build) -> None:
    result = build("output", "--base-url", "https://catalog.example.org/")
    assert result.code == 0, result.output
    assert not crawl(project / "output", "https://catalog.example.org/")


def test_invalid_base_url_option_is_a_usage_error(project: Path, build) -> None:
    result = build("output", "--base-url", "javascript:alert(1)")
    assert result.code == 2
    assert "--base-url" in result.err
    assert not (project / "output").exists()


# --- content of pages ------------------------------------------------------------------------------


def test_credential_page_says_where_it_is_recognized(built_site: Path) -> None:
    doc = parse(built_site / "credentials" / "feedback-loops" / "index.html")
    headings = [h for h in doc.xpath("//h2") if text_of(h) == "Where it is recognized"]
    assert len(headings) == 1
    section = headings[0].getparent()
    rows = [row for row in section.xpath(".//tr") if row.xpath("th") and text_of(row.xpath("th")[0])
            .startswith("Washington")]
    assert len(rows) == 1
    row = text_of(rows[0])
    assert "License renewal" in row
    assert "20 clock hours" in row
    assert "The Potential of Micro-credentials in Washington State" in row
    assert "p. 12" in row
    assert rows[0].xpath(".//cite")
    text = text_of(section)
    # Massachusetts' and the district's rules for any credential are summed up here and written out once,
    # on /recognition/any/.
    assert "5 PDPs per credential, at most 2 a school year" not in text
    # The district's rule for any credential is summed up here and written out once, on /recognition/any/.
    assert "4% permanent salary increase at 2 and again at 4 credentials" not in text
    summary = text_of(section.xpath('.//section[@class="catalog-wide"]')[0])
    assert "Arizona (1): Salary" in summary
    any_page = text_of(parse(built_site / "recognition" / "any" / "index.html"))
    assert "4% permanent salary increase at 2 and again at 4 credentials" in any_page
    assert "5 PDPs per credential, at most 2 a school year" in any_page


def test_recognizer_pages_show_their_rules(built_site: Path) -> None:
    wa = text_of(parse(built_site / "states" / "wa" / "index.html"))
    assert "Washington accepts PESB micro-credentials toward certificate renewal." in wa
    assert "20 clock hours" in wa
    district = parse(built_site / "districts" / "sample-district" / "index.html")
    ids = set(district.xpath("//@id"))
    assert {"rule-raise", "rule-leader-eligibility", "rule-cpd"} <= ids


def illustrative_labels(path: Path) -> list[str]:
    """The "Illustrative" labels beside the page's <h1> (not those of listed items further down)."""
    h1 = parse(path).xpath("//main//h1")[0]
    beside = [e for e in h1.getparent().iter() if isinstance(e.tag, str)
              and not e.xpath("ancestor-or-self::*[self::ul or self::ol or self::section or self::table]")]
    return [text_of(e) for e in beside if "Illustrative" in (e.text or "")]


@pytest.mark.parametrize(("page", "illustrative"), [
    ("credentials/feedback-loops/index.html", True),
    ("issuers/sample-org/index.html", True),
    ("issuers/pesb/index.html", False),
    ("districts/sample-district/index.html", True),
    ("stacks/leader-stack/index.html", True),
    ("portfolios/avery-example/index.html", True),
    ("states/wa/index.html", False),
])
def test_example_content_is_labelled_illustrative(built_site: Path, page: str, illustrative: bool) -> None:
    assert bool(illustrative_labels(built_site / page)) is illustrative


def test_label_follows_the_example_flag(content: Path, project: Path, build) -> None:
    path = content / "credentials" / "feedback-loops.md"
    path.write_text(path.read_text().replace("example: true", "example: false"))
    assert build("output").code == 0
    assert not illustrative_labels(project / "output" / "credentials" / "feedback-loops" / "index.html")
    assert illustrative_labels(project / "output" / "credentials" / "data-inquiry" / "index.html")


# --- determinism -----------------------------------------------------------------------------------


def without_search(files: dict[str, bytes]) -> dict[str, bytes]:
    return {rel: data for rel, data in files.items() if not rel.startswith("pagefind/")}


def test_rebuild_is_byte_identical(project: Path, content: Path, build, snapshot) -> None:
    assert build("first").code == 0
    # The same content from another folder, into another output folder.
    moved = project / "elsewhere" / "content"
    shutil.copytree(content, moved)
    assert build(project / "second", content=moved).code == 0
    first, second = without_search(snapshot(project / "first")), without_search(snapshot(project / "second"))
    assert sorted(first) == sorted(second)
    differing = [rel for rel in first if first[rel] != second[rel]]
    assert not differing
    # Rebuilding over the previous output gives the same bytes again.
    assert build("first").code == 0
    assert without_search(snapshot(project / "first")) == first


def test_output_does_not_leak_local_paths(project: Path, previous_output: Path) -> None:
    for path in previous_output.rglob("*"):
        if path.is_file():
            assert str(project).encode() not in path.read_bytes(), path


# --- output folder safety --------------------------------------------------------------------------


@pytest.mark.parametrize("output", ["content", ".", "..", "content/output", "content/credentials"])
def test_output_that_is_or_holds_the_content_or_project_is_refused(project: Path, build, snapshot,
                                                                   output: str) -> None:
    before = snapshot(project.parent)

    result = build(output)

    assert result.code == 2, result.output
    assert "refusing" in result.err
    assert "Traceback" not in result.output
    assert snapshot(project.parent) == before


def test_foreign_folder_is_refused(project: Path, build) -> None:
    foreign = project / "docs"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")

    result = build("docs")

    assert result.code == 2
    assert "not empty and was not written by sitegen" in result.err
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]
    assert (foreign / "notes.txt").read_text() == "mine"


def test_output_that_is_a_file_is_refused(project: Path, build) -> None:
    (project / "site.html").write_text("x")
    result = build("site.html")
    assert result.code == 2
    assert (project / "site.html").read_text() == "x"


def test_empty_folder_is_accepted(project: Path, build) -> None:
    (project / "public").mkdir()
    assert build("public").code == 0
    assert (project / "public" / "index.html").is_file()


def test_previous_sitegen_output_is_replaced(project: Path, previous_output: Path, build) -> None:
    stale = previous_output / "credentials" / "retired-one" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old page")

    result = build("output")

    assert result.code == 0, result.output
    assert not stale.parent.exists()
    assert (previous_output / "index.html").is_file()
    assert (previous_output / ".sitegen-output").is_file()
    leftovers = sorted(p.name for p in project.iterdir() if p.name.startswith(".") and p.name != ".sitegen-cache")
    assert leftovers == []  # no staging or old folder


def test_failed_build_leaves_the_previous_output(content: Path, previous_output: Path, build, snapshot) -> None:
    before = snapshot(previous_output)
    path = content / "credentials" / "feedback-loops.md"
    path.write_text(path.read_text().replace("issuer: sample-org", "issuer: nobody"))

    result = build("output")

    assert result.code == 1
    assert "content/credentials/feedback-loops.md:3: unknown issuer 'nobody'" in result.err
    assert snapshot(previous_output) == before
    assert sorted(p.name for p in previous_output.parent.iterdir() if p.name != ".sitegen-cache") == [
        "content", "output"]


def test_quiet_build_prints_nothing(project: Path, build) -> None:
    result = build("output", "--quiet")
    assert result.code == 0
    assert result.out == "" and result.err == ""


def test_output_through_a_symlink_to_the_content_is_refused(project: Path, build, snapshot) -> None:
    (project / "link").symlink_to(project / "content", target_is_directory=True)
    before = snapshot(project / "content")
    result = build("link")
    assert result.code == 2
    assert snapshot(project / "content") == before


@pytest.mark.parametrize("name", [".output.staging", ".output.old"])
def test_folders_beside_the_output_that_sitegen_did_not_make_are_kept(project: Path, previous_output: Path,
                                                                       build, name: str) -> None:
    mine = project / name / "important.txt"
    mine.parent.mkdir()
    mine.write_text("not sitegen's")
    result = build("output")
    assert mine.is_file() or result.code == 2
