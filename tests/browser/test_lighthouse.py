"""Lighthouse on one page of each kind of the fixture catalog: 1.00 in every category (performance,
accessibility, best practices, SEO, agentic browsing).

Slow (about 15 s a page): skip locally with `python3 -m pytest -m "not lighthouse"`; CI runs it.
"""

from __future__ import annotations

import pytest
from checkers import LIGHTHOUSE_REPORT, Audit, lighthouse
from fixture_site import PAGES, SiteServer

pytestmark = pytest.mark.lighthouse

# One page per kind: the browser tests' kinds (not the 404 page, which answers 404 on purpose and so is not
# meant to be indexed), and a state's page of the recognition matrix.
LIGHTHOUSE_PAGES: dict[str, str] = {
    **{kind: path for kind, path in PAGES.items() if kind != "404"},
    "recognition-state": "recognition/wa/",
}


@pytest.fixture(scope="module")
def audits(site_server: SiteServer, request: pytest.FixtureRequest) -> dict[str, Audit]:
    by_url = lighthouse([site_server.url(path) for path in LIGHTHOUSE_PAGES.values()])
    found = {kind: by_url[site_server.url(path)] for kind, path in LIGHTHOUSE_PAGES.items()}
    request.config.stash[LIGHTHOUSE_REPORT] = found
    return found


@pytest.mark.parametrize("kind", list(LIGHTHOUSE_PAGES))
def test_lighthouse_scores_every_category_100(audits: dict[str, Audit], kind: str) -> None:
    audit = audits[kind]
    problems = audit.problems()
    assert problems == [], (f"{kind} ({audit.url}, best of {audit.runs} run(s) for performance) is not at 1.00:\n"
                            + "\n".join(problems))
