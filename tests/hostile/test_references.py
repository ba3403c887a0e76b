"""Family 4, references: ids that name nothing (or the wrong kind of thing), rules that select nothing, tiers
and caps that make no sense."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hostile_kit import (
    AVERY,
    CRED,
    CRED2,
    DISTRICT,
    ISSUER,
    MA,
    STACK,
    WA,
    Built,
    Case,
    at,
    changed,
    edit,
    internal_links_resolve,
    params,
)

WA_SELECTORS = "      issuers: [pesb]\n      credentials: [feedback-loops]\n"


def draft_is_nowhere(output: Path) -> None:
    internal_links_resolve(output)
    assert not (output / "credentials" / "data-inquiry").exists()
    for path in output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv"):
            assert not re.search(rb"credentials/data-inquiry/", path.read_bytes()), path


# fmt: off
CASES: list[Case] = [
    changed("unknown-issuer", CRED, "issuer: sample-org", "issuer: sample-orgg",
            "unknown issuer 'sample-orgg' (did you mean 'sample-org'?)"),
    changed("unknown-competency", CRED, "competencies: [feedback-loops]", "competencies: [feedback-loop]",
            "unknown competency 'feedback-loop' (did you mean 'feedback-loops'"),
    changed("unknown-rubric", CRED, "rubric: scoring-guide", "rubric: scoring-guides",
            "unknown rubric 'scoring-guides' (did you mean 'scoring-guide'?)"),
    changed("unknown-stack-in-rule", DISTRICT, "stack: leader-stack", "stack: leader-stacks",
            "unknown stack 'leader-stacks' (did you mean 'leader-stack'?)"),
    changed("unknown-stack-in-selector", DISTRICT, "applies_to: {stacks: [leader-stack]}",
            "applies_to: {stacks: [leaders]}",
            "unknown stack 'leaders'"),
    changed("unknown-credential-in-stack", STACK, "data-inquiry]", "data-enquiry]",
            "unknown credential 'data-enquiry' (did you mean 'data-inquiry'?)"),
    changed("stack-contains-itself", STACK, "data-inquiry]", "data-inquiry, leader-stack]",
            "unknown credential 'leader-stack'", "'leader-stack' is a stack, not a credential"),
    changed("stack-lists-a-competency", STACK, "data-inquiry]", "data-inquiry, sel-practice]",
            "'sel-practice' is a competency, not a credential"),
    changed("stack-lists-a-credential-twice", STACK, "[feedback-loops,", "[feedback-loops, feedback-loops,",
            "'credentials' lists 'feedback-loops' twice"),
    changed("stack-requires-more-than-it-lists", STACK, "required: all", "required: 4",
            "'required' must be 'all' or a number from 1 to 3 (the stack lists 3 credentials), found '4'"),
    changed("unknown-credential-in-rule", WA, "credentials: [feedback-loops]", "credentials: [feedback]",
            "unknown credential 'feedback'"),
    changed("unknown-issuer-in-rule", WA, "issuers: [pesb]", "issuers: [psb]",
            "unknown issuer 'psb' (did you mean 'pesb'?)"),
    changed("state-code-as-an-issuer", WA, "issuers: [pesb]", "issuers: [pesb, wa]",
            "unknown issuer 'wa'", "'wa' is a state, not an issuer"),
    changed("unknown-credential-earned", AVERY, "credential: computational-thinking",
            "credential: computational-thinkin",
            "unknown credential 'computational-thinkin' (did you mean 'computational-thinking'?)"),
    changed("unknown-credential-pursued", AVERY, "{credential: family-engagement,", "{credential: family-engagment,",
            "unknown credential 'family-engagment'"),
    changed("earned-twice", AVERY, "credential: sel-morning-meeting", "credential: feedback-loops",
            "'feedback-loops' is earned twice (also on line 11)", "mark one revoked"),
    changed("unknown-state-of-issuer", ISSUER, "state: wa", "state: zz", "unknown state code 'zz'"),
    changed("district-in-a-non-existent-state", DISTRICT, "state: az", "state: xx", "unknown state code 'xx'"),
    changed("unknown-district-of-portfolio", AVERY, "district: sample-district", "district: sample",
            "unknown district 'sample'"),
    changed("state-name-for-a-code", AVERY, "state: wa", "state: washington", "unknown state code 'washington'"),
    Built("rule-selecting-nothing-warns", edit(WA, WA_SELECTORS, "      topics: [no-such-topic]\n"),
          warns=(at(WA, "id: clock-hours"), "rule 'clock-hours' selects no credential of the catalog")),
    Built("draft-credential-referenced", edit(CRED2, "status: active", "status: draft"), check=draft_is_nowhere),
    changed("tiers-out-of-order", DISTRICT, "{at: 4,", "{at: 1,",
            "tiers must be in increasing order of 'at' (1 comes after 2)"),
    changed("tiers-repeated", DISTRICT, "{at: 4,", "{at: 2,", "increasing order of 'at'"),
    changed("mixed-units-in-tiers", DISTRICT, "{at: 4, amount: 4, unit: percent-salary",
            "{at: 4, amount: 400, unit: usd",
            "all tiers of one rule share one unit; the first tier's is percent-salary, found usd"),
    changed("tier-at-zero", DISTRICT, "{at: 2,", "{at: 0,", "'at' must be at least 1, found 0"),
    changed("negative-cap", DISTRICT, "max_total: 15", "max_total: -1", "'max_total' must be at least 0, found -1"),
    changed("negative-per-year", MA, "max_per_year: 2", "max_per_year: -2",
            "'max_per_year' must be at least 0, found -2"),
    changed("negative-amount", WA, "{amount: 20,", "{amount: -20,", "'amount' must be at least 0, found -20"),
    changed("effective-ends-before-it-starts", DISTRICT, "until: null", "until: 2015-06-30",
            "'effective' ends (2015-06-30) before it starts (2016-07-01)"),
]
# fmt: on


def test_family_size() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", params(CASES))
def test_references(case: Case, verify) -> None:
    verify(case)


def test_the_fixture_links_resolve(pristine_output: Path) -> None:
    """The link check used above finds nothing wrong in the unchanged fixture, and would see a broken link."""
    internal_links_resolve(pristine_output)
    with pytest.raises(AssertionError):
        internal_links_resolve(pristine_output / "credentials")
