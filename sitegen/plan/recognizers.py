"""View data for recognizers: the states list and a state or district page (the matrix is in `matrix.py`)."""

from __future__ import annotations

from collections import defaultdict

from sitegen.model import Recognizer
from sitegen.plan.common import PURPOSE_LABELS, Context, View
from sitegen.plan.index import CatalogIndex
from sitegen.plan.localize import recognizer_kind_folder
from sitegen.plan.rules import rule_row
from sitegen.recognition import is_catalog_wide

LISTED_PER_PURPOSE = 60
"""A state page lists at most this many credentials per purpose (the matrix has them all): a state's page
must not grow with the catalog."""


def published_recognizers(ctx: Context) -> list[Recognizer]:
    """Recognizers that get a page: every state and district the catalog holds."""
    return list(ctx.catalog.recognizers.values())


def recognizer_view(ctx: Context, index: CatalogIndex, recognizer: Recognizer) -> View:
    catalog = ctx.catalog
    urls = ctx.urls
    rules = []
    for rule in recognizer.recognitions:
        row = dict(rule_row(ctx, recognizer, rule))
        row["any"] = is_catalog_wide(rule)
        chosen = () if row["any"] else index.selected.get((recognizer.id, rule.id), ())
        row["credentials"] = [ctx.link(catalog.credentials[c].title, urls.credential(c)) for c in chosen]
        row["stack"] = (ctx.link(catalog.stacks[rule.stack].title, urls.stack(rule.stack))
                        if rule.stack else None)
        rules.append(row)
    view: View = {
        "id": recognizer.id,
        "title": recognizer.name,
        "calculator_href": urls.href(urls.calculator_with(recognizer=recognizer.id)),
        "kind": recognizer.kind,
        "state": ctx.link(ctx.state_name(recognizer.state), urls.recognizer(recognizer.state, "state")),
        "agency": recognizer.agency,
        "url": recognizer.url,
        "nces_id": recognizer.nces_id,
        "policy": recognizer.policy,
        "example": recognizer.example,
        "body_html": ctx.html(recognizer.body),
        **ctx.text_of(recognizer_kind_folder(recognizer), recognizer.id),
        "rules": rules,
        "credential_count": len(catalog.credentials),
        "credentials_href": urls.href(urls.credentials),
        "any_href": urls.href(urls.recognition_any_state(recognizer.state)),
        "matrix_href": urls.href(urls.recognition),
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
        accepting_any: dict[str, set[str]] = defaultdict(set)
        for code_rec in [recognizer] + [catalog.recognizers[d] for d in index.districts_by_state.get(
                recognizer.id, ())]:
            for rule in code_rec.recognitions:
                if is_catalog_wide(rule):
                    accepting_any[rule.purpose].add(code_rec.id)
                    groups.setdefault(rule.purpose, set())
                else:
                    groups[rule.purpose].update(index.selected.get((code_rec.id, rule.id), ()))
        view["by_purpose"] = [
            {"purpose": ctx.label(PURPOSE_LABELS, p), "count": len(ids), "any": len(accepting_any.get(p, ())),
             "credentials": [ctx.link(catalog.credentials[c].title, urls.credential(c))
                             for c in sorted(ids, key=lambda c: (catalog.credentials[c].title.lower(), c))
                             ][:LISTED_PER_PURPOSE]}
            for p, ids in sorted(groups.items(), key=lambda item: ctx.label(PURPOSE_LABELS, item[0]))
        ]
    return view


def states_list_view(ctx: Context, index: CatalogIndex) -> View:
    catalog = ctx.catalog
    accepting_any: dict[str, set[str]] = defaultdict(set)
    for accepting, _ in index.catalog_wide:
        accepting_any[accepting.state].add(accepting.id)
    rows = []
    for recognizer in published_recognizers(ctx):
        any_rule = any(is_catalog_wide(r) for r in recognizer.recognitions)
        rows.append({
            **ctx.link(recognizer.name, ctx.urls.recognizer(recognizer.id, recognizer.kind)),
            "kind": recognizer.kind,
            "state_name": ctx.state_name(recognizer.state),
            "rules": len(recognizer.recognitions),
            "any": any_rule,
            "credentials": len(catalog.credentials) if any_rule
            else len({c for rule in recognizer.recognitions for c in index.selected.get((recognizer.id, rule.id), ())}),
            "recognized_in_state": len(index.credentials_by_state.get(recognizer.id, ()))
            if recognizer.kind == "state" else None,
            "accepting_any": len(accepting_any.get(recognizer.id, ())) if recognizer.kind == "state" else None,
            "any_href": ctx.urls.href(ctx.urls.recognition_any_state(recognizer.state)),
        })
    states = [r for r in rows if r["kind"] == "state"]
    districts = sorted((r for r in rows if r["kind"] == "district"),
                       key=lambda r: (r["state_name"], r["title"].lower()))
    return {"states": states, "districts": districts, "any_href": ctx.urls.href(ctx.urls.recognition_any)}

