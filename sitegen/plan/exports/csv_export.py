"""`recognitions.csv`: one row per (rule, credential it selects), safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from sitegen.model import Rule
from sitegen.plan.common import Context, date_text
from sitegen.plan.index import CatalogIndex
from sitegen.recognition import tidy_amount

HEADER = (
    "recognizer", "recognizer_name", "kind", "state", "rule", "purpose", "basis", "amount", "unit", "permanent",
    "tiers", "max_per_year", "max_total", "requires_preapproval", "status", "effective_from", "effective_until",
    "source_title", "source_locator", "credential", "credential_title",
)
# A cell starting with one of these is a formula to a spreadsheet (CONTENT.md, "Safety of what is published").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = " | "


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


def recognitions_csv(ctx: Context, index: CatalogIndex) -> bytes:
    """UTF-8 CSV with a header, rows sorted by recognizer, rule and credential id.

    A rule's cells and a credential's cells are each written once and joined for every pair (a large catalog
    has hundreds of thousands of pairs but only hundreds of rules)."""
    catalog = ctx.catalog
    credential_cells: dict[str, str] = {}
    lines = [_line(HEADER)]
    for recognizer in sorted(catalog.recognizers.values(), key=lambda r: r.id):
        for rule in sorted(recognizer.recognitions, key=lambda r: r.id):
            head = _line((
                recognizer.id, recognizer.name, recognizer.kind, recognizer.state, rule.id, rule.purpose, rule.basis,
                _number(rule.value.amount if rule.value else None), rule.unit or "", _flag(_permanent(rule)),
                _tiers(rule), _number(rule.max_per_year), _number(rule.max_total),
                _flag(rule.requires_preapproval), rule.status, date_text(rule.effective_from) or "",
                date_text(rule.effective_until) or "",
                SEPARATOR.join(s.title for s in rule.sources),
                SEPARATOR.join(s.locator or "" for s in rule.sources) if any(s.locator for s in rule.sources) else "",
            ))
            for credential_id in sorted(index.selected.get((recognizer.id, rule.id), ())):
                cells = credential_cells.get(credential_id)
                if cells is None:
                    cells = credential_cells[credential_id] = _line(
                        (credential_id, catalog.credentials[credential_id].title))
                lines.append(f"{head},{cells}")
    lines.append("")
    return "\n".join(lines).encode("utf-8")
