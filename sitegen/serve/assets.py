"""What the dev server answers from memory, never from disk: the reload script, the error overlay's stylesheet,
the page shown while there is no site yet, and the content type of each served file."""

from __future__ import annotations

import html
import json
from pathlib import Path

SPECIAL = "__sitegen/"
"""Under the base path: the reload script, the overlay stylesheet and the event stream (never on disk)."""

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


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


def reload_script(generation: str) -> bytes:
    """The reload script of pages served after the build named `generation`."""
    return RELOAD_JS.replace("%BUILD%", json.dumps(generation)[1:-1]).encode()


def waiting_page(base_path: str) -> bytes:
    """The page answered for every missing file while no build has succeeded (no 404.html yet)."""
    return WAITING_PAGE.format(base=html.escape(base_path), special=SPECIAL).encode()
