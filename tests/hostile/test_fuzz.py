"""Fuzzing the loader: random bytes and random YAML-ish text only ever end in ContentErrors (each a one-line
`path:line: message`), never in another exception, at every layer and through a whole catalog."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile_kit import FIXTURE_CONTENT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.errors import ContentErrors
from sitegen.load import parse_yaml, read_text, split_front_matter
from sitegen.validate.catalog import load_catalog
from sitegen.validate.schemas import CREDENTIAL

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SYMBOLS = [*list(":-[]{}&*!|>'\"#%@`,?~."), " ", "  ", "\t", "\n", "\n  ", "\n- ", "---", "...", "\r\n"]
ODD = ["\u0430", "\x07", "\x1b", "\ufeff", "\u2028", "é", "\U0001f600", "\x00", "\ud800", "\x85"]
WORDS = ["title", "issuer", "yes", "NO", "null", "~", "true", "0x1F", "015", "2019-02-30", "1e9", "<script>",
         "{{ 7*191 }}", "&a", "*a", "!!python/object", "<<", "9" * 40]
YAMLISH = st.lists(st.sampled_from(SYMBOLS + ODD + WORDS) | st.text(max_size=5), max_size=60).map("".join)

KEYS = [*CREDENTIAL, "extra", "unknown_key"]
VALUES = st.one_of(
    st.sampled_from([*WORDS, "[a, b]", "{a: b}", "[feedback-loops]", "sample-org", "pesb", "''", '""', "|\n  x",
                     ">\n  y", "[", "{", "- x", "- [x, [y, [z]]]", "{a: [b, {c: d}]}", "&x y", "*x"]),
    YAMLISH,
)
LINES = st.lists(st.tuples(st.sampled_from(KEYS), VALUES, st.sampled_from(["", "  ", "\t"])), max_size=14)


def well_reported(exc: ContentErrors) -> None:
    assert exc.errors, "ContentErrors without any problem"
    for problem in exc.errors:
        text = str(problem)
        assert problem.line >= 0 and problem.message, problem
        assert "\n" not in text and "\x1b" not in text and "\r" not in text, f"not one clean line: {text!r}"


def through_the_loader(raw: bytes) -> None:
    try:
        text = read_text(raw, "fuzz.md")
        front = split_front_matter(text, "fuzz.md")
        parse_yaml(front.yaml, "fuzz.md", front.yaml_line)
    except ContentErrors as exc:
        well_reported(exc)


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_through_the_loader(raw: bytes) -> None:
    through_the_loader(raw)
    through_the_loader(b"---\n" + raw + b"\n---\n")


@FUZZ
@given(YAMLISH)
def test_random_yaml_text_through_the_parser(text: str) -> None:
    try:
        parse_yaml(text, "fuzz.yaml", 2)
    except ContentErrors as exc:
        well_reported(exc)
    through_the_loader(("---\n" + text + "\n---\nBody\n").encode("utf-8", "surrogatepass"))


@pytest.fixture(scope="module")
def fuzz_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the fixture catalog for every example of the module (hypothesis reuses it)."""
    content = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def load(content: Path) -> None:
    try:
        load_catalog(content)
    except ContentErrors as exc:
        well_reported(exc)


@FUZZ
@given(raw=st.binary(max_size=2000) | YAMLISH.map(lambda t: ("---\n" + t + "\n---\n").encode("utf-8", "replace")))
def test_a_random_credential_file_in_a_catalog(raw: bytes, fuzz_content: Path) -> None:
    (fuzz_content / "credentials" / "fuzz.md").write_bytes(raw)
    load(fuzz_content)


@FUZZ
@given(lines=LINES)
def test_random_values_for_every_credential_key(lines: list[tuple[str, str, str]], fuzz_content: Path) -> None:
    """Front matter of real keys with random values, some nested or mis-indented: the checkers get past YAML."""
    front = "".join(f"{indent}{key}: {value}\n" for key, value, indent in lines)
    (fuzz_content / "credentials" / "fuzz.md").write_text(f"---\n{front}---\nBody.\n", encoding="utf-8",
                                                          errors="surrogatepass")
    load(fuzz_content)


@FUZZ
@given(raw=YAMLISH, target=st.sampled_from(["site.yaml", "portfolios/hidden-person/portfolio.yaml",
                                            "states/ma.md", "rubrics/scoring-guide.md"]))
def test_random_text_in_other_kinds_of_file(raw: str, target: str, fuzz_content: Path) -> None:
    path = fuzz_content / target
    original = (FIXTURE_CONTENT / target).read_bytes()
    data = raw if target.endswith(".yaml") else f"---\n{raw}\n---\n"
    try:
        path.write_bytes(data.encode("utf-8", "surrogatepass"))
        load(fuzz_content)
    finally:
        path.write_bytes(original)
