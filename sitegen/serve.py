"""`sitegen serve`: build, serve the output under the base path, watch content and themes, reload open pages."""

from __future__ import annotations

import html
import http.server
import json
import os
import queue
import signal
import socket
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from sitegen.build import BuildOptions, Live, build, project_root
from sitegen.errors import ContentError, ContentErrors, UsageError
from sitegen.output import OutputBusy, OutputLock, check_output_folder
from sitegen.plan import credential_page
from sitegen.plan.common import Context
from sitegen.render import Renderer
from sitegen.urls import output_file
from sitegen.validate.catalog import reload_credential

SETTLE_SECONDS = 0.15
"""Quiet time after the last file event before a rebuild starts."""
QUICK_SETTLE_SECONDS = 0.04
"""The same when only credential files changed: their pages are shown at once (see DevServer._quick)."""
MAX_DELAY_SECONDS = 2.0
"""A steady stream of events (a branch switch) still rebuilds this long after the first one."""
KEEPALIVE_SECONDS = 15.0
REQUEST_WAIT_SECONDS = 120.0
"""How long a request waits for the build in flight before it is answered from the folder as it is."""
SPECIAL = "__sitegen/"
"""Under the base path: the reload script, the overlay stylesheet and the event stream (never on disk)."""

IGNORED_PARTS = frozenset({".git", ".hg", ".svn", "__pycache__", ".sitegen-cache", "node_modules"})
TEMP_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".swpx", ".tmp", ".part", ".crdownload", ".kate-swp",
                 "___jb_tmp___", "___jb_old___")
TEMP_NAMES = frozenset({"4913", ".DS_Store", "Thumbs.db"})

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".xml": "application/xml", ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon",
    ".woff2": "font/woff2", ".wasm": "application/wasm", ".pdf": "application/pdf", ".mp4": "video/mp4",
    ".webm": "video/webm", ".mp3": "audio/mpeg",
}

RELOAD_JS = """\
/* sitegen serve: reloads the page after a rebuild and shows content errors (served from memory). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) { return; }
  var events = new URL("events", script.src);
  events.searchParams.set("build", "%BUILD%");
  var overlay = null;

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function addStyles() {
    if (document.getElementById("sitegen-overlay-css")) { return; }
    var link = element("link");
    link.id = "sitegen-overlay-css";
    link.rel = "stylesheet";
    link.href = new URL("overlay.css", script.src).href;
    document.head.appendChild(link);
  }

  function showErrors(errors) {
    addStyles();
    if (!overlay) {
      overlay = element("div");
      overlay.id = "sitegen-overlay";
      overlay.setAttribute("role", "alert");
      document.body.appendChild(overlay);
    }
    while (overlay.firstChild) { overlay.removeChild(overlay.firstChild); }
    var box = element("div", "sitegen-overlay-box");
    var count = errors.length;
    box.appendChild(element("h2", "", count + (count === 1 ? " problem" : " problems") + " in the content"));
    box.appendChild(element("p", "", "This page shows the last good build. Fix the file and save it: " +
      "the page reloads by itself."));
    var list = element("ul");
    errors.forEach(function (text) { list.appendChild(element("li", "", text)); });
    box.appendChild(list);
    var hide = element("button", "", "Hide");
    hide.type = "button";
    hide.addEventListener("click", function () { overlay.hidden = true; });
    box.appendChild(hide);
    overlay.appendChild(box);
    overlay.hidden = false;
  }

  addStyles();  // now, not when an error comes: the overlay must never appear unstyled while the sheet loads
  var source = new EventSource(events.href);
  source.addEventListener("reload", function () { source.close(); location.reload(); });
  source.addEventListener("errors", function (event) { showErrors(JSON.parse(event.data).errors); });
}());
"""

OVERLAY_CSS = """\
/* sitegen serve: the content-error overlay (served from memory). */
#sitegen-overlay { position: fixed; inset: 0; z-index: 2147483647; overflow: auto; padding: 6vh 1rem;
  background: rgba(16, 16, 16, 0.55); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
#sitegen-overlay[hidden] { display: none; }
.sitegen-overlay-box { box-sizing: border-box; max-width: 60rem; margin: 0 auto; padding: 1.25rem 1.5rem;
  background: #fff; color: #1b1b1b; border-top: 6px solid #b3261e; border-radius: 6px;
  box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35); }
.sitegen-overlay-box h2 { margin: 0 0 0.5rem; font-size: 1.25rem; color: #b3261e; }
.sitegen-overlay-box p { margin: 0 0 0.75rem; }
.sitegen-overlay-box ul { margin: 0 0 1rem; padding: 0; list-style: none;
  font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.sitegen-overlay-box li { padding: 0.45rem 0.6rem; border-left: 3px solid #b3261e; background: #fbeeed;
  margin-bottom: 0.4rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.sitegen-overlay-box button { font: inherit; padding: 0.3rem 1rem; border: 1px solid #555; border-radius: 4px;
  background: #f4f4f4; color: #1b1b1b; cursor: pointer; }
.sitegen-overlay-box button:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.sitegen-waiting { margin: 2rem; font: 16px/1.5 system-ui, sans-serif; }
"""

WAITING_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; \
connect-src 'self'">
<title>sitegen serve: no site yet</title>
<link rel="stylesheet" href="{base}{special}overlay.css">
</head>
<body class="sitegen-waiting">
<h1>No site to show yet</h1>
<p>The content has problems, so nothing was built. They are listed in the terminal running
<code>sitegen serve</code>; fix them and save, and this page reloads by itself.</p>
<script src="{base}{special}reload.js"></script>
</body>
</html>
"""


@dataclass(frozen=True)
class ServeOptions:
    content: Path
    output: Path
    host: str = "127.0.0.1"
    port: int = 8000
    drafts: bool = False
    search: bool = True


@dataclass(frozen=True)
class BuildOutcome:
    """What one build of the dev server did."""

    ok: bool
    errors: tuple[str, ...] = ()
    """Each problem as `path:line: message` (empty when the build succeeded)."""
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    pages: int = 0


def is_temporary(path: str) -> bool:
    """Editor and OS scratch files (`.#x`, `x~`, `.x.swp`, vim's `4913`, ...): never a reason to rebuild."""
    parts = Path(path).parts
    if any(part in IGNORED_PARTS for part in parts):
        return True
    name = parts[-1] if parts else ""
    return (name in TEMP_NAMES or name.startswith((".#", "~$", ".~lock.")) or name.endswith(TEMP_SUFFIXES)
            or (name.startswith("#") and name.endswith("#")))


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


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


def site_base_path(content: Path) -> str | None:
    """The path part of site.yaml's base_url ("/catalog/"), or None when site.yaml has problems."""
    from sitegen.jurisdictions import JURISDICTIONS
    from sitegen.urls import Urls
    from sitegen.validate.catalog import shown
    from sitegen.validate.site import site_config

    problems: list[ContentError] = []
    config = site_config(content, problems, {"state": frozenset(JURISDICTIONS)}, shown)
    return None if config is None else Urls(config.base_url).base_path


class _SiteGate:
    """Readers (requests) share the output folder; the build holds it alone, from start to swap."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._building = False

    @contextmanager
    def reading(self, timeout: float = REQUEST_WAIT_SECONDS) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._building, timeout)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def building(self) -> Iterator[None]:
        with self._cond:
            self._building = True
            self._cond.wait_for(lambda: self._readers == 0, REQUEST_WAIT_SECONDS)
        try:
            yield
        finally:
            with self._cond:
                self._building = False
                self._cond.notify_all()


class _Broadcast:
    """Server-sent events to every open page: one queue per connection, None closes it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: set[queue.Queue[bytes | None]] = set()

    def subscribe(self) -> queue.Queue[bytes | None]:
        client: queue.Queue[bytes | None] = queue.Queue()
        with self._lock:
            self._clients.add(client)
        return client

    def unsubscribe(self, client: queue.Queue[bytes | None]) -> None:
        with self._lock:
            self._clients.discard(client)

    def send(self, event: str, data: str) -> None:
        message = sse_message(event, data)
        with self._lock:
            for client in self._clients:
                client.put(message)

    def close(self) -> None:
        with self._lock:
            for client in self._clients:
                client.put(None)


def sse_message(event: str, data: str) -> bytes:
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"event: {event}\n{lines}\n".encode()


class _Watcher(FileSystemEventHandler):
    """Turns created/modified/moved/deleted events on relevant paths into `notice(path)` calls."""

    def __init__(self, notice: Callable[[str], None], relevant: Callable[[str], bool]) -> None:
        self._notice = notice
        self._relevant = relevant

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in ("created", "modified", "moved", "deleted"):
            return
        if event.is_directory and event.event_type == "modified":
            return
        paths = [os.fsdecode(event.src_path)]
        if event.event_type == "moved":
            paths.append(os.fsdecode(event.dest_path))
        for path in paths:
            if self._relevant(path):
                self._notice(path)


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    dev: DevServer

    def __init__(self, address: tuple[str, int], dev: DevServer) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.dev = dev
        self.open_sockets: set[socket.socket] = set()
        self._sockets_lock = threading.Lock()
        super().__init__(address, _Handler)

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


class _Handler(http.server.BaseHTTPRequestHandler):
    """GitHub-Pages-like answers under the base path, plus the reload script, overlay and event stream."""

    server: _HTTPServer
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
                body = WAITING_PAGE.format(base=html.escape(dev.base_path), special=SPECIAL).encode()
        self._send(404, body, CONTENT_TYPES[".html"], send_body)

    def _special(self, name: str, query: str, send_body: bool) -> None:
        dev = self.server.dev
        if name == "reload.js":
            script = RELOAD_JS.replace("%BUILD%", json.dumps(dev.generation)[1:-1])
            self._send(200, script.encode(), CONTENT_TYPES[".js"], send_body)
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


def errors_json(outcome: BuildOutcome) -> str:
    return json.dumps({"errors": list(outcome.errors)}, ensure_ascii=False)


class DevServer:
    """The dev server: one build thread, one HTTP server, one watcher. start() it, stop() it."""

    def __init__(self, options: ServeOptions, *, log: TextIO | None = None,
                 index: Callable[[Path], None] | None = None) -> None:
        self.options = options
        self.output = options.output
        self.gate = _SiteGate()
        self.broadcast = _Broadcast()
        self._log = log
        self._index = index
        self._cond = threading.Condition()
        self._pending: dict[str, None] = {}
        self._first_pending: float | None = None
        self._due: float | None = None
        self._requested = 0
        self._completed = 0
        self._stopping = False
        self._run = f"{os.getpid():x}{time.time_ns() % 0xFFFFFFFF:08x}"
        self._builds = 0
        self._base_path = "/"
        self._outcome: BuildOutcome | None = None
        self._httpd: _HTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._observer: Any = None
        self._handler: _Watcher | None = None
        self._themes_watched = False
        self._stopped = threading.Event()
        self._live: Live | None = None
        self._renderer: tuple[tuple[Path, ...], Renderer] | None = None

    # -- what tests and the command line read

    @property
    def base_path(self) -> str:
        return self._base_path

    @property
    def generation(self) -> str:
        """Names the last good build; a page from another build reloads when it connects."""
        return f"{self._run}-{self._builds}"

    @property
    def last_outcome(self) -> BuildOutcome | None:
        return self._outcome

    @property
    def origin(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the server is not started")
        host, port = self._httpd.server_address[:2]
        shown = str(host)
        if shown in ("0.0.0.0", "::", ""):
            shown = "127.0.0.1"
        if ":" in shown:
            shown = f"[{shown}]"
        return f"http://{shown}:{port}"

    @property
    def url(self) -> str:
        return self.origin + self._base_path

    # -- life cycle

    def start(self) -> BuildOutcome:
        """Take the port, build once, then serve and watch. A UsageError (port taken, foreign output) is raised;
        content errors are not: the server starts anyway and shows them."""
        try:
            self._httpd = _HTTPServer((self.options.host, self.options.port), self)
        except OSError as exc:
            raise UsageError(f"cannot listen on {self.options.host}:{self.options.port}: "
                             f"{exc.strerror or exc}; choose another --port") from None
        with self._cond:
            self._requested += 1
        outcome = self._rebuild([], first=True)
        with self._cond:
            self._completed = self._requested
        self._spawn(self._httpd.serve_forever, "sitegen-http")
        self._spawn(self._build_loop, "sitegen-build")
        self._watch()
        return outcome

    def wait(self) -> None:
        """Block until stop() (for the command line; Ctrl-C interrupts it)."""
        while not self._stopped.wait(0.5):
            pass

    def stop(self) -> None:
        with self._cond:
            if self._stopping:
                return
            self._stopping = True
            self._cond.notify_all()
        if self._observer is not None:
            self._observer.stop()
        self.broadcast.close()
        if self._httpd is not None:
            if self._threads:  # serve_forever is running (shutdown() would wait forever otherwise)
                self._httpd.shutdown()
            self._httpd.close_connections()
            self._httpd.server_close()
        if self._observer is not None:
            self._observer.join(timeout=5)
        for thread in self._threads:
            thread.join(timeout=10)
        self._stopped.set()

    def __enter__(self) -> DevServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def rebuild_now(self, timeout: float = 60.0) -> BuildOutcome | None:
        """Rebuild at once (without waiting for edits to settle) and return what that build did."""
        with self._cond:
            self._requested += 1
            target = self._requested
            self._due = time.monotonic()
            self._cond.notify_all()
            self._cond.wait_for(lambda: self._completed >= target or self._stopping, timeout)
            return self._outcome if self._completed >= target else None

    # -- watching

    def _watch(self) -> None:
        observer = Observer()
        handler = _Watcher(self._notice, self._relevant)
        observer.schedule(handler, str(self.options.content.resolve()), recursive=True)
        themes = self._themes()
        if themes.is_dir():
            observer.schedule(handler, str(themes), recursive=True)
            self._themes_watched = True
        else:  # themes/ may appear later: watch the project folder itself (not below it) for it
            observer.schedule(handler, str(themes.parent), recursive=False)
        observer.daemon = True
        observer.start()
        self._observer = observer
        self._handler = handler

    def _watch_new_themes(self) -> None:
        """Called by the build thread: a themes/ folder made while serving is watched from then on."""
        if not self._themes_watched and self._observer is not None and self._themes().is_dir():
            self._observer.schedule(self._handler, str(self._themes()), recursive=True)
            self._themes_watched = True

    def _themes(self) -> Path:
        return self.options.content.resolve().parent / "themes"

    def _relevant(self, path: str) -> bool:
        target = Path(path).parent.resolve() / Path(path).name  # the file itself may be gone, or a link
        output = self.output.resolve()
        for made in (output, output.parent / f".{output.name}.staging", output.parent / f".{output.name}.old"):
            if target == made or target.is_relative_to(made):
                return False
        inside = (target.is_relative_to(self.options.content.resolve()) or target.is_relative_to(self._themes()))
        return inside and not is_temporary(path)

    def _notice(self, path: str) -> None:
        now = time.monotonic()
        with self._cond:
            if self._first_pending is None:
                self._first_pending = now
            self._pending[path] = None
            quick = self._live is not None and self._outcome is not None and self._outcome.ok and \
                all(_is_credential_file(p) for p in self._pending)
            settle = QUICK_SETTLE_SECONDS if quick else SETTLE_SECONDS
            self._due = min(now + settle, self._first_pending + MAX_DELAY_SECONDS)
            self._cond.notify_all()

    # -- building

    def _build_loop(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._stopping:
                        return
                    if self._due is not None:
                        delay = self._due - time.monotonic()
                        if delay <= 0:
                            break
                        self._cond.wait(delay)
                    else:
                        self._cond.wait()
                changed = list(self._pending)
                self._pending.clear()
                self._first_pending = self._due = None
                target = self._requested
            self._watch_new_themes()
            self._rebuild(changed, quick=self._quick(changed))
            with self._cond:
                self._completed = max(self._completed, target)
                self._cond.notify_all()

    def _quick(self, changed: list[str]) -> bool:
        """Show edits to existing credentials at once, before the full rebuild: each file is read and checked
        again on its own, and only its page is planned and rendered, into the served folder. Taken only when
        the edit cannot affect another file's validity or which rules select the credential (see
        `reload_credential`); the full rebuild that follows updates the lists, exports and search index."""
        live = self._live
        if live is None or not changed or not all(_is_credential_file(path) for path in changed) or \
                self._outcome is None or not self._outcome.ok:  # after errors, only a full build clears them
            return False
        started = time.perf_counter()
        try:
            edited = []
            for path in dict.fromkeys(changed):
                credential = reload_credential(live.catalog, Path(path))
                if credential is None:
                    return False
                edited.append(credential)
            catalog = replace(live.catalog, credentials={**live.catalog.credentials, **{c.id: c for c in edited}})
            if self._renderer is None or self._renderer[0] != live.chain:
                self._renderer = (live.chain, Renderer(live.chain))
            renderer = self._renderer[1]
            ctx = Context(catalog, live.markdown)
            pages = [credential_page(ctx, live.index, credential) for credential in edited]
            rendered = [(output_file(page.url), renderer.render_page(page, live.site)) for page in pages]
            lock = OutputLock(self.output)
            lock.acquire(wait=False)  # a `sitegen build` is writing the folder: the full rebuild waits for it
            with lock, self.gate.building():
                for rel, body in rendered:
                    target = self.output / rel
                    if not target.is_file():
                        return False
                    temporary = target.with_name(f".{target.name}.sitegen-quick")
                    temporary.write_bytes(body)
                    os.replace(temporary, target)
        except (ContentErrors, OSError, OutputBusy):
            return False
        self._live = replace(live, catalog=catalog)
        self._builds += 1
        if not self._stopping:
            names = ", ".join(_shown(path) for path in dict.fromkeys(changed))
            self._say(f"Updated the page of {names} in {time.perf_counter() - started:.2f} s; rebuilding the rest.")
        self.broadcast.send("reload", self.generation)
        return True

    def _rebuild(self, changed: list[str], *, first: bool = False, quick: bool = False) -> BuildOutcome:
        """A full build, holding the output folder's lock (`OutputLock`) throughout. After a quick update
        (`quick`) the served folder stays readable while it runs: the edited pages are already there, and the
        readers' gate is taken only for the swap."""
        from sitegen.search import run_pagefind

        options = BuildOptions(content=self.options.content, output=self.output, drafts=self.options.drafts,
                               search=self.options.search, serve=True)
        started = time.perf_counter()
        lock = OutputLock(self.output)
        try:
            # The output's lock first, then the readers' gate: while another process (`sitegen build`) writes the
            # folder, this waits and the server goes on answering from the folder as it is.
            check_output_folder(self.output, self.options.content, project_root(self.options.content))
            lock.acquire(waiting=lambda message: self._say(f"{message}; serving the site as it is meanwhile"),
                         cancelled=lambda: self._stopping)
            with lock, nullcontext() if quick else self.gate.building():
                report = build(options, index=self._index or run_pagefind,
                               swap_guard=self.gate.building if quick else None, lock=lock)
        except OutputBusy as exc:  # stopped while waiting
            outcome = BuildOutcome(False, (f"sitegen: {exc}",), seconds=time.perf_counter() - started)
        except ContentErrors as exc:
            outcome = BuildOutcome(False, tuple(str(e) for e in exc.errors if not e.warning),
                                   tuple(str(e) for e in exc.errors if e.warning), time.perf_counter() - started)
        except UsageError as exc:
            if first:
                raise
            outcome = BuildOutcome(False, (f"sitegen: {exc}",), seconds=time.perf_counter() - started)
        except Exception as exc:  # a bug in a stage: report it and keep serving the last good site
            self._say(traceback.format_exc().rstrip())
            outcome = BuildOutcome(False, (f"sitegen: the build failed: {type(exc).__name__}: {exc}",),
                                   seconds=time.perf_counter() - started)
        else:
            outcome = BuildOutcome(True, (), tuple(str(w) for w in report.warnings), report.seconds, report.pages)
            self._live = report.live
            self._renderer = None  # its fragments (`once`) belong to the catalog before this build
        if outcome.ok:
            self._base_path = site_base_path(self.options.content) or self._base_path
            self._builds += 1
        elif first:
            self._base_path = site_base_path(self.options.content) or self._base_path
        self._outcome = outcome
        if not self._stopping:
            self._report(outcome, changed, first)
        if outcome.ok:
            self.broadcast.send("reload", self.generation)
        else:
            self.broadcast.send("errors", errors_json(outcome))
        return outcome

    def _report(self, outcome: BuildOutcome, changed: list[str], first: bool) -> None:
        for line in (*outcome.warnings, *outcome.errors):
            self._say(line)
        what = "Built" if first else "Rebuilt"
        cause = ""
        if changed:
            names = [_shown(path) for path in changed]
            cause = f" after {len(names)} change{'s' if len(names) != 1 else ''} ({', '.join(names[:3])}"
            cause += ", ...)" if len(names) > 3 else ")"
        if outcome.ok:
            self._say(f"{what} {outcome.pages} pages in {outcome.seconds:.2f} s{cause}.")
        else:
            count = len(outcome.errors)
            kept = "serving the last good build" if not first else "nothing to serve until they are fixed"
            self._say(f"{count} problem{'s' if count != 1 else ''}{cause}; {kept}. Save a fix to rebuild.")

    def _say(self, text: str) -> None:
        print(text, file=self._log or sys.stderr, flush=True)

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)


def _is_credential_file(path: str) -> bool:
    return path.endswith(".md") and os.path.basename(os.path.dirname(path)) == "credentials"


def _shown(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(options: ServeOptions, *, open_browser: bool = False) -> int:
    """The `sitegen serve` command: runs until Ctrl-C (or SIGTERM), then exits with code 0."""
    server = DevServer(options)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.start()
        print(f"Serving {server.url}  (watching {_shown(str(options.content))}/ and themes/; Ctrl-C stops)",
              flush=True)
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        with suppress(KeyboardInterrupt):
            server.stop()
    print("Stopped.", flush=True)
    return 0
