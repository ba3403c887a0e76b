"""The recognition matrix: an index of states, and per state its credentials × recognizers with specific rules,
in pages that stay far below 2 MB however many credentials and districts a state has (CONTENT.md, Output)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import escape

from sitegen.model import Recognizer, Rule
from sitegen.plan.common import PURPOSE_LABELS, STATUS_LABELS, Context, View, pagination
from sitegen.plan.index import RECOGNIZING_STATUSES, CatalogIndex
from sitegen.recognition import is_catalog_wide
from sitegen.wording import rule_value_short

PAGE_CELLS = 20_000
"""At most this many table cells, rows × (columns + 2), on one page: a table a browser lays out and sorts at once."""
PAGE_BYTES = 1_000_000
"""At most this many estimated bytes of table on one page: half the 2 MB a page may weigh, leaving room for
the layout around it and for what the estimate misses."""
EMPTY_CELL = len("<td></td>")
VALUE_MARKUP = len('<a href="" title=""></a> ')
ROW_MARKUP = len('<tr><th scope="row"><a href=""></a></th><td>000</td></tr>\n')
COLUMN_MARKUP = len('<th scope="col"><a href=""></a><span class="muted"> (district)</span></th>')


@dataclass(frozen=True)
class StateMatrix:
    """One state's part of the matrix, planned before rendering: its columns and the rows of each page."""

    code: str
    columns: tuple[Recognizer, ...]
    """The state (when it has specific rules), then its districts with specific rules, by name."""
    pages: tuple[tuple[str, ...], ...]
    """Credential ids on each page, in row order (by title): every credential a specific rule of a column selects."""

    @property
    def rows(self) -> int:
        return sum(len(page) for page in self.pages)


@dataclass(frozen=True)
class MatrixPage:
    """A page of the matrix for the planner to add: where, with which template, title, crumbs and view."""

    url: str
    template: str
    title: str
    crumbs: list[tuple[str, str]]
    description: str
    make: Callable[[], View]


def matrix_pages(ctx: Context, index: CatalogIndex) -> list[MatrixPage]:
    """The matrix's index page, then every page of every state's matrix."""
    urls = ctx.urls
    under = [(ctx._("Recognition matrix"), urls.recognition)]
    pages = [MatrixPage(urls.recognition, "recognition.html", ctx._("Recognition matrix"), [],
                        ctx._("Where each credential is recognized and for what, state by state."),
                        lambda: matrix_index_view(ctx, index))]
    for plan in plan_matrix(ctx, index):
        name = ctx.state_name(plan.code)
        for number in range(1, len(plan.pages) + 1):
            pages.append(MatrixPage(
                urls.recognition_state(plan.code, number), "recognition-state.html",
                _state_title(ctx, name, number, len(plan.pages)), under,
                ctx._("Credentials recognized by specific rules in %(state)s, and what each is worth there.",
                      state=name),
                _state_maker(ctx, index, plan, number)))
    return pages


def _state_maker(ctx: Context, index: CatalogIndex, plan: StateMatrix, number: int) -> Callable[[], View]:
    return lambda: matrix_state_view(ctx, index, plan, number)


def _state_title(ctx: Context, name: str, number: int, count: int) -> str:
    if count == 1:
        return ctx._("%(state)s matrix", state=name)
    return ctx._("%(state)s matrix, page %(number)s of %(count)s", state=name, number=number, count=count)


# --------------------------------------------------------------------------------------------------
# Planning: which states, which columns, which rows on which page


def plan_matrix(ctx: Context, index: CatalogIndex) -> tuple[StateMatrix, ...]:
    """Every state with a specific rule that selects a credential, by name; made once per process.

    Catalog-wide rules are no columns: they would fill every row (one line above the table says who in the
    state accepts any credential). Rows are split into pages of equal length, as few as keep each page under
    PAGE_CELLS cells and PAGE_BYTES estimated bytes."""
    key = ("matrix-plan",)
    found: tuple[StateMatrix, ...] | None = ctx.memo.get(key)
    if found is not None:
        return found
    catalog = ctx.catalog
    columns: dict[str, list[Recognizer]] = defaultdict(list)
    row_bytes: dict[str, dict[str, int]] = defaultdict(dict)
    for recognizer in catalog.recognizers.values():
        sizes = row_bytes[recognizer.state]
        column = False
        for rule in recognizer.recognitions:
            if is_catalog_wide(rule):
                continue
            chosen = index.selected.get((recognizer.id, rule.id), ())
            if not chosen:
                continue
            column = True
            value = _value_bytes(cell_value(ctx, recognizer, rule))
            for credential_id in chosen:
                sizes[credential_id] = sizes.get(credential_id, 0) + value
        if column:
            columns[recognizer.state].append(recognizer)
    plans = []
    for code in sorted(columns, key=lambda c: (ctx.state_name(c), c)):
        ordered = sorted(columns[code], key=lambda r: (r.kind != "state", r.name.lower(), r.id))
        rows = sorted(row_bytes[code], key=lambda c: (catalog.credentials[c].title.lower(), c))
        width = len(ordered)
        header = sum(COLUMN_MARKUP + _text_bytes(r.name) + len(ctx.urls.href(ctx.urls.recognizer(r.id, r.kind)))
                     for r in ordered)
        estimates = [ROW_MARKUP + _text_bytes(catalog.credentials[c].title)
                     + len(ctx.urls.href(ctx.urls.credential(c))) + EMPTY_CELL * width + row_bytes[code][c]
                     for c in rows]
        pages = tuple(tuple(rows[start:end]) for start, end in paginate(estimates, header, width))
        plans.append(StateMatrix(code, tuple(ordered), pages))
    found = ctx.memo[key] = tuple(plans)
    return found


def paginate(sizes: Sequence[int], header: int, width: int) -> list[tuple[int, int]]:
    """[start, end) of each page for rows of these estimated sizes under a header of `header` bytes and `width`
    columns: the fewest pages of equal length (the last may be shorter) within PAGE_CELLS and PAGE_BYTES."""
    total = len(sizes)
    if total == 0:
        return []
    per_row = width + 2
    prefix = [0]
    for size in sizes:
        prefix.append(prefix[-1] + size)
    count = max(math.ceil(total * per_row / PAGE_CELLS), math.ceil((prefix[-1] + header) / PAGE_BYTES), 1)
    while True:
        length = math.ceil(total / count)
        bounds = [(start, min(start + length, total)) for start in range(0, total, length)]
        fits = length * per_row <= PAGE_CELLS and all(
            header + prefix[end] - prefix[start] <= PAGE_BYTES for start, end in bounds)
        if fits or length == 1:
            return bounds
        count += 1


def _text_bytes(text: str) -> int:
    return len(str(escape(text)).encode())


def _value_bytes(value: View) -> int:
    return VALUE_MARKUP + _text_bytes(value["text"]) + _text_bytes(value["title"]) + len(value["href"])


def cell_value(ctx: Context, recognizer: Recognizer, rule: Rule) -> View:
    """A rule in a matrix cell: its value in short, linked to the rule; made once per process."""
    key = ("matrix-value", recognizer.id, rule.id)
    found: View | None = ctx.memo.get(key)
    if found is None:
        rec_rel = ctx.urls.recognizer(recognizer.id, recognizer.kind)
        text = rule_value_short(rule, ctx.translation)
        if rule.status not in RECOGNIZING_STATUSES:
            text = f"{text} ({ctx.label(STATUS_LABELS, rule.status).lower()})"  # "pilot", "piloto"
        found = ctx.memo[key] = {
            "text": text,
            "title": f"{recognizer.name}: {ctx.label(PURPOSE_LABELS, rule.purpose)}",
            "href": ctx.urls.href(ctx.urls.rule(rec_rel, rule.id)),
        }
    return found


# --------------------------------------------------------------------------------------------------
# Views


def _any_by_state(index: CatalogIndex) -> tuple[dict[str, int], set[str]]:
    """Per state, how many recognizers accept any credential now (active or pilot catalog-wide rules), and the
    states with a catalog-wide rule of any status (each has its part of `/recognition/any/`)."""
    counts = {code: len(ids) for code, ids in index.accepting_any.items()}
    return counts, {recognizer.state for recognizer, _ in index.catalog_wide}


def _any_link(ctx: Context, code: str, counts: dict[str, int], states: set[str]) -> View | None:
    if code not in states:
        return None
    return {"count": counts.get(code, 0), "href": ctx.urls.href(ctx.urls.recognition_any_state(code))}


def _picker(ctx: Context, index: CatalogIndex) -> list[View]:
    """The states with a matrix, for the state picker: name and link to the first page."""
    return [ctx.link(ctx.state_name(plan.code), ctx.urls.recognition_state(plan.code), code=plan.code)
            for plan in plan_matrix(ctx, index)]


def matrix_index_view(ctx: Context, index: CatalogIndex) -> View:
    """`/recognition/`: every state with specific rules (linked to its matrix) or with catalog-wide rules."""
    catalog = ctx.catalog
    urls = ctx.urls
    plans = {plan.code: plan for plan in plan_matrix(ctx, index)}
    counts, any_states = _any_by_state(index)
    states = []
    for code in sorted(set(plans) | any_states, key=lambda c: (ctx.state_name(c), c)):
        plan = plans.get(code)
        states.append({
            "code": code,
            "name": ctx.state_name(code),
            "href": urls.href(urls.recognition_state(code)) if plan else None,
            "state_href": urls.href(urls.recognizer(code, "state")) if code in catalog.recognizers else None,
            "recognizers": len(plan.columns) if plan else 0,
            "credentials": len(index.credentials_by_state.get(code, ())),
            "pages": len(plan.pages) if plan else 0,
            "any": _any_link(ctx, code, counts, any_states),
        })
    return {
        "title": ctx._("Recognition matrix"),
        "states": states,
        "matrices": len(plans),
        "any_recognizers": sum(counts.values()),
        "any_href": urls.href(urls.recognition_any),
        "picker": _picker(ctx, index),
        "credentials_count": len(catalog.credentials),
    }


def _state_cells(ctx: Context, index: CatalogIndex, plan: StateMatrix) -> dict[str, dict[int, list[View]]]:
    """Credential id → column → the values of its cell, for one state; the last state asked is kept (a state's
    pages are consecutive in the site's page order, so its pages share the work)."""
    key = ("matrix-state-cells",)
    kept: tuple[str, dict[str, dict[int, list[View]]]] | None = ctx.memo.get(key)
    if kept is not None and kept[0] == plan.code:
        return kept[1]
    cells: dict[str, dict[int, list[View]]] = defaultdict(dict)
    for column, recognizer in enumerate(plan.columns):
        for rule in recognizer.recognitions:
            if is_catalog_wide(rule):
                continue
            value = cell_value(ctx, recognizer, rule)
            for credential_id in index.selected.get((recognizer.id, rule.id), ()):
                cells[credential_id].setdefault(column, []).append(value)
    ctx.memo[key] = (plan.code, cells)
    return cells


def matrix_state_view(ctx: Context, index: CatalogIndex, plan: StateMatrix, number: int) -> View:
    """One page of a state's matrix: rows = credentials, columns = the state and its districts with specific
    rules; each cell the rule values in short, linked to the rule."""
    catalog = ctx.catalog
    urls = ctx.urls
    name = ctx.state_name(plan.code)
    cells = _state_cells(ctx, index, plan)
    width = len(plan.columns)
    rows = []
    for credential_id in plan.pages[number - 1]:
        row = cells[credential_id]
        rows.append({**ctx.link(catalog.credentials[credential_id].title, urls.credential(credential_id)),
                     "runs": _runs(row, width), "count": len(row)})
    first = sum(len(page) for page in plan.pages[:number - 1]) + 1
    counts, any_states = _any_by_state(index)
    return {
        "title": _state_title(ctx, name, number, len(plan.pages)),
        "state": {"code": plan.code, "name": name,
                  "href": urls.href(urls.recognizer(plan.code, "state")) if plan.code in catalog.recognizers
                  else None},
        "any": _any_link(ctx, plan.code, counts, any_states),
        "columns": [{**ctx.link(r.name, urls.recognizer(r.id, r.kind)), "kind": r.kind} for r in plan.columns],
        "rows": rows,
        "first": first,
        "last": first + len(rows) - 1,
        "total": plan.rows,
        "pagination": _pagination(ctx, plan, number),
        "picker": _picker(ctx, index),
        "current_href": urls.href(urls.recognition_state(plan.code)),
        "index_href": urls.href(urls.recognition),
    }


def _pagination(ctx: Context, plan: StateMatrix, number: int) -> View | None:
    urls = ctx.urls
    return pagination(number, len(plan.pages), lambda n: urls.href(urls.recognition_state(plan.code, n)))


def _runs(cells: dict[int, list[View]], width: int) -> list[int | Sequence[View]]:
    """A matrix row as runs: a number n for n empty cells in a row, a list of values for one filled cell.

    Most cells of a wide matrix are empty; the template writes a run of them at once instead of looping."""
    runs: list[int | Sequence[View]] = []
    at = 0
    for column in sorted(cells):
        if column > at:
            runs.append(column - at)
        runs.append(cells[column])
        at = column + 1
    if width > at:
        runs.append(width - at)
    return runs
