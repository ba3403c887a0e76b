"""The strict YAML loader: libyaml events composed into nodes that keep their line and their text.

Nothing is converted here: a scalar stays the text that was written, and the schema of each kind
decides what type it must be. Anchors, aliases, explicit tags, complex keys, duplicate keys and
nesting deeper than `MAX_DEPTH` are refused with the line where they start.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from sitegen.errors import ContentError, ContentErrors
from sitegen.load.files import printable

MAX_DEPTH = 64

try:  # libyaml's parser: fast, and its event stream carries line marks
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class ScalarNode:
    """A scalar exactly as written. `plain` is False for quoted and block scalars."""

    value: str
    line: int
    plain: bool

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True)
class SeqNode:
    items: tuple[YamlNode, ...]
    line: int


@dataclass(frozen=True)
class MapNode:
    items: tuple[tuple[ScalarNode, YamlNode], ...]
    line: int

    def get(self, key: str) -> YamlNode | None:
        for k, v in self.items:
            if k.value == key:
                return v
        return None


YamlNode = ScalarNode | SeqNode | MapNode


def _mark_line(mark: object, offset: int) -> int:
    return int(getattr(mark, "line", 0)) + 1 + offset


def parse_yaml(text: str, path: str, first_line: int = 1) -> YamlNode | None:
    """Compose one YAML document into nodes; `first_line` is the file line of the text's first line.

    Returns None for an empty document. Raises ContentErrors for any YAML problem.
    """
    offset = first_line - 1
    problems: list[ContentError] = []
    # Each open collection: [kind, line, items, pending_key, {key: line} (mappings: a dict, not a scan of
    # the items, so that a mapping of 100,000 keys is not quadratic)]
    stack: list[list[object]] = []
    root: YamlNode | None = None
    documents = 0
    last_quoted: tuple[int, int] | None = None
    """The start and end line of the last quoted scalar that spans several lines (an unclosed quote?)."""

    def fail(line: int, message: str) -> ContentErrors:
        problems.append(ContentError(path, line, printable(message)))
        return ContentErrors(problems)

    def attach(node: YamlNode) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        top = stack[-1]
        items = top[2]
        assert isinstance(items, list)
        if top[0] == "seq":
            items.append(node)
            return
        key = top[3]
        if key is None:
            if not isinstance(node, ScalarNode):
                raise fail(node.line, "a key must be plain text, not a list or a mapping")
            seen = top[4]
            assert isinstance(seen, dict)
            if node.value in seen:
                raise fail(node.line, f"duplicate key '{node.value}' (first written on line {seen[node.value]}); "
                           "keep one of them")
            seen[node.value] = node.line
            top[3] = node
        else:
            items.append((key, node))
            top[3] = None

    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = _mark_line(event.start_mark, offset)
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent):
                raise fail(line, f"YAML aliases (*{event.anchor}) are not allowed; write the value out")
            if anchor is not None:
                raise fail(line, f"YAML anchors (&{anchor}) are not allowed; write the value out")
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail(line, "only one YAML document is allowed (remove the extra '---')")
            elif isinstance(event, yaml.ScalarEvent):
                tag = event.tag
                if tag is not None and tag not in ("!", "tag:yaml.org,2002:str"):
                    raise fail(line, f"YAML tags ({tag}) are not allowed")
                plain = bool(event.implicit[0]) and tag is None
                end_line = _mark_line(event.end_mark, offset)
                if event.style in ("'", '"') and end_line > line:
                    last_quoted = (line, end_line)
                attach(ScalarNode(event.value, line, plain))
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                if event.tag is not None and event.tag not in ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"):
                    raise fail(line, f"YAML tags ({event.tag}) are not allowed")
                if len(stack) >= MAX_DEPTH:
                    raise fail(line, f"nesting is deeper than {MAX_DEPTH} levels")
                kind = "seq" if isinstance(event, yaml.SequenceStartEvent) else "map"
                stack.append([kind, line, [], None, {}])
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                closing, start, items, _, _ = stack.pop()
                assert isinstance(items, list) and isinstance(start, int)
                attach(SeqNode(tuple(items), start) if closing == "seq" else MapNode(tuple(items), start))
    except yaml.MarkedYAMLError as exc:
        line, message = _syntax_problem(exc, text, offset, first_line)
        if last_quoted is not None and last_quoted[1] == line:
            start, end = last_quoted
            line, message = start, (
                f"{message}: the quoted text that starts on this line runs on to line {end}; check its closing "
                "quote (inside \"...\" write \\\" for a quote, inside '...' write '')")
        raise fail(line, message) from None
    except yaml.reader.ReaderError as exc:
        raise fail(*_reader_problem(exc, text, first_line)) from None
    except UnicodeEncodeError as exc:  # a lone surrogate: only possible from a str that did not come from a file
        raise fail(first_line + text.count("\n", 0, exc.start),
                   f"U+{ord(text[exc.start]):04X} is half of a character (a lone surrogate); delete it") from None
    except yaml.YAMLError as exc:  # pragma: no cover - other errors without marks
        raise fail(first_line, f"invalid YAML: {exc}") from None
    return root


def _reader_problem(exc: yaml.reader.ReaderError, text: str, first_line: int) -> tuple[int, str]:
    """A character YAML refuses (a control character): its line and a message naming it."""
    position = int(exc.position)
    # libyaml counts bytes of the UTF-8 text; the pure-Python reader counts characters.
    before = text.encode("utf-8")[:position].decode("utf-8", "replace") if _Loader is not yaml.SafeLoader \
        else text[:position]
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return (first_line + before.count("\n"),
            f"the character U+{character:04X} (a control or non-printable character) is not allowed in YAML; "
            "delete it (it is often invisible: retype the line)")


# Errors inside these constructs are noticed where the parser gave up (often much later, or at the
# end of the text); the line to fix is where the construct starts.
_UNCLOSED = ("flow sequence", "flow mapping", "quoted scalar", "simple key")


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, offset: int, first_line: int) -> tuple[int, str]:
    """The line and message for a YAML syntax error."""
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return first_line, f"invalid YAML: {problem}"
    line = _mark_line(mark, offset)
    message = f"invalid YAML: {problem}"
    start = exc.context_mark
    if (start is not None and any(what in context for what in _UNCLOSED)
            and _mark_line(start, offset) < line):
        message = f"invalid YAML: {problem} {context} that starts on this line (noticed on line {line})"
        line = _mark_line(start, offset)
    text_lines = text.split("\n")
    problem_line = int(getattr(mark, "line", 0))
    if "tab" in problem.lower() or (problem_line < len(text_lines) and "\t" in text_lines[problem_line]):
        message += " (indent with spaces, not tabs)"
    return line, message
