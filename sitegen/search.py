"""The index stage: Pagefind (from the pagefind-bin package) over the staged site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sitegen.errors import ContentError, ContentErrors


def run_pagefind(site: Path) -> None:
    """Index `site` in place; a failure is an error naming Pagefind's message (the output stays as it was)."""
    command = [sys.executable, "-m", "pagefind_bin", "--site", str(site), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ContentErrors([ContentError("pagefind", 0, f"the search index failed: {exc}")]) from None
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise ContentErrors([ContentError("pagefind", 0, "the search index failed: " + " | ".join(message))])
