"""Hostile text in content comes out escaped or removed, in every file of the output."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

XSS_TITLE = "<script>alert('title')</script> Feedback Loops"
XSS_SUMMARY = 'Summary <img src=x onerror="alert(1)"> with an image.'
XSS_ISSUER = "Sample <script>alert('issuer')</script> Org"
XSS_DISTRICT = "Sample <b onmouseover=alert('district')>District</b>"
XSS_PORTFOLIO = "Avery <svg onload=alert('portfolio')> Example"
XSS_STATEMENT = "The educator </script><script>alert('statement')</script> practises."
TEMPLATE = "{{ 7*191 }}"
TEMPLATE_BLOCK = "{% if true %}evaluated{% endif %}"

HOSTILE_BODY = f"""## Links

- [plain](javascript:alert('md1'))
- [mixed case](JaVaScRiPt:alert('md2'))
- [entity](&#106;avascript:alert('md3'))
- [entity hex](&#x6A;&#x61;vascript:alert('md4'))
- [tab inside](java&#x09;script:alert('md5'))
- [spaces]( javascript:alert('md6'))
- [vb](vbscript:msgbox('md7'))
- [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
- ![image](javascript:alert('md8'))
- <javascript:alert('md9')>
- [reference][evil]
- [fine](https://example.org/fine)

[evil]: javascript:alert('md10')

<script>alert('raw')</script>

<a href="javascript:alert('rawlink')" onclick="alert('click')">raw link</a>

<img src=x onerror=alert('rawimg')>

<iframe src="javascript:alert('frame')"></iframe>

Template text: {TEMPLATE} and {TEMPLATE_BLOCK} and {{{{ config }}}}.
"""

# Every value that must never run: as markup, as an event handler, or as a link.
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def yaml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid double-quoted YAML scalar


@pytest.fixture
def hostile_site(content: Path, project: Path, build) -> Path:
    credential = content / "credentials" / "feedback-loops.md"
    replace(credential, "title: Feedback Loops", f"title: {yaml_string(XSS_TITLE)}")
    replace(credential, "summary: Feedback Loops in one or two sentences.", f"summary: {yaml_string(XSS_SUMMARY)}")
    replace(credential, "    title: Overview questions", f"    title: {yaml_string(TEMPLATE)}")
    replace(credential, "    description: Answer the overview questions.",
            f"    description: {yaml_string('<script>alert(1)</script> ' + TEMPLATE_BLOCK)}")
    text = credential.read_text(encoding="utf-8")
    credential.write_text(text[: text.index("---\n", 4) + 4] + HOSTILE_BODY, encoding="utf-8")
    replace(content / "issuers" / "sample-org.md", "name: Sample Learning Org", f"name: {yaml_string(XSS_ISSUER)}")
    replace(content / "issuers" / "sample-org.md", "An illustrative issuer.", HOSTILE_BODY)
    district = content / "districts" / "sample-district.md"
    replace(district, "name: Sample Unified School District", f"name: {yaml_string(XSS_DISTRICT)}")
    replace(district, "policy: An illustrative district with every kind of rule.",
            f"policy: {yaml_string('<script>alert(2)</script> ' + TEMPLATE)}")
    replace(district, "conditions: Must relate to the licensure area.",
            f"conditions: {yaml_string('<img src=x onerror=alert(3)> ' + TEMPLATE)}")
    replace(district, "note: two credentials earn one credit", "note: \"<i onclick=alert(4)>note</i>\"")
    source = f"{{title: {yaml_string('</cite><script>alert(5)</script>')}, locator: {yaml_string(TEMPLATE)}}}"
    replace(district, 'sources: [{title: Fixture source, locator: "p. 1"}]', f"sources: [{source}]")
    replace(content / "competencies" / "feedback-loops.md", "statement: The educator demonstrates feedback-loops "
            "in daily practice.", f"statement: {yaml_string(XSS_STATEMENT)}")
    replace(content / "competencies" / "feedback-loops.md", "What **feedback-loops** looks like in practice.",
            HOSTILE_BODY)
    replace(content / "stacks" / "leader-stack.md", "title: Fixture Leader Stack",
            f"title: {yaml_string('Stack <script>alert(6)</script>')}")
    replace(content / "rubrics" / "scoring-guide.md", "pass: The artifact shows students using the practice.",
            f"pass: {yaml_string('<script>alert(7)</script> ' + TEMPLATE)}")
    replace(content / "states" / "wa.md", "Washington notes.", HOSTILE_BODY)
    portfolio = content / "portfolios" / "avery-example" / "portfolio.yaml"
    replace(portfolio, "name: Avery Example", f"name: {yaml_string(XSS_PORTFOLIO)}")
    replace(portfolio, "headline: Teaches math and computer science.",
            f"headline: {yaml_string('<script>alert(8)</script> ' + TEMPLATE)}")
    replace(portfolio, "reflection: I learned to *listen* first.",
            "reflection: \"[x](javascript:alert(9)) <script>alert(10)</script> {{ 7*191 }}\"")
    replace(portfolio, "title: Lesson plan", f"title: {yaml_string('<svg/onload=alert(11)>')}")
    (content / "portfolios" / "avery-example" / "about.md").write_text(HOSTILE_BODY, encoding="utf-8")
    replace(content / "site.yaml", "description: A small catalog for sitegen's tests.",
            f"description: {yaml_string('</title><script>alert(12)</script> ' + TEMPLATE)}")

    result = build("output")
    assert result.code == 0, result.output
    return project / "output"


# --- checks ----------------------------------------------------------------------------------------


def output_files(site: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(site.rglob("*")):
        if path.is_file() and "pagefind" not in path.relative_to(site).parts:
            yield path.relative_to(site).as_posix(), path


def dangerous_url(value: str) -> bool:
    cleaned = "".join(ch for ch in value if ch > " ").lower()
    return cleaned.startswith(DANGEROUS_SCHEMES)


def markup_problems(doc: lxml.etree._Element, where: str) -> list[str]:
    """Active markup in a parsed HTML/SVG/XML tree: scripts, handlers, dangerous links, frames."""
    problems = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        tag = lxml.etree.QName(element).localname.lower()
        if tag == "script" and not (element.get("src") or element.get("type") == "application/ld+json"):
            problems.append(f"{where}: inline <script>: {(element.text or '')[:60]!r}")
        if tag in ("iframe", "object", "embed", "base", "frame", "frameset"):
            problems.append(f"{where}: <{tag}> element")
        for name, value in element.attrib.items():
            local = lxml.etree.QName(name).localname.lower()
            if local.startswith("on"):
                problems.append(f"{where}: <{tag} {local}={value!r}>")
            if local in ("href", "src", "action", "formaction", "poster", "data", "xlink:href", "srcset") \
                    and dangerous_url(value):
                problems.append(f"{where}: <{tag} {local}={value!r}>")
    return problems


def html_problems(path: Path, where: str) -> list[str]:
    doc = lxml.html.fromstring(path.read_bytes())
    problems = markup_problems(doc, where)
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        raw = script.text or ""
        if re.search(r"</script|<!--", raw, re.IGNORECASE):
            problems.append(f"{where}: JSON-LD can break out of its <script>")
        json.loads(raw)
    return problems


def test_hostile_text_never_becomes_markup(hostile_site: Path) -> None:
    problems: list[str] = []
    checked = set()
    for rel, path in output_files(hostile_site):
        suffix = path.suffix.lower()
        data = path.read_bytes()
        if suffix in (".png", ".pdf", ".jpg", ".jpeg", ".gif", ".webp"):
            continue
        checked.add(suffix)
        text = data.decode("utf-8")
        if "1337" in text:
            problems.append(f"{rel}: a template expression from content was evaluated (1337)")
        if "evaluated" in text and "{% if true %}" not in text:
            problems.append(f"{rel}: a template block from content was evaluated")
        if re.search(r"<script>alert", text, re.IGNORECASE) and suffix not in (".json", ".csv"):
            problems.append(f"{rel}: <script>alert in the bytes")
        if suffix == ".html":
            problems += html_problems(path, rel)
        elif suffix in (".svg", ".xml"):
            doc = lxml.etree.fromstring(data, lxml.etree.XMLParser(resolve_entities=False, no_network=True))
            problems += markup_problems(doc, rel)
            for element in doc.iter():
                if isinstance(element.tag, str) and element.get("type") in ("html", "xhtml") and element.text:
                    problems += markup_problems(lxml.html.fragment_fromstring(element.text, create_parent="div"),
                                                f"{rel} (escaped HTML)")
        elif suffix == ".json":
            json.loads(text)
        elif suffix == ".csv":
            list(csv.reader(io.StringIO(text)))
    assert {".html", ".json", ".xml", ".csv", ".svg", ".js"} <= checked
    assert not problems, "\n".join(problems)


def page(site: Path, rel: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / rel).read_bytes())


def visible(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_hostile_names_are_shown_as_text(hostile_site: Path) -> None:
    credential = page(hostile_site, "credentials/feedback-loops/index.html")
    assert visible(credential.xpath("//h1")[0]) == XSS_TITLE
    assert XSS_SUMMARY in visible(credential.xpath("//main")[0])
    assert XSS_ISSUER in visible(page(hostile_site, "issuers/sample-org/index.html").xpath("//h1")[0])
    assert XSS_DISTRICT in visible(page(hostile_site, "districts/sample-district/index.html").xpath("//h1")[0])
    assert XSS_PORTFOLIO in visible(page(hostile_site, "portfolios/avery-example/index.html").xpath("//h1")[0])
    assert XSS_STATEMENT in visible(page(hostile_site, "competencies/feedback-loops/index.html").xpath("//main")[0])
    title = credential.xpath("//title")[0].text_content()
    assert title.startswith(XSS_TITLE)


def test_template_syntax_in_content_is_text(hostile_site: Path) -> None:
    credential = visible(page(hostile_site, "credentials/feedback-loops/index.html").xpath("//main")[0])
    assert TEMPLATE in credential
    assert TEMPLATE_BLOCK in credential
    assert "{{ config }}" in credential
    district = visible(page(hostile_site, "districts/sample-district/index.html").xpath("//main")[0])
    assert TEMPLATE in district
    raw = (hostile_site / "credentials" / "feedback-loops" / "index.html").read_text(encoding="utf-8")
    assert "{{ 7*191 }}" in raw


def test_markdown_keeps_safe_links_and_drops_dangerous_ones(hostile_site: Path) -> None:
    body = page(hostile_site, "credentials/feedback-loops/index.html")
    hrefs = body.xpath("//main//a/@href")
    assert "https://example.org/fine" in hrefs
    assert not [href for href in hrefs if dangerous_url(href)]
    text = visible(body.xpath("//main")[0])
    # Raw HTML in a body is shown as text, never passed through.
    assert "<script>alert('raw')</script>" in text


def test_json_exports_keep_hostile_text_as_data(hostile_site: Path) -> None:
    catalog = json.loads((hostile_site / "catalog.json").read_text(encoding="utf-8"))
    titles = [c["title"] for c in catalog["credentials"]]
    assert XSS_TITLE in titles
    achievement = json.loads((hostile_site / "credentials/feedback-loops/achievement.json").read_text("utf-8"))
    assert achievement["name"] == XSS_TITLE


def test_csv_cells_never_start_a_formula(content: Path, project: Path, build) -> None:
    replace(content / "districts" / "sample-district.md", "name: Sample Unified School District",
            'name: "=HYPERLINK(\\"https://evil.example\\",\\"click\\")"')
    replace(content / "districts" / "sample-district.md", 'sources: [{title: Fixture source, locator: "p. 1"}]',
            'sources: [{title: "+SUM(1,2)", locator: "-2+3"}]')
    replace(content / "credentials" / "feedback-loops.md", "title: Feedback Loops", 'title: "@SUM(A1)"')
    replace(content / "credentials" / "data-inquiry.md", "title: Data Inquiry Cycles",
            'title: "\\t=1+1"')
    result = build("output")
    assert result.code == 0, result.output

    rows = list(csv.reader(io.StringIO((project / "output" / "recognitions.csv").read_text("utf-8"))))
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(\"https://evil.example\",\"click\")" in cells
    assert "'+SUM(1,2)" in cells
    assert "'-2+3" in cells
    assert "'@SUM(A1)" in cells
    formulas = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not formulas


def test_the_checks_find_active_markup(tmp_path: Path) -> None:
    """The checks above would see what they look for (guarding against a test that cannot fail)."""
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><a href=" JaVa&#x09;script:alert(1)">a</a><a href="DATA:text/html,x">b</a>'
                   '<img src="x.png" onerror="alert(2)"><script>alert(3)</script><iframe src="x"></iframe>'
                   '<form action="vbscript:x"></form>'
                   '<script type="application/ld+json">{"a": "<!--"}</script></body></html>')
    problems = html_problems(bad, "bad.html")
    assert len(problems) == 7, problems
    good = tmp_path / "good.html"
    good.write_text('<html><body><a href="/x/" title="javascript: is text here">a</a>'
                    '<script src="/x.js"></script><script type="application/ld+json">{"a": "\\u003c"}</script>'
                    "</body></html>")
    assert html_problems(good, "good.html") == []
