"""Family 7, site settings: a missing site.yaml, base URLs that are not http(s), themes that are paths or links
out of the project, unknown states, impossible limits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_kit import (
    SITE,
    Built,
    Case,
    active_content,
    at,
    changed,
    delete,
    edit,
    everything,
    params,
    refused,
    set_text,
    snapshot_folder,
)

BASE = "base_url: https://example.github.io/catalog/"
LAST = "max_evidence_mb: 1"
THEME_LINE = at(SITE, LAST, 1)
NOT_HTTP = "is not an absolute http:// or https:// URL"


def theme(value: str) -> object:
    return edit(SITE, LAST + "\n", f"{LAST}\ntheme: {value}\n")


def linked_theme(content: Path) -> None:
    """themes/evil in the project is a link to a theme folder outside the project."""
    outside = content.parent.parent / "elsewhere" / "evil"
    (outside / "templates").mkdir(parents=True)
    (content.parent / "themes").mkdir()
    os.symlink(outside, content.parent / "themes" / "evil")
    theme("evil")(content)


# fmt: off
CASES: list[Case] = [
    refused("site-yaml-missing", delete(SITE), f"{SITE}:1",
            "site.yaml is missing: create it with at least 'title:' and 'base_url:'"),
    refused("base-url-missing", edit(SITE, BASE + "\n", ""), f"{SITE}:1", "site.yaml needs 'base_url'"),
    changed("base-url-ftp", SITE, BASE, "base_url: ftp://example.github.io/catalog/",
            f"'base_url': 'ftp://example.github.io/catalog/' {NOT_HTTP}"),
    changed("base-url-javascript", SITE, BASE, "base_url: 'javascript:alert(1)//'", NOT_HTTP),
    changed("base-url-relative", SITE, BASE, "base_url: /catalog/", NOT_HTTP),
    changed("base-url-with-a-space", SITE, BASE, "base_url: https://example.org/my catalog/", NOT_HTTP),
    changed("base-url-with-a-password", SITE, BASE, "base_url: https://user:pw@example.org/",
            "must not carry a user name or password"),
    changed("base-url-with-a-query", SITE, BASE, "base_url: https://example.org/?x=1",
            "'base_url' must not contain '?' or '#'"),
    refused("theme-dot-dot", theme("../x"), THEME_LINE, "'theme' must be the name of a folder in themes/, not a path"),
    refused("theme-etc", theme("/etc"), THEME_LINE, "not a path: '/etc'"),
    refused("theme-hidden-path", theme("themes/../../x"), THEME_LINE, "not a path"),
    refused("theme-not-found", theme("nothere"), THEME_LINE,
            "'theme': there is no theme 'nothere': create the folder themes/nothere/", "bundled theme (default)"),
    refused("theme-linked-out-of-the-project", linked_theme, THEME_LINE,
            "'theme': themes/evil is a link to a folder outside the project's themes/"),
    changed("unknown-home-state", SITE, "home_state: wa", "home_state: zz", "unknown state code 'zz'"),
    changed("home-state-in-upper-case", SITE, "home_state: wa", "home_state: WA",
            "unknown state code 'WA' (ids are lower case: write 'wa')"),
    changed("zero-evidence-limit", SITE, LAST, "max_evidence_mb: 0", "'max_evidence_mb' must be more than 0"),
    changed("negative-evidence-limit", SITE, LAST, "max_evidence_mb: -5", "'max_evidence_mb' must be at least 0"),
    changed("impossible-school-year-start", SITE, 'school_year_starts: "07-01"', 'school_year_starts: "02-30"',
            "'school_year_starts' must be a month and day like \"07-01\", found '02-30'"),
    changed("unknown-key", SITE, BASE, "base-url: https://example.github.io/catalog/",
            "unknown key 'base-url' in site.yaml (did you mean 'base_url'?)"),
    Built("html-in-the-site-title", set_text(SITE, "title: ", "</title><script>alert('t')</script>"),
          shown=(("index.html", "</title><script>alert('t')</script>"),)),
    Built("attribute-breakout-in-language", set_text(SITE, "language: ", 'en" onmouseover="x')),
]
# fmt: on


def test_family_size() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", params(CASES))
def test_site_settings(case: Case, verify) -> None:
    verify(case)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/", "/catalog/",
                                 "https://example.org/\"><script>"])
def test_base_url_option_must_be_http(url: str, project: Path, previous_output: Path, run) -> None:
    """`--base-url` is checked like base_url: a usage error (exit 2), nothing written."""
    before = snapshot_folder(previous_output)
    result = run("build", "--content", "content", "--output", "output", "--no-search", "--base-url", url)
    if url.startswith("https://"):
        assert result.code == 0, result.output  # an odd but http URL: built, and escaped everywhere
        problems = active_content(previous_output)
        assert not problems, "\n".join(problems)
        return
    assert result.code == 2, result.output
    assert "sitegen: error: --base-url:" in result.err and "is not an absolute http:// or https:// URL" in result.err
    assert "Traceback" not in result.output
    assert snapshot_folder(previous_output) == before


def test_a_theme_file_linked_out_of_the_project_is_not_published(project: Path, previous_output: Path, build) -> None:
    secret = project.parent / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a\n")
    static = project / "themes" / "default" / "static"
    static.mkdir(parents=True)
    os.symlink(secret, static / "leak.txt")
    result = build("output")
    assert "Traceback" not in result.output
    if result.code == 0:
        leaked = [rel for rel, data in everything(previous_output) if b"TOP-SECRET-7f3a" in data]
        assert not leaked, f"published from outside the project: {leaked}"
    else:
        assert result.code in (1, 2)
