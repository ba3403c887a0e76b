"""Test catalogs in two languages: a copy of a fixture's content whose site.yaml adds `languages`."""

from __future__ import annotations

import shutil
from pathlib import Path


def bilingual_content(fixture_content: Path, root: Path, languages: str = "[en, es]") -> Path:
    """`fixture_content` copied into `root`/content, its site.yaml given `languages: <languages>`; the copy."""
    content = root / "content"
    shutil.copytree(fixture_content, content)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + f"languages: {languages}\n", encoding="utf-8")
    return content
