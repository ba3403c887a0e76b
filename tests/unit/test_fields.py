"""The field checkers: each value has exactly one type, nothing is coerced, problems carry their line."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sitegen.errors import ContentError
from sitegen.load import MapNode, YamlNode, parse_yaml
from sitegen.validate.fields import (
    INVALID,
    Check,
    Ctx,
    Field,
    boolean,
    choice,
    closest,
    id_problem,
    integer,
    iso_date,
    list_of,
    number,
    plain_value,
    read_record,
    record,
    ref,
    slug,
    text,
    text_map,
    url,
    url_problem,
)

IDS = {"issuer": frozenset({"pesb", "sample-org", "nbpts"}), "state": frozenset({"wa", "ma", "az"})}


def node_of(value: str) -> YamlNode:
    """The node of `value` as written after `key: ` on line 3 of a file."""
    root = parse_yaml(f"a: 1\nb: 2\nkey: {value}\n", "f.md")
    assert isinstance(root, MapNode)
    found = root.get("key")
    assert found is not None
    return found


def check(checker: Check, value: str) -> tuple[Any, list[ContentError]]:
    problems: list[ContentError] = []
    result = checker(node_of(value), Ctx("f.md", problems, IDS), "key")
    assert (result is INVALID) == bool(problems), (result, problems)
    return result, problems


def ok(checker: Check, value: str) -> Any:
    result, problems = check(checker, value)
    assert not problems, problems
    return result


def problem(checker: Check, value: str) -> str:
    """The one problem's message; it must be at line 3, where the value is."""
    result, problems = check(checker, value)
    assert result is INVALID
    assert len(problems) == 1, problems
    assert problems[0].line == 3 and problems[0].path == "f.md" and not problems[0].warning
    return problems[0].message


# --- booleans: true and false only ----------------------------------------------------------------


def test_booleans() -> None:
    assert ok(boolean(), "true") is True
    assert ok(boolean(), "false") is False


@pytest.mark.parametrize("value", ["yes", "no", "NO", "on", "off", "True", "FALSE", "1", "0", "y", "[true]"])
def test_only_true_and_false_are_booleans(value: str) -> None:
    assert "must be true or false" in problem(boolean(), value)


@pytest.mark.parametrize("value", ['"false"', "'true'", "!!str false"])
def test_quoted_booleans_are_refused(value: str) -> None:
    assert "must be true or false (without quotes)" in problem(boolean(), value)


# --- numbers: no coercion -------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("15", 15), ("-3", -3), ("+4", 4)])
def test_integers(value: str, expected: int) -> None:
    result = ok(integer(), value)
    assert result == expected and type(result) is int


@pytest.mark.parametrize("value", ["015", "00", "1.5", "1e3", "0x10", "0o7", "1_000", '"15"', "fifteen", "15 hours",
                                   ".inf", "true", "[1]", "{a: 1}"])
def test_not_integers(value: str) -> None:
    assert "'key' must be a whole number" in problem(integer(), value)


def test_integer_minimum() -> None:
    assert problem(integer(1), "0") == "'key' must be at least 1, found 0"
    assert ok(integer(1), "1") == 1


@pytest.mark.parametrize(("value", "expected"), [("20", 20), ("0.5", 0.5), ("0", 0), ("12.25", 12.25)])
def test_numbers(value: str, expected: float) -> None:
    assert ok(number(), value) == expected


def test_whole_numbers_stay_integers() -> None:
    assert type(ok(number(), "20")) is int
    assert type(ok(number(), "0.5")) is float


@pytest.mark.parametrize("value", ["020", "1.", ".5", "1e3", "1,5", "$20", "20%", '"20"', "NaN", ".nan", "-.inf",
                                   "20 hours", "1_0"])
def test_not_numbers(value: str) -> None:
    assert "must be a number like 20 or 0.5" in problem(number(), value)


def test_number_minimum() -> None:
    assert problem(number(0), "-1") == "'key' must be at least 0, found -1"
    assert problem(number(0), "-0.5") == "'key' must be at least 0, found -0.5"


# --- dates ----------------------------------------------------------------------------------------


def test_dates() -> None:
    assert ok(iso_date(), "2019-02-28") == dt.date(2019, 2, 28)
    assert ok(iso_date(), "2020-02-29") == dt.date(2020, 2, 29)
    assert ok(iso_date(), '"2020-02-29"') == dt.date(2020, 2, 29)


@pytest.mark.parametrize("value", ["2019-02-30", "2019-13-01", "2019-00-10", "2021-02-29", "2019-04-31"])
def test_impossible_dates(value: str) -> None:
    assert problem(iso_date(), value) == f"'key': {value} is not a real date"


@pytest.mark.parametrize("value", ["2019-2-3", "03/01/2019", "2019/03/01", "20190301", "2019-03-01T10:00:00",
                                   "2019-03-01 10:00", "March 1, 2019", "2019", "[2019-03-01]"])
def test_dates_not_written_iso(value: str) -> None:
    assert "must be a date" in problem(iso_date(), value)


# --- URLs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["https://example.org", "http://example.org/a/b?c=d#e", "https://x.y:8080/",
                                   "https://example.org/caf%C3%A9"])
def test_urls(value: str) -> None:
    assert ok(url(), value) == value
    assert url_problem(value) is None


@pytest.mark.parametrize("value", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "ftp://x.org/",
                                   "//example.org/", "/catalog/", "example.org", "https://", "https:// example.org",
                                   "https://user:pw@example.org/", "mailto:a@b.org", "http:\\\\evil",
                                   '"https://exa mple.org"'])
def test_not_urls(value: str) -> None:
    assert problem(url(), value).startswith("'key': '")


def test_url_with_control_characters() -> None:
    assert url_problem("https://example.org/\x07") is not None
    assert url_problem("https://example.org/\nx") is not None


# --- ids ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["a", "pesb", "rwt-curriculum", "k12", "2019-cohort", "a" * 80])
def test_ids(value: str) -> None:
    assert id_problem(value) is None
    assert ok(slug(), value) == value


@pytest.mark.parametrize(("value", "fragment"), [
    ("Feedback", "lower-case"),
    ("feedback loops", "e.g. 'feedback-loops'"),
    ("feedback_loops", "lower-case"),
    ("-lead", "lower-case"),
    ("trail-", "lower-case"),
    ("double--hyphen", "lower-case"),
    ("café", "lower-case"),
    ("a.b", "lower-case"),
    ("a" * 81, "81 characters long; ids are at most 80"),
    ("con", "Windows reserves"),
    ("nul", "Windows reserves"),
    ("com1", "Windows reserves"),
    ("lpt9", "Windows reserves"),
])
def test_not_ids(value: str, fragment: str) -> None:
    found = id_problem(value)
    assert found is not None and fragment in found


def test_windows_reserved_names_are_only_the_exact_names() -> None:
    for value in ("con-ed", "console", "com10", "lpt0", "auxiliary"):
        assert id_problem(value) is None, value


def test_empty_id_is_refused() -> None:
    assert id_problem("") is not None


# --- text, choices, lists, references -------------------------------------------------------------


def test_text_keeps_yaml_meaning_words_as_text() -> None:
    assert ok(text(), "NO") == "NO"
    assert ok(text(), "02134") == "02134"
    assert ok(text(), "2019-02-30") == "2019-02-30"
    assert ok(text(), "true") == "true"


def test_text_rules() -> None:
    assert problem(text(), "[a, b]") == "'key' must be text, found a list"
    assert problem(text(), "{a: b}") == "'key' must be text, found a mapping"
    assert "must be one line" in problem(text(one_line=True), '"one\\ntwo"')
    assert "at most 5 are allowed" in problem(text(5), "abcdef")
    assert ok(text(), '"  padded  "') == "padded"


def test_choice_suggests_the_closest_option() -> None:
    assert ok(choice(("teacher", "coach")), "coach") == "coach"
    message = problem(choice(("teacher", "coach")), "teachers")
    assert message == "'key' is 'teachers'; it must be one of: teacher, coach (did you mean 'teacher'?)"
    assert "must be one of" in problem(choice(("teacher", "coach")), '"Teacher "')


def test_lists() -> None:
    assert ok(list_of(slug()), "[a, b]") == ("a", "b")
    assert ok(list_of(slug()), "[]") == ()
    assert ok(list_of(slug()), "") == ()
    assert "must be a list" in problem(list_of(slug()), "a")
    assert "needs at least 1 item" in problem(list_of(slug(), min_items=1), "[]")
    assert "lists 'a' twice (also on line 3)" in problem(list_of(slug(), unique=True), "[a, b, a]")


def test_list_items_report_their_own_lines() -> None:
    root = parse_yaml("key:\n  - good\n  - Bad Id\n  - also-good\n", "f.md")
    assert isinstance(root, MapNode)
    problems: list[ContentError] = []
    value = list_of(slug())(root.items[0][1], Ctx("f.md", problems, IDS), "key")
    assert value is INVALID
    assert [p.line for p in problems] == [3]


def test_references() -> None:
    assert ok(ref("issuer"), "pesb") == "pesb"
    assert problem(ref("issuer"), "pesbb") == "unknown issuer 'pesbb' (did you mean 'pesb'?)"
    assert problem(ref("issuer"), "qqqq") == "unknown issuer 'qqqq' (known: nbpts, pesb, sample-org)"
    assert problem(ref("issuer"), "[pesb]") == "'key' must be an issuer id, found a list"
    assert problem(ref("state", "state code"), "[wa]") == "'key' must be a state code id, found a list"


def test_closest() -> None:
    assert closest("feedback-loop", ["feedback-loops", "data-inquiry"]) == " (did you mean 'feedback-loops'?)"
    assert closest("zzz", ["feedback-loops"]) == ""
    assert closest("pesbb", ["pesb", "pes", "pesc"], n=2).count("'") == 4


# --- records --------------------------------------------------------------------------------------

FIELDS = {
    "name": Field(text(), required=True),
    "count": Field(integer()),
    "public": Field(boolean()),
}


def read(yaml_text: str, fields: dict[str, Field] = FIELDS) -> tuple[dict[str, Any], list[ContentError]]:
    root = parse_yaml(yaml_text, "f.md")
    assert isinstance(root, MapNode)
    problems: list[ContentError] = []
    return read_record(root, fields, Ctx("f.md", problems, IDS), "a thing"), problems


def test_record_values_and_lines() -> None:
    values, problems = read("name: Jo\ncount: 2\npublic: false\n")
    assert not problems
    assert values["__ok__"] and values["__line__"] == 1
    assert (values["name"], values["count"], values["public"]) == ("Jo", 2, False)
    assert values["__lines__"] == {"name": 1, "count": 2, "public": 3}


def test_unknown_keys_are_errors_with_a_suggestion() -> None:
    values, problems = read("name: Jo\ncuont: 2\n")
    assert not values["__ok__"]
    assert [(p.line, p.message) for p in problems] == [
        (2, "unknown key 'cuont' in a thing (did you mean 'count'?); put free-form data under 'extra:'")]


def test_missing_and_empty_required_keys() -> None:
    _, problems = read("count: 2\n")
    assert [(p.line, p.message) for p in problems] == [(1, "a thing needs 'name'")]
    _, problems = read("count: 2\nname:\n")
    assert [(p.line, p.message) for p in problems] == [(2, "'name' is required in a thing and cannot be empty")]


def test_every_problem_of_a_record_is_reported() -> None:
    values, problems = read("name: [x]\ncount: 02\npublic: yes\nother: 1\n")
    assert not values["__ok__"]
    assert [p.line for p in problems] == [1, 2, 3, 4]


def test_extra_is_free_form_text() -> None:
    values, problems = read("name: Jo\nextra: {flag: NO, n: 02134, list: [1, ~], nested: {a: b}}\n")
    assert not problems
    assert values["extra"] == {"flag": "NO", "n": "02134", "list": ["1", None], "nested": {"a": "b"}}
    assert plain_value(node_of("[a, {b: c}]")) == ["a", {"b": "c"}]


def test_nested_record_with_a_problem_is_invalid() -> None:
    """A caller must never read a key of a nested record whose check failed (it would crash)."""
    outer = {"items": Field(list_of(record(FIELDS, "an item", free_keys=()))), "name": Field(text())}
    values, problems = read("name: x\nitems:\n  - {name: a, count: 1}\n  - {count: x}\n", outer)
    assert not values["__ok__"]
    assert "items" not in values
    assert sorted(p.line for p in problems) == [4, 4]


def test_partial_record_keeps_the_values_that_passed() -> None:
    outer = {"items": Field(list_of(record(FIELDS, "an item", free_keys=(), partial=True)))}
    values, problems = read("items:\n  - {name: a}\n  - {name: b, count: x}\n", outer)
    assert values["__ok__"]
    assert [item["__ok__"] for item in values["items"]] == [True, False]
    assert len(problems) == 1


def test_record_must_be_a_mapping() -> None:
    assert "must be a mapping of keys (an item)" in problem(record(FIELDS, "an item"), "[1, 2]")


def test_text_map() -> None:
    values = ok(text_map(), "{pass: Good, not-yet: Not yet}")
    assert values["pass"] == "Good" and values["not-yet"] == "Not yet" and values["__line__"] == 3
    assert "must be a mapping" in problem(text_map(), "[a]")
