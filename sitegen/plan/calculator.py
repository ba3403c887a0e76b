"""The recognition calculator (`/calculator/`): its page, the shared index of credentials, stacks and
recognizers, and one small data file per recognizer with its rules and their selections (what the browser
needs to compute CONTENT.md's "What a portfolio earns" for any holding).

Both are in the pages' language: the index's titles and names as the language's pages show them (content
translations, the states' names), a recognizer's file its rules' words (what a rule is worth, its purpose and
basis). The default language's are at `calculator/`, each other language's under its prefix
(`es/calculator/credentials.json`, `es/calculator/recognizers/<id>.json`), where its calculator page reads them."""

from __future__ import annotations

from collections.abc import Iterator

from sitegen.model import Recognizer, Rule
from sitegen.plan.common import BASIS_LABELS, PURPOSE_LABELS, Context, View, citation
from sitegen.plan.exports.encoding import json_bytes
from sitegen.plan.index import CatalogIndex
from sitegen.recognition import is_catalog_wide
from sitegen.wording import PURPOSE_WORDS, rule_value_words

DATA_VERSION = 1
"""The version of the calculator's data files (a change of shape raises it)."""


def _states_in_order(ctx: Context, index: CatalogIndex) -> list[str]:
    """Every state code that has a recognizer or a district in the catalog, by state name."""
    codes = {r.state for r in ctx.catalog.recognizers.values()}
    return sorted(codes, key=lambda code: (ctx.state_name(code), code))


def calculator_view(ctx: Context, index: CatalogIndex) -> View:
    """The page: what the calculator does, where its data is, and (for readers without JavaScript) every
    recognizer's rules, by state."""
    catalog = ctx.catalog
    urls = ctx.urls
    states = []
    for code in _states_in_order(ctx, index):
        state = catalog.recognizers.get(code)
        districts = [catalog.recognizers[d] for d in index.districts_by_state.get(code, ())]
        states.append({
            "name": ctx.state_name(code),
            "href": urls.href(urls.recognizer(code, "state")) if state is not None else None,
            "rules": len(state.recognitions) if state is not None else 0,
            "districts": [ctx.link(d.name, urls.recognizer(d.id, d.kind), rules=len(d.recognitions))
                          for d in sorted(districts, key=lambda d: (d.name.lower(), d.id))],
        })
    return {
        "title": ctx._("What are my credentials worth?"),
        "states": states,
        # the data files of the page's language (under the language's prefix, as its pages)
        "index_href": urls.base_path + urls.language_prefix + urls.calculator_index,
        "data_base": urls.base_path + urls.language_prefix + urls.calculator_recognizer(""),
    }


def calculator_index(ctx: Context, index: CatalogIndex) -> bytes:
    """The shared index: credentials (id, title) by id, stacks with the positions of their credentials in that
    list and how many complete them, and every recognizer (id, name, kind, state) with the state names."""
    catalog = ctx.catalog
    ids = sorted(catalog.credentials)
    position = {cid: i for i, cid in enumerate(ids)}
    stacks = [{"id": s.id, "title": s.title, "need": s.needed,
               "credentials": [position[c] for c in s.credentials if c in position]}
              for s in sorted(catalog.stacks.values(), key=lambda s: (s.title.lower(), s.id))]
    recognizers = [[r.id, r.name, r.kind, r.state] for r in sorted(
        catalog.recognizers.values(),
        key=lambda r: (ctx.state_name(r.state), r.kind != "state", r.name.lower(), r.id))]
    states = {code: ctx.state_name(code) for code in _states_in_order(ctx, index)}
    starts = catalog.site.school_year_starts
    return json_bytes({
        "version": DATA_VERSION,
        "school_year_starts": [starts[0], starts[1]],
        "credentials": [[cid, catalog.credentials[cid].title] for cid in ids],
        "stacks": stacks,
        "recognizers": recognizers,
        "states": states,
    }, sort_keys=False)


def _rule_data(ctx: Context, recognizer: Recognizer, rule: Rule, index: CatalogIndex,
               position: dict[str, int], stack_position: dict[str, int]) -> View:
    rec_rel = ctx.urls.recognizer(recognizer.id, recognizer.kind)
    data: View = {
        "id": rule.id,
        "purpose": rule.purpose,
        "purpose_label": ctx.label(PURPOSE_LABELS, rule.purpose),
        "purpose_words": (ctx._(PURPOSE_WORDS[rule.purpose]) if rule.purpose in PURPOSE_WORDS
                          else rule.purpose.replace("-", " ")),
        "basis": rule.basis,
        "basis_label": ctx.label(BASIS_LABELS, rule.basis),
        "rule_words": rule_value_words(rule, ctx.catalog, ctx.translation),
        "status": rule.status,
        "href": ctx.urls.href(ctx.urls.rule(rec_rel, rule.id)),
        "sources": [citation(s) for s in rule.sources],
        "unit": rule.unit,
        "amount": rule.value.amount if rule.value is not None else None,
        "permanent": rule.value.permanent if rule.value is not None else None,
        "max_per_year": rule.max_per_year,
        "max_total": rule.max_total,
        "from": rule.effective_from.isoformat() if rule.effective_from else None,
        "until": rule.effective_until.isoformat() if rule.effective_until else None,
        "stack": stack_position.get(rule.stack) if rule.stack else None,
        "tiers": [{"at": t.at, "amount": t.amount, "permanent": t.permanent} for t in rule.tiers],
    }
    if is_catalog_wide(rule):
        data["all"] = True  # every credential: no list (it would grow with the catalog)
    else:
        data["select"] = sorted(position[c] for c in index.selected.get((recognizer.id, rule.id), ())
                                if c in position)
    return data


def calculator_recognizer(ctx: Context, index: CatalogIndex, recognizer: Recognizer,
                          position: dict[str, int], stack_position: dict[str, int]) -> bytes:
    """One recognizer's rules (by id) with their selections as positions in the shared index."""
    return json_bytes({
        "version": DATA_VERSION,
        "id": recognizer.id,
        "name": recognizer.name,
        "kind": recognizer.kind,
        "state": recognizer.state,
        "state_name": ctx.state_name(recognizer.state),
        "href": ctx.urls.href(ctx.urls.recognizer(recognizer.id, recognizer.kind)),
        "rules": [_rule_data(ctx, recognizer, rule, index, position, stack_position)
                  for rule in sorted(recognizer.recognitions, key=lambda r: r.id)],
    }, sort_keys=False)


def calculator_exports(ctx: Context, index: CatalogIndex) -> Iterator[tuple[str, bytes]]:
    """The shared index, then each recognizer's file, by id, in the language of `ctx` (paths without the
    language's prefix)."""
    catalog = ctx.catalog
    yield ctx.urls.calculator_index, calculator_index(ctx, index)
    position = {cid: i for i, cid in enumerate(sorted(catalog.credentials))}
    stacks = sorted(catalog.stacks.values(), key=lambda s: (s.title.lower(), s.id))
    stack_position = {s.id: i for i, s in enumerate(stacks)}
    for recognizer_id in sorted(catalog.recognizers):
        recognizer = catalog.recognizers[recognizer_id]
        yield (ctx.urls.calculator_recognizer(recognizer.id),
               calculator_recognizer(ctx, index, recognizer, position, stack_position))


__all__ = ["calculator_exports", "calculator_index", "calculator_view"]
