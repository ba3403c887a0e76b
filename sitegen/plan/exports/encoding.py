"""How exports are serialised: deterministic JSON bytes, XML-safe text, absolute URLs."""

from __future__ import annotations

import json
import re
from typing import Any

from sitegen.plan.common import Context

# Characters XML 1.0 cannot carry at all, even escaped (C0 controls except tab, LF, CR; lone surrogates; FFFE/FFFF).
MAX_FILE_BYTES = 10_000_000
"""No file of the output is over 10 MB (CONTENT.md, Output): larger exports are split."""
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def json_bytes(value: Any, *, sort_keys: bool = True) -> bytes:
    """Compact UTF-8 JSON with a final newline: the same value always gives the same bytes.

    Compact because exports are read by programs, and because `indent` makes CPython fall back from its
    C encoder to the pure-Python one (several times slower on a large catalog).
    """
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys) + "\n").encode("utf-8")


def xml_text(text: str) -> str:
    """Text with the characters that XML 1.0 cannot represent removed (escaping is ElementTree's job)."""
    return _NOT_XML.sub("", text)


def language_tag(ctx: Context, language: str | None = None) -> str:
    """The content language (or `language`) as a BCP 47 tag: CTDL language maps use "en-US"."""
    language = language or ctx.catalog.site.language or "en"
    if "-" in language:
        return language
    return "en-US" if language == "en" else language
