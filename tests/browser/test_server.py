"""The fixture server answers like GitHub Pages serving the site under /catalog/."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from fixture_site import SiteServer


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_folder_serves_its_index(site_server: SiteServer, built_site: Path) -> None:
    status, headers, body = fetch(site_server.url("credentials/"))
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert body == (built_site / "credentials" / "index.html").read_bytes()
    status, _, body = fetch(site_server.base)
    assert status == 200
    assert body == (built_site / "index.html").read_bytes()


def test_folder_without_slash_is_redirected(site_server: SiteServer) -> None:
    status, headers, _ = fetch(site_server.url("credentials"))
    assert status == 301
    assert headers["Location"] == "/catalog/credentials/"


@pytest.mark.parametrize("path", ["/", "/catalog/no-such-page/", "/catalog/credentials/nope/",
                                  "/catalog/../catalog/index.html", "/elsewhere/index.html"])
def test_unknown_paths_get_the_404_page(site_server: SiteServer, built_site: Path, path: str) -> None:
    status, headers, body = fetch(site_server.origin + path)
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert body == (built_site / "404.html").read_bytes()


def test_mime_types(site_server: SiteServer, built_site: Path) -> None:
    expected = {".css": "text/css", ".js": "text/javascript", ".wasm": "application/wasm",
                ".pagefind": "application/octet-stream", ".json": "application/json",
                ".svg": "image/svg+xml", ".png": "image/png"}
    seen: set[str] = set()
    for file in sorted(built_site.rglob("*")):
        if file.suffix in expected and file.suffix not in seen and file.is_file():
            seen.add(file.suffix)
            status, headers, _ = fetch(site_server.url(file.relative_to(built_site).as_posix()))
            assert status == 200, file
            assert headers["Content-Type"].split(";")[0] == expected[file.suffix], file
    assert {".css", ".js"} <= seen
