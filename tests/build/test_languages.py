"""A site in two languages (site.yaml `languages: [en, es]`): the default language at the root, Spanish under
/es/, each page with <html lang>, hreflang alternates (itself and the others, absolute) and a switcher that
keeps the page."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from bilingual import bilingual_content
from test_site import crawl, html_files

from sitegen.cli import main

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "basic" / "content"
BASE_URL = "https://example.github.io/catalog/"


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bilingual")
    bilingual_content(FIXTURE_CONTENT, root)
    out = root / "output"
    assert main(["build", "--content", str(root / "content"), "--output", str(out), "--no-search", "--no-cache",
                 "--quiet"]) == 0
    return out


def _page_url(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return BASE_URL + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def test_every_page_has_a_spanish_version_under_es(bilingual: Path) -> None:
    english = {p.relative_to(bilingual).as_posix() for p in html_files(bilingual) if not p.relative_to(
        bilingual).as_posix().startswith("es/")}
    spanish = {p.relative_to(bilingual / "es").as_posix() for p in html_files(bilingual / "es")}
    assert english - {"404.html"} == spanish  # GitHub Pages serves the root's 404.html only
    assert len(spanish) > 50


def test_files_are_not_repeated_per_language(bilingual: Path) -> None:
    """But for the calculator's data, which holds titles, names and the rules' words in the language."""
    files = [p.relative_to(bilingual / "es").as_posix() for p in (bilingual / "es").rglob("*")
             if p.is_file() and p.suffix != ".html"]
    assert files and all(f.startswith("calculator/") and f.endswith(".json") for f in files), files
    assert sorted(files) == sorted(p.relative_to(bilingual).as_posix()
                                   for p in (bilingual / "calculator").rglob("*.json"))
    assert (bilingual / "catalog.json").is_file() and (bilingual / "assets" / "site.css").is_file()


def test_html_lang_and_interface_language(bilingual: Path) -> None:
    english = lxml.html.fromstring((bilingual / "credentials" / "feedback-loops" / "index.html").read_bytes())
    spanish = lxml.html.fromstring((bilingual / "es" / "credentials" / "feedback-loops" / "index.html").read_bytes())
    assert english.get("lang") == "en" and spanish.get("lang") == "es"
    assert english.xpath('//h2[@id="recognized-h"]')[0].text_content() == "Where it is recognized"
    assert spanish.xpath('//h2[@id="recognized-h"]')[0].text_content() == "Dónde se reconoce"
    assert spanish.xpath('//a[@class="skip-link"]')[0].text_content() == "Saltar al contenido principal"


def test_hreflang_alternates_list_every_version_absolutely(bilingual: Path) -> None:
    for page in html_files(bilingual):
        rel = page.relative_to(bilingual).as_posix()
        if rel == "404.html":
            continue
        doc = lxml.html.fromstring(page.read_bytes())
        found = {link.get("hreflang"): link.get("href") for link in doc.xpath('//head/link[@rel="alternate"]'
                                                                              '[@hreflang]')}
        own = _page_url(bilingual, page)
        english = own.replace(BASE_URL + "es/", BASE_URL, 1)
        spanish = english.replace(BASE_URL, BASE_URL + "es/", 1)
        assert found == {"en": english, "es": spanish, "x-default": english}, rel
        assert own in found.values()
        assert doc.xpath('//link[@rel="canonical"]/@href') == [own], rel


def test_switcher_goes_to_the_same_page_in_the_other_language(bilingual: Path) -> None:
    for page in html_files(bilingual):
        rel = page.relative_to(bilingual).as_posix()
        if rel == "404.html":
            continue
        doc = lxml.html.fromstring(page.read_bytes())
        switch = doc.xpath('//nav[contains(@class, "site-nav")]//li[@class="language-switch"]/a')
        assert len(switch) == 1, rel
        other = "es" if doc.get("lang") == "en" else "en"
        assert switch[0].get("hreflang") == other and switch[0].get("lang") == other
        assert switch[0].text_content() == ("Español" if other == "es" else "English")
        expected = "/catalog/" + ("es/" + rel if other == "es" else rel.removeprefix("es/"))
        assert switch[0].get("href") == expected.removesuffix("index.html"), rel


def test_every_internal_link_of_both_languages_resolves(bilingual: Path) -> None:
    broken = crawl(bilingual, BASE_URL)
    assert not broken, "\n".join(broken[:20])


def test_spanish_pages_link_to_spanish_pages(bilingual: Path) -> None:
    doc = lxml.html.fromstring((bilingual / "es" / "index.html").read_bytes())
    pages = [href for href in doc.xpath("//a/@href") if href.startswith("/catalog/") and href.endswith("/")]
    assert len(pages) > 10
    english_only = [href for href in pages if not href.startswith("/catalog/es/")]
    assert english_only == ["/catalog/"], english_only  # the switcher's link to the English home page


def test_sitemap_lists_every_version_with_its_alternates(bilingual: Path) -> None:
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = ET.parse(bilingual / "sitemap.xml").getroot().findall("s:url", ns)
    locs = [entry.findtext("s:loc", namespaces=ns) for entry in entries]
    spanish = [loc for loc in locs if loc.startswith(BASE_URL + "es/")]
    assert len(spanish) == len(locs) // 2 and len(set(locs)) == len(locs)
    for entry in entries:
        loc = entry.findtext("s:loc", namespaces=ns)
        english = loc.replace(BASE_URL + "es/", BASE_URL, 1)
        found = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}
        assert found == {"en": english, "es": english.replace(BASE_URL, BASE_URL + "es/", 1)}, loc
        rel = loc.removeprefix(BASE_URL)
        assert (bilingual / rel / "index.html").is_file(), loc


def test_untranslated_content_is_marked_english_on_spanish_pages(bilingual: Path) -> None:
    spanish = lxml.html.fromstring((bilingual / "es" / "credentials" / "feedback-loops" / "index.html").read_bytes())
    english = lxml.html.fromstring((bilingual / "credentials" / "feedback-loops" / "index.html").read_bytes())
    title = spanish.xpath("//h1")[0]
    assert [child.get("lang") for child in title] == ["en"] and title.text_content() == "Feedback Loops"
    assert spanish.xpath('//section[contains(@class, "prose")]/div[@lang="en"]')
    assert spanish.xpath('//table[@class="rubric"]//td/span[@lang="en"]')
    assert not english.xpath("//main//*[@lang]")  # the content is in the page's language: no marks


def test_check_lists_untranslated_strings_of_the_projects_templates(project: Path, content: Path, run) -> None:
    templates = project / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    (templates / "404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<h1>{{ _("Page not found") }}</h1>\n'
        '<p>{{ _("Lost? Ask the district office.") }}</p>\n{% endblock %}\n', encoding="utf-8")
    quiet = run("check", "--content", content)
    assert quiet.code == 0 and "no translation" not in quiet.output  # one language: nothing to translate
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "languages: [en, es]\n", encoding="utf-8")
    result = run("check", "--content", content)
    assert result.code == 0, result.output
    lines = [line for line in result.err.splitlines() if "no translation" in line]
    assert lines == ["themes/default/templates/404.html:4: warning: 'Lost? Ask the district office.' has no "
                     "translation in es: those pages show it in English"], result.err
