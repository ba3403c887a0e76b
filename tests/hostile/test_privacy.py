"""Family 8, privacy: a `public: false` portfolio is in no page, link, export, sitemap, feed or search index;
contact details appear only where the educator gave them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hostile_kit import AVERY, HIDDEN, PDF, active_content, edit, everything

HIDDEN_DIR = "portfolios/hidden-person"
PRIVATE = """name: Hidden Privateperson
public: false
headline: Quetzal privateheadline
about: about.md
contact: {email: hidden.secret@example.org, url: "https://hidden-secret.example.org/"}
earned:
  - credential: feedback-loops
    earned: 2020-01-01
    reflection: Zanzibarian private reflection.
    evidence:
      - {title: Secretplan evidence, kind: lesson-plan, file: evidence/secret-plan.pdf}
pursuing:
  - {credential: family-engagement, started: 2020-04-01}
"""
# Every trace of the private portfolio, lower case (the search index lower-cases words).
TRACES = ("privateperson", "hidden-person", "quetzal", "privateheadline", "hidden.secret", "hidden-secret",
          "zanzibarian", "secret-plan", "secretplan", "xylophonic")


@pytest.fixture
def private_portfolio(content: Path) -> Path:
    folder = content / HIDDEN_DIR
    (folder / "portfolio.yaml").write_text(PRIVATE, encoding="utf-8")
    (folder / "about.md").write_text("Xylophonic private about text.\n", encoding="utf-8")
    (folder / "evidence").mkdir()
    (folder / "evidence" / "secret-plan.pdf").write_bytes(PDF)
    return folder


def test_a_private_portfolio_is_nowhere_not_even_in_the_search_index(private_portfolio: Path, project: Path,
                                                                      run) -> None:
    result = run("build", "--content", "content", "--output", "output")  # with search
    assert result.code == 0, result.output
    output = project / "output"
    fragments = sorted((output / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments, "Pagefind wrote no fragments"
    decoded = [gzip.decompress(path.read_bytes()) for path in fragments]
    assert all(data.startswith(b"pagefind_dcd") for data in decoded), "the fragment format changed"
    assert any(b"Avery Example" in data for data in decoded), "the public portfolio should be indexed"

    found = []
    for rel, data in everything(output, pagefind=True):
        lowered = data.lower()
        found += [f"{rel}: {trace}" for trace in TRACES if trace.encode() in lowered]
        found += [f"file name {rel}" for trace in TRACES if trace in rel.lower()]
    assert not found, "\n".join(found)
    assert not active_content(output)


def test_the_private_portfolio_is_still_checked(private_portfolio: Path, build) -> None:
    """Private does not mean unchecked: a mistake in it still fails the build (and names its line)."""
    (private_portfolio / "portfolio.yaml").write_text(PRIVATE.replace("kind: lesson-plan", "kind: video"))
    result = build("output")
    assert result.code == 1
    assert f"content/{HIDDEN}:11: evidence 'Secretplan evidence' is video: add 'student_privacy:" in result.err


def files_containing(output: Path, needle: str) -> list[str]:
    """Output files holding `needle`, except the educator's own uploaded files (portfolios/<id>/files/: an Open
    Badges assertion names its recipient as its author wrote it)."""
    return sorted(rel for rel, data in everything(output)
                  if needle.encode() in data and "/files/" not in rel)


def portfolio_json(output: Path) -> dict[str, object]:
    return json.loads((output / "portfolios" / "avery-example" / "portfolio.json").read_text(encoding="utf-8"))


def test_an_email_appears_only_on_its_portfolio(previous_output: Path) -> None:
    assert files_containing(previous_output, "avery@example.org") == [
        "portfolios/avery-example/index.html", "portfolios/avery-example/portfolio.json"]
    assert files_containing(previous_output, "mailto:") == ["portfolios/avery-example/index.html"]


@pytest.mark.parametrize("contact", ["", "contact: {email: null, url: null}\n", "contact: {}\n"],
                         ids=["absent", "nulls", "empty"])
def test_no_contact_shows_no_mailto(contact: str, content: Path, previous_output: Path, build) -> None:
    edit(AVERY, "contact: {email: avery@example.org}\n", contact)(content)
    result = build("output")
    assert result.code == 0, result.output
    assert files_containing(previous_output, "mailto:") == []
    assert files_containing(previous_output, "avery@example.org") == []
    assert not portfolio_json(previous_output).get("contact")


def test_a_contact_url_without_email_shows_no_mailto(content: Path, previous_output: Path, build) -> None:
    edit(AVERY, "contact: {email: avery@example.org}", 'contact: {url: "https://avery.example.org/"}')(content)
    result = build("output")
    assert result.code == 0, result.output
    assert files_containing(previous_output, "mailto:") == []
    assert files_containing(previous_output, "https://avery.example.org/") == [
        "portfolios/avery-example/index.html", "portfolios/avery-example/portfolio.json"]
    assert portfolio_json(previous_output)["contact"] == {"url": "https://avery.example.org/"}
