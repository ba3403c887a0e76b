"""Small field checkers over YAML nodes: each returns the typed value or INVALID after noting a problem."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sitegen.errors import ContentError
from sitegen.load import MapNode, ScalarNode, SeqNode, YamlNode, printable

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)
MAX_ID_LENGTH = 80
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INT = re.compile(r"^[+-]?(0|[1-9][0-9]*)$")
_NUMBER = re.compile(r"^[+-]?(0|[1-9][0-9]*)(\.[0-9]+)?$")
MAX_DIGITS = 15
"""Longer numbers are refused: no figure in a catalog needs them, and int() refuses 4,300 digits."""


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
"""Returned by a checker after it reported a problem."""


@dataclass
class Ctx:
    """Where checks report: the file being read, its problems, and the ids that exist per kind."""

    path: str
    problems: list[ContentError]
    ids: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def error(self, line: int, message: str) -> Any:
        self.problems.append(ContentError(self.path, line, printable(message)))
        return INVALID

    def warn(self, line: int, message: str) -> None:
        self.problems.append(ContentError(self.path, line, printable(message), warning=True))


Check = Callable[[YamlNode, Ctx, str], Any]
"""A checker takes the node, the context and the key's name (for messages)."""


def closest(word: str, options: object, n: int = 3) -> str:
    """', did you mean …?' with the closest options, or ''."""
    candidates = sorted(str(o) for o in options)  # type: ignore[attr-defined]
    found = difflib.get_close_matches(word, candidates, n=n, cutoff=0.5)
    if not found:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in found) + "?)"


def id_problem(value: str) -> str | None:
    """Why `value` is not a valid id, or None."""
    if len(value) > MAX_ID_LENGTH:
        return f"is {len(value)} characters long; ids are at most {MAX_ID_LENGTH}"
    if not ID_PATTERN.match(value):
        return ("must be lower-case letters a-z, digits and single hyphens "
                f"(e.g. '{suggest_id(value)}'){non_ascii_note(value)}")
    if value in WINDOWS_RESERVED:
        return "is a name Windows reserves; choose another"
    return None


def non_ascii_note(value: str) -> str:
    """'; it contains ...' naming the first character outside ASCII (a look-alike such as Cyrillic 'а'), or ''."""
    import unicodedata

    odd = next((c for c in value if ord(c) > 127), None)
    if odd is None:
        return ""
    name = unicodedata.name(odd, "an unnamed character")
    return (f"; it contains '{odd}' (U+{ord(odd):04X} {name}), which is not a-z even if it looks like it: "
            "retype it")


def suggest_id(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug or "my-id"


def describe(node: YamlNode) -> str:
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, SeqNode):
        return "a list"
    return f"'{node.value[:40]}'"


def _scalar(node: YamlNode, ctx: Ctx, key: str, what: str) -> ScalarNode | None:
    if isinstance(node, ScalarNode):
        return node
    ctx.error(node.line, f"'{key}' must be {what}, found {describe(node)}")
    return None


def text(max_len: int = 20000, one_line: bool = False, raw: bool = False) -> Check:
    """Text as written. Control characters are removed, except with `raw` (file paths: never altered, so the
    path checks can refuse them)."""
    def check(node: YamlNode, ctx: Ctx, key: str) -> Any:
        scalar = _scalar(node, ctx, key, "text")
        if scalar is None:
            return INVALID
        # Control characters (written as escapes in quoted YAML) never reach a page, a feed or a terminal.
        value = scalar.value.strip() if scalar.plain else scalar.value
        if not raw:
            value = _CONTROL.sub("", value)
        if one_line and "\n" in value.strip():
            return ctx.error(node.line, f"'{key}' must be one line")
        if len(value) > max_len:
            return ctx.error(node.line, f"'{key}' is {len(value)} characters; at most {max_len} are allowed")
        return value.strip()
    return check


def slug() -> Check:
    def check(node: YamlNode, ctx: Ctx, key: str) -> Any:
        scalar = _scalar(node, ctx, key, "an id")
        if scalar is None:
            return INVALID
        problem = id_problem(scalar.value)
        if problem:
            return ctx.error(node.line, f"'{key}': '{scalar.value}' {problem}")
        return scalar.value
    return check


def choice(options: tuple[str, ...]) -> Check:
    def check(node: YamlNode, ctx: Ctx, key: str) -> Any:
        scalar = _scalar(node, ctx, key, "one of " + ", ".join(options))
        if scalar is None:
            return INVALID
        if scalar.value not in options:
            return ctx.error(node.line, f"'{key}' is '{scalar.value}'; it must be one of: "
                             + ", ".join(options) + closest(scalar.value, options, 1))
        return scalar.value
    return check


def boolean() -> Check:
    def check(node: YamlNode, ctx: Ctx, key: str) -> Any:
        scalar = _scalar(node, ctx, key, "true or false")
        if scalar is None:
            return INVALID
        if scalar.plain and scalar.value in ("true", "false"):
            return scalar.value == "true"
        quoted = "" if scalar.plain else " (without quotes)"
        return ctx.error(node.line, f"'{key}' must be true or false{quoted}, found '{scalar.value}'")
    return check


def integer(minimum: int | None = None) -> Check:
    def check(node: YamlNode, ctx: Ctx, key: str) -> Any:
        scalar = _scalar(node, ctx, key, "a whole number")
        if scalar is None:
            return INVALID
        if not scalar.plain or not _INT.match(scalar.value):
            return ctx.error(node.line, f"'{key}' must be a whole number written without quotes or "
                             f"leading zeros, found '{scalar.value}'")
        if len(scalar.value) > MAX_DIGITS:
            return ctx.error(node.line, f"'{key}' has more than {MAX_DIGITS} digits")
        value = int(scalar.value)
        if minimum is not None and value < minimum:
            return ctx.error(node.line, f"'{key}' must be at least {minimum}, found {value}")
        return value
    return check


def number(minimum: float | None = None) -> Check:
    def check(node: YamlNode, ctx: Ctx, key: str) -> Any:
        scalar = _scalar(node, ctx, key, "a number")
        if scalar is None:
            return INVALID
        if not scalar.plain or not _NUMBER.match(scalar.value):
            return ctx.error(node.line, f"'{key}' must be a number like 20 or 0.5 (no quotes, units or "
                             f"leading zeros), found '{scalar.value}'")
        if len(scalar.value) > MAX_DIGITS:
            return ctx.error(node.line, f"'{key}' has more than {MAX_DIGITS} digits")
        value: float = int(scalar.value) if _INT.match(scalar.value) else float(scalar.value)
        if minimum is not None and value < minimum:
            return ctx.error(node.line, f"'{key}' must be at least {minimum:g}, found {scalar.value}")
        return value
    return check


def iso_date() -> Check:
    def check(node: YamlNode, ctx: Ctx, key: str) -> Any:
        scalar = _scalar(node, ctx, key, "a date")
        if scalar is None:
            return INVALID
        if not _DATE.match(scalar.value):
            return ctx.error(node.line, f"'{key}' must be a date written YYYY-MM-DD, found '{scalar.value}'")
        try:
            return dt.date.fromisoformat(scalar.value)
        except ValueError:
            return ctx.error(node.line, f"'{key}': {scalar.value} is not a real date")
    return check


def url() -> Check:
    def check(node: YamlNode, ctx: Ctx, key: str) -> Any:
        scalar = _scalar(node, ctx, key, "a URL")
        if scalar is None:
            return INVALID
        value = scalar.value.strip()
        problem = url_problem(value)
        if problem:
            return ctx.error(node.line, f"'{key}': {problem}")
        return value
    return check


def url_problem(value: str) -> str | None:
    """Why `value` is not an absolute http(s) URL, or None."""
    match = re.match(r"^https?://([^/?#\s]+)([^\s]*)$", value)
    if not match or any(ord(c) < 32 for c in value) or "\\" in value:
        return f"'{value[:80]}' is not an absolute http:// or https:// URL"
    host = match.group(1)
    if "@" in host:
        return f"'{value[:80]}' must not carry a user name or password"
    return None


def list_of(item: Check, min_items: int = 0, unique: bool = False) -> Check:
    def check(node: YamlNode, ctx: Ctx, key: str) -> Any:
        if isinstance(node, ScalarNode) and node.is_null and min_items == 0:
            return ()
        if not isinstance(node, SeqNode):
            return ctx.error(node.line, f"'{key}' must be a list (e.g. [a, b] or one '- item' per line), "
                             f"found {describe(node)}")
        if len(node.items) < min_items:
            return ctx.error(node.line, f"'{key}' needs at least {min_items} item(s)")
        values = []
        seen: dict[Any, int] = {}
        ok = True
        for child in node.items:
            value = item(child, ctx, key)
            if value is INVALID:
                ok = False
                continue
            if unique and isinstance(value, str):
                if value in seen:
                    ctx.error(child.line, f"'{key}' lists '{value}' twice (also on line {seen[value]})")
                    ok = False
                    continue
                seen[value] = child.line
            values.append(value)
        return tuple(values) if ok else INVALID
    return check


def ref(kind: str, label: str | None = None) -> Check:
    """An id that must exist among `ctx.ids[kind]`."""
    def check(node: YamlNode, ctx: Ctx, key: str) -> Any:
        what = label or kind
        scalar = _scalar(node, ctx, key, f"{'an' if what[0] in 'aeiou' else 'a'} {what} id")
        if scalar is None:
            return INVALID
        known = ctx.ids.get(kind, frozenset())
        if scalar.value not in known:
            return ctx.error(node.line, f"unknown {what} '{scalar.value}'{_unknown_hint(scalar.value, kind, ctx)}")
        return scalar.value
    return check


def _unknown_hint(value: str, kind: str, ctx: Ctx) -> str:
    """What the author may have meant by an unknown id: the closest ids, a lower-case spelling, a look-alike
    letter, or the kind of thing the id does name."""
    known = ctx.ids.get(kind, frozenset())
    if value.lower() in known and value != value.lower():
        return f" (ids are lower case: write '{value.lower()}')"
    hint = closest(value, known)
    if not hint and known and len(known) <= 8:
        hint = " (known: " + ", ".join(sorted(known)) + ")"
    others = [other for other, ids in ctx.ids.items() if other != kind and value in ids and other != "state-file"]
    if others:
        hint += f"; '{value}' is {_A.get(others[0], 'a ' + others[0])}, not {_A.get(kind, 'a ' + kind)}"
    return hint + non_ascii_note(value)


_A = {"issuer": "an issuer", "competency": "a competency", "rubric": "a rubric", "credential": "a credential",
      "stack": "a stack", "state": "a state", "district": "a district", "portfolio": "a portfolio"}


@dataclass(frozen=True)
class Field:
    check: Check
    required: bool = False


def record(fields: Mapping[str, Field], what: str, free_keys: tuple[str, ...] = ("extra",),
           partial: bool = False) -> Check:
    """A mapping with exactly these keys: returns a dict of the keys present (nulls left out).

    A mapping with a problem is INVALID, so that no caller reads a key that failed its check; with
    `partial`, it is returned anyway with `__ok__` False (for callers that check it themselves).
    """
    def check(node: YamlNode, ctx: Ctx, key: str) -> Any:
        if not isinstance(node, MapNode):
            return ctx.error(node.line, f"'{key}' must be a mapping of keys ({what}), found {describe(node)}")
        values = read_record(node, fields, ctx, what, free_keys)
        return values if values["__ok__"] or partial else INVALID
    return check


def read_record(node: MapNode, fields: Mapping[str, Field], ctx: Ctx, what: str,
                free_keys: tuple[str, ...] = ("extra",)) -> dict[str, Any]:
    """Check every key of `node` against `fields`; unknown keys and missing required ones are problems."""
    values: dict[str, Any] = {}
    ok = True
    for key_node, value_node in node.items:
        name = key_node.value
        if name in free_keys:
            values[name] = plain_value(value_node)
            continue
        spec = fields.get(name)
        if spec is None:
            known = list(fields) + list(free_keys)
            ctx.error(key_node.line, f"unknown key '{name}' in {what}{closest(name, known, 1)}; "
                      "put free-form data under 'extra:'")
            ok = False
            continue
        if isinstance(value_node, ScalarNode) and value_node.is_null:
            if spec.required:
                ctx.error(key_node.line, f"'{name}' is required in {what} and cannot be empty")
                ok = False
            continue
        value = spec.check(value_node, ctx, name)
        if value is INVALID:
            ok = False
        else:
            values[name] = value
    for name, spec in fields.items():
        if spec.required and name not in values and not any(k.value == name for k, _ in node.items):
            ctx.error(node.line, f"{what} needs '{name}'")
            ok = False
    values["__line__"] = node.line
    values["__lines__"] = {k.value: k.line for k, _ in node.items}
    values["__ok__"] = ok
    return values


def plain_value(node: YamlNode) -> Any:
    """Free-form data (under `extra:`) as plain Python: text stays text, null becomes None."""
    if isinstance(node, ScalarNode):
        return None if node.is_null else node.value
    if isinstance(node, SeqNode):
        return [plain_value(child) for child in node.items]
    return {k.value: plain_value(v) for k, v in node.items}


def text_map(max_len: int = 5000) -> Check:
    """A mapping of free keys to text (e.g. a rubric criterion's descriptor per level id)."""
    check_text = text(max_len)

    def check(node: YamlNode, ctx: Ctx, key: str) -> Any:
        if not isinstance(node, MapNode):
            return ctx.error(node.line, f"'{key}' must be a mapping (one 'level-id: text' per line), "
                             f"found {describe(node)}")
        values: dict[str, Any] = {"__line__": node.line}
        ok = True
        for key_node, value_node in node.items:
            value = check_text(value_node, ctx, key_node.value)
            if value is INVALID:
                ok = False
            values[key_node.value] = value
        return values if ok else INVALID
    return check
