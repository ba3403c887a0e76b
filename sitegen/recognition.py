"""Recognition: which credentials a rule selects, and what a portfolio earns under each rule (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sitegen.model import NON_ADDITIVE_UNITS, Award, Catalog, Portfolio, Recognizer, Rule, Tier

Amount = float | int


@dataclass(frozen=True)
class Result:
    """What one portfolio earns under one rule: the documented JSON shape plus what pages need."""

    recognizer: str
    kind: str
    """The recognizer's kind: state or district."""
    rule: str
    purpose: str
    basis: str
    counted: tuple[str, ...]
    """Credential ids that count toward the value, in earned order (date, then id)."""
    amount: Amount | None
    """Units earned in all, after caps; None where the rule gives no amount or the unit is not additive."""
    unit: str | None
    reached: bool
    have: int
    need: int | None
    held_back: tuple[str, ...] = ()
    """per-credential: matching credentials not counted because of `max_per_year`, in earned order."""
    capped: bool = False
    """`max_total` cut the amount."""
    uncapped_amount: Amount | None = None
    """The amount before `max_total`."""
    completed_on: dt.date | None = None
    """stack-completion: the date the last needed credential was earned (even outside `effective`)."""
    next_tier: Tier | None = None
    """threshold: the first tier not reached yet."""
    to_next: int | None = None
    """threshold: how many more matching credentials reach `next_tier`."""
    value_specified: bool = True
    """False when the rule gives no amount (and its unit is not `eligibility`)."""
    matching: tuple[str, ...] = ()
    """Earned, unrevoked credentials the rule selects, earned inside `effective`, in earned order."""

    def as_json(self) -> dict[str, object]:
        """The documented shape, keys in the documented order."""
        return {
            "recognizer": self.recognizer,
            "kind": self.kind,
            "rule": self.rule,
            "purpose": self.purpose,
            "basis": self.basis,
            "counted": list(self.counted),
            "amount": tidy_amount(self.amount),
            "unit": self.unit,
            "reached": self.reached,
            "have": self.have,
            "need": self.need,
        }


def tidy_amount(amount: Amount | None) -> Amount | None:
    """Round to at most 4 decimals; an integral value becomes an int (40.0 -> 40)."""
    if amount is None:
        return None
    rounded = round(float(amount), 4)
    if rounded.is_integer():
        return int(rounded)
    return rounded


CredentialGroups = tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]
"""A catalog's credential ids by issuer and by topic (see `credential_groups`)."""


def credential_groups(catalog: Catalog) -> CredentialGroups:
    """Credential ids by issuer and by topic, so that selecting by issuer or topic never scans the catalog."""
    by_issuer: dict[str, list[str]] = {}
    by_topic: dict[str, list[str]] = {}
    for cid, credential in catalog.credentials.items():
        by_issuer.setdefault(credential.issuer, []).append(cid)
        for topic in credential.topics:
            by_topic.setdefault(topic, []).append(cid)
    return ({k: tuple(v) for k, v in by_issuer.items()}, {k: tuple(v) for k, v in by_topic.items()})


def is_catalog_wide(rule: Rule) -> bool:
    """A rule that recognizes any credential of the catalog (`applies_to: {all: true}`): a fact about its
    recognizer, stated once, never per credential."""
    return rule.applies_to.all


def selected_credentials(rule: Rule, catalog: Catalog, groups: CredentialGroups | None = None) -> tuple[str, ...]:
    """The ids of the catalog's credentials that the rule's `applies_to` selects, sorted.

    Pass `groups` (from `credential_groups`) when selecting for many rules of one catalog.
    """
    selector = rule.applies_to
    credentials = catalog.credentials
    if selector.all:
        return tuple(sorted(credentials))
    chosen = {cid for cid in selector.credentials if cid in credentials}
    for stack_id in selector.stacks:
        stack = catalog.stacks.get(stack_id)
        if stack is not None:
            chosen.update(cid for cid in stack.credentials if cid in credentials)
    if selector.issuers or selector.topics:
        by_issuer, by_topic = groups if groups is not None else credential_groups(catalog)
        for issuer in selector.issuers:
            chosen.update(by_issuer.get(issuer, ()))
        for topic in selector.topics:
            chosen.update(by_topic.get(topic, ()))
    return tuple(sorted(chosen))


def school_year(day: dt.date, starts: tuple[int, int]) -> int:
    """The calendar year in which the school year containing `day` began."""
    return day.year if (day.month, day.day) >= starts else day.year - 1


def earned_dates(awards: Iterable[Award]) -> dict[str, dt.date]:
    """Each credential held (some award not revoked), with its earliest unrevoked earned date."""
    dates: dict[str, dt.date] = {}
    for award in awards:
        if award.revoked:
            continue
        known = dates.get(award.credential)
        if known is None or award.earned < known:
            dates[award.credential] = award.earned
    return dates


def in_effect(rule: Rule, day: dt.date) -> bool:
    """Whether `day` falls inside the rule's `effective` window (inclusive ends; open ends unbounded)."""
    if rule.effective_from is not None and day < rule.effective_from:
        return False
    return not (rule.effective_until is not None and day > rule.effective_until)


@dataclass(frozen=True)
class _Head:
    recognizer: str
    kind: str
    rule: str
    purpose: str
    basis: str


def _earned_order(ids: Iterable[str], dates: Mapping[str, dt.date]) -> list[str]:
    return sorted(ids, key=lambda cid: (dates[cid], cid))


def _cap(rule: Rule, amount: Amount) -> tuple[Amount, bool]:
    if rule.max_total is not None and amount > rule.max_total:
        return rule.max_total, True
    return amount, False


def evaluate_rule(recognizer: Recognizer, rule: Rule, portfolio: Portfolio, catalog: Catalog) -> Result:
    """What the portfolio earns under one rule of one recognizer (CONTENT.md, "the computation")."""
    return _evaluate(recognizer, rule, portfolio, catalog, set(selected_credentials(rule, catalog)))


def _evaluate(recognizer: Recognizer, rule: Rule, portfolio: Portfolio, catalog: Catalog,
              selected: set[str] | frozenset[str], dates: Mapping[str, dt.date] | None = None) -> Result:
    if dates is None:
        dates = earned_dates(portfolio.earned)
    matching = tuple(_earned_order(
        (cid for cid in dates if cid in selected and in_effect(rule, dates[cid])), dates))
    head = _Head(recognizer.id, recognizer.kind, rule.id, rule.purpose, rule.basis)
    if rule.basis == "stack-completion":
        return _stack_completion(head, rule, catalog, dates, matching)
    if rule.basis == "threshold":
        return _threshold(head, rule, matching)
    return _per_credential(head, rule, catalog, dates, matching)


def _per_credential(head: _Head, rule: Rule, catalog: Catalog, dates: Mapping[str, dt.date],
                    matching: tuple[str, ...]) -> Result:
    counted: list[str] = []
    held_back: list[str] = []
    per_year: dict[int, int] = {}
    starts = catalog.site.school_year_starts
    for cid in matching:
        year = school_year(dates[cid], starts)
        if rule.max_per_year is not None and per_year.get(year, 0) >= rule.max_per_year:
            held_back.append(cid)
            continue
        per_year[year] = per_year.get(year, 0) + 1
        counted.append(cid)
    unit = rule.unit
    value_amount = rule.value.amount if rule.value is not None else None
    amount: Amount | None = None
    uncapped: Amount | None = None
    capped = False
    if value_amount is not None and unit not in NON_ADDITIVE_UNITS:
        uncapped = tidy_amount(value_amount * len(counted))
        assert uncapped is not None
        amount, capped = _cap(rule, uncapped)
    return Result(
        recognizer=head.recognizer, kind=head.kind, rule=head.rule, purpose=head.purpose, basis=head.basis,
        counted=tuple(counted), amount=tidy_amount(amount), unit=unit, reached=bool(counted),
        have=len(counted), need=None, held_back=tuple(held_back), capped=capped, uncapped_amount=uncapped,
        value_specified=value_amount is not None or unit in NON_ADDITIVE_UNITS, matching=matching,
    )


def _stack_completion(head: _Head, rule: Rule, catalog: Catalog, dates: Mapping[str, dt.date],
                      matching: tuple[str, ...]) -> Result:
    stack = catalog.stacks.get(rule.stack or "")
    if stack is None:
        raise ValueError(f"rule '{rule.id}' names stack '{rule.stack}', which is not in the catalog")
    held = _earned_order({cid for cid in stack.credentials if cid in dates}, dates)
    need = stack.needed
    complete = len(held) >= need
    completed_on = dates[held[need - 1]] if complete and need > 0 else None
    reached = complete and (completed_on is None or in_effect(rule, completed_on))
    unit = rule.unit
    value_amount = rule.value.amount if rule.value is not None else None
    amount: Amount | None = None
    uncapped: Amount | None = None
    capped = False
    if value_amount is not None and unit not in NON_ADDITIVE_UNITS:
        uncapped = tidy_amount(value_amount if reached else 0)
        assert uncapped is not None
        amount, capped = _cap(rule, uncapped)
    return Result(
        recognizer=head.recognizer, kind=head.kind, rule=head.rule, purpose=head.purpose, basis=head.basis,
        counted=tuple(held), amount=tidy_amount(amount), unit=unit, reached=reached,
        have=len(held), need=need, capped=capped, uncapped_amount=uncapped, completed_on=completed_on,
        value_specified=value_amount is not None or unit in NON_ADDITIVE_UNITS, matching=matching,
    )


def _threshold(head: _Head, rule: Rule, matching: tuple[str, ...]) -> Result:
    count = len(matching)
    reached_tiers = [tier for tier in rule.tiers if tier.at <= count]
    upcoming = [tier for tier in rule.tiers if tier.at > count]
    next_tier = min(upcoming, key=lambda tier: tier.at) if upcoming else None
    unit = rule.unit
    specified = any(tier.amount is not None for tier in rule.tiers)
    amount: Amount | None = None
    uncapped: Amount | None = None
    capped = False
    if specified and unit not in NON_ADDITIVE_UNITS:
        uncapped = tidy_amount(sum(tier.amount or 0 for tier in reached_tiers))
        assert uncapped is not None
        amount, capped = _cap(rule, uncapped)
    return Result(
        recognizer=head.recognizer, kind=head.kind, rule=head.rule, purpose=head.purpose, basis=head.basis,
        counted=matching, amount=tidy_amount(amount), unit=unit, reached=bool(reached_tiers),
        have=count, need=next_tier.at if next_tier else None, capped=capped, uncapped_amount=uncapped,
        next_tier=next_tier, to_next=next_tier.at - count if next_tier else None,
        value_specified=specified or unit in NON_ADDITIVE_UNITS, matching=matching,
    )


Selections = Mapping[tuple[str, str], frozenset[str]]
"""(recognizer id, rule id) → the credential ids the rule selects."""


def rule_selections(catalog: Catalog) -> dict[tuple[str, str], frozenset[str]]:
    """Every rule's selection, computed once per catalog (selection scans the credentials)."""
    groups = credential_groups(catalog)
    everything = frozenset(catalog.credentials)  # shared by every catalog-wide rule, not copied per rule
    return {(recognizer.id, rule.id): everything if is_catalog_wide(rule)
            else frozenset(selected_credentials(rule, catalog, groups))
            for recognizer in catalog.recognizers.values() for rule in recognizer.recognitions}


def evaluate_portfolio(portfolio: Portfolio, catalog: Catalog,
                       selections: Selections | None = None) -> tuple[Result, ...]:
    """Every rule selecting one of the portfolio's earned or pursued credentials, by recognizer, then rule.

    Pass `selections` (from `rule_selections`) when evaluating many portfolios of one catalog.
    """
    if selections is None:
        selections = rule_selections(catalog)
    held = {award.credential for award in portfolio.earned} | {p.credential for p in portfolio.pursuing}
    dates = earned_dates(portfolio.earned)
    results: list[Result] = []
    for recognizer_id in sorted(catalog.recognizers):
        recognizer = catalog.recognizers[recognizer_id]
        for rule in sorted(recognizer.recognitions, key=lambda r: r.id):
            selected = selections[(recognizer.id, rule.id)]
            if not held.isdisjoint(selected):
                results.append(_evaluate(recognizer, rule, portfolio, catalog, selected, dates))
    return tuple(results)


def portfolio_results_json(portfolio: Portfolio, catalog: Catalog,
                           results: tuple[Result, ...] | None = None) -> dict[str, object]:
    """`{"portfolio": id, "results": [...]}`, the shape of `sitegen value --json` and portfolio.json."""
    if results is None:
        results = evaluate_portfolio(portfolio, catalog)
    return {"portfolio": portfolio.id, "results": [result.as_json() for result in results]}
