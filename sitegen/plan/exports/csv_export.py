"""`recognitions.csv`: one row per (specific rule, credential it selects) and one per catalog-wide rule (`*`).

Safe to open in a spreadsheet (formula-like cells are defused). Where one file would pass a spreadsheet's
1,048,576 rows (header included) or 10 MB, the rows are split by the recognizer's state into
`recognitions/<code>.csv` (same header; a state that alone passes a limit continues in `<code>-2.csv`, …), and
`recognitions.csv` lists those files instead, one line each: `state,state_name,url,rows` (`rows` without the
header line).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sitegen.model import Recognizer, Rule
from sitegen.plan.common import Context, date_text, state_name
from sitegen.plan.exports.encoding import MAX_FILE_BYTES
from sitegen.plan.index import CatalogIndex
from sitegen.recognition import is_catalog_wide, tidy_amount

HEADER = (
    "recognizer", "recognizer_name", "kind", "state", "rule", "purpose", "basis", "amount", "unit", "permanent",
    "tiers", "max_per_year", "max_total", "requires_preapproval", "status", "effective_from", "effective_until",
    "source_title", "source_locator", "credential", "credential_title",
)
# A cell starting with one of these is a formula to a spreadsheet (CONTENT.md, "Safety of what is published").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = " | "
SPREADSHEET_ROWS = 1_048_576
"""The most rows a spreadsheet opens (Excel, LibreOffice), header included."""
ANY_CREDENTIAL = ("*", "any credential of the catalog")
"""A catalog-wide rule's credential cells."""
PARTS_HEADER = ("state", "state_name", "url", "rows")


def safe_cell(text: str) -> str:
    """The cell's text, prefixed with `'` when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: float | None) -> str:
    tidy = tidy_amount(value)
    return "" if tidy is None else str(tidy)


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _permanent(rule: Rule) -> bool | None:
    if rule.value is not None and rule.value.permanent is not None:
        return rule.value.permanent
    return next((tier.permanent for tier in rule.tiers if tier.permanent is not None), None)


def _tiers(rule: Rule) -> str:
    return SEPARATOR.join(f"at {tier.at}: {_number(tier.amount) or 'unspecified'}" for tier in rule.tiers)


def _line(cells: tuple[str, ...]) -> str:
    """Cells as one CSV line (without its end), each made safe for spreadsheets."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([safe_cell(cell) for cell in cells])
    return out.getvalue()[:-1]


def _head(recognizer: Recognizer, rule: Rule) -> bytes:
    """The rule's cells, up to the credential's."""
    return _line((
        recognizer.id, recognizer.name, recognizer.kind, recognizer.state, rule.id, rule.purpose, rule.basis,
        _number(rule.value.amount if rule.value else None), rule.unit or "", _flag(_permanent(rule)),
        _tiers(rule), _number(rule.max_per_year), _number(rule.max_total),
        _flag(rule.requires_preapproval), rule.status, date_text(rule.effective_from) or "",
        date_text(rule.effective_until) or "",
        SEPARATOR.join(s.title for s in rule.sources),
        SEPARATOR.join(s.locator or "" for s in rule.sources) if any(s.locator for s in rule.sources) else "",
    )).encode("utf-8")


class _Rows:
    """Every data row, rule by rule: a rule's cells and a credential's cells are each encoded once and joined
    for every pair (a large catalog has hundreds of thousands of pairs but only hundreds of rules)."""

    def __init__(self, ctx: Context, index: CatalogIndex) -> None:
        self.index = index
        catalog = ctx.catalog
        self.rules = [(recognizer, rule) for recognizer in sorted(catalog.recognizers.values(), key=lambda r: r.id)
                      for rule in sorted(recognizer.recognitions, key=lambda r: r.id)]
        self.credentials = {credential.id: _line((credential.id, credential.title)).encode("utf-8")
                            for credential in catalog.credentials.values()}
        self.any = _line(ANY_CREDENTIAL).encode("utf-8")

    def of(self, recognizer: Recognizer, rule: Rule) -> Iterator[bytes]:
        """The rule's rows, each without its line end, by credential id."""
        head = _head(recognizer, rule) + b","
        if is_catalog_wide(rule):
            yield head + self.any
            return
        for credential_id in sorted(self.index.selected.get((recognizer.id, rule.id), ())):
            yield head + self.credentials[credential_id]

    def size(self, recognizer: Recognizer, rule: Rule) -> tuple[int, int]:
        """(rows, bytes with line ends) of the rule's rows, without making them."""
        head = len(_head(recognizer, rule)) + 2
        if is_catalog_wide(rule):
            return 1, head + len(self.any)
        chosen = self.index.selected.get((recognizer.id, rule.id), ())
        return len(chosen), head * len(chosen) + sum(len(self.credentials[c]) for c in chosen)


def recognitions_files(ctx: Context, index: CatalogIndex, *, max_rows: int = SPREADSHEET_ROWS,
                       max_bytes: int = MAX_FILE_BYTES) -> Iterator[tuple[str, bytes]]:
    """(path, UTF-8 CSV) of recognitions.csv, and of the state files when it is split (module docstring).

    Rows are sorted by recognizer, rule and credential id, in one file or across a state's files."""
    rows = _Rows(ctx, index)
    header = _line(HEADER).encode("utf-8")
    sizes = [rows.size(recognizer, rule) for recognizer, rule in rows.rules]
    if 1 + sum(n for n, _ in sizes) <= max_rows and len(header) + 1 + sum(b for _, b in sizes) <= max_bytes:
        lines = [header]
        for recognizer, rule in rows.rules:
            lines.extend(rows.of(recognizer, rule))
        yield ctx.urls.recognitions_csv, b"\n".join(lines) + b"\n"
        return
    urls = ctx.urls
    listed = [_line(PARTS_HEADER)]
    for code in sorted({recognizer.state for recognizer, _ in rows.rules}):
        state_rows = (row for recognizer, rule in rows.rules if recognizer.state == code
                      for row in rows.of(recognizer, rule))
        for number, part in enumerate(_chunks(state_rows, header, max_rows, max_bytes), start=1):
            rel = urls.recognitions_part(code, number)
            listed.append(_line((code, state_name(code), urls.absolute(rel), str(len(part)))))
            yield rel, b"\n".join([header, *part]) + b"\n"
    yield urls.recognitions_csv, ("\n".join(listed) + "\n").encode("utf-8")


def _chunks(rows: Iterator[bytes], header: bytes, max_rows: int, max_bytes: int) -> Iterator[list[bytes]]:
    """The rows in runs that fit one file each with the header (at least one run, maybe empty)."""
    part: list[bytes] = []
    size = len(header) + 1
    for row in rows:
        if part and (len(part) + 2 > max_rows or size + len(row) + 1 > max_bytes):
            yield part
            part, size = [], len(header) + 1
        part.append(row)
        size += len(row) + 1
    yield part
