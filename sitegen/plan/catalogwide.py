"""Catalog-wide recognition (rules that accept any credential): the `/recognition/any/` page, and the short
summary that every credential page shows instead of repeating those rules (CONTENT.md, "Catalog-wide and
specific rules")."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from sitegen.model import Recognizer, Rule
from sitegen.plan.common import PURPOSE_LABELS, Context, View
from sitegen.plan.index import RECOGNIZING_STATUSES, CatalogIndex
from sitegen.plan.rules import rule_row


def _purposes(ctx: Context, rules: list[Rule]) -> list[str]:
    """Purpose labels of these rules, the most common first (then by label)."""
    counts = Counter(ctx.label(PURPOSE_LABELS, rule.purpose) for rule in rules)
    return [label for label, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _by_state(index: CatalogIndex) -> list[tuple[str, list[tuple[Recognizer, Rule]]]]:
    return [(code, list(pairs)) for code, pairs in groupby(index.catalog_wide, key=lambda pair: pair[0].state)]


def catalog_wide_summary(ctx: Context, index: CatalogIndex) -> View | None:
    """Who accepts any credential of the catalog now (active and pilot rules), per state, with purposes: the
    same for every credential, so made once per process. None when no rule recognizes any credential now."""
    key = ("catalog-wide-summary",)
    if key in ctx.memo:
        found: View | None = ctx.memo[key]
        return found
    urls = ctx.urls
    states = []
    recognizers: set[str] = set()
    every: list[Rule] = []
    for code, pairs in _by_state(index):
        current = [(r, rule) for r, rule in pairs if rule.status in RECOGNIZING_STATUSES]
        if not current:
            continue
        ids = {r.id for r, _ in current}
        recognizers |= ids
        every.extend(rule for _, rule in current)
        states.append({"code": code, "name": ctx.state_name(code),
                       "href": urls.href(urls.recognition_any_state(code)),
                       "recognizers": len(ids), "purposes": _purposes(ctx, [rule for _, rule in current])})
    summary: View | None = None
    if states:
        summary = {"recognizers": len(recognizers), "states": states, "purposes": _purposes(ctx, every),
                   "href": urls.href(urls.recognition_any)}
    ctx.memo[key] = summary
    return summary


def recognition_any_view(ctx: Context, index: CatalogIndex) -> View:
    """Every catalog-wide rule once, by state (the state's own rules first), with its value and source."""
    urls = ctx.urls
    states = []
    for code, pairs in _by_state(index):
        rows = []
        for recognizer, rule in pairs:
            rows.append({**rule_row(ctx, recognizer, rule),
                         "anchor": f"{recognizer.id}--{rule.id}"})
        states.append({"code": code, "name": ctx.state_name(code), "anchor": f"state-{code}",
                       "state_href": urls.href(urls.recognizer(code, "state"))
                       if code in ctx.catalog.recognizers else None,
                       "recognizers": len({r.id for r, _ in pairs}), "rules": rows})
    summary = catalog_wide_summary(ctx, index)
    return {
        "title": ctx._("Recognition of any credential"),
        "states": states,
        "rules": len(index.catalog_wide),
        "recognizers": len({r.id for r, _ in index.catalog_wide}),
        "current_recognizers": summary["recognizers"] if summary else 0,
        "credentials": len(ctx.catalog.credentials),
        "credentials_href": urls.href(urls.credentials),
        "matrix_href": urls.href(urls.recognition),
    }
