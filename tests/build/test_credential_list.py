"""The credential list in pages: every credential once, by title, with links between the pages, so that a state
catalog's list stays a page a phone opens (10,000 credentials would make one page of 4.5 MB)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from state_catalog import make_state_catalog

from sitegen.cli import main
from sitegen.plan import lists

PER_PAGE = 40
CREDENTIALS = 150


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("credential-list")
    content = make_state_catalog(root / "corpus", credentials=CREDENTIALS, districts=6, portfolios=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lists, "CREDENTIALS_PER_PAGE", PER_PAGE)
        code = main(["build", "--content", str(content), "--output", str(root / "site"), "--no-search",
                     "--no-cache", "--quiet", "--jobs", "1"])
    assert code == 0
    return root / "site"


def page(site: Path, number: int) -> lxml.html.HtmlElement:
    rel = "credentials/index.html" if number == 1 else f"credentials-list/{number}/index.html"
    return lxml.html.fromstring((site / rel).read_bytes())


def test_every_credential_is_listed_once_in_title_order_across_the_pages(site: Path) -> None:
    count = -(-CREDENTIALS // PER_PAGE)
    titles: list[str] = []
    for number in range(1, count + 1):
        doc = page(site, number)
        cards = doc.xpath("//section[@aria-labelledby='all-h']//ul[@class='cards']/li/*[1]/a/text()")
        assert 0 < len(cards) <= PER_PAGE
        titles.extend(cards)
        assert doc.xpath("string(//h1)") == f"Credentials, page {number} of {count}"
    assert not (site / "credentials-list" / str(count + 1)).exists()
    assert len(titles) == CREDENTIALS
    assert titles == sorted(titles, key=str.lower)


def test_pages_link_to_each_other_and_say_where_the_reader_is(site: Path) -> None:
    first, second, last = page(site, 1), page(site, 2), page(site, 4)
    assert first.xpath("//link[@rel='next']/@href") == ["/catalog/credentials-list/2/"]
    assert not first.xpath("//link[@rel='prev']")
    assert second.xpath("//link[@rel='prev']/@href") == ["/catalog/credentials/"]
    assert second.xpath("//link[@rel='next']/@href") == ["/catalog/credentials-list/3/"]
    assert not last.xpath("//link[@rel='next']")
    nav = second.xpath("//nav[@aria-label='Pages of the credential list']")[0]
    assert nav.xpath("string(.//p)") == "Page 2 of 4"
    assert nav.xpath(".//a[@aria-current='page']/@href") == ["/catalog/credentials-list/2/"]
    assert "41–80" in second.xpath("string(//main//p[1])")
    # Later pages sit under "Credentials" in the breadcrumbs; the sitemap lists every page.
    assert "/catalog/credentials/" in second.xpath("//nav[contains(@class, 'breadcrumbs')]//a/@href")
    sitemap = (site / "sitemap.xml").read_text()
    assert all(f"credentials-list/{n}/" in sitemap for n in (2, 3, 4))


def test_a_small_catalog_keeps_one_page_without_a_pager(tmp_path: Path) -> None:
    content = make_state_catalog(tmp_path / "corpus", credentials=12, districts=2, portfolios=1)
    assert main(["build", "--content", str(content), "--output", str(tmp_path / "site"), "--no-search",
                 "--no-cache", "--quiet"]) == 0
    doc = lxml.html.fromstring((tmp_path / "site" / "credentials" / "index.html").read_bytes())
    assert doc.xpath("string(//h1)") == "Credentials"
    assert not doc.xpath("//nav[contains(@class, 'pager')]") and not doc.xpath("//link[@rel='next']")
    assert not (tmp_path / "site" / "credentials-list").exists()
