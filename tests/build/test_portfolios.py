"""Portfolio pages and exports: computed results, badge files, evidence, privacy, `sitegen value`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest
from conftest import FIXTURE_CONTENT, CliResult, Run

BUNDLED_CONTENT = Path(__file__).resolve().parents[2] / "content"


def _portfolio_ids(content: Path) -> list[str]:
    from sitegen.validate.catalog import load_catalog

    return sorted(p.id for p in load_catalog(content).public_portfolios.values())


@pytest.mark.parametrize("content", [FIXTURE_CONTENT, BUNDLED_CONTENT], ids=["fixture", "bundled"])
def test_value_json_equals_portfolio_json(content: Path, run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", "--content", content, "--output", out, "--no-search", "--quiet").code == 0
    ids = _portfolio_ids(content)
    assert ids
    for ident in ids:
        printed = run("value", ident, "--content", content, "--json")
        assert printed.code == 0, printed.output
        exported = json.loads((out / "portfolios" / ident / "portfolio.json").read_text("utf-8"))
        value = json.loads(printed.out)
        assert value == {"portfolio": ident, "results": exported["results"]}
        assert [list(r) for r in value["results"]] == [
            ["recognizer", "kind", "rule", "purpose", "basis", "counted", "amount", "unit", "reached", "have",
             "need"]] * len(value["results"])


def test_value_unknown_id_names_the_closest(run: Run) -> None:
    result = run("value", "avery-exampel", "--content", FIXTURE_CONTENT)
    assert result.code == 1
    assert "avery-example" in result.err


def test_value_table_is_readable(run: Run) -> None:
    result = run("value", "avery-example", "--content", FIXTURE_CONTENT)
    assert result.code == 0
    assert "Massachusetts [pdps, license-renewal] reached: 10 PDPs" in result.out
    assert "held back by the two-a-year cap" in result.out or "held back" in result.out


def _page(built_site: Path, rel: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((built_site / rel / "index.html").read_text("utf-8"))


def test_portfolio_page_shows_worth_evidence_and_badge(built_site: Path) -> None:
    page = _page(built_site, "portfolios/avery-example")
    text = " ".join(page.text_content().split())
    assert "What these credentials are worth" in text
    assert "60 clock hours" in text  # WA: 3 credentials x 20
    # MA's rule for any credential (2 a year), in the compact table of rules elsewhere (Avery is in Washington)
    assert "10 PDP (2 held back by a cap)" in text
    assert "2 / 3" in text  # the leader stack's progress
    assert "badge file checked" in text
    assert "Redacted" in text  # the student work's privacy declaration
    images = [img.get("src") for img in page.iter("img")]
    assert "/catalog/portfolios/avery-example/files/evidence/student-work.png" in images
    assert (built_site / "portfolios/avery-example/files/evidence/student-work.png").is_file()
    assert "avery@example.org" in text  # contact given
    assert "Illustrative portfolio" in text


def test_credential_page_counts_public_earners_only(built_site: Path) -> None:
    text = " ".join(_page(built_site, "credentials/feedback-loops").text_content().split())
    assert "Earned by 1 educator" in text
    assert "Avery Example" in text
    assert "Hidden Privateperson" not in text


def test_a_mismatched_badge_file_is_a_warning_shown_on_the_page(
        project: Path, build: Callable[..., CliResult]) -> None:
    badge = project / "content/portfolios/avery-example/badges/feedback-loops.json"
    data = json.loads(badge.read_text("utf-8"))
    data["validFrom"] = "2018-01-01T00:00:00Z"
    badge.write_text(json.dumps(data), "utf-8")
    result = build("output")
    assert result.code == 0, result.output
    assert "content/portfolios/avery-example/portfolio.yaml:" in result.err
    assert "issued on 2018-01-01 but the award says earned 2019-09-10" in result.err
    page = (project / "output/portfolios/avery-example/index.html").read_text("utf-8")
    assert "badge file checked" not in page
    assert "not checked: the badge was issued on 2018-01-01" in page


def test_a_badge_for_another_credential_is_reported(project: Path, build: Callable[..., CliResult]) -> None:
    badge = project / "content/portfolios/avery-example/badges/feedback-loops.json"
    data = json.loads(badge.read_text("utf-8"))
    data["credentialSubject"]["achievement"] = {"id": "https://elsewhere.example/a", "name": "Something else"}
    badge.write_text(json.dumps(data), "utf-8")
    result = build("output")
    assert result.code == 0
    assert "is not this catalog's credential 'feedback-loops'" in result.err


def test_revoked_awards_are_struck_and_not_counted(project: Path, build: Callable[..., CliResult],
                                                   run: Run) -> None:
    manifest = project / "content/portfolios/avery-example/portfolio.yaml"
    text = manifest.read_text("utf-8").replace("  - credential: computational-thinking\n    earned: 2020-02-01\n",
                                               "  - credential: computational-thinking\n    earned: 2020-02-01\n"
                                               "    revoked: true\n")
    manifest.write_text(text, "utf-8")
    assert build("output").code == 0
    page = lxml.html.fromstring((project / "output/portfolios/avery-example/index.html").read_text("utf-8"))
    revoked = [el for el in page.find_class("revoked") if "award" in el.classes]
    assert revoked
    value = json.loads(run("value", "avery-example", "--content", "content", "--json").out)
    wa = next(r for r in value["results"] if r["recognizer"] == "wa")
    assert "computational-thinking" not in wa["counted"]
    assert wa["amount"] == 40
