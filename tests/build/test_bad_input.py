"""Bad content: every kind of mistake of CONTENT.md fails the build with `path:line: message`.

Each case mutates a fresh copy of the fixture catalog, builds over a previous good output, and checks:
exit code 1, the exact `path:line` of the offending key, a helpful message fragment, no traceback,
a final count line, and the previous output left byte-identical.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.errors import ContentErrors
from sitegen.validate.catalog import load_catalog

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "basic" / "content"
CRED = "credentials/feedback-loops.md"
ISSUER = "issuers/pesb.md"
STACK = "stacks/leader-stack.md"
WA = "states/wa.md"
MA = "states/ma.md"
DISTRICT = "districts/sample-district.md"
AVERY = "portfolios/avery-example/portfolio.yaml"
HIDDEN = "portfolios/hidden-person/portfolio.yaml"
SITE = "site.yaml"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00"
LFS_POINTER = (b"version https://git-lfs.github.com/spec/v1\n"
               b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 1234567\n")

Mutation = Callable[[Path], None]


# --- mutations -------------------------------------------------------------------------------------


def edit(rel: str, old: str, new: str) -> Mutation:
    """Replace `old` (which must occur exactly once) by `new` in content/`rel`."""
    def mutate(content: Path) -> None:
        path = content / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{rel}: {old!r} occurs {text.count(old)} times"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return mutate


def write(rel: str, data: str | bytes) -> Mutation:
    def mutate(content: Path) -> None:
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return mutate


def transform(rel: str, change: Callable[[bytes], bytes]) -> Mutation:
    def mutate(content: Path) -> None:
        path = content / rel
        path.write_bytes(change(path.read_bytes()))
    return mutate


def copy_as(rel: str, new_rel: str) -> Mutation:
    def mutate(content: Path) -> None:
        (content / new_rel).write_bytes((content / rel).read_bytes())
    return mutate


def delete(rel: str) -> Mutation:
    def mutate(content: Path) -> None:
        (content / rel).unlink()
    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(content: Path) -> None:
        for mutation in mutations:
            mutation(content)
    return mutate


def symlink(rel: str, target: str) -> Mutation:
    """Make content/`rel` a symbolic link to `target` (relative to the link's folder)."""
    def mutate(content: Path) -> None:
        os.symlink(target, content / rel)
    return mutate


def replace_line(rel: str, number: int, new: bytes) -> Mutation:
    """Replace line `number` (1-based) of content/`rel` with raw bytes."""
    def change(raw: bytes) -> bytes:
        lines = raw.split(b"\n")
        lines[number - 1] = new
        return b"\n".join(lines)
    return transform(rel, change)


def evidence_file(name: str, data: bytes) -> Mutation:
    """Write evidence/`name` into Avery's portfolio and point the lesson plan (line 22) at it."""
    return both(write(f"portfolios/avery-example/evidence/{name}", data),
                edit(AVERY, "file: evidence/lesson-plan.pdf", f"file: evidence/{name}"))


MA_SOURCES = ('    sources:\n      - {title: "The Potential of Micro-credentials in Washington State", '
              'publisher: PESB, year: 2019, locator: "Other states"}\n')
def image(name: str, data: bytes | None = None) -> Mutation:
    """Give the credential (line 19) `image: name`, writing credentials/`name` when `data` is given."""
    add = edit(CRED, 'version: "1.0"\n', f'version: "1.0"\nimage: {name}\n')
    return add if data is None else both(write(f"credentials/{name}", data), add)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg">%s</svg>'
ISSUER_TEXT = "---\nname: Another Board\nkind: nonprofit\n---\nText.\n"
DEEP = "[" * 70 + "]" * 70


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Mutation
    where: str
    """The expected `path:line`, the path relative to the project (the cwd) and under content/."""
    says: str
    """A fragment the message must contain."""


# fmt: off
CASES = [
    # --- YAML ---------------------------------------------------------------------------------------
    Case("duplicate-key", edit(CRED, "rubric: scoring-guide\n", "rubric: scoring-guide\nissuer: pesb\n"),
         f"{CRED}:6", "duplicate key 'issuer' (first written on line 3)"),
    Case("anchor", edit(CRED, "summary: Feedback", "summary: &s Feedback"), f"{CRED}:6", "anchors (&s)"),
    Case("alias", edit(CRED, "topics: [assessment]", "topics: *shared"), f"{CRED}:7", "aliases (*shared)"),
    Case("explicit-tag", edit(CRED, "estimated_hours: 15", "estimated_hours: !!float 15"), f"{CRED}:10",
         "tags"),
    Case("python-tag", edit(ISSUER, "short_name: PESB", "short_name: !!python/object:os.system x"),
         f"{ISSUER}:3", "tags"),
    Case("depth-over-64", edit(CRED, "example: true\n", f"example: true\nextra:\n  deep: {DEEP}\n"),
         f"{CRED}:23", "deeper than 64"),
    Case("tab-indent", edit(CRED, "roles: [teacher]", "roles:\n\t- teacher"), f"{CRED}:9", "not tabs"),
    Case("invalid-yaml", edit(CRED, "title: Feedback Loops", "title: Feedback: Loops"), f"{CRED}:2",
         "invalid YAML"),
    Case("unclosed-flow-list", edit(WA, "issuers: [pesb]", "issuers: [pesb"), f"{WA}:7", "invalid YAML"),
    Case("front-matter-is-a-list", write(CRED, "---\n- title: x\n- issuer: pesb\n---\nBody\n"), f"{CRED}:2",
         "must be a mapping"),
    Case("list-for-mapping", edit(WA, "value: {amount: 20, unit: clock-hours}", "value: [20, clock-hours]"),
         f"{WA}:11", "'value' must be a mapping"),
    Case("text-for-list", edit(CRED, "competencies: [feedback-loops]", "competencies: feedback-loops"),
         f"{CRED}:4", "'competencies' must be a list"),
    Case("empty-front-matter", write(CRED, "---\n---\nJust a body.\n"), f"{CRED}:1", "front matter is empty"),
    Case("no-opening-line", write(CRED, "title: x\n---\nBody\n"), f"{CRED}:1", "must start with a '---'"),
    Case("front-matter-not-closed", edit(CRED, "example: true\n---\n", "example: true\n"), f"{CRED}:1",
         "not closed"),
    Case("quoted-boolean", edit(HIDDEN, "public: false", 'public: "false"'), f"{HIDDEN}:2",
         "must be true or false (without quotes)"),
    Case("yes-as-boolean", edit(CRED, "example: true", "example: yes"), f"{CRED}:21",
         "must be true or false, found 'yes'"),
    Case("impossible-date", edit(CRED, "published: 2018-03-01", "published: 2019-02-30"), f"{CRED}:20",
         "2019-02-30 is not a real date"),
    Case("date-not-iso", edit(AVERY, "earned: 2019-11-02", "earned: 11/02/2019"), f"{AVERY}:25",
         "YYYY-MM-DD"),
    Case("leading-zeros", edit(CRED, "estimated_hours: 15", "estimated_hours: 015"), f"{CRED}:10",
         "leading zeros"),
    Case("quoted-number", edit(DISTRICT, "max_total: 15", 'max_total: "15"'), f"{DISTRICT}:29",
         "'max_total' must be a number"),
    Case("huge-number", edit(CRED, "estimated_hours: 15", "estimated_hours: " + "9" * 5000), f"{CRED}:10",
         "more than 15 digits"),
    Case("stack-required-not-ascii", edit(STACK, "required: all", "required: ¹"), f"{STACK}:5",
         "'required' must be 'all' or a number from 1 to 3"),
    Case("passing-rule-too-high", edit("rubrics/scoring-guide.md", "passing_rule: all", "passing_rule: 3"),
         "rubrics/scoring-guide.md:17", "from 1 to 2"),
    Case("unknown-key-typo", edit(CRED, "summary:", "sumary:"), f"{CRED}:6",
         "unknown key 'sumary' in a credential (did you mean 'summary'?)"),
    Case("missing-required", edit(ISSUER, "name: Professional Educator Standards Board\n", ""), f"{ISSUER}:2",
         "needs 'name'"),
    # --- encoding -----------------------------------------------------------------------------------
    Case("invalid-utf8", replace_line(CRED, 6, b"summary: caf\xe9 au lait"), f"{CRED}:6", "invalid UTF-8"),
    Case("utf16", transform(CRED, lambda raw: raw.decode("utf-8").encode("utf-16")), f"{CRED}:1", "UTF-16"),
    Case("nul-byte", replace_line(CRED, 3, b"issuer: sample\x00-org"), f"{CRED}:3", "NUL byte"),
    # --- ids ----------------------------------------------------------------------------------------
    Case("upper-case-file-name", copy_as(CRED, "credentials/Feedback-Extra.md"),
         "credentials/Feedback-Extra.md:1", "lower-case"),
    Case("space-in-file-name", copy_as(CRED, "credentials/feedback extra.md"),
         "credentials/feedback extra.md:1", "e.g. 'feedback-extra'"),
    Case("windows-reserved-name", write("issuers/con.md", ISSUER_TEXT), "issuers/con.md:1", "Windows reserves"),
    Case("over-long-id", copy_as(CRED, f"credentials/{'a' * 81}.md"), f"credentials/{'a' * 81}.md:1",
         "at most 80"),
    Case("portfolio-folder-name", write("portfolios/Jo Smith/portfolio.yaml", "name: Jo\n"),
         "portfolios/Jo Smith:1", "rename the folder"),
    Case("bad-topic-slug", edit(CRED, "topics: [assessment]", "topics: [Assessment Literacy]"), f"{CRED}:7",
         "'assessment-literacy'"),
    # --- references ---------------------------------------------------------------------------------
    Case("unknown-issuer", edit(CRED, "issuer: sample-org", "issuer: sample-orgg"), f"{CRED}:3",
         "unknown issuer 'sample-orgg' (did you mean 'sample-org'"),
    Case("unknown-competency", edit(CRED, "competencies: [feedback-loops]", "competencies: [feedback-loop]"),
         f"{CRED}:4", "unknown competency 'feedback-loop' (did you mean 'feedback-loops'"),
    Case("unknown-rubric", edit(CRED, "rubric: scoring-guide", "rubric: scoring-guides"), f"{CRED}:5",
         "unknown rubric 'scoring-guides'"),
    Case("unknown-stack", edit(DISTRICT, "stack: leader-stack", "stack: leader-stacks"), f"{DISTRICT}:21",
         "unknown stack 'leader-stacks'"),
    Case("unknown-credential-in-stack", edit(STACK, "data-inquiry]", "data-enquiry]"), f"{STACK}:4",
         "unknown credential 'data-enquiry' (did you mean 'data-inquiry'"),
    Case("unknown-credential-in-rule", edit(WA, "credentials: [feedback-loops]", "credentials: [feedback]"),
         f"{WA}:8", "unknown credential 'feedback'"),
    Case("unknown-state-of-district", edit(DISTRICT, "state: az", "state: zz"), f"{DISTRICT}:3",
         "unknown state code 'zz'"),
    Case("state-file-not-a-state", write("states/zz.md", "---\nagency: Nowhere\n---\n"), "states/zz.md:1",
         "not a U.S. postal code"),
    Case("unknown-district-of-portfolio", edit(AVERY, "district: sample-district", "district: sample"),
         f"{AVERY}:3", "unknown district 'sample'"),
    # --- enumerations -------------------------------------------------------------------------------
    Case("bad-purpose", edit(WA, "purpose: license-renewal", "purpose: renewal"), f"{WA}:9",
         "'purpose' is 'renewal'; it must be one of"),
    Case("bad-basis", edit(WA, "basis: per-credential", "basis: per-credentials"), f"{WA}:10",
         "(did you mean 'per-credential'?)"),
    Case("bad-unit", edit(WA, "unit: clock-hours", "unit: hours"), f"{WA}:11", "'unit' is 'hours'"),
    Case("bad-rule-status", edit(WA, "status: active", "status: live"), f"{WA}:12", "'status' is 'live'"),
    Case("bad-issuer-kind", edit(ISSUER, "kind: state-agency", "kind: agency"), f"{ISSUER}:4",
         "'kind' is 'agency'"),
    Case("bad-evidence-kind", edit(AVERY, "kind: student-work", "kind: homework"), f"{AVERY}:18",
         "'kind' is 'homework'"),
    Case("bad-role", edit(CRED, "roles: [teacher]", "roles: [teachers]"), f"{CRED}:8",
         "'roles' is 'teachers'; it must be one of"),
    Case("bad-grade-band", edit(CRED, "grade_bands: [6-8]", "grade_bands: [6-9]"), f"{CRED}:9",
         "'grade_bands' is '6-9'"),
    Case("bad-credential-status", edit(CRED, "status: active", "status: archived"), f"{CRED}:19",
         "'status' is 'archived'"),
    # --- recognition rules --------------------------------------------------------------------------
    Case("threshold-without-tiers",
         edit(DISTRICT, "    tiers:\n      - {at: 2, amount: 4, unit: percent-salary, permanent: true}\n"
              "      - {at: 4, amount: 4, unit: percent-salary, permanent: true}\n", ""),
         f"{DISTRICT}:9", "needs 'tiers:'"),
    Case("tiers-out-of-order", edit(DISTRICT, "{at: 4,", "{at: 1,"), f"{DISTRICT}:15",
         "increasing order of 'at'"),
    Case("mixed-tier-units", edit(DISTRICT, "{at: 4, amount: 4, unit: percent-salary",
                                  "{at: 4, amount: 400, unit: usd"), f"{DISTRICT}:15", "share one unit"),
    Case("negative-cap", edit(DISTRICT, "max_total: 15", "max_total: -1"), f"{DISTRICT}:29", "at least 0"),
    Case("negative-per-year", edit(MA, "max_per_year: 2", "max_per_year: -2"), f"{MA}:9", "at least 0"),
    Case("effective-until-before-from", edit(DISTRICT, "until: null", "until: 2015-06-30"), f"{DISTRICT}:32",
         "ends (2015-06-30) before it starts (2016-07-01)"),
    Case("rule-without-sources", edit(DISTRICT, '    sources: [{title: Fixture source, locator: "p. 3"}]\n', ""),
         f"{DISTRICT}:24", "sources"),
    Case("rule-with-empty-sources", edit(MA, MA_SOURCES, "    sources: []\n"), f"{MA}:4", "needs 'sources:'"),
    Case("stack-completion-without-stack", edit(DISTRICT, "    stack: leader-stack\n", ""), f"{DISTRICT}:17",
         "needs 'stack:'"),
    Case("applies-to-nothing", edit(DISTRICT, "applies_to: {all: true}", "applies_to: {all: false}"),
         f"{DISTRICT}:10", "selects nothing"),
    Case("duplicate-rule-id", edit(DISTRICT, "id: cpd", "id: raise"), f"{DISTRICT}:24", "used twice"),
    # --- portfolio evidence -------------------------------------------------------------------------
    Case("evidence-dotdot", edit(AVERY, "file: evidence/lesson-plan.pdf", "file: ../hidden-person/portfolio.yaml"),
         f"{AVERY}:23", "no '..'"),
    Case("evidence-absolute", edit(AVERY, "file: evidence/lesson-plan.pdf", "file: /etc/passwd"), f"{AVERY}:23",
         "no absolute path"),
    Case("evidence-control-character", edit(AVERY, "file: evidence/lesson-plan.pdf", 'file: "evidence/\\0.pdf"'),
         f"{AVERY}:23", "'file: evidence/\\x00.pdf' must be a path inside the portfolio folder"),
    Case("evidence-symlink-out", both(symlink("portfolios/avery-example/evidence/link.pdf", "../../../site.yaml"),
                                      edit(AVERY, "file: evidence/lesson-plan.pdf", "file: evidence/link.pdf")),
         f"{AVERY}:23", "links outside the portfolio folder"),
    Case("evidence-missing", edit(AVERY, "file: evidence/lesson-plan.pdf", "file: evidence/lesson.pdf"),
         f"{AVERY}:23", "does not exist"),
    Case("evidence-svg", evidence_file("diagram.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
         f"{AVERY}:23", ".svg files are not accepted"),
    Case("evidence-html", evidence_file("page.html", b"<!doctype html><p>hi</p>"), f"{AVERY}:23",
         ".html files are not accepted"),
    Case("evidence-html-as-png", evidence_file("photo.png", b"<html><script>alert(1)</script></html>"),
         f"{AVERY}:23", "named .png but its content is not a PNG image"),
    Case("evidence-markup-as-txt", evidence_file("notes.txt", b"<script>alert(1)</script>"), f"{AVERY}:23",
         "not plain UTF-8 text"),
    Case("evidence-oversized", evidence_file("big.png", PNG + bytes(1024 * 1024)), f"{AVERY}:23",
         "the limit is 1 MB"),
    Case("evidence-lfs-pointer", evidence_file("video.mp4", LFS_POINTER), f"{AVERY}:23", "Git LFS pointer"),
    Case("student-work-without-privacy", edit(AVERY, "        student_privacy: redacted\n", ""), f"{AVERY}:17",
         "student_privacy"),
    # --- credential images --------------------------------------------------------------------------
    Case("image-missing", image("badge.png"), f"{CRED}:19", "'image: badge.png' is not a file in credentials/"),
    Case("image-outside", image("../site.yaml"), f"{CRED}:19", "must be a file path beside the credential"),
    Case("image-not-an-image", image("badge.html", b"<p>x</p>"), f"{CRED}:19", "must be one of .svg .png"),
    Case("image-svg-with-script", image("badge.svg", SVG % b"<script>alert(1)</script>"), f"{CRED}:19",
         "contains script or event handlers"),
    Case("image-svg-with-encoded-link",
         image("badge.svg", SVG % b'<a href="&#106;ava&#x09;script:alert(1)"><text>x</text></a>'), f"{CRED}:19",
         "contains script or event handlers"),
    # --- site.yaml ----------------------------------------------------------------------------------
    Case("site-yaml-missing", delete(SITE), f"{SITE}:1", "site.yaml is missing"),
    Case("base-url-not-http", edit(SITE, "base_url: https://example.github.io/catalog/",
                                   "base_url: ftp://example.github.io/catalog/"), f"{SITE}:2",
         "not an absolute http:// or https:// URL"),
    Case("base-url-relative", edit(SITE, "base_url: https://example.github.io/catalog/", "base_url: /catalog/"),
         f"{SITE}:2", "not an absolute http:// or https:// URL"),
    Case("theme-is-a-path", edit(SITE, "max_evidence_mb: 1\n", "max_evidence_mb: 1\ntheme: ../../elsewhere\n"),
         f"{SITE}:8", "not a path"),
    Case("theme-is-absolute", edit(SITE, "max_evidence_mb: 1\n", "max_evidence_mb: 1\ntheme: /tmp/theme\n"),
         f"{SITE}:8", "not a path"),
    Case("bad-school-year-start", edit(SITE, 'school_year_starts: "07-01"', 'school_year_starts: "13-01"'),
         f"{SITE}:6", "month and day"),
    Case("impossible-school-year-start", edit(SITE, 'school_year_starts: "07-01"', 'school_year_starts: "02-30"'),
         f"{SITE}:6", "month and day"),
    Case("language-without-interface",
         edit(SITE, "max_evidence_mb: 1\n", "max_evidence_mb: 1\nlanguages:\n  - en\n  - fr\n"),
         f"{SITE}:10", "sitegen has no interface in 'fr'; it has: en, es"),
    Case("language-misspelt", edit(SITE, "max_evidence_mb: 1\n", "max_evidence_mb: 1\nlanguages: [en, sp]\n"),
         f"{SITE}:8", "no interface in 'sp'"),
    Case("languages-twice", edit(SITE, "max_evidence_mb: 1\n", "max_evidence_mb: 1\nlanguages: [en, es, en]\n"),
         f"{SITE}:8", "'languages' lists 'en' twice"),
    Case("languages-empty", edit(SITE, "max_evidence_mb: 1\n", "max_evidence_mb: 1\nlanguages: []\n"),
         f"{SITE}:8", "'languages' needs at least 1 item"),
    Case("languages-not-a-list", edit(SITE, "max_evidence_mb: 1\n", "max_evidence_mb: 1\nlanguages: en es\n"),
         f"{SITE}:8", "'languages' must be a list"),
    Case("language-disagrees-with-languages", edit(SITE, "max_evidence_mb: 1\n",
                                                   "max_evidence_mb: 1\nlanguages: [es, en]\n"),
         f"{SITE}:4", "'language' is 'en' but 'languages' starts with 'es'"),
]
# fmt: on

COUNT_LINE = re.compile(r"^\d+ problems? found; nothing was written\.$")


def test_the_table_is_large_and_names_are_unique() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_fails_with_its_line(case: Case, content: Path, previous_output: Path, build, snapshot) -> None:
    before = snapshot(previous_output)
    case.mutate(content)

    result = build("output")

    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    located = f"content/{case.where}: "
    lines = result.err.splitlines()
    matching = [line for line in lines if line.startswith(located)]
    assert matching, f"no problem reported at {located!r}:\n{result.err}"
    assert any(case.says in line for line in matching), f"{case.says!r} not said at {located}:\n{result.err}"
    assert COUNT_LINE.match(lines[-1]), result.err
    assert snapshot(previous_output) == before
    assert not (previous_output.parent / ".output.staging").exists()


def test_case_twins_are_refused(content: Path, previous_output: Path, build, snapshot) -> None:
    """Two files whose names differ only in case would collide on a case-insensitive checkout."""
    twin = content / "credentials" / "Feedback-Loops.md"
    twin.write_bytes((content / CRED).read_bytes())
    if len(list((content / "credentials").glob("*eedback-*oops.md"))) != 2:
        pytest.skip("the file system is case-insensitive")
    before = snapshot(previous_output)

    result = build("output")

    assert result.code == 1
    assert "content/credentials/Feedback-Loops.md:1: " in result.err
    assert "Traceback" not in result.output
    assert snapshot(previous_output) == before


def test_check_lists_every_problem_of_a_file(content: Path, run) -> None:
    text = (content / CRED).read_text(encoding="utf-8")
    text = (text.replace("issuer: sample-org", "issuer: pesbb")
            .replace("roles: [teacher]", "roles: [teachers]")
            .replace("estimated_hours: 15", "estimated_hours: fifteen")
            .replace("published: 2018-03-01", "published: 2018-02-30")
            .replace("example: true", "example: yes\ncolour: blue"))
    (content / CRED).write_text(text, encoding="utf-8")
    (content / ISSUER).write_text((content / ISSUER).read_text().replace("kind: state-agency", "kind: x"))

    result = run("check", "--content", "content")

    assert result.code == 1
    assert "Traceback" not in result.output
    lines = result.err.splitlines()
    expected = [f"content/{CRED}:3: ", f"content/{CRED}:8: ", f"content/{CRED}:10: ", f"content/{CRED}:20: ",
                f"content/{CRED}:21: ", f"content/{CRED}:22: ", f"content/{ISSUER}:4: "]
    for where in expected:
        assert any(line.startswith(where) for line in lines), f"{where} missing from:\n{result.err}"
    assert lines[-1] == f"{len(lines) - 1} problems found; nothing was written."
    assert len(lines) - 1 >= len(expected)
    # Sorted by file, then line.
    cred_lines = [int(line.split(":")[1]) for line in lines if line.startswith(f"content/{CRED}:")]
    assert cred_lines == sorted(cred_lines)


def test_check_reports_problems_in_several_files_at_once(content: Path, run) -> None:
    edit(CRED, "issuer: sample-org", "issuer: nobody")(content)
    edit(WA, "purpose: license-renewal", "purpose: fun")(content)
    edit(HIDDEN, "public: false", "public: no")(content)

    result = run("check", "--content", "content")

    assert result.code == 1
    for where in (f"content/{CRED}:3: ", f"content/{WA}:9: ", f"content/{HIDDEN}:2: "):
        assert where in result.err
    assert result.err.splitlines()[-1] == "3 problems found; nothing was written."


def test_unknown_id_names_the_closest_ids(content: Path, run) -> None:
    edit(CRED, "competencies: [feedback-loops]", "competencies: [data-inquiri]")(content)
    edit(STACK, "[feedback-loops,", "[feedback-lops,")(content)

    result = run("check", "--content", "content")

    assert result.code == 1
    assert f"content/{CRED}:4: unknown competency 'data-inquiri' (did you mean 'data-inquiry'" in result.err
    assert f"content/{STACK}:4: unknown credential 'feedback-lops' (did you mean 'feedback-loops'" in result.err


def test_check_of_good_content_passes(content: Path, run) -> None:
    result = run("check", "--content", "content")
    assert result.code == 0, result.output
    assert result.out.startswith("No problems: 5 credentials")


def test_paths_outside_the_cwd_are_absolute(content: Path, tmp_path: Path, monkeypatch, run) -> None:
    edit(CRED, "issuer: sample-org", "issuer: nobody")(content)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    result = run("check", "--content", content)

    assert result.code == 1
    assert f"{content / CRED}:3: unknown issuer 'nobody'" in result.err


def test_relative_content_outside_the_cwd_is_shown_absolute(content: Path, tmp_path: Path, monkeypatch,
                                                            run) -> None:
    edit(CRED, "issuer: sample-org", "issuer: nobody")(content)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    result = run("check", "--content", "../project/content")

    assert result.code == 1
    assert f"{tmp_path}/project/content/{CRED}:3: unknown issuer 'nobody'" in result.err


def test_content_through_a_symlink_is_shown_relative(content: Path, project: Path, tmp_path: Path, run) -> None:
    edit(CRED, "issuer: sample-org", "issuer: nobody")(content)
    real = tmp_path / "real-content"
    content.rename(real)
    content.symlink_to(real, target_is_directory=True)

    result = run("check", "--content", "content")

    assert f"content/{CRED}:3: unknown issuer 'nobody'" in result.err.splitlines()[0]
    assert result.err.startswith("content/")


def test_missing_content_folder_is_an_error_without_traceback(project: Path, run) -> None:
    result = run("check", "--content", "nowhere")
    assert result.code == 1
    assert "nowhere:1: the content folder does not exist" in result.err
    assert "Traceback" not in result.output


# --- robustness: any single wrong value is a content error, never a crash ---------------------------

FIXTURE_FILES = sorted(
    path.relative_to(FIXTURE_CONTENT).as_posix() for path in FIXTURE_CONTENT.rglob("*")
    if path.suffix == ".yaml" or (path.suffix == ".md" and path.read_text(encoding="utf-8").startswith("---"))
)
WRONG_VALUES = ("", "[x]", "{a: b}", "x")


@pytest.mark.parametrize("rel", FIXTURE_FILES)
def test_no_single_wrong_value_crashes_the_loader(rel: str, content: Path) -> None:
    """Every `key: value` of the file in turn gets a value of the wrong shape: load, or ContentErrors."""
    path = content / rel
    original = path.read_text(encoding="utf-8")
    tried = 0
    for match in re.finditer(r"([\w-]+): ([^,}\]\n]+)", original):
        for wrong in WRONG_VALUES:
            path.write_text(original[: match.start(2)] + wrong + original[match.end(2):], encoding="utf-8")
            tried += 1
            try:
                load_catalog(content)
            except ContentErrors as exc:
                assert all(problem.line >= 0 and problem.message for problem in exc.errors)
    assert tried
