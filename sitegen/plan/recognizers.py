"""View data for recognizers: the states list, a state or district page, and the recognition matrix."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sitegen.model import Recognizer
from sitegen.plan.common import PURPOSE_LABELS, Context, View, state_name
from sitegen.plan.credentials import rule_row
from sitegen.plan.index import CatalogIndex
from sitegen.wording import rule_value_short


def published_recognizers(ctx: Context) -> list[Recognizer]:
    """Recognizers that get a page: every state and district the catalog holds."""
    return list(ctx.catalog.recognizers.values())


def recognizer_view(ctx: Context, index: CatalogIndex, recognizer: Recognizer) -> View:
    catalog = ctx.catalog
    urls = ctx.urls
    rules = []
    for rule in recognizer.recognitions:
        row = dict(rule_row(ctx, recognizer, rule))
        chosen = index.selected.get((recognizer.id, rule.id), ())
        row["credentials"] = [ctx.link(catalog.credentials[c].title, urls.credential(c)) for c in chosen]
        row["stack"] = (ctx.link(catalog.stacks[rule.stack].title, urls.stack(rule.stack))
                        if rule.stack else None)
        rules.append(row)
    view: View = {
        "id": recognizer.id,
        "title": recognizer.name,
        "kind": recognizer.kind,
        "state": ctx.link(state_name(recognizer.state), urls.recognizer(recognizer.state, "state")),
        "agency": recognizer.agency,
        "url": recognizer.url,
        "nces_id": recognizer.nces_id,
        "policy": recognizer.policy,
        "example": recognizer.example,
        "body_html": ctx.html(recognizer.body),
        "rules": rules,
        "districts": [],
        "by_purpose": [],
    }
    if recognizer.kind == "state":
        view["districts"] = [
            ctx.link(catalog.recognizers[d].name, urls.recognizer(d, "district"),
                     rules=len(catalog.recognizers[d].recognitions))
            for d in index.districts_by_state.get(recognizer.id, ())
        ]
        groups: dict[str, set[str]] = defaultdict(set)
        for code_rec in [recognizer] + [catalog.recognizers[d] for d in index.districts_by_state.get(
                recognizer.id, ())]:
            for rule in code_rec.recognitions:
                groups[rule.purpose].update(index.selected.get((code_rec.id, rule.id), ()))
        view["by_purpose"] = [
            {"purpose": PURPOSE_LABELS[p],
             "credentials": [ctx.link(catalog.credentials[c].title, urls.credential(c))
                             for c in sorted(ids, key=lambda c: (catalog.credentials[c].title.lower(), c))]}
            for p, ids in sorted(groups.items(), key=lambda item: PURPOSE_LABELS[item[0]])
        ]
    return view


def states_list_view(ctx: Context, index: CatalogIndex) -> View:
    rows = []
    for recognizer in published_recognizers(ctx):
        rows.append({
            **ctx.link(recognizer.name, ctx.urls.recognizer(recognizer.id, recognizer.kind)),
            "kind": recognizer.kind,
            "state_name": state_name(recognizer.state),
            "rules": len(recognizer.recognitions),
            "credentials": len({c for rule in recognizer.recognitions
                                for c in index.selected.get((recognizer.id, rule.id), ())}),
            "recognized_in_state": len(index.credentials_by_state.get(recognizer.id, ()))
            if recognizer.kind == "state" else None,
        })
    states = [r for r in rows if r["kind"] == "state"]
    districts = sorted((r for r in rows if r["kind"] == "district"),
                       key=lambda r: (r["state_name"], r["title"].lower()))
    return {"states": states, "districts": districts}


def matrix_view(ctx: Context, index: CatalogIndex) -> View:
    """Credentials × recognizers with rules; each cell the rule values in short, linked."""
    catalog = ctx.catalog
    columns = [r for r in catalog.recognizers.values() if r.recognitions]
    columns.sort(key=lambda r: (state_name(r.state), r.kind != "state", r.name.lower()))
    position = {r.id: i for i, r in enumerate(columns)}
    rows = []
    values: dict[tuple[str, str], View] = {}
    for credential in sorted(catalog.credentials.values(), key=lambda c: c.title.lower()):
        cells: dict[int, list[View]] = {}
        for recognizer, rule in index.rules_by_credential.get(credential.id, ()):
            value = values.get((recognizer.id, rule.id))
            if value is None:
                rec_rel = ctx.urls.recognizer(recognizer.id, recognizer.kind)
                value = values[(recognizer.id, rule.id)] = {
                    "text": rule_value_short(rule),
                    "title": f"{recognizer.name}: {PURPOSE_LABELS[rule.purpose]}",
                    "href": ctx.urls.href(ctx.urls.rule(rec_rel, rule.id)),
                }
            cells.setdefault(position[recognizer.id], []).append(value)
        rows.append({**ctx.link(credential.title, ctx.urls.credential(credential.id)),
                     "runs": _runs(cells, len(columns)), "count": len(cells)})
    return {
        "columns": [{**ctx.link(r.name, ctx.urls.recognizer(r.id, r.kind)), "kind": r.kind,
                     "state": state_name(r.state), "code": r.state} for r in columns],
        "rows": rows,
    }


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
