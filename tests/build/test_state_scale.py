"""A catalog at state scale: many districts, half of them recognizing any credential. What is published grows
with credentials + recognizers + portfolios, never their product, and nothing is lost on the way."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urldefrag

import lxml.html
import pytest
from state_catalog import add_catalog_wide_districts, make_state_catalog

from sitegen.cli import main
from sitegen.plan.index import build_index
from sitegen.recognition import is_catalog_wide
from sitegen.validate.catalog import load_catalog

BASE = "/catalog/"
ADDED = 40
KB = 1024


def build(content: Path, out: Path) -> Path:
    code = main(["build", "--content", str(content), "--output", str(out), "--no-search", "--no-cache", "--quiet"])
    assert code == 0
    return out


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(content, its build, the build of the same content with ADDED more districts that accept any credential)."""
    root = tmp_path_factory.mktemp("state-scale")
    content = make_state_catalog(root / "corpus", credentials=150, districts=100, portfolios=16)
    more = root / "more-content"
    shutil.copytree(content, more)
    add_catalog_wide_districts(more, ADDED)
    return content, build(content, root / "site"), build(more, root / "site-more")


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def page_links(path: Path) -> Iterator[str]:
    for href in parse(path).xpath("//a/@href"):
        if href.startswith(BASE):
            yield unquote(href)


def served(site: Path, href: str) -> Path:
    path = urldefrag(href)[0][len(BASE):]
    target = site / path
    return target / "index.html" if not path or path.endswith("/") else target


def test_a_district_that_accepts_any_credential_adds_nothing_per_credential(catalogs: tuple[Path, Path, Path]) -> None:
    _, site, more = catalogs
    pages = sorted(p.relative_to(site) for p in (site / "credentials").glob("*/index.html"))
    assert len(pages) == 150
    for rel in pages:
        grown = (more / rel).stat().st_size - (site / rel).stat().st_size
        assert grown < 300, f"{rel} grew by {grown} bytes with {ADDED} catalog-wide districts"
        ctdl = rel.parent / "ctdl.json"
        assert (more / ctdl).stat().st_size - (site / ctdl).stat().st_size < 300, ctdl
    # The exports say each added rule once (not once per credential).
    for name, per_rule in (("catalog.json", 2000), ("recognitions.csv", 400)):
        grown = (more / name).stat().st_size - (site / name).stat().st_size
        assert 0 < grown < ADDED * per_rule, (name, grown)
    rows = list(csv.reader(io.StringIO((more / "recognitions.csv").read_text(encoding="utf-8"))))
    added = [row for row in rows if any("added-any-district" in cell for cell in row)]
    assert len(added) == ADDED and all("*" in row for row in added)


def test_added_districts_are_on_the_any_page_once_and_not_on_credential_pages(
        catalogs: tuple[Path, Path, Path]) -> None:
    _, _, more = catalogs
    any_page = (more / "recognition" / "any" / "index.html").read_text(encoding="utf-8")
    for number in range(1, ADDED + 1):
        assert any_page.count(f"/districts/added-any-district-{number:03d}/#rule-any-credential") == 1
    credential = next((more / "credentials").glob("*/index.html")).read_text(encoding="utf-8")
    assert "added-any-district" not in credential
    summary = parse(next((more / "credentials").glob("*/index.html"))).xpath('//section[@class="catalog-wide"]')[0]
    assert "Arizona" in summary.text_content()


def test_every_rule_of_a_credential_is_one_link_away(catalogs: tuple[Path, Path, Path]) -> None:
    """From a credential page, every rule that selects the credential, specific or catalog-wide, is linked
    (its anchor on its recognizer's page) from the page itself or from a page it links to."""
    content, site, _ = catalogs
    catalog = load_catalog(content)
    index = build_index(catalog)
    kind_folder = {"state": "states", "district": "districts"}
    linked_from: dict[Path, set[str]] = {}

    def links_of(path: Path) -> set[str]:
        if path not in linked_from:
            linked_from[path] = set(page_links(path)) if path.is_file() else set()
        return linked_from[path]

    checked = 0
    for credential_id in sorted(catalog.credentials)[::5]:
        page = site / "credentials" / credential_id / "index.html"
        direct = links_of(page)
        one_away = set(direct)
        for href in direct:
            one_away |= links_of(served(site, href))
        rules = [*index.rules_by_credential.get(credential_id, ()), *index.catalog_wide]
        assert rules
        for recognizer, rule in rules:
            target = f"{BASE}{kind_folder[recognizer.kind]}/{recognizer.id}/#rule-{rule.id}"
            assert target in one_away, (credential_id, target)
            assert parse(served(site, target)).xpath(f'//*[@id="rule-{rule.id}"]'), target
            checked += 1
    assert checked > 1000


def test_page_and_file_budgets(catalogs: tuple[Path, Path, Path]) -> None:
    _, _, site = catalogs
    for path in site.rglob("*"):
        if path.is_file():
            assert path.stat().st_size <= 10_000_000, path
    budgets = {"credentials/*/index.html": 64 * KB, "portfolios/*/index.html": 150 * KB,
               "credentials/*/ctdl.json": 32 * KB, "**/*.html": 2 * 1024 * KB}
    for pattern, limit in budgets.items():
        for path in site.glob(pattern):
            assert path.stat().st_size <= limit, (path, path.stat().st_size, limit)


def test_portfolio_page_leads_with_the_educators_district_and_state(catalogs: tuple[Path, Path, Path]) -> None:
    content, site, _ = catalogs
    catalog = load_catalog(content)
    checked = 0
    for portfolio in catalog.public_portfolios.values():
        assert portfolio.district is not None and portfolio.state is not None
        district = catalog.recognizers[portfolio.district]
        page = parse(site / "portfolios" / portfolio.id / "index.html")
        worth = page.xpath('//section[@class="worth"]')[0]
        headings = [h.text_content().split("\n")[0].strip() for h in worth.xpath(".//h4")]
        own = [h for h in headings if h.startswith((district.name, catalog.recognizers[portfolio.state].name))]
        if not own:
            continue  # neither has a rule that selects these credentials
        assert headings[0].startswith(district.name) or headings[0].startswith(
            catalog.recognizers[portfolio.state].name), headings[:3]
        assert worth.xpath('.//h3[@id="worth-own-h"]')
        checked += 1
    assert checked >= 8


def test_every_result_is_on_the_portfolio_page_and_in_its_json(catalogs: tuple[Path, Path, Path],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """portfolio.json and `sitegen value --json` keep every result; the page shows each one (in full or as a
    compact row linking to its rule), and a list of counted credentials at most once."""
    content, site, _ = catalogs
    catalog = load_catalog(content)
    wide = {(r.id, rule.id) for r in catalog.recognizers.values() for rule in r.recognitions if is_catalog_wide(rule)}
    for portfolio_id in sorted(catalog.public_portfolios)[:6]:
        capsys.readouterr()
        assert main(["value", portfolio_id, "--content", str(content), "--json"]) == 0
        printed = json.loads(capsys.readouterr().out)["results"]
        exported = json.loads((site / "portfolios" / portfolio_id / "portfolio.json").read_text("utf-8"))
        assert exported["results"] == printed
        assert {(r["recognizer"], r["rule"]) for r in printed} >= wide  # every portfolio holds a credential
        html = (site / "portfolios" / portfolio_id / "index.html").read_text(encoding="utf-8")
        for result in printed:
            kind = "states" if result["kind"] == "state" else "districts"
            # In full, a result links to its rule; a compact row links to the recognizer, whose page has it.
            assert (f'{BASE}{kind}/{result["recognizer"]}/#rule-{result["rule"]}"' in html
                    or f'{BASE}{kind}/{result["recognizer"]}/"' in html), result
        counted_lists = re.findall(r"Counted: ([^<]+)</p>", html)
        assert len(counted_lists) == len(set(counted_lists)), "a counted list is repeated"
