"""`sitegen serve`: build, serve the output under the base path, watch content and themes, reload open pages.

The parts, from the command down: `server` (DevServer and the command), `handler` (HTTP answers), `assets`
(what is served from memory), `events` (the event stream to pages), `watcher` (which edits matter), `loop`
(when to build), `builds` (the full build and its report), `quick` (edited credentials shown at once), `gate`
(requests and builds sharing the output folder), `options`."""

from __future__ import annotations

from sitegen.serve.options import BuildOutcome, ServeOptions
from sitegen.serve.server import DevServer, serve
from sitegen.serve.watcher import is_temporary

__all__ = ["BuildOutcome", "DevServer", "ServeOptions", "is_temporary", "serve"]
