"""`sitegen serve`: the dev server in-process on a free port over a copy of the fixture catalog."""

from __future__ import annotations

import http.client
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.serve import DevServer, ServeOptions, is_temporary

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "basic" / "content"
CREDENTIAL = "content/credentials/feedback-loops.md"
PAGE = "credentials/feedback-loops/"
WAIT = 30.0  # the longest any single wait in these tests may take


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=WAIT) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_until(condition: Callable[[], bool], what: str, seconds: float = WAIT) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out after {seconds:.0f} s waiting for {what}")


class EventStream:
    """A server-sent event stream read line by line from a raw HTTP connection (every read bounded)."""

    def __init__(self, server: DevServer, build: str | None = None) -> None:
        origin = urllib.parse.urlsplit(server.origin)
        self.connection = http.client.HTTPConnection(origin.hostname or "", origin.port, timeout=WAIT)
        query = f"?build={build}" if build else ""
        self.connection.request("GET", f"{server.base_path}__sitegen/events{query}")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.headers["Content-Type"].startswith("text/event-stream")

    def next(self, name: str, seconds: float = WAIT) -> str:
        """The data of the next event called `name` (other events are skipped)."""
        deadline = time.monotonic() + seconds
        event, data = "message", []
        while time.monotonic() < deadline:
            raw = self.response.fp.readline()  # bounded by the socket timeout; keep-alives come every 15 s
            if not raw:
                pytest.fail(f"the event stream closed while waiting for '{name}'")
            line = raw.decode("utf-8").rstrip("\n")
            if line == "":
                if event == name and data:
                    return "\n".join(data)
                event, data = "message", []
            elif line.startswith("event:"):
                event = line[len("event:"):].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:"):].removeprefix(" "))
        pytest.fail(f"no '{name}' event within {seconds:.0f} s")

    def close(self) -> None:
        self.connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """One dev server for the tests that only read (over its own copy of the fixture catalog)."""
    root = tmp_path_factory.mktemp("serve")
    shutil.copytree(FIXTURE_CONTENT, root / "content")
    dev = DevServer(ServeOptions(content=root / "content", output=root / "output", port=0), log=io.StringIO())
    assert dev.start().ok
    try:
        yield dev
    finally:
        dev.stop()


@pytest.fixture
def server(project: Path) -> Iterator[DevServer]:
    """The dev server over `project` (a copy of the fixture catalog, the cwd; from conftest.py)."""
    dev = DevServer(ServeOptions(content=project / "content", output=project / "output", port=0),
                    log=io.StringIO())
    outcome = dev.start()
    assert outcome.ok, outcome.errors
    try:
        yield dev
    finally:
        dev.stop()


@pytest.fixture
def events(server: DevServer) -> Iterator[Callable[..., EventStream]]:
    opened: list[EventStream] = []

    def open_stream(build: str | None = None) -> EventStream:
        stream = EventStream(server, build)
        opened.append(stream)
        return stream

    yield open_stream
    for stream in opened:
        stream.close()


def page_text(server: DevServer, site_path: str = PAGE) -> str:
    status, _, body = fetch(server.url + site_path)
    assert status == 200, f"{site_path}: {status}"
    return body.decode("utf-8")


def set_title(project: Path, title: str) -> None:
    path = project / CREDENTIAL
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("\ntitle:", 1)
    path.write_text(head + f"\ntitle: {title}" + rest[rest.index("\n"):], encoding="utf-8")


def test_the_site_is_served_under_the_base_path(site: DevServer) -> None:
    server = site
    assert server.base_path == "/catalog/"
    assert server.url == server.origin + "/catalog/"
    status, headers, _ = fetch(server.origin + "/")
    assert (status, headers["Location"]) == (302, "/catalog/")
    status, headers, body = fetch(server.url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'<script src="/catalog/__sitegen/reload.js"></script>' in body
    assert "<h1>Feedback Loops" in page_text(server)
    status, headers, _ = fetch(server.url + "credentials/feedback-loops")
    assert (status, headers["Location"]) == (301, "/catalog/credentials/feedback-loops/")
    status, headers, body = fetch(server.url + "pagefind/pagefind.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")


@pytest.mark.parametrize("path", ["/catalog/no-such-page/", "/catalog/credentials/nope/", "/elsewhere/",
                                  "/credentials/feedback-loops/", "/catalog/../catalog/index.html",
                                  "/catalog/%2e%2e/%2e%2e/etc/passwd", "/catalog/__sitegen/nothing"])
def test_unknown_paths_get_the_site_404_page(site: DevServer, path: str) -> None:
    status, headers, body = fetch(site.origin + path)
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert body == (site.output / "404.html").read_bytes()


def test_the_reload_script_and_overlay_stylesheet_come_from_memory(site: DevServer) -> None:
    server = site
    status, headers, script = fetch(server.url + "__sitegen/reload.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert headers["Cache-Control"] == "no-store"
    assert b"EventSource" in script and b"textContent" in script
    assert b"innerHTML" not in script and b"eval(" not in script and b".style" not in script
    assert server.generation.encode() in script
    status, headers, css = fetch(server.url + "__sitegen/overlay.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert b"#sitegen-overlay" in css
    assert not (server.output / "__sitegen").exists()
    assert not list(server.output.rglob("reload.js"))


def test_edits_rebuild_and_broken_edits_keep_the_last_good_site(
        server: DevServer, project: Path, events: Callable[..., EventStream]) -> None:
    stream = events()
    set_title(project, "Feedback Loops Revised")
    wait_until(lambda: "<h1>Feedback Loops Revised" in page_text(server), "the edited title to be served")
    stream.next("reload")

    # A broken edit: the server stays up, serves the last good page, and streams the error with path:line.
    (project / CREDENTIAL).write_text((project / CREDENTIAL).read_text().replace(
        "title: Feedback Loops Revised", "title: [Feedback Loops Broken"), encoding="utf-8")
    errors = json.loads(stream.next("errors"))["errors"]
    assert any(e.startswith(f"{CREDENTIAL}:2: invalid YAML") for e in errors), errors
    assert "<h1>Feedback Loops Revised" in page_text(server)
    assert server.last_outcome is not None and not server.last_outcome.ok

    # A page opened now is told about the errors as soon as it connects.
    late = events(server.generation)
    assert json.loads(late.next("errors"))["errors"] == errors

    # The fix: a reload, and the fixed title.
    set_title(project, "Feedback Loops Fixed")
    stream.next("reload")
    assert "<h1>Feedback Loops Fixed" in page_text(server)
    assert server.last_outcome is not None and server.last_outcome.ok


def test_a_page_from_an_older_build_reloads_when_it_connects(
        server: DevServer, events: Callable[..., EventStream]) -> None:
    old = server.generation
    outcome = server.rebuild_now()
    assert outcome is not None and outcome.ok
    assert server.generation != old
    assert events(old).next("reload") == server.generation


def test_requests_during_a_build_wait_for_it(project: Path) -> None:
    """A request made while a build is in flight gets the new site, never a missing or half-swapped one."""
    started = threading.Event()

    def slow_index(site: Path) -> None:
        started.set()
        time.sleep(1.0)

    log = io.StringIO()
    dev = DevServer(ServeOptions(content=project / "content", output=project / "output", port=0), log=log,
                    index=slow_index)
    dev.start()
    try:
        started.clear()
        set_title(project, "Feedback Loops While Building")
        assert started.wait(WAIT), "no rebuild started after the edit"
        assert "<h1>Feedback Loops While Building" in page_text(dev)
    finally:
        dev.stop()


def test_editor_scratch_files_are_ignored(server: DevServer, project: Path) -> None:
    before = server.generation
    folder = project / "content" / "credentials"
    for name in (".#feedback-loops.md", "feedback-loops.md~", "4913", ".feedback-loops.md.swp", "#x.md#"):
        (folder / name).write_text("scratch", encoding="utf-8")
    time.sleep(1.0)
    assert server.generation == before
    assert server.last_outcome is not None and server.last_outcome.ok


def test_an_editor_that_saves_by_renaming_triggers_a_rebuild(server: DevServer, project: Path) -> None:
    target = project / CREDENTIAL
    temporary = target.with_name(".feedback-loops.md.tmp")
    temporary.write_text(target.read_text().replace("title: Feedback Loops", "title: Feedback Loops Renamed"),
                         encoding="utf-8")
    os.replace(temporary, target)
    wait_until(lambda: "<h1>Feedback Loops Renamed" in page_text(server), "the renamed-in file to be built")


@pytest.mark.parametrize(("path", "temporary"), [
    ("content/credentials/x.md", False), ("content/site.yaml", False), ("themes/default/static/site.css", False),
    ("content/credentials/.#x.md", True), ("content/credentials/x.md~", True), ("content/credentials/4913", True),
    ("content/credentials/.x.md.swp", True), ("content/.git/index", True), ("content/x.md___jb_tmp___", True),
])
def test_is_temporary(path: str, temporary: bool) -> None:
    assert is_temporary(path) is temporary


def test_a_broken_catalog_at_start_still_serves(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = (project / CREDENTIAL).read_text(encoding="utf-8")
    (project / CREDENTIAL).write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    dev = DevServer(ServeOptions(content=project / "content", output=project / "output", port=0))
    outcome = dev.start()
    try:
        assert not outcome.ok
        assert f"{CREDENTIAL}:2: invalid YAML" in capsys.readouterr().err
        status, _, body = fetch(dev.url)
        assert status == 404 and b"/catalog/__sitegen/reload.js" in body
        stream = EventStream(dev)
        assert CREDENTIAL in stream.next("errors")
        (project / CREDENTIAL).write_text(good.replace("title: Feedback Loops", "title: Feedback Loops Recovered"),
                                          encoding="utf-8")
        stream.next("reload")
        stream.close()
        assert "<h1>Feedback Loops Recovered" in page_text(dev)
    finally:
        dev.stop()


def test_usage_errors_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port" in capsys.readouterr().err
    foreign = project / "elsewhere"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["serve", "--port", "0", "--output", str(foreign)]) == 2
    assert "refusing to replace" in capsys.readouterr().err
    assert (foreign / "notes.txt").read_text() == "mine"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
    assert not (project / "output").exists()  # the port is taken before anything is built


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals to a child process")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_exits_cleanly(project: Path, signum: int) -> None:
    command = [sys.executable, "-m", "sitegen", "serve", "--port", "0"]
    child = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    ready = threading.Event()

    def read_stdout() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line)
            if line.startswith("Serving http://"):
                ready.set()

    reader = threading.Thread(target=read_stdout, daemon=True)
    reader.start()
    try:
        assert ready.wait(WAIT * 2), f"the server did not start: {lines}"
        url = lines[-1].split()[1]
        assert fetch(url)[0] == 200
        child.send_signal(signum)
        code = child.wait(timeout=WAIT)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=WAIT)
    reader.join(timeout=5)
    assert child.stderr is not None
    err = child.stderr.read()
    assert code == 0, err
    assert "Traceback" not in err and "Traceback" not in "".join(lines)
    assert "Stopped." in "".join(lines)


@pytest.mark.parametrize("themes_before_start", [True, False])
def test_theme_edits_rebuild(project: Path, themes_before_start: bool) -> None:
    """The project's themes/ folder is watched, also when it is created while the server runs."""
    static = project / "themes" / "default" / "static"
    if themes_before_start:
        static.mkdir(parents=True)
    dev = DevServer(ServeOptions(content=project / "content", output=project / "output", port=0),
                    log=io.StringIO())
    assert dev.start().ok
    try:
        assert fetch(dev.url + "assets/extra.css")[0] == 404
        static.mkdir(parents=True, exist_ok=True)
        (static / "extra.css").write_text("body { margin: 0; }\n", encoding="utf-8")
        wait_until(lambda: fetch(dev.url + "assets/extra.css")[0] == 200, "the new theme file to be served")
        (static / "extra.css").write_text("body { margin: 1px; }\n", encoding="utf-8")
        wait_until(lambda: fetch(dev.url + "assets/extra.css")[2] == b"body { margin: 1px; }\n",
                   "the edited theme file to be served")
    finally:
        dev.stop()


def _log(server: DevServer) -> str:
    log = server._log
    assert isinstance(log, io.StringIO)
    return log.getvalue()


def test_a_credential_edit_is_shown_at_once_then_the_lists_follow(
        server: DevServer, project: Path, events: Callable[..., EventStream]) -> None:
    stream = events()
    set_title(project, "Feedback Loops Quick")
    stream.next("reload")  # the quick update: the credential's own page
    assert "Updated the page of content/credentials/feedback-loops.md" in _log(server)
    assert "<h1>Feedback Loops Quick" in page_text(server)
    stream = events(server.generation)
    stream.next("reload")  # the full rebuild: lists, stacks, exports
    wait_until(lambda: "Feedback Loops Quick" in page_text(server, "credentials/"), "the list to follow")
    assert server.last_outcome is not None and server.last_outcome.ok


def test_an_edit_that_changes_what_selects_the_credential_waits_for_the_full_build(
        server: DevServer, project: Path, events: Callable[..., EventStream]) -> None:
    path = project / CREDENTIAL
    text = path.read_text("utf-8")
    assert "status: active" in text
    stream = events()
    # Retiring a credential changes which rules count it: only a full build may show that.
    path.write_text(text.replace("title: Feedback Loops", "title: Feedback Loops Moved")
                    .replace("status: active", "status: retired"), encoding="utf-8")
    stream.next("reload")
    assert "Updated the page of" not in _log(server)
    assert "<h1>Feedback Loops Moved" in page_text(server)


def test_a_credential_named_file_elsewhere_is_not_taken_for_the_credential(
        server: DevServer, project: Path, events: Callable[..., EventStream]) -> None:
    impostor = project / "content/portfolios/avery-example/credentials/feedback-loops.md"
    impostor.parent.mkdir(parents=True, exist_ok=True)
    stream = events()
    impostor.write_text((project / CREDENTIAL).read_text().replace("title: Feedback Loops", "title: Impostor"),
                        encoding="utf-8")
    stream.next("reload")  # the full build (the file is evidence-side content, not a credential)
    assert "Updated the page of" not in _log(server)
    assert "Impostor" not in page_text(server)
