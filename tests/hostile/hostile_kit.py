"""The hostile suite's toolkit: content mutations, the two outcomes (refused / built safely) and their checks.

Every case is a small mutation of a fresh copy of tests/fixtures/basic/content, built over a previous good
output. A case ends in one of two ways:

- `Refused`: exit code 1, a line `content/<path>:<line>: ...` that says what is wrong, no traceback, the
  count line last, nothing written (the previous output byte-identical, no staging folder left).
- `Built`: exit code 0, and the hostile part appears in no output file in a form that a browser or a
  spreadsheet would run (see `active_content`), plus the case's own checks.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.etree
import lxml.html

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "basic" / "content"

CRED = "credentials/feedback-loops.md"
CRED2 = "credentials/data-inquiry.md"
COMPETENCY = "competencies/feedback-loops.md"
ISSUER = "issuers/pesb.md"
ORG = "issuers/sample-org.md"
RUBRIC = "rubrics/scoring-guide.md"
STACK = "stacks/leader-stack.md"
WA = "states/wa.md"
MA = "states/ma.md"
DISTRICT = "districts/sample-district.md"
AVERY = "portfolios/avery-example/portfolio.yaml"
AVERY_DIR = "portfolios/avery-example"
HIDDEN = "portfolios/hidden-person/portfolio.yaml"
SITE = "site.yaml"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LFS_POINTER = (b"version https://git-lfs.github.com/spec/v1\n"
               b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 1234567\n")

Mutation = Callable[[Path], None]
"""Changes the content folder it is given."""


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
    """Write content/`rel` (made with its folders), replacing any file there."""
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


def replace_bytes(rel: str, old: bytes, new: bytes) -> Mutation:
    def change(raw: bytes) -> bytes:
        assert raw.count(old) == 1, f"{rel}: {old!r} occurs {raw.count(old)} times"
        return raw.replace(old, new)
    return transform(rel, change)


def copy_as(rel: str, new_rel: str) -> Mutation:
    def mutate(content: Path) -> None:
        (content / new_rel).parent.mkdir(parents=True, exist_ok=True)
        (content / new_rel).write_bytes((content / rel).read_bytes())
    return mutate


def rename(rel: str, new_rel: str) -> Mutation:
    def mutate(content: Path) -> None:
        (content / rel).rename(content / new_rel)
    return mutate


def delete(rel: str) -> Mutation:
    def mutate(content: Path) -> None:
        (content / rel).unlink()
    return mutate


def symlink(rel: str, target: str) -> Mutation:
    """Make content/`rel` a symbolic link to `target` (relative to the link's folder, or absolute)."""
    def mutate(content: Path) -> None:
        os.symlink(target, content / rel)
    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(content: Path) -> None:
        for mutation in mutations:
            mutation(content)
    return mutate


def each_file(change: Callable[[bytes], bytes]) -> Mutation:
    """Apply `change` to every .md and .yaml file of the content."""
    def mutate(content: Path) -> None:
        for path in sorted(content.rglob("*")):
            if path.suffix in (".md", ".yaml") and path.is_file():
                path.write_bytes(change(path.read_bytes()))
    return mutate


def body(rel: str, markdown: str) -> Mutation:
    """Replace the Markdown body (after the closing `---`) of content/`rel`."""
    def mutate(content: Path) -> None:
        path = content / rel
        text = path.read_text(encoding="utf-8")
        end = text.index("\n---\n", 3) + len("\n---\n")
        path.write_text(text[:end] + markdown + "\n", encoding="utf-8")
    return mutate


def yaml_string(value: str) -> str:
    """`value` as a double-quoted YAML scalar (a JSON string is one)."""
    return json.dumps(value)


def set_text(rel: str, line_start: str, value: str) -> Mutation:
    """Replace the value of the one line of content/`rel` that starts with `line_start` (e.g. 'title: ')."""
    def mutate(content: Path) -> None:
        path = content / rel
        lines = path.read_text(encoding="utf-8").split("\n")
        found = [i for i, line in enumerate(lines) if line.startswith(line_start)]
        assert len(found) == 1, f"{rel}: {line_start!r} starts {len(found)} lines"
        lines[found[0]] = line_start + yaml_string(value)
        path.write_text("\n".join(lines), encoding="utf-8")
    return mutate


def evidence_file(name: str, data: bytes) -> Mutation:
    """Write evidence/`name` into Avery's portfolio and point the lesson plan (line 22) at it."""
    return both(write(f"{AVERY_DIR}/evidence/{name}", data),
                edit(AVERY, "file: evidence/lesson-plan.pdf", f"file: evidence/{name}"))


def after_front_matter_key(rel: str, key_line: str, added: str) -> Mutation:
    """Insert `added` (lines ending with a newline) after the line `key_line` of content/`rel`."""
    return edit(rel, key_line + "\n", key_line + "\n" + added)


# --- cases -----------------------------------------------------------------------------------------


def at(rel: str, needle: str, shift: int = 0) -> str:
    """`rel:line` of the one line of the fixture's `rel` holding `needle` (plus `shift` lines), so that cases
    keep naming the right line when the fixture grows."""
    text = (FIXTURE_CONTENT / rel).read_text(encoding="utf-8")
    assert text.count(needle) == 1, f"{rel}: {needle!r} occurs {text.count(needle)} times"
    return f"{rel}:{text[: text.index(needle)].count(chr(10)) + 1 + shift}"


@dataclass(frozen=True)
class Refused:
    """The build fails: exit 1 and `path:line: message` at `where`, the message containing each of `says`."""

    name: str
    mutate: Mutation
    where: str
    """The expected `path:line`, the path under content/."""
    says: tuple[str, ...]
    """Fragments the message at `where` must contain: what is wrong (and what to write instead)."""
    xfail: str | None = None


@dataclass(frozen=True)
class Built:
    """The build succeeds and publishes nothing active; `shown` must appear as text, `absent` nowhere."""

    name: str
    mutate: Mutation
    shown: tuple[tuple[str, str], ...] = ()
    """(output file, text) pairs: the text, as a reader sees it, is in that file (HTML: its visible text)."""
    absent: tuple[str, ...] = ()
    """Strings found in no output file at all (e.g. '1337', the result of evaluating {{ 7*191 }})."""
    check: Callable[[Path], None] | None = None
    """Any further check of the output folder."""
    warns: tuple[str, ...] = ()
    """Expected warnings: `path:line` then a fragment, e.g. ('states/wa.md:5', 'selects no credential')."""
    xfail: str | None = None


Case = Refused | Built


def refused(name: str, mutate: Mutation, where: str, *says: str, xfail: str | None = None) -> Refused:
    return Refused(name, mutate, where, says, xfail)


def changed(name: str, rel: str, old: str, new: str, *says: str, shift: int = 0, xfail: str | None = None
            ) -> Refused:
    """Replace `old` by `new` in `rel`: refused at the line of `old` (plus `shift`), saying each of `says`."""
    return Refused(name, edit(rel, old, new), at(rel, old, shift), says, xfail)


def params(cases: list[Case]) -> list[object]:
    """pytest parameters for a table of cases (ids are the names; xfail where a case says so)."""
    import pytest

    names = [case.name for case in cases]
    assert len(set(names)) == len(names), "case names must be unique"
    return [pytest.param(case, id=case.name,
                         marks=[pytest.mark.xfail(reason=case.xfail, strict=False)] if case.xfail else [])
            for case in cases]


# --- snapshots -------------------------------------------------------------------------------------


def snapshot_folder(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` as {relative path with '/': bytes} (symlinks recorded by their target)."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            files[rel] = b"symlink -> " + str(path.readlink()).encode()
        elif path.is_file():
            files[rel] = path.read_bytes()
    return files


COUNT_LINE = re.compile(r"^\d+ problems? found; nothing was written\.$")


# --- what would run --------------------------------------------------------------------------------

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "srcset", "background", "cite",
                  "xlink:href", "content")
ACTIVE_ELEMENTS = ("iframe", "object", "embed", "base", "frame", "frameset", "applet")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def dangerous_url(value: str) -> bool:
    cleaned = "".join(ch for ch in value if ch > " ").lower()
    return cleaned.startswith(DANGEROUS_SCHEMES)


def markup_problems(doc: lxml.etree._Element, where: str) -> list[str]:
    """Active markup in a parsed HTML/SVG/XML tree: inline scripts, handlers, dangerous links, frames, styles."""
    problems = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        tag = lxml.etree.QName(element).localname.lower()
        if tag == "script" and not (element.get("src") or element.get("type") == "application/ld+json"):
            problems.append(f"{where}: inline <script>: {(element.text or '')[:60]!r}")
        if tag in ACTIVE_ELEMENTS:
            problems.append(f"{where}: <{tag}> element")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append(f"{where}: <meta http-equiv=refresh>")
        for name, value in element.attrib.items():
            local = lxml.etree.QName(name).localname.lower()
            if local.startswith("on"):
                problems.append(f"{where}: <{tag} {local}={value!r}>")
            if local == "style":
                problems.append(f"{where}: <{tag} style={value!r}>")
            if local in URL_ATTRIBUTES and not (tag == "meta" and local == "content") and dangerous_url(value):
                problems.append(f"{where}: <{tag} {local}={value!r}>")
    return problems


def html_problems(data: bytes, where: str) -> list[str]:
    doc = lxml.html.fromstring(data)
    problems = markup_problems(doc, where)
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        raw = script.text or ""
        if re.search(r"</script|<!--|<script", raw, re.IGNORECASE):
            problems.append(f"{where}: JSON-LD can break out of its <script>")
        try:
            json.loads(raw)
        except ValueError as exc:
            problems.append(f"{where}: JSON-LD is not valid JSON: {exc}")
    return problems


def xml_problems(data: bytes, where: str) -> list[str]:
    try:
        doc = lxml.etree.fromstring(data, lxml.etree.XMLParser(resolve_entities=False, no_network=True))
    except lxml.etree.XMLSyntaxError as exc:
        return [f"{where}: not well-formed XML: {exc}"]
    problems = markup_problems(doc, where)
    for element in doc.iter():
        if isinstance(element.tag, str) and element.get("type") in ("html", "xhtml") and element.text:
            fragment = lxml.html.fragment_fromstring(element.text, create_parent="div")
            problems += markup_problems(fragment, f"{where} (escaped HTML)")
    return problems


def csv_problems(data: bytes, where: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return [f"{where}: cell {cell!r} starts a formula" for row in rows for cell in row
            if cell.startswith(FORMULA_STARTS)]


def output_files(site: Path, pagefind: bool = False) -> Iterator[tuple[str, Path]]:
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and (pagefind or not rel.startswith("pagefind/")):
            yield rel, path


def active_content(site: Path, known_clean: dict[str, bytes] | None = None) -> list[str]:
    """Everything in the output that a browser or a spreadsheet would run. Files byte-identical to
    `known_clean` (the unchanged fixture's output, checked on its own) are skipped."""
    problems: list[str] = []
    for rel, path in output_files(site):
        suffix = path.suffix.lower()
        data = path.read_bytes()
        if known_clean is not None and known_clean.get(rel) == data:
            continue
        if suffix == ".html":
            problems += html_problems(data, rel)
        elif suffix in (".xml", ".svg"):
            problems += xml_problems(data, rel)
        elif suffix == ".json":
            try:
                json.loads(data)
            except ValueError as exc:
                problems.append(f"{rel}: not valid JSON: {exc}")
        elif suffix == ".csv":
            problems += csv_problems(data, rel)
    return problems


BASE_PATH = "/catalog/"
"""The path of the fixture's base_url: internal links start with it."""


def internal_links_resolve(output: Path) -> None:
    """Every link and source under the site's path names a file of the output (no dead link)."""
    from urllib.parse import unquote, urlsplit

    broken = []
    for page in output.rglob("*.html"):
        doc = lxml.html.fromstring(page.read_bytes())
        for value in doc.xpath("//@href | //@src"):
            parts = urlsplit(value)
            if parts.scheme or not parts.path.startswith(BASE_PATH):
                continue
            target = output / unquote(parts.path[len(BASE_PATH):])
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{page.relative_to(output)} -> {value}")
    assert not broken, "\n".join(broken)


def text_of(site: Path, rel: str) -> str:
    """What a reader sees of an output file: an HTML page's text (whitespace collapsed), other files' text."""
    data = (site / rel).read_bytes()
    if rel.endswith(".html"):
        return " ".join(lxml.html.fromstring(data).text_content().split())
    return data.decode("utf-8")


def everything(site: Path, pagefind: bool = False) -> Iterator[tuple[str, bytes]]:
    """Every output file's bytes, gzip files (Pagefind's fragments and indexes) decompressed."""
    for rel, path in output_files(site, pagefind=pagefind):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        yield rel, data


@dataclass
class Outcome:
    """What a build printed, for the assertions."""

    code: int
    out: str
    err: str
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def output(self) -> str:
        return self.out + self.err
