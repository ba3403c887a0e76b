"""Reading a content file's bytes as text, and splitting Markdown front matter from the body."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitegen.errors import ContentError, ContentErrors

MAX_FILE_BYTES = 5 * 1024 * 1024

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(message: str) -> str:
    """`message` with control characters and line breaks escaped (\\n, \\x1b): one line, no terminal escapes;
    a quoted value of 100 characters or more is shortened."""
    def escape(match: re.Match[str]) -> str:
        char = match.group()
        named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
        return named.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
    return _QUOTED.sub(_shorten, _UNPRINTABLE.sub(escape, message))


_QUOTED = re.compile(r"'([^']*)'")


def _shorten(match: re.Match[str]) -> str:
    """A quoted value too long to print whole (a 1 MB line): its start and its length."""
    value = match.group(1)
    return match.group() if len(value) < 100 else f"'{value[:60]}…' ({len(value):,} characters)"


def read_text(raw: bytes, path: str) -> str:
    """Decode a content file: UTF-8 (a BOM tolerated), CRLF and CR turned into LF.

    UTF-16, NUL bytes, invalid UTF-8 and oversized files are ContentErrors with their line.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentErrors([ContentError(path, 1, "the file is UTF-16; save it as UTF-8")])
    if len(raw) > MAX_FILE_BYTES:
        raise ContentErrors([ContentError(
            path, 1, f"the file is {len(raw) // (1024 * 1024)} MB; content files are limited to "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB (put large material in evidence files or link to it)")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    head = raw[:4]
    if len(head) == 4 and (head[1] == head[3] == 0 < head[0] * head[2] or head[0] == head[2] == 0 < head[1] * head[3]):
        raise ContentErrors([ContentError(path, 1, "the file looks like UTF-16 without a byte-order mark (a NUL "
                                          "byte beside every letter); save it as UTF-8")])
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise ContentErrors([ContentError(path, line, "the file contains a NUL byte (is it a binary file?)")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ContentErrors([ContentError(
            path, line, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")]) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


@dataclass(frozen=True)
class FrontMatter:
    """The YAML between the `---` lines, and the Markdown after it."""

    yaml: str
    yaml_line: int
    """File line of the YAML's first line."""
    body: str
    body_line: int
    """File line of the body's first line."""


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Split `---` / YAML / `---` / body. A missing opening or closing line is an error."""
    if not text.strip():
        raise ContentErrors([ContentError(path, 1, "the file is empty; it needs a front matter block "
                                          "between '---' lines")])
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise ContentErrors([ContentError(path, 1, "the file must start with a '---' line, then the front "
                                          "matter (YAML), then another '---' line")])
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return FrontMatter(
                yaml="\n".join(lines[1:index]),
                yaml_line=2,
                body="\n".join(lines[index + 1:]),
                body_line=index + 2,
            )
    raise ContentErrors([ContentError(path, 1, "the front matter is not closed: add a '---' line after it")])
