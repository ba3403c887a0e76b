"""Recognition in words: what a rule is worth and what a portfolio reached, phrased for pages (pure).

What a rule is worth is phrased in the pages' language (`tr`, English by default); what a portfolio reached is
English only for now (issue 19)."""

from __future__ import annotations

import gettext
from collections.abc import Sequence

from sitegen.i18n import N_, Nn_
from sitegen.model import Catalog, Rule, Tier
from sitegen.recognition import Amount, Result, tidy_amount

ENGLISH = gettext.NullTranslations()
"""The translation of sitegen's English phrases into English: the identity."""

UNIT_WORDS: dict[str, tuple[str, str, str]] = {
    # unit: (singular, plural, short for matrix cells)
    "clock-hours": ("clock hour", "clock hours", "h"),
    "ceus": ("CEU", "CEUs", "CEU"),
    "renewal-credits": ("renewal credit", "renewal credits", "RC"),
    "pdps": ("PDP", "PDPs", "PDP"),
    "cpd-credits": ("CPD credit", "CPD credits", "CPD"),
    "contact-units": ("contact unit", "contact units", "CU"),
    "graduate-credits": ("graduate credit", "graduate credits", "GC"),
}

UNIT_PHRASES: dict[str, tuple[str, str]] = {
    # the amounts of UNIT_WORDS in a sentence, to translate
    "clock-hours": Nn_("%(num)s clock hour", "%(num)s clock hours"),
    "ceus": Nn_("%(num)s CEU", "%(num)s CEUs"),
    "renewal-credits": Nn_("%(num)s renewal credit", "%(num)s renewal credits"),
    "pdps": Nn_("%(num)s PDP", "%(num)s PDPs"),
    "cpd-credits": Nn_("%(num)s CPD credit", "%(num)s CPD credits"),
    "contact-units": Nn_("%(num)s contact unit", "%(num)s contact units"),
    "graduate-credits": Nn_("%(num)s graduate credit", "%(num)s graduate credits"),
}

PURPOSE_WORDS: dict[str, str] = {
    "license-renewal": N_("license renewal"),
    "salary": N_("salary advancement"),
    "stipend": N_("a stipend"),
    "masters-equivalency": N_("master's equivalency"),
    "leadership-pathway": N_("a leadership pathway"),
    "pd-requirement": N_("the professional development requirement"),
    "endorsement": N_("an endorsement"),
    "graduate-credit": N_("graduate credit"),
    "licensure": N_("licensure"),
}

NOT_SPECIFIED = "value not specified"


def number_words(amount: Amount) -> str:
    """A number as people write it: 40, 0.5, 1,000, 12.25 (at most 4 decimals)."""
    tidy = tidy_amount(amount)
    if isinstance(tidy, int):
        return f"{tidy:,}"
    return f"{tidy:,.4f}".rstrip("0").rstrip(".")


def plural(count: Amount, singular: str, plural_form: str | None = None) -> str:
    """`1 credential`, `2 credentials`, `0.5 CPD credits`."""
    word = singular if tidy_amount(count) == 1 else (plural_form or singular + "s")
    return f"{number_words(count)} {word}"


def quantity_words(amount: Amount, unit: str | None, permanent: bool | None = None,
                   tr: gettext.NullTranslations = ENGLISH) -> str:
    """An amount in its unit: `20 clock hours`, `$500 permanent raise`, `4% salary increase`."""
    number = number_words(amount)
    if unit == "usd":
        money = {True: N_("$%(amount)s permanent raise"), False: N_("$%(amount)s one-time payment"),
                 None: N_("$%(amount)s")}[permanent]
        return tr.gettext(money) % {"amount": number}
    if unit == "percent-salary":
        share = {True: N_("%(amount)s%% permanent salary increase"), False: N_("%(amount)s%% one-time salary payment"),
                 None: N_("%(amount)s%% salary increase")}[permanent]
        return tr.gettext(share) % {"amount": number}
    if unit == "eligibility":
        return tr.gettext("eligibility")
    if unit in UNIT_PHRASES:
        singular, plural_form = UNIT_PHRASES[unit]
        return tr.ngettext(singular, plural_form, 1 if tidy_amount(amount) == 1 else 2) % {"num": number}
    return number


def short_quantity(amount: Amount, unit: str | None) -> str:
    """An amount for a matrix cell: `20 h`, `0.5 CPD`, `$500`, `4%`."""
    if unit == "usd":
        return f"${number_words(amount)}"
    if unit == "percent-salary":
        return f"{number_words(amount)}%"
    if unit in UNIT_WORDS:
        return f"{number_words(amount)} {UNIT_WORDS[unit][2]}"
    return number_words(amount)


def _bare_amount(amount: Amount, unit: str | None) -> str:
    """A cap or a next goal without the unit's words where the sign says it: `$1,000`, `8%`, `15`."""
    return short_quantity(amount, unit) if unit in ("usd", "percent-salary") else number_words(amount)


def _purpose(rule: Rule, tr: gettext.NullTranslations = ENGLISH) -> str:
    words = PURPOSE_WORDS.get(rule.purpose)
    return tr.gettext(words) if words is not None else rule.purpose.replace("-", " ")


def _stack_title(rule: Rule, catalog: Catalog) -> str:
    stack = catalog.stacks.get(rule.stack or "")
    return stack.title if stack is not None else (rule.stack or "")


def _value_amount(rule: Rule) -> Amount | None:
    return rule.value.amount if rule.value is not None else None


def _permanent(rule: Rule) -> bool | None:
    return rule.value.permanent if rule.value is not None else None


def _caps(rule: Rule, with_total: bool = True, tr: gettext.NullTranslations = ENGLISH) -> str:
    parts = []
    if rule.max_per_year is not None:
        parts.append(tr.gettext(", at most %(num)s a school year") % {"num": number_words(rule.max_per_year)})
    if with_total and rule.max_total is not None:
        parts.append(tr.gettext(", up to %(amount)s in all") % {"amount": _bare_amount(rule.max_total, rule.unit)})
    return "".join(parts)


def _join_again(ats: Sequence[int], tr: gettext.NullTranslations = ENGLISH) -> str:
    """`15`, `15 and again at 30`, `15, 30 and again at 45`."""
    words = [number_words(at) for at in ats]
    if len(words) == 1:
        return words[0]
    return tr.gettext("%(earlier)s and again at %(last)s") % {"earlier": ", ".join(words[:-1]), "last": words[-1]}


def _credentials(count: int, tr: gettext.NullTranslations = ENGLISH) -> str:
    return tr.ngettext("%(num)s credential", "%(num)s credentials", count) % {"num": number_words(count)}


def rule_value_words(rule: Rule, catalog: Catalog, tr: gettext.NullTranslations = ENGLISH) -> str:
    """What a rule is worth, in a sentence fragment for pages, in the language of `tr`."""
    unit = rule.unit
    caps = _caps(rule, False, tr)
    if rule.basis == "stack-completion":
        title = _stack_title(rule, catalog)
        if unit == "eligibility":
            return tr.gettext("Eligibility for %(purpose)s on completing the stack %(stack)s") % {
                "purpose": _purpose(rule, tr), "stack": title}
        amount = _value_amount(rule)
        if amount is None:
            return tr.gettext("Recognized on completing the stack %(stack)s, value not specified") % {"stack": title}
        return tr.gettext("%(value)s on completing the stack %(stack)s") % {
            "value": quantity_words(amount, unit, _permanent(rule), tr), "stack": title}
    if rule.basis == "threshold":
        return _threshold_words(rule, tr)
    if unit == "eligibility":
        return tr.gettext("Eligibility for %(purpose)s on earning a matching credential%(caps)s") % {
            "purpose": _purpose(rule, tr), "caps": caps}
    amount = _value_amount(rule)
    if amount is None:
        return tr.gettext("Recognized, value not specified%(caps)s") % {"caps": caps}
    return tr.gettext("%(value)s per credential%(caps)s") % {
        "value": quantity_words(amount, unit, _permanent(rule), tr), "caps": _caps(rule, True, tr)}


def _threshold_words(rule: Rule, tr: gettext.NullTranslations) -> str:
    tiers = rule.tiers
    unit = rule.unit
    ats = [tier.at for tier in tiers]
    one = 1 if ats == [1] else 2
    counts = _join_again(ats, tr)
    if unit == "eligibility":
        return tr.ngettext("Eligibility for %(purpose)s at %(counts)s credential",
                           "Eligibility for %(purpose)s at %(counts)s credentials", one) % {
            "purpose": _purpose(rule, tr), "counts": counts}
    if all(tier.amount is None for tier in tiers):
        return tr.ngettext("Recognized at %(counts)s credential, value not specified",
                           "Recognized at %(counts)s credentials, value not specified", one) % {"counts": counts}
    if len({(tier.amount, tier.permanent) for tier in tiers}) == 1:
        first = tiers[0]
        assert first.amount is not None
        phrase = tr.ngettext("%(value)s at %(counts)s credential", "%(value)s at %(counts)s credentials", one) % {
            "value": quantity_words(first.amount, unit, first.permanent, tr), "counts": counts}
    else:
        phrase = tr.gettext(", then ").join(_tier_words(tier, tr) for tier in tiers)
    return phrase + _caps(rule, True, tr)


def _tier_words(tier: Tier, tr: gettext.NullTranslations = ENGLISH) -> str:
    at = _credentials(tier.at, tr)
    if tier.amount is None:
        return tr.gettext("recognition at %(credentials)s") % {"credentials": at}
    return tr.gettext("%(value)s at %(credentials)s") % {
        "value": quantity_words(tier.amount, tier.unit, tier.permanent, tr), "credentials": at}


def rule_value_short(rule: Rule, tr: gettext.NullTranslations = ENGLISH) -> str:
    """What a rule is worth, in a few characters for the recognition matrix."""
    unit = rule.unit
    if rule.basis == "threshold":
        first = rule.tiers[0] if rule.tiers else None
        if first is None:
            return "✓"
        if first.amount is None or unit == "eligibility":
            return f"✓@{first.at}"
        return f"{short_quantity(first.amount, unit)}@{first.at}"
    amount = _value_amount(rule)
    if amount is None or unit == "eligibility":
        return tr.gettext("✓ stack") if rule.basis == "stack-completion" else "✓"
    return short_quantity(amount, unit)


def result_words(result: Result, rule: Rule, catalog: Catalog) -> str:
    """What a portfolio reached under one rule, in a sentence for its page."""
    if result.basis == "stack-completion":
        return _stack_result(result, rule)
    if result.basis == "threshold":
        return _threshold_result(result, rule)
    return _per_credential_result(result, rule)


def _capped(result: Result, rule: Rule) -> str:
    if result.capped and rule.max_total is not None:
        return f"capped at {_bare_amount(rule.max_total, rule.unit)} in all"
    return ""


def _per_credential_result(result: Result, rule: Rule) -> str:
    if not result.counted and not result.held_back:
        if rule.unit == "eligibility":
            return "Not yet eligible: no matching credential earned"
        return "No matching credential earned yet"
    notes = [f"{_credentials(len(result.counted))} counted"]
    if result.held_back and rule.max_per_year is not None:
        notes.append(f"{number_words(len(result.held_back))} held back by the "
                     f"{number_words(rule.max_per_year)}-a-year cap")
    if capped := _capped(result, rule):
        notes.append(capped)
    detail = "; ".join(notes)
    if rule.unit == "eligibility":
        lead = f"Eligible for {_purpose(rule)}" if result.reached else "Not yet eligible"
        return f"{lead} ({detail})"
    if result.amount is None:
        return f"Recognized, {NOT_SPECIFIED} ({detail})"
    if result.unit == "usd" and _permanent(rule) is False and len(result.counted) > 1:
        return f"${number_words(result.amount)} in one-time payments ({detail})"
    return f"{quantity_words(result.amount, result.unit, _permanent(rule))} ({detail})"


def _stack_result(result: Result, rule: Rule) -> str:
    if result.need is not None and result.have < result.need:
        return f"{number_words(result.have)} / {number_words(result.need)} credentials of the stack"
    when = f" on {result.completed_on.isoformat()}" if result.completed_on is not None else ""
    if not result.reached and result.completed_on is None and (rule.effective_from or rule.effective_until):
        # The calculator, given no earned date for some of the stack, knows only that it was completed
        # outside the rule's dates.
        return f"Stack complete {_window(rule)}: not recognized under this rule"
    if not result.reached and result.completed_on is not None:
        if rule.effective_until is not None and result.completed_on > rule.effective_until:
            return (f"Stack complete{when}, after the rule ended on {rule.effective_until.isoformat()}: "
                    "not recognized under this rule")
        if rule.effective_from is not None:
            return (f"Stack complete{when}, before the rule took effect on "
                    f"{rule.effective_from.isoformat()}: not recognized under this rule")
    if rule.unit == "eligibility":
        value = f"eligible for {_purpose(rule)}"
    elif result.amount is None:
        value = f"recognized, {NOT_SPECIFIED}"
    else:
        value = quantity_words(result.amount, result.unit, _permanent(rule))
        if capped := _capped(result, rule):
            value += f" ({capped})"
    return f"Stack complete{when}: {value}"


def _window(rule: Rule) -> str:
    """`outside 2019-01-01 to 2021-12-31`, `before 2019-01-01`, `after 2021-12-31`."""
    start, until = rule.effective_from, rule.effective_until
    if start and until:
        return f"outside {start.isoformat()} to {until.isoformat()}, the dates this rule counts"
    if start:
        return f"before the rule took effect on {start.isoformat()}"
    assert until is not None
    return f"after the rule ended on {until.isoformat()}"


def _threshold_result(result: Result, rule: Rule) -> str:
    lead = f"{_credentials(result.have)}: "
    upcoming = result.next_tier
    to_next = number_words(result.to_next) if result.to_next is not None else ""
    if rule.unit == "eligibility":
        if not result.reached and upcoming is not None:
            return f"{lead}{to_next} more to reach eligibility for {_purpose(rule)}"
        reached = f"eligible for {_purpose(rule)}"
    elif result.amount is None:
        if not result.reached and upcoming is not None:
            return f"{lead}{to_next} more to reach recognition at {_credentials(upcoming.at)}"
        reached = f"recognized, {NOT_SPECIFIED}"
    else:
        if not result.reached and upcoming is not None:
            if upcoming.amount is None:
                return f"{lead}{to_next} more to reach the first tier"
            return f"{lead}{to_next} more to reach {quantity_words(upcoming.amount, result.unit)}"
        reached = f"{quantity_words(result.amount, result.unit)} reached"
        if capped := _capped(result, rule):
            reached += f" ({capped})"
    if upcoming is None:
        return f"{lead}{reached}; every tier reached" if len(rule.tiers) > 1 else f"{lead}{reached}"
    if upcoming.amount is None or rule.unit == "eligibility" or result.amount is None:
        goal = "the next tier"
    elif rule.unit in ("usd", "percent-salary"):
        goal = f"the next {_bare_amount(upcoming.amount, rule.unit)}"
    else:
        goal = f"the next {quantity_words(upcoming.amount, rule.unit)}"
    return f"{lead}{reached}; {to_next} more to reach {goal}"


def result_short(result: Result) -> tuple[str, str]:
    """What a portfolio reached under one rule and its next goal, each in a few words, for the compact table of
    catalog-wide results: (`8%`, `3 more: 4%`), (`40 h`, ``), (`not yet`, `2 / 3`)."""
    if result.amount is not None and result.reached:
        reached = short_quantity(result.amount, result.unit)
    else:
        reached = "reached" if result.reached else "not yet"
    if result.held_back:
        reached += f" ({len(result.held_back)} held back by a cap)"
    upcoming = ""
    if result.basis == "threshold" and result.next_tier is not None and result.to_next is not None:
        tier = result.next_tier
        goal = (f": {short_quantity(tier.amount, result.unit)}"
                if tier.amount is not None and result.unit != "eligibility" else "")
        upcoming = f"{number_words(result.to_next)} more{goal}"
    elif result.basis == "stack-completion" and result.need is not None and result.have < result.need:
        upcoming = f"{result.have} / {result.need}"
    return reached, upcoming
