"""Family 3, names: ids (file and folder names) that are not lower-case ASCII slugs, look-alikes, reserved names."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_kit import (
    AVERY,
    AVERY_DIR,
    CRED,
    ISSUER,
    WA,
    Built,
    Case,
    changed,
    copy_as,
    params,
    refused,
    rename,
    write,
)

ISSUER_TEXT = "---\nname: Another Board\nkind: nonprofit\n---\nText.\n"
CYRILLIC_A = "\u0430"  # looks like the Latin 'a'
CYRILLIC_DZE = "\u0455"  # looks like the Latin 's'
LONGEST = "a" * 80


# fmt: off
CASES: list[Case] = [
    refused("upper-case", copy_as(CRED, "credentials/Feedback-Extra.md"), "credentials/Feedback-Extra.md:1",
            "the file name 'Feedback-Extra' is used as the id", "lower-case letters a-z",
            "(e.g. 'feedback-extra')", "rename the file"),
    refused("space", copy_as(CRED, "credentials/feedback extra.md"), "credentials/feedback extra.md:1",
            "(e.g. 'feedback-extra')"),
    refused("underscore", copy_as(CRED, "credentials/feedback_extra.md"), "credentials/feedback_extra.md:1",
            "(e.g. 'feedback-extra')"),
    refused("dots", copy_as(CRED, "credentials/feedback.loops.v2.md"), "credentials/feedback.loops.v2.md:1",
            "(e.g. 'feedback-loops-v2')"),
    refused("double-hyphen", copy_as(CRED, "credentials/feedback--extra.md"), "credentials/feedback--extra.md:1",
            "single hyphens"),
    refused("cyrillic-look-alike-file", copy_as(CRED, f"credentials/feedb{CYRILLIC_A}ck-extra.md"),
            f"credentials/feedb{CYRILLIC_A}ck-extra.md:1", "U+0430 CYRILLIC SMALL LETTER A",
            "which is not a-z even if it looks like it"),
    changed("cyrillic-look-alike-reference", CRED, "issuer: sample-org", f"issuer: {CYRILLIC_DZE}ample-org",
            f"unknown issuer '{CYRILLIC_DZE}ample-org' (did you mean 'sample-org'?)",
            "U+0455 CYRILLIC SMALL LETTER DZE"),
    refused("fullwidth-digits", copy_as(CRED, "credentials/feedback-\uff12.md"), "credentials/feedback-\uff12.md:1",
            "U+FF12 FULLWIDTH DIGIT TWO"),
    refused("windows-reserved-con", write("issuers/con.md", ISSUER_TEXT), "issuers/con.md:1",
            "is a name Windows reserves; choose another"),
    refused("windows-reserved-lpt1", copy_as(CRED, "credentials/lpt1.md"), "credentials/lpt1.md:1",
            "Windows reserves"),
    refused("windows-reserved-portfolio", rename(AVERY_DIR, "portfolios/aux"), "portfolios/aux:1",
            "the folder name 'aux' is the portfolio id", "Windows reserves"),
    refused("over-long-id", copy_as(CRED, f"credentials/{'a' * 81}.md"), f"credentials/{'a' * 81}.md:1",
            "is 81 characters long; ids are at most 80"),
    Built("longest-id-builds", copy_as(CRED, f"credentials/{LONGEST}.md"),
          shown=((f"credentials/{LONGEST}/index.html", "Feedback Loops"),)),
    refused("upper-case-extension", rename(CRED, "credentials/feedback-loops.MD"),
            "credentials/feedback-loops.MD:1", "use the lower-case extension .md"),
    refused("portfolio-folder-with-spaces", write("portfolios/Jo Smith/portfolio.yaml", "name: Jo\n"),
            "portfolios/Jo Smith:1", "(e.g. 'jo-smith')", "rename the folder"),
    refused("portfolio-folder-without-manifest", write("portfolios/jo-smith/notes.txt", "hi\n"),
            "portfolios/jo-smith/portfolio.yaml:1", "a portfolio folder needs a portfolio.yaml"),
    refused("state-file-in-upper-case", rename(WA, "states/WA.md"), "states/WA.md:1", "(e.g. 'wa')"),
    refused("state-file-not-a-state", write("states/zz.md", "---\nagency: Nowhere\n---\n"), "states/zz.md:1",
            "'zz' is not a U.S. postal code; state files are named like wa.md"),
    refused("district-named-like-a-state", write("districts/wa.md", "---\nname: Fake\nstate: wa\n---\n"),
            "districts/wa.md:1", "the district id 'wa' is a state postal code; choose a longer id"),
    changed("upper-case-reference", CRED, "issuer: sample-org", "issuer: Sample-Org",
            "unknown issuer 'Sample-Org' (ids are lower case: write 'sample-org')"),
    changed("upper-case-state-code", AVERY, "state: wa", "state: WA",
            "unknown state code 'WA' (ids are lower case: write 'wa')"),
    changed("topic-with-spaces", CRED, "topics: [assessment]", "topics: [Assessment Literacy]",
            "'topics': 'Assessment Literacy' must be lower-case letters", "(e.g. 'assessment-literacy')"),
    changed("rule-id-with-spaces", WA, "id: clock-hours", "id: clock hours", "(e.g. 'clock-hours')"),
    refused("reference-to-a-renamed-file", rename(ISSUER, "issuers/pesb-board.md"),
            "credentials/computational-thinking.md:3", "unknown issuer 'pesb' (did you mean 'pesb-board'?)"),
]
# fmt: on


def test_family_size() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", params(CASES))
def test_names(case: Case, verify) -> None:
    verify(case)


def test_two_files_differing_only_in_case(content: Path, verify) -> None:
    """On a case-insensitive checkout these would be one file: the upper-case one is refused by name."""
    twin = content / "credentials" / "Feedback-Loops.md"
    twin.write_bytes((content / CRED).read_bytes())
    if len(list((content / "credentials").glob("*eedback-*oops.md"))) != 2:
        pytest.skip("the file system is case-insensitive")
    verify(refused("case-twins", lambda _: None, "credentials/Feedback-Loops.md:1", "lower-case", "rename the file"))


def test_two_portfolio_folders_differing_only_in_case(content: Path, verify) -> None:
    (content / "portfolios" / "Avery-Example").mkdir()
    (content / "portfolios" / "Avery-Example" / "portfolio.yaml").write_bytes((content / AVERY).read_bytes())
    if not (content / "portfolios" / "avery-example").is_dir() or len(list((content / "portfolios").iterdir())) != 3:
        pytest.skip("the file system is case-insensitive")
    verify(refused("portfolio-case-twins", lambda _: None, "portfolios/Avery-Example:1", "(e.g. 'avery-example')"))
