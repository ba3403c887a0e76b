"""Family 6, markup: raw HTML, script URLs (also disguised), HTML and `</script>` in fields, template syntax and
spreadsheet formulas in content. Each builds, and the hostile part is published only as inert text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from hostile_kit import (
    AVERY,
    AVERY_DIR,
    COMPETENCY,
    CRED,
    CRED2,
    DISTRICT,
    ORG,
    RUBRIC,
    SITE,
    Built,
    Case,
    body,
    edit,
    params,
    set_text,
    write,
    yaml_string,
)

CRED_PAGE = "credentials/feedback-loops/index.html"
ORG_PAGE = "issuers/sample-org/index.html"
DISTRICT_PAGE = "districts/sample-district/index.html"
AVERY_PAGE = "portfolios/avery-example/index.html"
JINJA = "{{ 7*191 }}"
JINJA_BLOCK = "{% for x in range(3) %}Z9Q{% endfor %}"
BREAKOUT = "</script><script>alert('ld')</script><!--"


def linked(name: str, markdown: str) -> Built:
    """A Markdown body whose link must not survive as a script link; the text around it stays visible."""
    return Built(name, body(CRED, f"Before {markdown} after."),
                 shown=((CRED_PAGE, "Before"), (CRED_PAGE, "after.")))


def strings(value: object) -> list[str]:
    """Every string inside a parsed JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def ld_json_holds(page: str, value: str) -> Callable[[Path], None]:
    """The page's JSON-LD parses and carries `value` intact (as data, not markup)."""
    def check(output: Path) -> None:
        doc = lxml.html.fromstring((output / page).read_bytes())
        blocks = [json.loads(script.text) for script in doc.xpath('//script[@type="application/ld+json"]')]
        assert blocks, f"no JSON-LD on {page}"
        assert any(value in text for text in strings(blocks)), f"{value!r} not in the JSON-LD of {page}"
    return check


def csv_cell(expected: str) -> Callable[[Path], None]:
    """recognitions.csv holds the cell `expected` (the formula made inert by a leading quote)."""
    def check(output: Path) -> None:
        rows = list(csv.reader(io.StringIO((output / "recognitions.csv").read_text(encoding="utf-8"), newline="")))
        cells = {cell for row in rows for cell in row}
        assert expected in cells, f"{expected!r} not a cell of recognitions.csv"
    return check


def badge_is_xml(path: str) -> Callable[[Path], None]:
    """The generated badge parses as XML (an escaped `&` was never cut in half) and names its issuer."""
    def check(output: Path) -> None:
        root = lxml.etree.fromstring((output / path).read_bytes())
        assert any("Sample Learning Org" in (text or "") for text in root.itertext()), f"no issuer label in {path}"
    return check


def formula(name: str, title: str, cell: str) -> Built:
    return Built(f"csv-{name}", set_text(CRED, "title: ", title), check=csv_cell(cell))


# fmt: off
CASES: list[Case] = [
    # raw HTML in Markdown bodies is text
    Built("raw-script-in-body", body(CRED, "<script>alert('m-raw')</script>"),
          shown=((CRED_PAGE, "<script>alert('m-raw')</script>"),)),
    Built("event-handler-in-body", body(CRED, "<img src=x onerror=\"alert('m-img')\">"),
          shown=((CRED_PAGE, "<img src=x onerror=\"alert('m-img')\">"),)),
    Built("iframe-in-body", body(COMPETENCY, '<iframe src="javascript:alert(1)"></iframe>'),
          shown=(("competencies/feedback-loops/index.html", "<iframe"),)),
    Built("style-attribute-in-body", body(ORG, '<p style="position:fixed;inset:0">overlay</p>'),
          shown=((ORG_PAGE, '<p style="position:fixed;inset:0">overlay</p>'),)),
    Built("raw-html-in-about-file",
          write(f"{AVERY_DIR}/about.md", "About me.\n\n<svg onload=alert('about')>hi</svg>\n"),
          shown=((AVERY_PAGE, "<svg onload=alert('about')>hi</svg>"),)),
    Built("script-in-a-heading", body(CRED, "# <script>alert('h')</script>\n\ntext"),
          shown=((CRED_PAGE, "<script>alert('h')</script>"),)),
    # script URLs in links and images, also disguised
    linked("javascript-link", "[click](javascript:alert('m-js'))"),
    linked("vbscript-link", "[click](vbscript:msgbox('m-vb'))"),
    linked("mixed-case-scheme", "[click](JaVaScRiPt:alert('m-case'))"),
    linked("entity-encoded-scheme", "[click](&#106;avascript:alert('m-ent'))"),
    linked("hex-entity-scheme", "[click](&#x6A;&#x61;vascript:alert('m-hex'))"),
    linked("tab-inside-the-scheme", "[click](java&#x09;script:alert('m-tab'))"),
    linked("space-before-the-scheme", "[click](%20javascript:alert('m-space'))"),
    linked("data-html-link", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    linked("data-html-image", "![img](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    linked("data-svg-image", "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
    linked("javascript-image", "![img](javascript:alert('m-img-js'))"),
    linked("javascript-autolink", "<javascript:alert('m-auto')>"),
    Built("reference-style-link", body(CRED, "Go [there][evil].\n\n[evil]: javascript:alert('m-ref')"),
          shown=((CRED_PAGE, "Go"),)),
    Built("link-title-breakout", body(CRED, '[a](https://example.org/ "x\\" onmouseover=\\"alert(1)")'),
          shown=((CRED_PAGE, "a"),)),
    Built("script-link-in-a-reflection", edit(AVERY, "reflection: I learned to *listen* first.",
                                              "reflection: \"[x](javascript:alert('refl')) <b onclick=y>b</b>\""),
          shown=((AVERY_PAGE, "<b onclick=y>b</b>"),)),
    # HTML in fields
    Built("html-in-a-credential-title", set_text(CRED, "title: ", "<script>alert('m-title')</script> Loops"),
          shown=((CRED_PAGE, "<script>alert('m-title')</script> Loops"),)),
    Built("html-in-an-issuer-name", set_text(ORG, "name: ", "Org <img src=x onerror=alert('org')>"),
          shown=((ORG_PAGE, "Org <img src=x onerror=alert('org')>"),)),
    Built("html-in-a-summary", set_text(CRED, "summary: ", 'Summary <a href="javascript:alert(1)">x</a>'),
          shown=((CRED_PAGE, 'Summary <a href="javascript:alert(1)">x</a>'),)),
    Built("html-in-a-portfolio-name", set_text(AVERY, "name: ", "Avery <svg onload=alert('p')>"),
          shown=((AVERY_PAGE, "Avery <svg onload=alert('p')>"),)),
    Built("html-in-a-district-name", set_text(DISTRICT, "name: ", "District <b onmouseover=alert(1)>x</b>"),
          shown=((DISTRICT_PAGE, "District <b onmouseover=alert(1)>x</b>"),)),
    Built("html-in-an-evidence-title", edit(AVERY, "title: Lesson plan", "title: \"<svg/onload=alert('ev')>\""),
          shown=((AVERY_PAGE, "<svg/onload=alert('ev')>"),)),
    Built("html-in-a-rubric-descriptor", set_text(RUBRIC, "      pass: The artifact", "<script>alert(7)</script>"),
          shown=((CRED_PAGE, "<script>alert(7)</script>"),)),
    Built("html-in-an-url", edit("issuers/pesb.md", "url: https://www.pesb.wa.gov/",
                                 "url: https://example.org/\"><script>alert('url')</script>"),
          check=ld_json_holds("issuers/pesb/index.html", "https://example.org/\"><script>alert('url')</script>")),
    # JSON-LD and feeds
    Built("script-end-in-an-issuer-name", set_text(ORG, "name: ", f"Org {BREAKOUT}"),
          check=ld_json_holds(ORG_PAGE, f"Org {BREAKOUT}")),
    Built("script-end-in-a-summary", set_text(CRED, "summary: ", f"Sum {BREAKOUT}"),
          check=ld_json_holds(CRED_PAGE, f"Sum {BREAKOUT}")),
    Built("script-end-in-a-district-name", set_text(DISTRICT, "name: ", f"Dist {BREAKOUT}"),
          check=ld_json_holds(DISTRICT_PAGE, f"Dist {BREAKOUT}")),
    Built("line-separators-in-a-title", set_text(CRED, "title: ", "Feedback\u2028Loops\u2029Now"),
          check=ld_json_holds(CRED_PAGE, "Feedback\u2028Loops\u2029Now")),
    Built("ampersand-where-the-badge-label-is-cut", set_text(ORG, "name: ", "Sample Learning Org & Co"),
          check=badge_is_xml("credentials/feedback-loops/badge.svg")),
    Built("cdata-end-in-a-summary", set_text(CRED, "summary: ", "]]><script>alert('feed')</script><![CDATA["),
          shown=((CRED_PAGE, "]]><script>alert('feed')</script><![CDATA["),)),
    # template syntax is text
    Built("jinja-expression-in-a-body", body(CRED, f"Result: {JINJA}"), shown=((CRED_PAGE, f"Result: {JINJA}"),),
          absent=("1337",)),
    Built("jinja-expression-in-a-title", set_text(CRED, "title: ", f"T {JINJA}"), shown=((CRED_PAGE, f"T {JINJA}"),),
          absent=("1337",)),
    Built("jinja-block-in-a-summary", set_text(CRED, "summary: ", JINJA_BLOCK), shown=((CRED_PAGE, JINJA_BLOCK),),
          absent=("Z9QZ9Q",)),
    Built("jinja-globals-in-a-portfolio", set_text(AVERY, "headline: ", "{{ self.__init__.__globals__ }}"),
          shown=((AVERY_PAGE, "{{ self.__init__.__globals__ }}"),), absent=("__builtins__",)),
    Built("jinja-in-site-description", set_text(SITE, "description: ", f"Site {JINJA} {JINJA_BLOCK}"),
          shown=(("index.html", f"Site {JINJA}"),), absent=("1337", "Z9QZ9Q")),
    Built("jinja-in-a-district-policy", set_text(DISTRICT, "policy: ", f"{{% raw %}}{JINJA}{{% endraw %}}"),
          shown=((DISTRICT_PAGE, f"{{% raw %}}{JINJA}{{% endraw %}}"),), absent=("1337",)),
    # spreadsheet formulas: the recognitions.csv cell starts with '
    formula("equals", '=HYPERLINK("https://evil.example","click")', '\'=HYPERLINK("https://evil.example","click")'),
    formula("plus", "+SUM(1,2)", "'+SUM(1,2)"),
    formula("minus", "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    formula("at", "@SUM(A1:A9)", "'@SUM(A1:A9)"),
    formula("tab", "\t=1+1", "'=1+1"),
    formula("carriage-return", "\r+1+1", "'+1+1"),
    Built("csv-formula-in-a-district-name", set_text(DISTRICT, "name: ", "=2+5"), check=csv_cell("'=2+5")),
    Built("csv-formula-in-a-source", edit(DISTRICT, 'sources: [{title: Fixture source, locator: "p. 1"}]',
                                          f"sources: [{{title: {yaml_string('@cmd')}, locator: {yaml_string('-1')}}}]"),
          check=lambda out: (csv_cell("'@cmd")(out), csv_cell("'-1")(out))),
    Built("csv-formula-in-a-second-credential", set_text(CRED2, "title: ", "=1/0"), check=csv_cell("'=1/0")),
]
# fmt: on


def test_family_size() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", params(CASES))
def test_markup(case: Case, verify) -> None:
    verify(case)
