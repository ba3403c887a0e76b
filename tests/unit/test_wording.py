"""Recognition values and results in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from sitegen.model import (
    AppliesTo,
    Award,
    Catalog,
    Credential,
    Portfolio,
    Recognizer,
    Rule,
    SiteConfig,
    Stack,
    Tier,
    Value,
)
from sitegen.recognition import evaluate_rule
from sitegen.wording import (
    number_words,
    plural,
    quantity_words,
    result_words,
    rule_value_short,
    rule_value_words,
)

IDS = [f"c{i:02d}" for i in range(40)]
CATALOG = Catalog(
    site=SiteConfig(title="T", base_url="https://example.org/"), content_dir="/x", issuers={},
    competencies={}, rubrics={},
    credentials={cid: Credential(id=cid, title=cid, issuer="i", competencies=("k",), summary="s",
                                 path=f"credentials/{cid}.md") for cid in IDS},
    stacks={
        "mineola": Stack(id="mineola", title="Mineola teacher growth", credentials=("c00", "c01", "c02"),
                         path="stacks/mineola.md"),
        "etl": Stack(id="etl", title="Emerging Teacher Leader", credentials=("c00", "c01", "c02", "c03"),
                     path="stacks/etl.md"),
    },
    recognizers={}, portfolios={},
)
WA = Recognizer(id="wa", kind="state", name="Washington", state="wa")
PERCENT_TIERS = (Tier(15, 4, "percent-salary", True), Tier(30, 4, "percent-salary", True))


def rule(*, basis: str = "per-credential", amount: float | None = None, unit: str | None = None,
         permanent: bool | None = None, no_value: bool = False, max_per_year: int | None = None,
         max_total: float | None = None, stack: str | None = None, tiers: Sequence[Tier] = (),
         purpose: str = "license-renewal", start: str | None = None, until: str | None = None) -> Rule:
    return Rule(id="r", applies_to=AppliesTo(all=True), purpose=purpose, basis=basis,
                value=None if no_value else Value(amount, unit, permanent), max_per_year=max_per_year,
                max_total=max_total, stack=stack, tiers=tuple(tiers),
                effective_from=dt.date.fromisoformat(start) if start else None,
                effective_until=dt.date.fromisoformat(until) if until else None)


def earned(n: int, day: str = "2019-01-01") -> Portfolio:
    return Portfolio(id="p", name="P", path="p/portfolio.yaml", folder="/p",
                     earned=tuple(Award(IDS[i], dt.date.fromisoformat(day)) for i in range(n)))


def words(r: Rule, portfolio: Portfolio) -> str:
    return result_words(evaluate_rule(WA, r, portfolio, CATALOG), r, CATALOG)


def mineola(start: str | None = None, until: str | None = None) -> Rule:
    return rule(basis="stack-completion", stack="mineola", amount=500, unit="usd", permanent=True,
                start=start, until=until)


def threshold(tiers: Sequence[Tier], purpose: str = "license-renewal") -> Rule:
    return rule(basis="threshold", no_value=True, tiers=tiers, purpose=purpose)


MINEOLA = mineola()
LEADER = (Tier(4, None, "eligibility"),)
HOURS = (Tier(2, 10, "clock-hours"), Tier(4, 10, "clock-hours"))
ETL = rule(basis="stack-completion", stack="etl", unit="eligibility", purpose="leadership-pathway")


@pytest.mark.parametrize(("r", "expected"), [
    (rule(amount=20, unit="clock-hours", max_per_year=2),
     "20 clock hours per credential, at most 2 a school year"),
    (rule(amount=1, unit="clock-hours"), "1 clock hour per credential"),
    (rule(amount=0.5, unit="cpd-credits", max_total=15), "0.5 CPD credits per credential, up to 15 in all"),
    (rule(amount=5, unit="pdps", max_per_year=2, max_total=10),
     "5 PDPs per credential, at most 2 a school year, up to 10 in all"),
    (rule(amount=3, unit="renewal-credits"), "3 renewal credits per credential"),
    (rule(amount=1, unit="ceus"), "1 CEU per credential"),
    (rule(amount=1.25, unit="ceus"), "1.25 CEUs per credential"),
    (rule(amount=30, unit="contact-units"), "30 contact units per credential"),
    (rule(amount=1, unit="graduate-credits"), "1 graduate credit per credential"),
    (rule(amount=1000, unit="usd", permanent=False, max_total=2000),
     "$1,000 one-time payment per credential, up to $2,000 in all"),
    (rule(amount=200, unit="usd", permanent=True), "$200 permanent raise per credential"),
    (rule(amount=200, unit="usd"), "$200 per credential"),
    (rule(amount=4, unit="percent-salary", permanent=True), "4% permanent salary increase per credential"),
    (rule(no_value=True), "Recognized, value not specified"),
    (rule(unit="clock-hours"), "Recognized, value not specified"),
    (rule(no_value=True, max_per_year=2), "Recognized, value not specified, at most 2 a school year"),
    (rule(unit="eligibility", purpose="endorsement"),
     "Eligibility for an endorsement on earning a matching credential"),
    (rule(basis="threshold", no_value=True, tiers=PERCENT_TIERS),
     "4% permanent salary increase at 15 and again at 30 credentials"),
    (rule(basis="threshold", no_value=True, tiers=(Tier(15, 4, "percent-salary"),)),
     "4% salary increase at 15 credentials"),
    (rule(basis="threshold", no_value=True,
          tiers=(Tier(5, 200, "usd", True), Tier(10, 400, "usd", True))),
     "$200 permanent raise at 5 credentials, then $400 permanent raise at 10 credentials"),
    (threshold(LEADER, purpose="leadership-pathway"),
     "Eligibility for a leadership pathway at 4 credentials"),
    (rule(basis="threshold", no_value=True, tiers=(Tier(1, None, "clock-hours"),)),
     "Recognized at 1 credential, value not specified"),
    (MINEOLA, "$500 permanent raise on completing the stack Mineola teacher growth"),
    (ETL, "Eligibility for a leadership pathway on completing the stack Emerging Teacher Leader"),
    (rule(basis="stack-completion", stack="etl", no_value=True),
     "Recognized on completing the stack Emerging Teacher Leader, value not specified"),
])
def test_rule_value_words(r: Rule, expected: str) -> None:
    assert rule_value_words(r, CATALOG) == expected


@pytest.mark.parametrize(("r", "expected"), [
    (rule(amount=20, unit="clock-hours"), "20 h"),
    (rule(amount=5, unit="pdps"), "5 PDP"),
    (rule(amount=0.5, unit="cpd-credits"), "0.5 CPD"),
    (rule(amount=3, unit="renewal-credits"), "3 RC"),
    (rule(amount=1, unit="ceus"), "1 CEU"),
    (rule(amount=30, unit="contact-units"), "30 CU"),
    (rule(amount=3, unit="graduate-credits"), "3 GC"),
    (rule(amount=1000, unit="usd"), "$1,000"),
    (rule(amount=4, unit="percent-salary"), "4%"),
    (MINEOLA, "$500"),
    (ETL, "✓ stack"),
    (rule(basis="threshold", no_value=True, tiers=PERCENT_TIERS), "4%@15"),
    (rule(basis="threshold", no_value=True, tiers=(Tier(4, None, "eligibility"),)), "✓@4"),
    (rule(no_value=True), "✓"),
    (rule(unit="eligibility"), "✓"),
])
def test_rule_value_short(r: Rule, expected: str) -> None:
    assert rule_value_short(r) == expected


def test_result_per_credential_with_held_back() -> None:
    portfolio = Portfolio(id="p", name="P", path="p", folder="/p", earned=(
        Award("c00", dt.date(2019, 9, 1)), Award("c01", dt.date(2019, 10, 1)),
        Award("c02", dt.date(2020, 1, 1))))
    r = rule(amount=20, unit="clock-hours", max_per_year=2)
    assert words(r, portfolio) == "40 clock hours (2 credentials counted; 1 held back by the 2-a-year cap)"


@pytest.mark.parametrize(("r", "n", "expected"), [
    (rule(amount=20, unit="clock-hours"), 0, "No matching credential earned yet"),
    (rule(amount=1, unit="clock-hours"), 1, "1 clock hour (1 credential counted)"),
    (rule(amount=0.5, unit="cpd-credits", max_total=15), 40,
     "15 CPD credits (40 credentials counted; capped at 15 in all)"),
    (rule(amount=1000, unit="usd", permanent=False, max_total=2000), 3,
     "$2,000 in one-time payments (3 credentials counted; capped at $2,000 in all)"),
    (rule(amount=200, unit="usd", permanent=True), 2, "$400 permanent raise (2 credentials counted)"),
    (rule(no_value=True), 2, "Recognized, value not specified (2 credentials counted)"),
    (rule(unit="eligibility", purpose="endorsement"), 1,
     "Eligible for an endorsement (1 credential counted)"),
    (rule(unit="eligibility", purpose="endorsement"), 0, "Not yet eligible: no matching credential earned"),
    (rule(basis="threshold", no_value=True, tiers=PERCENT_TIERS), 15,
     "15 credentials: 4% salary increase reached; 15 more to reach the next 4%"),
    (rule(basis="threshold", no_value=True, tiers=PERCENT_TIERS), 16,
     "16 credentials: 4% salary increase reached; 14 more to reach the next 4%"),
    (rule(basis="threshold", no_value=True, tiers=PERCENT_TIERS), 3,
     "3 credentials: 12 more to reach 4% salary increase"),
    (rule(basis="threshold", no_value=True, tiers=PERCENT_TIERS), 30,
     "30 credentials: 8% salary increase reached; every tier reached"),
    (rule(basis="threshold", no_value=True, tiers=(Tier(5, 200, "usd"), Tier(10, 400, "usd"))), 7,
     "7 credentials: $200 reached; 3 more to reach the next $400"),
    (threshold(HOURS), 1,
     "1 credential: 1 more to reach 10 clock hours"),
    (threshold(HOURS), 2,
     "2 credentials: 10 clock hours reached; 2 more to reach the next 10 clock hours"),
    (threshold(LEADER, purpose="leadership-pathway"), 2,
     "2 credentials: 2 more to reach eligibility for a leadership pathway"),
    (threshold(LEADER, purpose="leadership-pathway"), 4,
     "4 credentials: eligible for a leadership pathway"),
    (rule(basis="threshold", no_value=True, tiers=(Tier(1, None, "clock-hours"),)), 0,
     "0 credentials: 1 more to reach recognition at 1 credential"),
    (rule(basis="threshold", no_value=True, tiers=(Tier(1, None, "clock-hours"),)), 1,
     "1 credential: recognized, value not specified"),
    (MINEOLA, 2, "2 / 3 credentials of the stack"),
    (ETL, 4, "Stack complete on 2019-01-01: eligible for a leadership pathway"),
    (rule(basis="stack-completion", stack="etl", no_value=True), 4,
     "Stack complete on 2019-01-01: recognized, value not specified"),
    (mineola(until="2018-06-30"), 3,
     "Stack complete on 2019-01-01, after the rule ended on 2018-06-30: not recognized under this rule"),
    (mineola(start="2020-06-30"), 3,
     "Stack complete on 2019-01-01, before the rule took effect on 2020-06-30: "
     "not recognized under this rule"),
])
def test_result_words(r: Rule, n: int, expected: str) -> None:
    assert words(r, earned(n)) == expected


def test_result_stack_complete() -> None:
    portfolio = Portfolio(id="p", name="P", path="p", folder="/p", earned=(
        Award("c02", dt.date(2019, 5, 14)), Award("c00", dt.date(2018, 9, 1)),
        Award("c01", dt.date(2019, 1, 1))))
    assert words(MINEOLA, portfolio) == "Stack complete on 2019-05-14: $500 permanent raise"


@pytest.mark.parametrize(("amount", "unit", "permanent", "expected"), [
    (1, "clock-hours", None, "1 clock hour"),
    (2, "clock-hours", None, "2 clock hours"),
    (0.5, "cpd-credits", None, "0.5 CPD credits"),
    (12500, "usd", None, "$12,500"),
    (500, "usd", False, "$500 one-time payment"),
    (4, "percent-salary", False, "4% one-time salary payment"),
    (40.0, "pdps", None, "40 PDPs"),
    (1, "eligibility", None, "eligibility"),
])
def test_quantity_words(amount: float, unit: str, permanent: bool | None, expected: str) -> None:
    assert quantity_words(amount, unit, permanent) == expected


def test_numbers_and_plurals() -> None:
    assert [number_words(x) for x in (40.0, 0.30000000000000004, 1234567, 2.5, 1.23456)] == [
        "40", "0.3", "1,234,567", "2.5", "1.2346"]
    assert plural(1, "credential") == "1 credential"
    assert plural(1.0, "credential") == "1 credential"
    assert plural(0, "credential") == "0 credentials"
    assert plural(2, "PDP") == "2 PDPs"


# --- in Spanish ----------------------------------------------------------------------------------

SPANISH_VALUES = [
    (rule(amount=20, unit="clock-hours", max_per_year=2),
     "20 horas reloj por credencial, como máximo 2 por año escolar"),
    (rule(amount=1, unit="clock-hours"), "1 hora reloj por credencial"),
    (rule(amount=500, unit="usd", permanent=True), "aumento permanente de $500 por credencial"),
    (rule(basis="threshold", unit="percent-salary", tiers=PERCENT_TIERS),
     "aumento salarial permanente del 4% con 15 y de nuevo con 30 credenciales"),
    (rule(basis="stack-completion", unit="eligibility", stack="etl", purpose="leadership-pathway"),
     "Derecho a un itinerario de liderazgo al completar el conjunto Emerging Teacher Leader"),
    (rule(no_value=True), "Reconocida, valor no especificado"),
]


@pytest.mark.parametrize(("recognition", "words"), SPANISH_VALUES)
def test_rule_values_in_spanish(recognition: Rule, words: str) -> None:
    from sitegen.i18n import translations

    assert rule_value_words(recognition, CATALOG, translations("es")) == words


def test_english_is_the_default_and_unchanged() -> None:
    from sitegen.i18n import translations

    recognition = rule(amount=20, unit="clock-hours", max_per_year=2)
    assert rule_value_words(recognition, CATALOG) == rule_value_words(recognition, CATALOG, translations("en"))
    assert rule_value_words(recognition, CATALOG) == "20 clock hours per credential, at most 2 a school year"


def test_results_in_spanish() -> None:
    from sitegen.i18n import translations

    recognition = rule(basis="threshold", no_value=True, tiers=PERCENT_TIERS)
    result = evaluate_rule(WA, recognition, earned(16), CATALOG)
    english = result_words(result, recognition, CATALOG)
    spanish = result_words(result, recognition, CATALOG, translations("es"))
    assert english == "16 credentials: 4% salary increase reached; 14 more to reach the next 4%"
    assert spanish == ("16 credenciales: aumento salarial del 4% alcanzado; faltan 14 para alcanzar "
                       "el siguiente nivel (4%)"), spanish
