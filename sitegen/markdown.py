"""The one Markdown configuration: CommonMark with tables, raw HTML off, only safe links, heading anchors."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_SAFE_LINK = re.compile(r"^(https?:|mailto:|#|/|\./|\.\./|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)
_ANY_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def safe_link(url: str) -> bool:
    """http, https, mailto, relative and fragment links only (after markdown-it's normalisation)."""
    cleaned = "".join(ch for ch in url if ord(ch) > 32).strip()
    if _ANY_SCHEME.match(cleaned):
        return cleaned.lower().startswith(("http:", "https:", "mailto:"))
    return bool(_SAFE_LINK.match(cleaned)) or cleaned == ""


def _slugify(text: str) -> str:
    slug = re.sub(r"[^\w\s-]", "", text.lower()).strip()
    return re.sub(r"[\s_-]+", "-", slug) or "section"


def _heading_anchors(state: StateCore) -> None:
    used: dict[str, int] = {}
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        slug = "h-" + _slugify(inline.content)
        count = used.get(slug, 0)
        used[slug] = count + 1
        token.attrSet("id", slug if count == 0 else f"{slug}-{count}")


def _demote_headings(state: StateCore) -> None:
    """Bodies live under the page's h1: a body `#` heading becomes h2, and so on."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 1, 6)
            token.tag = f"h{level}"


def make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # With "html" off these rules never match; without them each block and inline position is tried once less.
    md.disable(["html_block", "html_inline"])
    md.validateLink = functools.lru_cache(maxsize=4096)(safe_link)  # type: ignore[method-assign]
    # Pure functions of the URL: a catalog links to the same pages again and again.
    md.normalizeLink = functools.lru_cache(maxsize=4096)(md.normalizeLink)  # type: ignore[method-assign]
    md.normalizeLinkText = functools.lru_cache(maxsize=4096)(md.normalizeLinkText)  # type: ignore[method-assign]
    md.core.ruler.push("demote_headings", _demote_headings)
    md.core.ruler.push("heading_anchors", _heading_anchors)
    return md


class MarkdownRenderer:
    """Renders Markdown text to HTML with the one configuration; memoised per text."""

    def __init__(self) -> None:
        self._md = make_markdown()
        self._memo: dict[str, str] = {}
        self._new: list[str] | None = None

    def render(self, text: str) -> str:
        if not text.strip():
            return ""
        found = self._memo.get(text)
        if found is None:
            found = self._md.render(text)
            self._memo[text] = found
            if self._new is not None:
                self._new.append(text)
        return found

    def track_new(self) -> None:
        """From now on, note which texts get rendered here (a render worker sends them back for the cache)."""
        self._new = []

    def take_new(self) -> dict[str, str]:
        """The (text → HTML) rendered since `track_new` or the last call; empty when not tracking."""
        if not self._new:
            return {}
        taken = {text: self._memo[text] for text in self._new}
        self._new.clear()
        return taken

    def seed(self, rendered: Iterable[tuple[str, str]]) -> None:
        """Take (text, html) pairs rendered elsewhere (by worker processes) into the memo."""
        self._memo.update(rendered)

    @property
    def rendered(self) -> dict[str, str]:
        """Every (text → HTML) this renderer holds."""
        return dict(self._memo)

    def tokens(self, text: str) -> list[Any]:
        return list(self._md.parse(text))
