"""A recognition rule as pages show it: in full (credential, stack, recognizer and catalog-wide pages) or as
a compact row (a credential page's districts, where one state has many)."""

from __future__ import annotations

from sitegen.model import Recognizer, Rule
from sitegen.plan.common import (
    BASIS_LABELS,
    PURPOSE_LABELS,
    STATUS_LABELS,
    Context,
    View,
    citation,
)
from sitegen.plan.localize import recognizer_kind_folder
from sitegen.wording import rule_value_short, rule_value_words


def rule_row(ctx: Context, recognizer: Recognizer, rule: Rule) -> View:
    """One recognition rule in words, for credential, stack and recognizer pages (shared: copy to change)."""
    key = ("rule-row", recognizer.id, rule.id)
    row: View | None = ctx.memo.get(key)
    if row is None:
        row = ctx.memo[key] = _rule_row(ctx, recognizer, rule)
    return row


def _rule_row(ctx: Context, recognizer: Recognizer, rule: Rule) -> View:
    rec_rel = ctx.urls.recognizer(recognizer.id, recognizer.kind)
    return {
        "id": rule.id,
        "anchor": f"rule-{rule.id}",
        "recognizer": ctx.link(recognizer.name, rec_rel, kind=recognizer.kind,
                               kind_label=ctx._("State") if recognizer.kind == "state" else ctx._("District")),
        "state_name": ctx.state_name(recognizer.state),
        "rule_href": ctx.urls.href(ctx.urls.rule(rec_rel, rule.id)),
        "purpose": rule.purpose,
        "purpose_label": ctx.label(PURPOSE_LABELS, rule.purpose),
        "basis": rule.basis,
        "basis_label": ctx.label(BASIS_LABELS, rule.basis),
        "value_words": rule_value_words(rule, ctx.catalog, ctx.translation),
        "note": rule.value.note if rule.value else None,
        "conditions": rule.conditions,
        "lang": ctx.lang_mark(recognizer_kind_folder(recognizer), recognizer.id),
        "preapproval": rule.requires_preapproval,
        "status": rule.status,
        "status_label": ctx.label(STATUS_LABELS, rule.status),
        "effective": ctx.effective(rule.effective_from, rule.effective_until),
        "sources": [citation(s) for s in rule.sources],
    }


def compact_rule_row(ctx: Context, recognizer: Recognizer, rule: Rule) -> View:
    """A rule in one short row: who, purpose, the value in short and a link to the rule in full."""
    key = ("compact-rule-row", recognizer.id, rule.id)
    row: View | None = ctx.memo.get(key)
    if row is None:
        full = rule_row(ctx, recognizer, rule)
        row = ctx.memo[key] = {
            "recognizer": full["recognizer"],
            "rule_href": full["rule_href"],
            "purpose_label": full["purpose_label"],
            "value_short": rule_value_short(rule, ctx.translation),
            "status": rule.status,
            "status_label": full["status_label"],
        }
    return row
