"""Family 1, YAML: strict reading (duplicates, anchors, aliases, nesting, tabs, shapes, YAML 1.1 surprises)."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pytest
from hostile_kit import (
    AVERY,
    CRED,
    DISTRICT,
    HIDDEN,
    ISSUER,
    SITE,
    WA,
    Built,
    Case,
    after_front_matter_key,
    at,
    both,
    changed,
    edit,
    params,
    refused,
    write,
)

LAUGH_NAMES = "abcdefghi"
LAUGHS = "extra:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"  {name}: &{name} [{', '.join(['*' + previous] * 9)}]\n"
    for previous, name in itertools.pairwise(LAUGH_NAMES))
BLOCK_DEPTH = 70
BLOCK_NESTING = "extra:\n" + "".join("  " * (i + 1) + "k:\n" for i in range(BLOCK_DEPTH)) + "  " * 71 + "v\n"


def credential_json(output: Path, ident: str = "feedback-loops") -> dict[str, object]:
    catalog = json.loads((output / "catalog.json").read_text(encoding="utf-8"))
    return next(c for c in catalog["credentials"] if c["id"] == ident)


def yaml11_words_stay_text(output: Path) -> None:
    credential = credential_json(output)
    assert credential["title"] == "NO"
    assert credential["summary"] == "yes"
    assert credential["version"] == "1.10"
    assert credential["topics"] == ["on", "off"]


# fmt: off
CASES: list[Case] = [
    # duplicate keys
    changed("duplicate-key", CRED, "rubric: scoring-guide\n", "rubric: scoring-guide\nissuer: pesb\n",
            "duplicate key 'issuer' (first written on line 3)", "keep one of them", shift=1),
    changed("duplicate-key-in-flow-mapping", WA, "{amount: 20, unit: clock-hours}",
            "{amount: 20, unit: clock-hours, amount: 200}",
            "duplicate key 'amount'"),
    changed("duplicate-key-in-portfolio", AVERY, "role: Middle school teacher\n",
            "role: Middle school teacher\nname: Somebody Else\n",
            "duplicate key 'name' (first written on line 1)", shift=1),
    # anchors, aliases, alias bombs
    changed("anchor", CRED, "summary: Feedback", "summary: &s Feedback",
            "YAML anchors (&s) are not allowed", "write the value out"),
    changed("alias", CRED, "topics: [assessment]", "topics: *shared", "YAML aliases (*shared) are not allowed"),
    refused("billion-laughs", after_front_matter_key(CRED, "example: true", LAUGHS),
            at(CRED, "example: true", 2),
            "YAML anchors (&a) are not allowed"),
    changed("merge-key", WA, "value: {amount: 20, unit: clock-hours}", "value: {<<: *defaults, unit: clock-hours}",
            "aliases (*defaults)"),
    # tags
    changed("python-object-tag", ISSUER, "short_name: PESB",
            'short_name: !!python/object/apply:os.system ["echo pwned"]',
            "YAML tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed"),
    # nesting
    refused("flow-nesting-beyond-64", after_front_matter_key(CRED, "example: true",
                                                             "extra:\n  deep: " + "[" * 70 + "]" * 70 + "\n"),
            at(CRED, "example: true", 2), "nesting is deeper than 64 levels"),
    changed("block-nesting-beyond-64", SITE, "max_evidence_mb: 1\n", "max_evidence_mb: 1\n" + BLOCK_NESTING,
            "nesting is deeper than 64 levels", shift=65),
    Built("nesting-at-64-builds", after_front_matter_key(CRED, "example: true",
                                                         "extra:\n  deep: " + "[" * 62 + "]" * 62 + "\n")),
    # tabs
    changed("tab-indented-list", CRED, "roles: [teacher]", "roles:\n\t- teacher",
            "(indent with spaces, not tabs)", shift=1),
    changed("tab-indented-key", AVERY, "    attempts: 2", "\tattempts: 2", "(indent with spaces, not tabs)"),
    # shapes
    refused("front-matter-is-a-list", write(CRED, "---\n- title: x\n- issuer: pesb\n---\nBody\n"), f"{CRED}:2",
            "the front matter must be a mapping of keys (key: value lines)"),
    refused("front-matter-is-a-scalar", write(CRED, "---\nJust a sentence.\n---\nBody\n"), f"{CRED}:2",
            "must be a mapping of keys"),
    changed("list-where-a-mapping-is-expected", WA, "value: {amount: 20, unit: clock-hours}",
            "value: [20, clock-hours]",
            "'value' must be a mapping of keys (value), found a list"),
    changed("mapping-where-text-is-expected", CRED, "title: Feedback Loops", "title: {a: b}",
            "'title' must be text, found a mapping"),
    changed("text-where-a-list-is-expected", CRED, "competencies: [feedback-loops]", "competencies: feedback-loops",
            "'competencies' must be a list (e.g. [a, b] or one '- item' per line)"),
    refused("portfolio-is-a-list", write(HIDDEN, "- name: Hidden\n- public: false\n"), f"{HIDDEN}:1",
            "must be a mapping of keys"),
    refused("complex-key", after_front_matter_key(CRED, "example: true", "[a, b]: c\n"),
            at(CRED, "example: true", 1),
            "a key must be plain text, not a list or a mapping"),
    refused("empty-front-matter", write(CRED, "---\n---\nJust a body.\n"), f"{CRED}:1", "the front matter is empty"),
    refused("missing-closing-line", edit(CRED, "example: true\n---\n", "example: true\n"), f"{CRED}:1",
            "the front matter is not closed: add a '---' line after it"),
    refused("missing-opening-line", write(CRED, "title: x\nissuer: pesb\n---\nBody\n"), f"{CRED}:1",
            "must start with a '---' line"),
    refused("two-documents", lambda c: (c / HIDDEN).write_text((c / HIDDEN).read_text() + "---\nname: Other\n"),
            at(HIDDEN, "  - {credential: feedback-loops", 1), "only one YAML document is allowed"),
    changed("unclosed-quote", CRED, "summary: Feedback Loops in one or two sentences.",
            'summary: "Feedback Loops in one or two sentences.',
            "invalid YAML", "that starts on this line"),
    changed("null-for-required-text", CRED, "title: Feedback Loops", "title: ~",
            "'title' is required in a credential and cannot be empty"),
    # YAML 1.1 surprises: Norway, yes/no, numbers, dates
    Built("norway-no-stays-text",
          both(edit(CRED, "title: Feedback Loops", "title: NO"),
               edit(CRED, "summary: Feedback Loops in one or two sentences.", "summary: yes"),
               edit(CRED, 'version: "1.0"', "version: 1.10"),
               edit(CRED, "topics: [assessment]", "topics: [on, off]")),
          shown=(("credentials/feedback-loops/index.html", "NO"),), check=yaml11_words_stay_text),
    changed("yes-for-a-boolean", CRED, "example: true", "example: yes", "'example' must be true or false, found 'yes'"),
    changed("norway-NO-for-a-boolean", HIDDEN, "public: false", "public: NO",
            "'public' must be true or false, found 'NO'"),
    changed("capitalised-True", CRED, "example: true", "example: True", "must be true or false, found 'True'"),
    changed("on-for-a-boolean", AVERY, "    attempts: 2\n", "    attempts: 2\n    revoked: on\n",
            "'revoked' must be true or false, found 'on'", shift=1),
    changed("boolean-as-string", HIDDEN, "public: false", 'public: "false"',
            "'public' must be true or false (without quotes)"),
    changed("boolean-as-single-quoted-string", DISTRICT, "requires_preapproval: true", "requires_preapproval: 'true'",
            "must be true or false (without quotes)"),
    changed("leading-zeros-whole-number", AVERY, "attempts: 2", "attempts: 02",
            "'attempts' must be a whole number written without quotes or leading zeros, found '02'"),
    changed("leading-zeros-number", CRED, "estimated_hours: 15", "estimated_hours: 015",
            "'estimated_hours' must be a number like 20 or 0.5", "found '015'"),
    changed("octal-number", CRED, "estimated_hours: 15", "estimated_hours: 0o17", "found '0o17'"),
    changed("sexagesimal-number", CRED, "estimated_hours: 15", "estimated_hours: 1:30", "found '1:30'"),
    changed("invalid-date", CRED, "published: 2018-03-01", "published: 2019-02-30",
            "'published': 2019-02-30 is not a real date"),
    changed("month-13", AVERY, "earned: 2019-09-10", "earned: 2019-13-01", "2019-13-01 is not a real date"),
    changed("timestamp-for-a-date", AVERY, "earned: 2019-09-10", "earned: 2019-09-10T08:00:00Z",
            "'earned' must be a date written YYYY-MM-DD"),
]
# fmt: on


def test_family_size() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", params(CASES))
def test_yaml(case: Case, verify) -> None:
    verify(case)


def test_alias_bomb_is_refused_quickly(verify) -> None:
    """A much larger alias bomb is refused at its first anchor, without expanding anything."""
    levels = 40
    bomb = "extra:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, levels))
    started = time.perf_counter()
    verify(refused("big-alias-bomb", after_front_matter_key(CRED, "example: true", bomb),
                   at(CRED, "example: true", 2),
                   "YAML anchors (&a0) are not allowed"))
    assert time.perf_counter() - started < 5


def test_a_mapping_of_many_keys_is_read_in_linear_time(verify) -> None:
    """100,000 keys (a 1.3 MB front matter) and a duplicate at the end: refused at once, not after minutes."""
    keys = "".join(f"  k{i}: x\n" for i in range(100_000))
    started = time.perf_counter()
    verify(refused("many-keys", after_front_matter_key(CRED, "example: true", f"extra:\n{keys}  k7: again\n"),
                   at(CRED, "example: true", 100_002), "duplicate key 'k7' (first written on line"))
    assert time.perf_counter() - started < 8
