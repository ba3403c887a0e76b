"""The fixture site for browser tests: page kinds, a GitHub-Pages-like server under /catalog/, page visits."""

from __future__ import annotations

import contextlib
import http.server
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "basic" / "content"
AXE_JS = REPO / "tests" / ".browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
BASE_PATH = "/catalog/"

# Page kind -> site-relative path. "404" is an unknown address, answered with the site's 404.html.
PAGES: dict[str, str] = {
    "home": "",
    "credentials": "credentials/",
    "credential": "credentials/computational-thinking/",
    "competency": "competencies/computational-thinking/",
    "stack": "stacks/leader-stack/",
    "issuer": "issuers/pesb/",
    "topic": "topics/sel/",
    "states": "states/",
    "state": "states/wa/",
    "district": "districts/sample-district/",
    "recognition": "recognition/",
    "recognition-any": "recognition/any/",
    "portfolios": "portfolios/",
    "portfolio": "portfolios/avery-example/",
    "search": "search/",
    "calculator": "calculator/",
    "404": "no-such-page/",
}
# axe findings below the serious level, per page kind, for the end-of-run summary.
AXE_REPORT = pytest.StashKey[dict[str, list[dict[str, Any]]]]()
NOT_FOUND_KINDS = frozenset({"404"})
PORTFOLIO_KINDS = frozenset({"portfolios", "portfolio"})

MIME_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".pdf": "application/pdf",
    ".xml": "application/xml",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
    # Pagefind's index, fragments, filters and metadata are opaque binary files.
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}


def mime_type(path: Path) -> str:
    return MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")


# --------------------------------------------------------------------------------------------------
# The built site and its server


class PagesHandler(http.server.BaseHTTPRequestHandler):
    """Serves one folder under BASE_PATH the way GitHub Pages does."""

    root: Path  # set on the subclass made per server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        target = self._resolve(url_path)
        if isinstance(target, str):  # a redirect
            self._send(301, b"", "text/html; charset=utf-8", send_body, location=target)
        elif target is None:
            not_found = self.root / "404.html"
            body = not_found.read_bytes() if not_found.is_file() else b"<!doctype html><title>Not found</title>"
            self._send(404, body, MIME_TYPES[".html"], send_body)
        else:
            self._send(200, target.read_bytes(), mime_type(target), send_body)

    def _resolve(self, url_path: str) -> Path | str | None:
        if not url_path.startswith(BASE_PATH):
            return None
        relative = url_path[len(BASE_PATH):]
        parts = [p for p in relative.split("/") if p]
        if any(p in (".", "..") or "\\" in p or "\0" in p for p in parts):
            return None
        candidate = self.root.joinpath(*parts)
        if candidate.is_dir():
            if relative and not relative.endswith("/"):
                return url_path + "/"
            candidate = candidate / "index.html"
        if candidate.is_file():
            return candidate
        return None

    def _send(self, status: int, body: bytes, content_type: str, send_body: bool,
              location: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if location:
            self.send_header("Location", location)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


@dataclass(frozen=True)
class SiteServer:
    origin: str  # http://127.0.0.1:PORT

    @property
    def base(self) -> str:
        return self.origin + BASE_PATH

    def url(self, site_path: str) -> str:
        return self.base + site_path


# Runs before any page script, CSP or not: records every CSP violation on window.__cspViolations.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push({
    directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
    sample: e.sample
  });
});
"""


@dataclass
class Visit:
    """One page open in its own browser context, with everything it did on the network and console."""

    kind: str
    url: str
    page: Any
    server: SiteServer
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    status: int | None = None

    def csp_violations(self) -> list[dict[str, Any]]:
        return list(self.page.evaluate("window.__cspViolations || []"))

    def foreign_requests(self) -> list[str]:
        """Requests to anything but the local server (data: and blob: URLs name no host)."""
        return [u for u in self.requests
                if not (u.startswith(self.server.origin + "/") or u.startswith(("data:", "blob:")))]


def describe_request(request: Any) -> str:
    return f"{request.method} {request.url}"




@contextlib.contextmanager
def serving(root: Path, name: str = "site-server") -> Iterator[SiteServer]:
    """Serve the built site in `root` under BASE_PATH on a loopback port, as GitHub Pages would, until the block
    ends."""
    handler = type(f"{name}-handler", (PagesHandler,), {"root": root})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield SiteServer(origin=f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def build_site(content: Path, out: Path) -> Path:
    """`sitegen build` of `content` (with its Pagefind index) into `out`, in a subprocess; fails the test on an
    error."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "sitegen", "build", "--content", str(content), "--output", str(out),
                           "--quiet"], cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@contextlib.contextmanager
def page_opener(browser: Any, server: SiteServer) -> Iterator[Any]:
    """`opened(site_path, width=1280)`: a page of `server` in a fresh browser context recording CSP violations,
    asserted to answer 200; `page.errors` collects its script errors. The contexts close on exit."""
    contexts: list[Any] = []

    def opened(site_path: str, width: int = 1280) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 800})
        contexts.append(context)
        context.add_init_script(CSP_RECORDER)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        response = page.goto(server.url(site_path), wait_until="load")
        assert response is not None and response.status == 200, site_path
        page.errors = errors
        return page

    try:
        yield opened
    finally:
        for context in contexts:
            context.close()
