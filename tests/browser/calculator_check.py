"""The calculator's cross-check: holdings (credentials with earned dates or none), what recognition.py says
they earn under each rule, and what the calculator page shows (read from its result rows), in the words of
wording.py in the page's language (English, or Spanish on the Spanish calculator)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
import urllib.parse
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from sitegen.model import Award, Catalog, Portfolio, Recognizer, Rule
from sitegen.recognition import Result, evaluate_rule, rule_selections
from sitegen.wording import ENGLISH, result_words

Holding = dict[str, dt.date | None]
"""Credential id -> the date it was earned, or None where the visitor gave no date."""

UNDATED = dt.date(9999, 12, 31)
"""Where the calculator has no date, recognition.py is given this one: after every real date, so that earned
order puts undated credentials last (by id), as the calculator does."""

BOUNDARY_DAYS = [dt.date(y, m, d) for y in (2016, 2018, 2019, 2020) for (m, d) in ((6, 30), (7, 1))] + [
    dt.date(2017, 6, 30), dt.date(2017, 7, 1), dt.date(2021, 12, 31), dt.date(2022, 1, 1), dt.date(2019, 1, 1),
    dt.date(2018, 12, 31)]
days = st.one_of(st.sampled_from(BOUNDARY_DAYS),
                 st.integers(0, 10 * 365).map(lambda n: dt.date(2014, 1, 1) + dt.timedelta(days=n)))


def rules_of(catalog: Catalog, recognizer_id: str) -> list[tuple[Recognizer, Rule]]:
    """The rules the calculator shows for a recognizer: its own, then its state's (by rule id)."""
    recognizer = catalog.recognizers[recognizer_id]
    shown = [recognizer]
    if recognizer.kind == "district" and recognizer.state in catalog.recognizers:
        shown.append(catalog.recognizers[recognizer.state])
    return [(r, rule) for r in shown for rule in sorted(r.recognitions, key=lambda rule: rule.id)]


def recognizers_with_rules(catalog: Catalog) -> list[str]:
    return sorted(r for r in catalog.recognizers if rules_of(catalog, r))


@st.composite
def holdings(draw: st.DrawFn, catalog: Catalog) -> tuple[str, Holding]:
    """A recognizer with rules and a holding: any subset of the catalog's credentials (stacks whole now and
    then), each with a date (school-year boundaries likely) or, one time in six, none."""
    recognizer = draw(st.sampled_from(recognizers_with_rules(catalog)))
    ids = sorted(catalog.credentials)
    chosen = set(draw(st.lists(st.sampled_from(ids), max_size=min(len(ids), 20), unique=True)))
    stacks = sorted(catalog.stacks)
    if stacks and draw(st.booleans()):
        chosen |= set(catalog.stacks[draw(st.sampled_from(stacks))].credentials)
    dated = st.one_of(days, days, days, days, days, st.none())
    return recognizer, {cid: draw(dated) for cid in sorted(chosen)}


def address(recognizer: str, holding: Holding) -> str:
    """The calculator's query string for a recognizer and a holding."""
    pairs = [("r", recognizer)] + [("c", cid + (f":{day.isoformat()}" if day else ""))
                                   for cid, day in sorted(holding.items())]
    return "?" + urllib.parse.urlencode(pairs)


def portfolio_of(holding: Mapping[str, dt.date | None], undated: dt.date = UNDATED) -> Portfolio:
    return Portfolio(id="calculator", name="Calculator", path="-", folder="-", earned=tuple(
        Award(credential=cid, earned=day or undated) for cid, day in sorted(holding.items())))


def _same(result: Result) -> tuple[Any, ...]:
    """What must not depend on the dates nobody gave (the order of the lists aside)."""
    return (result.amount, result.reached, result.have, result.need, tuple(sorted(result.counted)),
            tuple(sorted(result.held_back)), result.capped)


def depends_on_missing_dates(recognizer: Recognizer, rule: Rule, holding: Holding, catalog: Catalog) -> bool:
    """Whether the rule's result changes with the dates the holding leaves out: tried with every undated
    credential before all rules, after them all, on the rule's first day, on each date given, and each in a
    year of its own."""
    undated = sorted(cid for cid, day in holding.items() if day is None)
    if not undated:
        return False
    given = sorted(day for day in holding.values() if day is not None)
    tries: list[dict[str, dt.date]] = [
        dict.fromkeys(undated, dt.date(1900, 1, 1)), dict.fromkeys(undated, UNDATED),
        dict.fromkeys(undated, rule.effective_from or dt.date(2000, 1, 1)),
        {cid: dt.date(1950 + i, 1, 1) for i, cid in enumerate(undated)}]
    tries.extend(dict.fromkeys(undated, day) for day in sorted(set(given)))
    outcomes = set()
    for dates in tries:
        filled = {cid: day or dates[cid] for cid, day in holding.items()}
        outcomes.add(_same(evaluate_rule(recognizer, rule, portfolio_of(filled), catalog)))
    return len(outcomes) > 1


def expected_rows(catalog: Catalog, recognizer_id: str, holding: Holding,
                  tr: gettext.NullTranslations = ENGLISH) -> list[dict[str, Any]]:
    """What the calculator must show for each rule, from recognition.py and wording.py (in the language of `tr`):
    not computed for a rule whose result depends on a date not given."""
    portfolio = portfolio_of(holding)
    rows = []
    for recognizer, rule in rules_of(catalog, recognizer_id):
        if depends_on_missing_dates(recognizer, rule, holding, catalog):
            rows.append({"recognizer": recognizer.id, "rule": rule.id, "computed": False})
            continue
        result = evaluate_rule(recognizer, rule, portfolio, catalog)
        earliest = evaluate_rule(recognizer, rule, portfolio_of(holding, dt.date(1900, 1, 1)), catalog)
        if result.completed_on != earliest.completed_on:  # the stack's completion date is not known
            result = dataclasses.replace(result, completed_on=None)
        rows.append({
            "recognizer": recognizer.id, "rule": rule.id, "computed": True,
            "amount": result.as_json()["amount"], "reached": result.reached, "have": result.have,
            "need": result.need, "counted": list(result.counted), "held_back": list(result.held_back),
            "words": result_words(result, rule, catalog, tr),
        })
    return rows


READ_ROWS = """
() => Array.from(document.querySelectorAll("[data-calc-status] li.worth-rule")).map((li) => {
  const computed = li.dataset.computed === "true";
  const row = {recognizer: li.dataset.recognizer, rule: li.dataset.rule, computed: computed};
  if (!computed) { return row; }
  const split = (text) => text ? text.split(" ") : [];
  return Object.assign(row, {
    amount: li.dataset.amount === undefined ? null : Number(li.dataset.amount),
    reached: li.dataset.reached === "true", have: Number(li.dataset.have),
    need: li.dataset.need === undefined ? null : Number(li.dataset.need),
    counted: split(li.dataset.counted), held_back: split(li.dataset.heldBack),
    words: li.querySelector("[data-words]").textContent,
  });
})
"""


def shown_rows(page: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = page.evaluate(READ_ROWS)
    return rows


def check_selections_match(catalog: Catalog, recognizer_id: str, files: Mapping[str, Any],
                           index: Mapping[str, Any]) -> None:
    """The data files select exactly the credentials recognition.py selects."""
    ids = [c[0] for c in index["credentials"]]
    selections = rule_selections(catalog)
    for recognizer, rule in rules_of(catalog, recognizer_id):
        data = next(r for r in files[recognizer.id]["rules"] if r["id"] == rule.id)
        chosen = set(ids) if data.get("all") else {ids[p] for p in data["select"]}
        assert chosen == set(selections[(recognizer.id, rule.id)]), (recognizer.id, rule.id)
