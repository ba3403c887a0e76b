"""The strict loader: bytes to text, front matter, and YAML composed into nodes with their lines."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.errors import ContentErrors
from sitegen.load import MapNode, ScalarNode, SeqNode, YamlNode, parse_yaml, read_text, split_front_matter
from sitegen.load.files import MAX_FILE_BYTES
from sitegen.load.yamlnodes import MAX_DEPTH


def fails(call, *args: object) -> list[tuple[int, str]]:
    """The (line, message) problems a call raises; fails the test when it raises none."""
    with pytest.raises(ContentErrors) as caught:
        call(*args)
    assert all(problem.path == "f.md" for problem in caught.value.errors)
    return [(problem.line, problem.message) for problem in caught.value.errors]


def mapping(node: YamlNode | None) -> MapNode:
    assert isinstance(node, MapNode)
    return node


def scalar(node: YamlNode | None) -> ScalarNode:
    assert isinstance(node, ScalarNode)
    return node


# --- parse_yaml: structure and lines ---------------------------------------------------------------

DOCUMENT = """\
title: A title
tags: [a, b]
nested:
  inner: value
  list:
    - one
    - {x: 1}
quoted: "text"
block: |
  line one
  line two
empty:
"""


def test_keys_and_values_keep_their_lines() -> None:
    root = mapping(parse_yaml(DOCUMENT, "f.md"))
    lines = {key.value: (key.line, value.line) for key, value in root.items}
    assert lines == {"title": (1, 1), "tags": (2, 2), "nested": (3, 4), "quoted": (8, 8), "block": (9, 9),
                     "empty": (12, 12)}
    nested = mapping(root.get("nested"))
    assert [(k.value, k.line) for k, _ in nested.items] == [("inner", 4), ("list", 5)]
    items = nested.get("list")
    assert isinstance(items, SeqNode)
    assert [item.line for item in items.items] == [6, 7]
    assert mapping(items.items[1]).items[0][0].line == 7


def test_first_line_offsets_every_line() -> None:
    root = mapping(parse_yaml(DOCUMENT, "f.md", first_line=2))
    assert [key.line for key, _ in root.items] == [2, 3, 4, 9, 10, 13]


def test_scalars_stay_text_with_their_style() -> None:
    root = mapping(parse_yaml(DOCUMENT, "f.md"))
    assert scalar(root.get("title")) == ScalarNode("A title", 1, True)
    assert scalar(root.get("quoted")) == ScalarNode("text", 8, False)
    assert scalar(root.get("block")).value == "line one\nline two\n"
    assert not scalar(root.get("block")).plain
    assert scalar(root.get("empty")).is_null
    tags = root.get("tags")
    assert isinstance(tags, SeqNode)
    assert [scalar(t).value for t in tags.items] == ["a", "b"]


@pytest.mark.parametrize("text", ["NO", "no", "yes", "Off", "on", "y", "n", "true", "False", "null", "~",
                                  "02134", "0x1F", "1e3", "0o17", "1_000", ".inf", ".NaN", "2019-02-30",
                                  "2020-01-01", "12:30:00", "-0", "+1"])
def test_no_implicit_conversion(text: str) -> None:
    node = scalar(mapping(parse_yaml(f"key: {text}\n", "f.md")).get("key"))
    assert node.value == text
    assert node.plain


def test_str_tag_is_the_same_as_quotes() -> None:
    assert scalar(mapping(parse_yaml("key: !!str 1\n", "f.md")).get("key")) == ScalarNode("1", 1, False)


def test_quoted_null_is_not_null() -> None:
    assert not scalar(mapping(parse_yaml('key: "null"\n', "f.md")).get("key")).is_null
    assert scalar(mapping(parse_yaml("key: null\n", "f.md")).get("key")).is_null


def test_empty_document_is_none() -> None:
    assert parse_yaml("", "f.md") is None
    assert parse_yaml("# only a comment\n", "f.md") is None


# --- parse_yaml: what is refused -------------------------------------------------------------------


def test_duplicate_keys() -> None:
    assert fails(parse_yaml, "a: 1\nb: 2\na: 3\n", "f.md") == [
        (3, "duplicate key 'a' (first written on line 1); keep one of them")]


def test_duplicate_keys_in_nested_and_flow_mappings() -> None:
    assert fails(parse_yaml, "a:\n  x: 1\n  y: 2\n  x: 3\n", "f.md")[0][0] == 4
    assert fails(parse_yaml, "a: {x: 1, x: 2}\n", "f.md")[0][0] == 1


def test_same_key_in_different_mappings_is_fine() -> None:
    assert parse_yaml("- {x: 1}\n- {x: 2}\n", "f.md") is not None


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("a: &anchor 1\nb: 2\n", 1, "anchors (&anchor)"),
    ("a: 1\nb: *anchor\n", 2, "aliases (*anchor)"),
    ("a: 1\nb: &x [1]\nc: *x\n", 2, "anchors (&x)"),
    ("a: !!int 1\n", 1, "tags"),
    ("a: !custom x\n", 1, "tags"),
    ("a: !!python/object:os.system x\n", 1, "tags"),
    ("a: !!set {x}\n", 1, "tags"),
    ("a: !!omap [x: 1]\n", 1, "tags"),
    ("? [a, b]\n: c\n", 1, "a key must be plain text"),
    ("{a: 1}: b\n", 1, "a key must be plain text"),
    ("a: 1\n---\nb: 2\n", 2, "only one YAML document"),
    ("a: 1\nb: [1, 2\nc: 3\n", 2, "invalid YAML"),
    ("a: 1\nb: 'open\nc: 3\n", 2, "invalid YAML"),
    ("a: 1\nb: x: y\n", 2, "invalid YAML"),
    ("a:\n\t- x\n", 2, "not tabs"),
    ("a: 1\n- b\n", 2, "invalid YAML"),
    ("a: 1\nb\nc: 2\n", 2, "invalid YAML"),
    ("a: @x\n", 1, "invalid YAML"),
])
def test_refused_yaml(text: str, line: int, fragment: str) -> None:
    problems = fails(parse_yaml, text, "f.md")
    assert len(problems) == 1
    assert problems[0][0] == line
    assert fragment in problems[0][1]


def test_refused_yaml_lines_follow_first_line() -> None:
    assert fails(parse_yaml, "a: 1\na: 2\n", "f.md", 10)[0][0] == 11
    assert fails(parse_yaml, "a: 1\nb: [1, 2\nc: 3\n", "f.md", 10)[0][0] == 11


def nested(depth: int, flow: bool) -> str:
    if flow:
        return "[" * depth + "]" * depth
    return "".join("  " * level + "k:\n" for level in range(depth - 1)) + "  " * (depth - 1) + "k: v\n"


@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
def test_depth_64_is_accepted_and_65_refused(flow: bool) -> None:
    assert parse_yaml(nested(MAX_DEPTH, flow), "f.md") is not None
    problems = fails(parse_yaml, nested(MAX_DEPTH + 1, flow), "f.md")
    assert problems[0][1] == "nesting is deeper than 64 levels"
    assert problems[0][0] == (1 if flow else MAX_DEPTH + 1)


def test_very_deep_nesting_is_an_error_not_a_crash() -> None:
    for text in ("[" * 200_000, "{a: " * 50_000, "- " * 50_000 + "x"):
        assert fails(parse_yaml, text, "f.md")


# --- read_text -------------------------------------------------------------------------------------


def test_utf8_bom_and_crlf_are_tolerated_with_the_right_lines() -> None:
    raw = b"\xef\xbb\xbf---\r\ntitle: x\r\nsummary: caf\xc3\xa9\r\n---\r\nBody\r\nmore\r\n"
    text = read_text(raw, "f.md")
    assert text == "---\ntitle: x\nsummary: café\n---\nBody\nmore\n"
    front = split_front_matter(text, "f.md")
    assert front.body == "Body\nmore\n" and front.body_line == 5
    root = mapping(parse_yaml(front.yaml, "f.md", front.yaml_line))
    assert [(k.value, k.line) for k, _ in root.items] == [("title", 2), ("summary", 3)]
    assert scalar(root.get("summary")).value == "café"


def test_old_mac_line_endings() -> None:
    assert read_text(b"a: 1\rb: 2\r", "f.md") == "a: 1\nb: 2\n"


@pytest.mark.parametrize("raw", [b"\xff\xfea\x00:\x00", b"\xfe\xff\x00a\x00:"])
def test_utf16_is_refused(raw: bytes) -> None:
    assert fails(read_text, raw, "f.md") == [(1, "the file is UTF-16; save it as UTF-8")]


def test_nul_byte_is_refused_with_its_line() -> None:
    problems = fails(read_text, b"a: 1\nb: 2\nc: \x00\n", "f.md")
    assert problems[0][0] == 3 and "NUL" in problems[0][1]


def test_invalid_utf8_is_refused_with_its_line() -> None:
    problems = fails(read_text, b"a: 1\nb: 2\n\nc: caf\xe9\n", "f.md")
    assert problems == [(4, "invalid UTF-8 (byte 0xe9); save the file as UTF-8")]


def test_oversized_file_is_refused() -> None:
    problems = fails(read_text, b"a" * (MAX_FILE_BYTES + 1), "f.md")
    assert problems[0][0] == 1 and "MB" in problems[0][1]


# --- split_front_matter ----------------------------------------------------------------------------


def test_front_matter_and_body_lines() -> None:
    front = split_front_matter("---\na: 1\nb: 2\n---\n# Body\n", "f.md")
    assert (front.yaml, front.yaml_line, front.body, front.body_line) == ("a: 1\nb: 2", 2, "# Body\n", 5)


def test_front_matter_closed_by_dots_and_trailing_spaces() -> None:
    assert split_front_matter("---  \na: 1\n...\nbody", "f.md").body == "body"


def test_dashes_inside_the_body_stay_in_the_body() -> None:
    front = split_front_matter("---\na: 1\n---\nText\n\n---\n\nMore\n", "f.md")
    assert front.body == "Text\n\n---\n\nMore\n"


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "empty"),
    ("  \n\n", "empty"),
    ("a: 1\n---\n", "must start with a '---' line"),
    ("---\na: 1\n", "not closed"),
    ("---", "not closed"),
])
def test_front_matter_problems(text: str, fragment: str) -> None:
    problems = fails(split_front_matter, text, "f.md")
    assert problems[0][0] == 1 and fragment in problems[0][1]


# --- fuzz: nothing but ContentErrors ---------------------------------------------------------------


def load_all_the_way(raw: bytes) -> None:
    try:
        text = read_text(raw, "f.md")
        front = split_front_matter(text, "f.md")
        parse_yaml(front.yaml, "f.md", front.yaml_line)
    except ContentErrors as exc:
        assert exc.errors
        for problem in exc.errors:
            assert problem.path == "f.md" and problem.line >= 1 and problem.message


YAMLISH = st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#\n\t ?,%@`.~0123456789abcxyzNOTruefals")),
                  max_size=200)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_only_raise_content_errors(raw: bytes) -> None:
    load_all_the_way(raw)
    load_all_the_way(b"---\n" + raw + b"\n---\n")


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_random_yamlish_text_only_raises_content_errors(text: str) -> None:
    load_all_the_way(("---\n" + text + "\n---\nbody\n").encode("utf-8"))
    try:
        parse_yaml(text, "f.md")
    except ContentErrors as exc:
        assert all(problem.line >= 1 for problem in exc.errors)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_unicode_only_raises_content_errors(text: str) -> None:
    load_all_the_way(("---\nkey: " + text + "\n---\n").encode("utf-8", "surrogatepass"))
