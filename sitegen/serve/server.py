"""The dev server as one object (`DevServer`: the HTTP server, the watcher and the build thread, started and
stopped together) and the `sitegen serve` command that runs it until Ctrl-C."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TextIO

from sitegen.errors import UsageError
from sitegen.serve.builds import Builds, shown_path
from sitegen.serve.events import Broadcast
from sitegen.serve.gate import SiteGate
from sitegen.serve.handler import DevHTTPServer
from sitegen.serve.loop import BuildLoop
from sitegen.serve.options import BuildOutcome, ServeOptions
from sitegen.serve.watcher import Watcher


class DevServer:
    """The dev server: one build thread, one HTTP server, one watcher. start() it, stop() it."""

    def __init__(self, options: ServeOptions, *, log: TextIO | None = None,
                 index: Callable[[Path], None] | None = None) -> None:
        self.options = options
        self.output = options.output
        self.gate = SiteGate()
        self.broadcast = Broadcast()
        self._log = log
        self._loop = BuildLoop(self._after_edits, self._quick_possible)
        self._builds = Builds(options, self.gate, self.broadcast, self._say, lambda: self._loop.stopping, index)
        self._watcher = Watcher(options.content, options.output, self._loop.notice)
        self._httpd: DevHTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._stopped = threading.Event()

    # -- what tests and the command line read

    @property
    def base_path(self) -> str:
        return self._builds.base_path

    @property
    def generation(self) -> str:
        """Names the last good build; a page from another build reloads when it connects."""
        return self._builds.generation

    @property
    def last_outcome(self) -> BuildOutcome | None:
        return self._builds.outcome

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
        return self.origin + self.base_path

    # -- life cycle

    def start(self) -> BuildOutcome:
        """Take the port, build once, then serve and watch. A UsageError (port taken, foreign output) is raised;
        content errors are not: the server starts anyway and shows them."""
        try:
            self._httpd = DevHTTPServer((self.options.host, self.options.port), self)
        except OSError as exc:
            raise UsageError(f"cannot listen on {self.options.host}:{self.options.port}: "
                             f"{exc.strerror or exc}; choose another --port") from None
        outcome = self._builds.full([], first=True)
        self._spawn(self._httpd.serve_forever, "sitegen-http")
        self._spawn(self._loop.run_forever, "sitegen-build")
        self._watcher.start()
        return outcome

    def wait(self) -> None:
        """Block until stop() (for the command line; Ctrl-C interrupts it)."""
        while not self._stopped.wait(0.5):
            pass

    def stop(self) -> None:
        if not self._loop.stop():
            return
        self._watcher.stop()
        self.broadcast.close()
        if self._httpd is not None:
            if self._threads:  # serve_forever is running (shutdown() would wait forever otherwise)
                self._httpd.shutdown()
            self._httpd.close_connections()
            self._httpd.server_close()
        self._watcher.join(timeout=5)
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
        return self._builds.outcome if self._loop.request_now(timeout) else None

    # -- what the build thread and the watcher call

    def _after_edits(self, changed: list[str]) -> None:
        self._watcher.watch_new_themes()
        self._builds.after_edits(changed)

    def _quick_possible(self, changed: list[str]) -> bool:
        return self._builds.quick_possible(changed)

    def _say(self, text: str) -> None:
        print(text, file=self._log or sys.stderr, flush=True)

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(options: ServeOptions, *, open_browser: bool = False) -> int:
    """The `sitegen serve` command: runs until Ctrl-C (or SIGTERM), then exits with code 0."""
    server = DevServer(options)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.start()
        print(f"Serving {server.url}  (watching {shown_path(str(options.content))}/ and themes/; Ctrl-C stops)",
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
