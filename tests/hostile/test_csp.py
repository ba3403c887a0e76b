"""Every page carries the Content-Security-Policy of CONTENT.md and needs nothing it forbids: no inline script
(JSON-LD aside), no style attribute or element, only same-origin scripts. Also: the suite's own checks see what
they look for."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from hostile_kit import active_content

SELF_ONLY = ("script-src", "style-src", "img-src", "font-src", "connect-src", "worker-src")
FORBIDDEN_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "blob:", "http:", "https:",
                     "'strict-dynamic'")


def policy(page: lxml.html.HtmlElement, where: str) -> dict[str, list[str]]:
    metas = page.xpath('//head/meta[translate(@http-equiv, "CONTENT-SECURITY-POLICY", "content-security-policy")'
                       '="content-security-policy"]')
    assert len(metas) == 1, f"{where}: {len(metas)} CSP <meta> elements in <head>"
    directives: dict[str, list[str]] = {}
    for part in metas[0].get("content").split(";"):
        words = part.split()
        if words:
            assert words[0] not in directives, f"{where}: {words[0]} twice"
            directives[words[0]] = words[1:]
    return directives


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) > 50 and (site / "404.html") in found and (site / "search" / "index.html") in found
    return found


def test_every_page_carries_the_policy(pristine_output: Path) -> None:
    for path in pages(pristine_output):
        where = path.relative_to(pristine_output).as_posix()
        csp = policy(lxml.html.fromstring(path.read_bytes()), where)
        assert csp.get("default-src") == ["'none'"], where
        for directive in SELF_ONLY:
            expected = ["'self'", "'wasm-unsafe-eval'"] if directive == "script-src" else ["'self'"]
            assert sorted(csp.get(directive, [])) == sorted(expected), f"{where}: {directive} {csp.get(directive)}"
        assert csp.get("object-src") == ["'none'"], where
        assert csp.get("base-uri") == ["'none'"], where
        for directive, sources in csp.items():
            for source in sources:
                assert source not in FORBIDDEN_SOURCES, f"{where}: {directive} allows {source}"


def test_no_page_needs_what_the_policy_forbids(pristine_output: Path) -> None:
    base_path = "/catalog/"
    for path in pages(pristine_output):
        where = path.relative_to(pristine_output).as_posix()
        doc = lxml.html.fromstring(path.read_bytes())
        for script in doc.iter("script"):
            src = script.get("src")
            if src is None:
                assert script.get("type") == "application/ld+json", f"{where}: an inline <script>"
                continue
            parts = urlsplit(src)
            assert not parts.scheme and not parts.netloc and parts.path.startswith(base_path), f"{where}: {src}"
        assert not doc.xpath("//*[@style]"), f"{where}: a style attribute"
        assert not doc.xpath("//style"), f"{where}: a <style> element"
        assert not doc.xpath("//base"), f"{where}: a <base> element"
        for element in doc.iter():
            if isinstance(element.tag, str):
                assert not [name for name in element.attrib if name.lower().startswith("on")], where
    assert not active_content(pristine_output)


@pytest.mark.parametrize(("markup", "found"), [
    ("<script>alert(1)</script>", "inline <script>"),
    ('<a href=" JaVa&#x09;script:alert(1)">a</a>', "href"),
    ('<img src="x.png" onerror="alert(2)">', "onerror"),
    ('<img src="DATA:text/html,x">', "src"),
    ('<iframe src="/x"></iframe>', "<iframe>"),
    ('<p style="color:red">x</p>', "style"),
    ('<script type="application/ld+json">{"a": "</script><script>x"}</script>', "JSON-LD"),
    ('<form action="vbscript:x"></form>', "action"),
    ('<base href="https://evil.example/">', "<base>"),
])
def test_the_checks_see_active_content(markup: str, found: str, tmp_path: Path) -> None:
    """Guard against checks that cannot fail: each kind of active content is reported."""
    (tmp_path / "page.html").write_text(f"<!doctype html><html><head></head><body>{markup}</body></html>")
    problems = active_content(tmp_path)
    assert any(found in problem for problem in problems), problems


def test_the_checks_see_formulas_and_broken_xml(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a,b\r\nok,=1+1\r\n")
    (tmp_path / "feed.xml").write_text("<feed><title>\x07</title></feed>")
    (tmp_path / "feed2.xml").write_text('<feed><content type="html">&lt;img src=x onerror=y&gt;</content></feed>')
    problems = "\n".join(active_content(tmp_path))
    assert "starts a formula" in problems
    assert "feed.xml: not well-formed XML" in problems
    assert "feed2.xml (escaped HTML)" in problems
