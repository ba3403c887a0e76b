"""Every page of the fixture catalog and of the bundled catalog is valid HTML by the Nu Html Checker (the W3C
validator, vnu.jar): no errors. Its warnings are listed at the end of the run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from checkers import NU_REPORT, nu_check, nu_errors
from fixture_site import PAGES, REPO

BUNDLED_CONTENT = REPO / "content"


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundled-site") / "site"
    command = [sys.executable, "-m", "sitegen", "build", "--content", str(BUNDLED_CONTENT), "--output", str(out),
               "--quiet", "--no-cache"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        pytest.fail(f"building the bundled catalog failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return out


def check_catalog(site: Path, name: str, config: pytest.Config) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10, f"only {len(pages)} HTML files in the {name} build"
    messages = nu_check(site)
    config.stash.setdefault(NU_REPORT, {})[name] = [m for m in messages if m.get("type") == "info"]
    errors = nu_errors(messages, site)
    assert errors == [], f"the Nu Html Checker finds {len(errors)} errors in the {name} catalog:\n" + "\n".join(errors)


def test_every_page_of_the_fixture_catalog_is_valid_html(built_site: Path, request: pytest.FixtureRequest) -> None:
    missing = [kind for kind, path in PAGES.items()
               if kind != "404" and not (built_site / path / "index.html").is_file()]
    assert missing == [], f"page kinds missing from the fixture build: {missing}"
    check_catalog(built_site, "fixture", request.config)


def test_every_page_of_the_bundled_catalog_is_valid_html(bundled_site: Path, request: pytest.FixtureRequest) -> None:
    check_catalog(bundled_site, "bundled", request.config)


def test_the_checker_reports_what_it_should(tmp_path: Path) -> None:
    """The checker runs and sees errors: a page whose headings skip a level (h1 then h3, the topic pages' old
    fault) and a page with an attribute HTML does not have."""
    head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
    (tmp_path / "skip.html").write_text(head + "<h1>Topic</h1><h3>Card</h3></body></html>", encoding="utf-8")
    (tmp_path / "attr.html").write_text(head + '<h1>A</h1><p frobnicate="1">x</p></body></html>', encoding="utf-8")
    (tmp_path / "good.html").write_text(head + "<h1>A</h1><h2>B</h2></body></html>", encoding="utf-8")
    errors = nu_errors(nu_check(tmp_path), tmp_path)
    assert any(e.startswith("skip.html:1:") and "skipping 1 heading level" in e for e in errors), errors
    assert any(e.startswith("attr.html:1:") and "frobnicate" in e for e in errors), errors
    assert not any(e.startswith("good.html") for e in errors), errors
