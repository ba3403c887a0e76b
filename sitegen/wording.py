"""Recognition in words: what a rule is worth and what a portfolio reached, phrased for pages (pure).

Phrased in the pages' language (`tr`, English by default). The calculator's calculator-rules.js composes what a
holding reaches from the same msgids (sitegen/plan/scriptwords.py lists them for its pages); keep both in step
(tests/browser/calculator_check.py compares them, in English and in Spanish)."""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Sequence

from sitegen.i18n import N_, Nn_, date_words
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


def result_words(result: Result, rule: Rule, catalog: Catalog, tr: gettext.NullTranslations = ENGLISH) -> str:
    """What a portfolio reached under one rule, in a sentence for its page, in the language of `tr`."""
    if result.basis == "stack-completion":
        return _stack_result(result, rule, tr)
    if result.basis == "threshold":
        return _threshold_result(result, rule, tr)
    return _per_credential_result(result, rule, tr)


def _capped(result: Result, rule: Rule, tr: gettext.NullTranslations) -> str:
    if result.capped and rule.max_total is not None:
        return tr.gettext("capped at %(amount)s in all") % {"amount": _bare_amount(rule.max_total, rule.unit)}
    return ""


def _per_credential_result(result: Result, rule: Rule, tr: gettext.NullTranslations) -> str:
    if not result.counted and not result.held_back:
        if rule.unit == "eligibility":
            return tr.gettext("Not yet eligible: no matching credential earned")
        return tr.gettext("No matching credential earned yet")
    notes = [tr.ngettext("%(num)s credential counted", "%(num)s credentials counted", len(result.counted))
             % {"num": number_words(len(result.counted))}]
    if result.held_back and rule.max_per_year is not None:
        notes.append(tr.gettext("%(num)s held back by the %(cap)s-a-year cap") % {
            "num": number_words(len(result.held_back)), "cap": number_words(rule.max_per_year)})
    if capped := _capped(result, rule, tr):
        notes.append(capped)
    detail = "; ".join(notes)
    if rule.unit == "eligibility":
        if result.reached:
            return tr.gettext("Eligible for %(purpose)s (%(detail)s)") % {"purpose": _purpose(rule, tr),
                                                                          "detail": detail}
        return tr.gettext("Not yet eligible (%(detail)s)") % {"detail": detail}
    if result.amount is None:
        return tr.gettext("Recognized, value not specified (%(detail)s)") % {"detail": detail}
    if result.unit == "usd" and _permanent(rule) is False and len(result.counted) > 1:
        return tr.gettext("$%(amount)s in one-time payments (%(detail)s)") % {
            "amount": number_words(result.amount), "detail": detail}
    return f"{quantity_words(result.amount, result.unit, _permanent(rule), tr)} ({detail})"


def _stack_result(result: Result, rule: Rule, tr: gettext.NullTranslations) -> str:
    if result.need is not None and result.have < result.need:
        return tr.gettext("%(have)s / %(need)s credentials of the stack") % {
            "have": number_words(result.have), "need": number_words(result.need)}
    day = _day(result.completed_on, tr) if result.completed_on is not None else None
    if not result.reached and result.completed_on is None and (rule.effective_from or rule.effective_until):
        # The calculator, given no earned date for some of the stack, knows only that it was completed
        # outside the rule's dates.
        return tr.gettext("Stack complete %(window)s: not recognized under this rule") % {
            "window": _window(rule, tr)}
    if not result.reached and result.completed_on is not None:
        if rule.effective_until is not None and result.completed_on > rule.effective_until:
            return tr.gettext("Stack complete on %(date)s, after the rule ended on %(until)s: not recognized "
                              "under this rule") % {"date": day, "until": _day(rule.effective_until, tr)}
        if rule.effective_from is not None:
            return tr.gettext("Stack complete on %(date)s, before the rule took effect on %(start)s: not "
                              "recognized under this rule") % {"date": day, "start": _day(rule.effective_from, tr)}
    if rule.unit == "eligibility":
        value = tr.gettext("eligible for %(purpose)s") % {"purpose": _purpose(rule, tr)}
    elif result.amount is None:
        value = tr.gettext("recognized, value not specified")
    else:
        value = quantity_words(result.amount, result.unit, _permanent(rule), tr)
        if capped := _capped(result, rule, tr):
            value += f" ({capped})"
    if day is None:
        return tr.gettext("Stack complete: %(value)s") % {"value": value}
    return tr.gettext("Stack complete on %(date)s: %(value)s") % {"date": day, "value": value}


def _day(day: dt.date, tr: gettext.NullTranslations) -> str:
    """A date inside a sentence of `tr`'s language: ISO in English (as sitegen always wrote it), else the
    language's long form by Babel ("27 de abril de 2018"; calculator-rules.js's dayWords writes the same)."""
    language = tr.info().get("language")
    return date_words(day, language) if language else day.isoformat()


def _window(rule: Rule, tr: gettext.NullTranslations = ENGLISH) -> str:
    """`outside 2019-01-01 to 2021-12-31`, `before 2019-01-01`, `after 2021-12-31`."""
    start, until = rule.effective_from, rule.effective_until
    if start and until:
        return tr.gettext("outside %(start)s to %(until)s, the dates this rule counts") % {
            "start": _day(start, tr), "until": _day(until, tr)}
    if start:
        return tr.gettext("before the rule took effect on %(start)s") % {"start": _day(start, tr)}
    assert until is not None
    return tr.gettext("after the rule ended on %(until)s") % {"until": _day(until, tr)}


def _threshold_result(result: Result, rule: Rule, tr: gettext.NullTranslations) -> str:
    have = _credentials(result.have, tr)
    upcoming = result.next_tier
    to_next = number_words(result.to_next) if result.to_next is not None else ""

    def more(goal: str) -> str:
        return tr.gettext("%(have)s: %(more)s more to reach %(goal)s") % {"have": have, "more": to_next,
                                                                          "goal": goal}
    if rule.unit == "eligibility":
        if not result.reached and upcoming is not None:
            return more(tr.gettext("eligibility for %(purpose)s") % {"purpose": _purpose(rule, tr)})
        reached = tr.gettext("eligible for %(purpose)s") % {"purpose": _purpose(rule, tr)}
    elif result.amount is None:
        if not result.reached and upcoming is not None:
            return more(tr.gettext("recognition at %(credentials)s") % {"credentials": _credentials(upcoming.at, tr)})
        reached = tr.gettext("recognized, value not specified")
    else:
        if not result.reached and upcoming is not None:
            if upcoming.amount is None:
                return more(tr.gettext("the first tier"))
            return more(quantity_words(upcoming.amount, result.unit, None, tr))
        reached = tr.gettext("%(value)s reached") % {"value": quantity_words(result.amount, result.unit, None, tr)}
        if capped := _capped(result, rule, tr):
            reached += f" ({capped})"
    if upcoming is None:
        if len(rule.tiers) > 1:
            return tr.gettext("%(have)s: %(reached)s; every tier reached") % {"have": have, "reached": reached}
        return f"{have}: {reached}"
    if upcoming.amount is None or rule.unit == "eligibility" or result.amount is None:
        goal = tr.gettext("the next tier")
    elif rule.unit in ("usd", "percent-salary"):
        goal = tr.gettext("the next %(amount)s") % {"amount": _bare_amount(upcoming.amount, rule.unit)}
    else:
        goal = tr.gettext("the next %(amount)s") % {"amount": quantity_words(upcoming.amount, rule.unit, None, tr)}
    return tr.gettext("%(have)s: %(reached)s; %(more)s more to reach %(goal)s") % {
        "have": have, "reached": reached, "more": to_next, "goal": goal}


def result_short(result: Result, tr: gettext.NullTranslations = ENGLISH) -> tuple[str, str]:
    """What a portfolio reached under one rule and its next goal, each in a few words, for the compact table of
    catalog-wide results: (`8%`, `3 more: 4%`), (`40 h`, ``), (`not yet`, `2 / 3`)."""
    if result.amount is not None and result.reached:
        reached = short_quantity(result.amount, result.unit)
    else:
        reached = tr.gettext("reached") if result.reached else tr.gettext("not yet")
    if result.held_back:
        reached += tr.gettext(" (%(num)s held back by a cap)") % {"num": len(result.held_back)}
    upcoming = ""
    if result.basis == "threshold" and result.next_tier is not None and result.to_next is not None:
        tier = result.next_tier
        if tier.amount is not None and result.unit != "eligibility":
            upcoming = tr.gettext("%(num)s more: %(goal)s") % {"num": number_words(result.to_next),
                                                               "goal": short_quantity(tier.amount, result.unit)}
        else:
            upcoming = tr.gettext("%(num)s more") % {"num": number_words(result.to_next)}
    elif result.basis == "stack-completion" and result.need is not None and result.have < result.need:
        upcoming = f"{result.have} / {result.need}"
    return reached, upcoming
