"""The dev server's HTTP answers: the site under its base path as GitHub Pages serves it, the in-memory
reload script and overlay, and the event stream; requests wait while a build holds the output folder."""

from __future__ import annotations

import http.server
import queue
import socket
import threading
import urllib.parse
from contextlib import suppress
from pathlib import Path
from typing import Any, Protocol

from sitegen.serve.assets import CONTENT_TYPES, OVERLAY_CSS, SPECIAL, content_type, reload_script, waiting_page
from sitegen.serve.events import Broadcast, errors_json, sse_message
from sitegen.serve.gate import SiteGate
from sitegen.serve.options import BuildOutcome

KEEPALIVE_SECONDS = 15.0


class Served(Protocol):
    """What the handler reads from the dev server."""

    @property
    def output(self) -> Path: ...
    @property
    def gate(self) -> SiteGate: ...
    @property
    def broadcast(self) -> Broadcast: ...
    @property
    def base_path(self) -> str: ...
    @property
    def generation(self) -> str: ...
    @property
    def last_outcome(self) -> BuildOutcome | None: ...


def resolve_file(root: Path, relative: str) -> Path | str | None:
    """The file a site-relative URL path names, "/" when it is a folder named without its slash, or None."""
    parts = relative.split("/")
    if any(part in (".", "..") or "\\" in part or "\0" in part for part in parts):
        return None
    candidate = root.joinpath(*[part for part in parts if part])
    if candidate.is_dir():
        if relative and not relative.endswith("/"):
            return "/"
        candidate = candidate / "index.html"
    if not candidate.is_file():
        return None
    try:
        if not candidate.resolve().is_relative_to(root.resolve()):
            return None
    except OSError:
        return None
    return candidate


class DevHTTPServer(http.server.ThreadingHTTPServer):
    """One thread per request; remembers open connections so that stopping can close the event streams."""

    daemon_threads = True
    dev: Served

    def __init__(self, address: tuple[str, int], dev: Served) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.dev = dev
        self.open_sockets: set[socket.socket] = set()
        self._sockets_lock = threading.Lock()
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._sockets_lock:
            self.open_sockets.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._sockets_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._sockets_lock:
            for sock in list(self.open_sockets):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class Handler(http.server.BaseHTTPRequestHandler):
    """GitHub-Pages-like answers under the base path, plus the reload script, overlay and event stream."""

    server: DevHTTPServer
    protocol_version = "HTTP/1.1"
    timeout = 60

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        dev = self.server.dev
        split = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(split.path)
        base = dev.base_path
        if (path == "/" and base != "/") or path + "/" == base:
            self._send(302, b"", "text/html; charset=utf-8", send_body, location=base)
            return
        if not path.startswith(base):
            self._not_found(send_body)
            return
        relative = path[len(base):]
        if relative.startswith(SPECIAL):
            self._special(relative[len(SPECIAL):], split.query, send_body)
            return
        with dev.gate.reading():
            target = resolve_file(dev.output, relative)
            if isinstance(target, Path):
                try:
                    body: bytes | None = target.read_bytes()
                except OSError:
                    body = None
        if target == "/":
            self._send(301, b"", "text/html; charset=utf-8", send_body, location=urllib.parse.quote(path + "/"))
        elif isinstance(target, Path) and body is not None:
            self._send(200, body, content_type(target), send_body)
        else:
            self._not_found(send_body)

    def _not_found(self, send_body: bool) -> None:
        dev = self.server.dev
        with dev.gate.reading():
            try:
                body = (dev.output / "404.html").read_bytes()
            except OSError:
                body = waiting_page(dev.base_path)
        self._send(404, body, CONTENT_TYPES[".html"], send_body)

    def _special(self, name: str, query: str, send_body: bool) -> None:
        dev = self.server.dev
        if name == "reload.js":
            self._send(200, reload_script(dev.generation), CONTENT_TYPES[".js"], send_body)
        elif name == "overlay.css":
            self._send(200, OVERLAY_CSS.encode(), CONTENT_TYPES[".css"], send_body)
        elif name == "events" and send_body:
            built = urllib.parse.parse_qs(query).get("build", [""])[0]
            self._events(built)
        else:
            self._not_found(send_body)

    def _events(self, page_build: str) -> None:
        dev = self.server.dev
        client = dev.broadcast.subscribe()
        self.close_connection = True
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"retry: 1000\n\n")
            outcome = dev.last_outcome
            if page_build and page_build != dev.generation:
                self.wfile.write(sse_message("reload", dev.generation))
            elif outcome is not None and not outcome.ok:
                self.wfile.write(sse_message("errors", errors_json(outcome)))
            self.wfile.flush()
            while True:
                try:
                    message = client.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    message = b": keep-alive\n\n"
                if message is None:
                    break
                self.wfile.write(message)
                self.wfile.flush()
        except OSError:  # the page went away (BrokenPipeError, ConnectionResetError, a timeout)
            pass
        finally:
            dev.broadcast.unsubscribe(client)

    def _send(self, status: int, body: bytes, kind: str, send_body: bool, location: str | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            if location:
                self.send_header("Location", location)
            self.end_headers()
            if send_body:
                self.wfile.write(body)
        except OSError:
            self.close_connection = True
