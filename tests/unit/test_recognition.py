"""The recognition computation of CONTENT.md, with hand-computed figures."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence

import pytest

from sitegen.model import (
    AppliesTo,
    Award,
    Catalog,
    Credential,
    Issuer,
    Portfolio,
    Pursuit,
    Recognizer,
    Rule,
    SiteConfig,
    Stack,
    Tier,
    Value,
)
from sitegen.recognition import (
    Result,
    evaluate_portfolio,
    evaluate_rule,
    portfolio_results_json,
    school_year,
    selected_credentials,
    tidy_amount,
)

# --- builders ---------------------------------------------------------------------------------


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def credential(cid: str, issuer: str = "pesb", topics: Sequence[str] = ()) -> Credential:
    return Credential(id=cid, title=cid.title(), issuer=issuer, competencies=("c",), summary="s",
                      path=f"credentials/{cid}.md", topics=tuple(topics))


def stack(sid: str, members: Sequence[str], required: int | None = None, title: str = "") -> Stack:
    return Stack(id=sid, title=title or sid.title(), credentials=tuple(members), path=f"stacks/{sid}.md",
                 required=required)


def rule(rid: str = "r", *, basis: str = "per-credential", applies: AppliesTo | None = None,
         amount: float | None = None, unit: str | None = None, permanent: bool | None = None,
         no_value: bool = False, max_per_year: int | None = None, max_total: float | None = None,
         stack_id: str | None = None, tiers: Sequence[Tier] = (), start: str | None = None,
         until: str | None = None, purpose: str = "license-renewal") -> Rule:
    value = None if no_value else Value(amount=amount, unit=unit, permanent=permanent)
    return Rule(id=rid, applies_to=applies or AppliesTo(all=True), purpose=purpose, basis=basis,
                value=value, max_per_year=max_per_year, max_total=max_total, stack=stack_id,
                tiers=tuple(tiers), effective_from=d(start) if start else None,
                effective_until=d(until) if until else None)


def recognizer(rid: str, rules: Iterable[Rule], kind: str = "state") -> Recognizer:
    return Recognizer(id=rid, kind="state" if kind == "state" else "district", name=rid.upper(),
                      state=rid if kind == "state" else "wa", recognitions=tuple(rules))


def award(cid: str, day: str, revoked: bool = False) -> Award:
    return Award(credential=cid, earned=d(day), revoked=revoked)


def portfolio(*awards: Award, pursuing: Sequence[str] = (), pid: str = "avery-example") -> Portfolio:
    return Portfolio(id=pid, name="Avery", path=f"portfolios/{pid}/portfolio.yaml", folder=f"/x/{pid}",
                     earned=tuple(awards), pursuing=tuple(Pursuit(c) for c in pursuing))


def catalog(credentials: Iterable[Credential] = (), stacks: Iterable[Stack] = (),
            recognizers: Iterable[Recognizer] = (), starts: tuple[int, int] = (7, 1)) -> Catalog:
    creds = {c.id: c for c in credentials}
    issuers = {i: Issuer(id=i, name=i.upper(), path=f"issuers/{i}.md")
               for i in sorted({c.issuer for c in creds.values()})}
    return Catalog(
        site=SiteConfig(title="T", base_url="https://example.org/", school_year_starts=starts),
        content_dir="/x", issuers=issuers, competencies={}, rubrics={},
        credentials=dict(sorted(creds.items())), stacks={s.id: s for s in stacks},
        recognizers={r.id: r for r in recognizers}, portfolios={},
    )


def many(n: int, prefix: str = "c") -> list[Credential]:
    return [credential(f"{prefix}{i:02d}") for i in range(n)]


WA = recognizer("wa", ())


def run(r: Rule, p: Portfolio, cat: Catalog) -> Result:
    return evaluate_rule(WA, r, p, cat)


# --- selection --------------------------------------------------------------------------------

SEL_CAT = catalog(
    [credential("a", "pesb", ["cs"]), credential("b", "pesb", ["sel"]), credential("c", "bloomboard", ["cs"]),
     credential("d", "bloomboard", ["math"]), credential("e", "dp", [])],
    stacks=[stack("rwt", ["e", "d", "ghost"])],
)


@pytest.mark.parametrize(("applies", "expected"), [
    (AppliesTo(credentials=("b", "a", "missing")), ("a", "b")),
    (AppliesTo(stacks=("rwt",)), ("d", "e")),
    (AppliesTo(stacks=("no-such-stack",)), ()),
    (AppliesTo(issuers=("bloomboard",)), ("c", "d")),
    (AppliesTo(topics=("cs", "math")), ("a", "c", "d")),
    (AppliesTo(all=True), ("a", "b", "c", "d", "e")),
    (AppliesTo(credentials=("e",), issuers=("pesb",), topics=("math",)), ("a", "b", "d", "e")),
    (AppliesTo(), ()),
])
def test_selected_credentials(applies: AppliesTo, expected: tuple[str, ...]) -> None:
    assert selected_credentials(rule(applies=applies), SEL_CAT) == expected


# --- school years -----------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "starts", "year"), [
    ("2020-06-30", (7, 1), 2019),
    ("2020-07-01", (7, 1), 2020),
    ("2020-12-31", (7, 1), 2020),
    ("2021-01-01", (7, 1), 2020),
    ("2020-08-14", (8, 15), 2019),
    ("2020-08-15", (8, 15), 2020),
    ("2020-01-01", (1, 1), 2020),
    ("2020-12-31", (1, 1), 2020),
])
def test_school_year(day: str, starts: tuple[int, int], year: int) -> None:
    assert school_year(d(day), starts) == year


# --- per-credential ---------------------------------------------------------------------------


def test_per_credential_amount_times_count() -> None:
    cat = catalog(many(3))
    r = rule("clock-hours", amount=20, unit="clock-hours")
    res = run(r, portfolio(award("c01", "2019-05-14"), award("c00", "2019-09-01")), cat)
    assert res.counted == ("c01", "c00")
    assert res.amount == 40 and isinstance(res.amount, int)
    assert (res.have, res.need, res.reached, res.unit) == (2, None, True, "clock-hours")
    assert res.held_back == () and not res.capped and res.value_specified


def test_per_credential_nothing_earned_is_zero_not_none() -> None:
    res = run(rule(amount=20, unit="clock-hours"), portfolio(), catalog(many(1)))
    assert (res.amount, res.reached, res.have, res.counted) == (0, False, 0, ())


def test_max_per_year_keeps_the_earliest_in_each_school_year() -> None:
    cat = catalog(many(4))
    r = rule(amount=5, unit="pdps", max_per_year=1)
    p = portfolio(award("c00", "2020-03-01"), award("c01", "2019-09-01"), award("c02", "2020-07-01"),
                  award("c03", "2020-06-30"))
    res = run(r, p, cat)
    # school year 2019: c01 (2019-09-01), c00 (2020-03-01), c03 (2020-06-30) -> keep c01
    # school year 2020: c02 (2020-07-01)
    assert res.counted == ("c01", "c02")
    assert res.held_back == ("c00", "c03")
    assert (res.amount, res.have) == (10, 2)
    assert res.matching == ("c01", "c00", "c03", "c02")


def test_max_per_year_two_on_one_day_tie_broken_by_id() -> None:
    cat = catalog(many(3))
    r = rule(amount=5, unit="pdps", max_per_year=2)
    p = portfolio(award("c02", "2019-10-01"), award("c01", "2019-10-01"), award("c00", "2019-10-01"))
    res = run(r, p, cat)
    assert res.counted == ("c00", "c01") and res.held_back == ("c02",) and res.amount == 10


@pytest.mark.parametrize(("starts", "counted", "held"), [
    ((7, 1), ("c00", "c01"), ()),       # 06-30 and 07-01 fall in two school years
    ((8, 1), ("c00",), ("c01",)),       # both in the year that began 2019-08-01
    ((7, 2), ("c00",), ("c01",)),       # both in the year that began 2019-07-02
])
def test_school_year_boundary_for_max_per_year(starts: tuple[int, int], counted: tuple[str, ...],
                                               held: tuple[str, ...]) -> None:
    cat = catalog(many(2), starts=starts)
    p = portfolio(award("c00", "2020-06-30"), award("c01", "2020-07-01"))
    res = run(rule(amount=20, unit="clock-hours", max_per_year=1), p, cat)
    assert (res.counted, res.held_back) == (counted, held)


def test_max_total_caps_the_amount_not_counted() -> None:
    cat = catalog(many(40))
    r = rule("cpd", amount=0.5, unit="cpd-credits", max_total=15)
    p = portfolio(*(award(f"c{i:02d}", f"2019-01-{i % 28 + 1:02d}") for i in range(40)))
    res = run(r, p, cat)
    assert res.amount == 15 and res.capped and res.uncapped_amount == 20
    assert res.have == 40 and len(res.counted) == 40


def test_max_total_not_reached_is_not_capped() -> None:
    res = run(rule(amount=0.5, unit="cpd-credits", max_total=15),
              portfolio(award("c00", "2019-01-01"), award("c01", "2019-01-02"), award("c02", "2019-01-03")),
              catalog(many(3)))
    assert res.amount == 1.5 and not res.capped


def test_amount_exactly_max_total_is_not_capped() -> None:
    res = run(rule(amount=5, unit="pdps", max_total=10),
              portfolio(award("c00", "2019-01-01"), award("c01", "2019-01-02")), catalog(many(2)))
    assert res.amount == 10 and not res.capped


def test_decimal_amounts_are_rounded() -> None:
    res = run(rule(amount=0.1, unit="ceus"),
              portfolio(award("c00", "2019-01-01"), award("c01", "2019-01-02"), award("c02", "2019-01-03")),
              catalog(many(3)))
    assert res.amount == 0.3
    assert json.dumps(res.as_json()["amount"]) == "0.3"


def test_award_outside_effective_does_not_match() -> None:
    cat = catalog(many(4))
    r = rule(amount=20, unit="clock-hours", start="2016-07-01", until="2018-06-30")
    p = portfolio(award("c00", "2016-06-30"), award("c01", "2016-07-01"), award("c02", "2018-06-30"),
                  award("c03", "2018-07-01"))
    res = run(r, p, cat)
    assert res.counted == ("c01", "c02") and res.amount == 40


def test_open_ended_effective() -> None:
    cat = catalog(many(2))
    p = portfolio(award("c00", "1999-01-01"), award("c01", "2099-01-01"))
    assert run(rule(amount=1, unit="ceus", start="2000-01-01"), p, cat).counted == ("c01",)
    assert run(rule(amount=1, unit="ceus", until="2000-01-01"), p, cat).counted == ("c00",)


def test_revoked_award_does_not_count() -> None:
    cat = catalog(many(2))
    p = portfolio(award("c00", "2019-01-01", revoked=True), award("c01", "2019-02-01"))
    res = run(rule(amount=20, unit="clock-hours"), p, cat)
    assert res.counted == ("c01",) and res.amount == 20


def test_credential_awarded_twice_counts_once_at_its_earliest_unrevoked_award() -> None:
    cat = catalog(many(2))
    p = portfolio(award("c00", "2019-03-01"), award("c00", "2018-09-01", revoked=True),
                  award("c00", "2019-01-01"), award("c01", "2019-02-01"))
    res = run(rule(amount=20, unit="clock-hours"), p, cat)
    assert res.counted == ("c00", "c01") and res.amount == 40 and res.have == 2


def test_only_selected_credentials_match() -> None:
    cat = catalog(many(3))
    r = rule(amount=20, unit="clock-hours", applies=AppliesTo(credentials=("c00", "c02")))
    res = run(r, portfolio(award("c00", "2019-01-01"), award("c01", "2019-01-01")), cat)
    assert res.counted == ("c00",) and res.amount == 20


def test_rule_without_amount() -> None:
    cat = catalog(many(2))
    p = portfolio(award("c00", "2019-01-01"), award("c01", "2019-01-02"))
    for r in (rule(no_value=True), rule(unit="clock-hours")):
        res = run(r, p, cat)
        assert res.amount is None and not res.value_specified
        assert (res.have, res.reached, res.counted) == (2, True, ("c00", "c01"))


def test_per_credential_eligibility() -> None:
    res = run(rule(unit="eligibility", purpose="endorsement"), portfolio(award("c00", "2019-01-01")),
              catalog(many(1)))
    assert res.amount is None and res.reached and res.value_specified and res.unit == "eligibility"


def test_per_credential_usd_permanent() -> None:
    res = run(rule(amount=200, unit="usd", permanent=True), portfolio(award("c00", "2019-01-01")),
              catalog(many(1)))
    assert (res.amount, res.unit) == (200, "usd")


# --- stack-completion -------------------------------------------------------------------------

STACK_CAT = catalog(many(4), stacks=[stack("rwt", ["c00", "c01", "c02"]),
                                     stack("two-of-three", ["c00", "c01", "c02"], required=2)])


def stack_rule(stack_id: str = "rwt", **kwargs: object) -> Rule:
    options: dict[str, object] = {"amount": 500, "unit": "usd", "permanent": True}
    options.update(kwargs)
    return rule("raise", basis="stack-completion", stack_id=stack_id,
                applies=AppliesTo(stacks=(stack_id,)), **options)  # type: ignore[arg-type]


def test_stack_incomplete() -> None:
    p = portfolio(award("c02", "2019-01-01"), award("c00", "2018-09-01"), award("c03", "2018-01-01"))
    res = run(stack_rule(), p, STACK_CAT)
    assert (res.have, res.need, res.reached, res.amount) == (2, 3, False, 0)
    assert res.counted == ("c00", "c02") and res.completed_on is None


def test_stack_complete_on_the_last_needed_credential() -> None:
    p = portfolio(award("c02", "2019-05-14"), award("c00", "2018-09-01"), award("c01", "2019-01-10"))
    res = run(stack_rule(), p, STACK_CAT)
    assert (res.have, res.need, res.reached, res.amount) == (3, 3, True, 500)
    assert res.completed_on == d("2019-05-14") and res.counted == ("c00", "c01", "c02")


def test_stack_required_n() -> None:
    p = portfolio(award("c00", "2019-01-01"), award("c02", "2019-03-01"), award("c01", "2019-02-01"))
    res = run(stack_rule("two-of-three"), p, STACK_CAT)
    assert (res.have, res.need, res.reached, res.amount) == (3, 2, True, 500)
    assert res.completed_on == d("2019-02-01")
    one = run(stack_rule("two-of-three"), portfolio(award("c01", "2019-01-01")), STACK_CAT)
    assert (one.have, one.need, one.reached, one.amount) == (1, 2, False, 0)


def test_stack_completed_after_the_rule_ended() -> None:
    p = portfolio(award("c00", "2019-01-01"), award("c01", "2019-03-01"), award("c02", "2019-09-01"))
    res = run(stack_rule(until="2019-06-30"), p, STACK_CAT)
    assert res.completed_on == d("2019-09-01")
    assert (res.have, res.need, res.reached, res.amount) == (3, 3, False, 0)


def test_stack_completion_date_must_be_inside_effective_from() -> None:
    p = portfolio(award("c00", "2019-01-01"), award("c01", "2019-03-01"), award("c02", "2019-09-01"))
    res = run(stack_rule(start="2019-09-01"), p, STACK_CAT)
    assert res.reached and res.amount == 500
    res = run(stack_rule(start="2019-09-02"), p, STACK_CAT)
    assert not res.reached and res.amount == 0


def test_stack_members_count_regardless_of_applies_to() -> None:
    r = rule("raise", basis="stack-completion", stack_id="rwt", amount=500, unit="usd",
             applies=AppliesTo(credentials=("c00",)))
    p = portfolio(award("c00", "2019-01-01"), award("c01", "2019-03-01"), award("c02", "2019-09-01"))
    res = run(r, p, STACK_CAT)
    assert res.reached and res.have == 3 and res.matching == ("c00",)


def test_stack_revoked_member_does_not_count() -> None:
    p = portfolio(award("c00", "2019-01-01"), award("c01", "2019-03-01"), award("c02", "2019-09-01", True))
    res = run(stack_rule(), p, STACK_CAT)
    assert (res.have, res.reached, res.counted) == (2, False, ("c00", "c01"))


def test_stack_eligibility_and_no_amount() -> None:
    p = portfolio(award("c00", "2019-01-01"), award("c01", "2019-03-01"), award("c02", "2019-09-01"))
    elig = run(stack_rule(amount=None, unit="eligibility", permanent=None), p, STACK_CAT)
    assert elig.amount is None and elig.reached and elig.value_specified
    bare = run(stack_rule(no_value=True), p, STACK_CAT)
    assert bare.amount is None and bare.reached and not bare.value_specified


def test_stack_missing_from_catalog_is_an_error() -> None:
    with pytest.raises(ValueError, match="ghost"):
        run(stack_rule("ghost"), portfolio(), STACK_CAT)


# --- threshold --------------------------------------------------------------------------------

TIERS = (Tier(15, 4, "percent-salary", True), Tier(30, 4, "percent-salary", True))


def threshold_result(n: int, tiers: Sequence[Tier] = TIERS) -> Result:
    cat = catalog(many(40))
    p = portfolio(*(award(f"c{i:02d}", "2019-01-01") for i in range(n)))
    return run(rule("raise", basis="threshold", tiers=tiers, no_value=True, purpose="salary"), p, cat)


def test_threshold_between_tiers() -> None:
    res = threshold_result(16)
    assert (res.amount, res.have, res.need, res.reached, res.unit) == (4, 16, 30, True, "percent-salary")
    assert res.next_tier == TIERS[1] and res.to_next == 14
    assert res.counted == tuple(f"c{i:02d}" for i in range(16))


def test_threshold_below_the_first_tier() -> None:
    res = threshold_result(14)
    assert (res.amount, res.have, res.need, res.reached, res.to_next) == (0, 14, 15, False, 1)


def test_threshold_exactly_at_a_tier_and_all_tiers() -> None:
    assert (threshold_result(15).amount, threshold_result(15).need) == (4, 30)
    res = threshold_result(31)
    assert (res.amount, res.need, res.next_tier, res.to_next, res.reached) == (8, None, None, None, True)


def test_threshold_eligibility() -> None:
    tiers = (Tier(4, None, "eligibility"),)
    assert (threshold_result(4, tiers).amount, threshold_result(4, tiers).reached) == (None, True)
    below = threshold_result(3, tiers)
    assert (below.amount, below.reached, below.need) == (None, False, 4)


def test_threshold_tiers_without_amounts() -> None:
    res = threshold_result(5, (Tier(5, None, "clock-hours"),))
    assert res.amount is None and res.reached and not res.value_specified


def test_threshold_respects_effective() -> None:
    cat = catalog(many(3))
    p = portfolio(award("c00", "2015-01-01"), award("c01", "2019-01-01"), award("c02", "2019-01-02"))
    r = rule(basis="threshold", tiers=(Tier(2, 100, "usd"), Tier(3, 100, "usd")), start="2016-01-01")
    res = run(r, p, cat)
    assert (res.have, res.amount, res.need, res.counted) == (2, 100, 3, ("c01", "c02"))


# --- portfolio: selection and order -----------------------------------------------------------


def test_evaluate_portfolio_selects_and_sorts() -> None:
    creds = [credential("a", "pesb"), credential("b", "pesb"), credential("c", "dp"), credential("z", "dp")]
    r_wa_b = rule("b-rule", applies=AppliesTo(credentials=("c",)), amount=1, unit="ceus")
    r_wa_a = rule("a-rule", applies=AppliesTo(issuers=("pesb",)), amount=20, unit="clock-hours")
    r_wa_none = rule("nothing", applies=AppliesTo(credentials=("z",)), amount=1, unit="ceus")
    r_md = rule("cpd", applies=AppliesTo(credentials=("b",)), amount=0.5, unit="cpd-credits")
    r_bcps = rule("x", applies=AppliesTo(all=True), no_value=True)
    cat = catalog(creds, recognizers=[recognizer("wa", [r_wa_b, r_wa_none, r_wa_a]), recognizer("md", [r_md]),
                                      recognizer("bcps", [r_bcps], kind="district")])
    p = portfolio(award("a", "2019-01-01"), award("b", "2019-02-01", revoked=True), pursuing=["c"])
    results = evaluate_portfolio(p, cat)
    assert [(r.recognizer, r.rule) for r in results] == [
        ("bcps", "x"), ("md", "cpd"), ("wa", "a-rule"), ("wa", "b-rule")]
    by_rule = {r.rule: r for r in results}
    assert by_rule["x"].kind == "district" and by_rule["x"].counted == ("a",)
    assert by_rule["cpd"].amount == 0 and not by_rule["cpd"].reached   # selected through a revoked award
    assert by_rule["b-rule"].amount == 0                                # selected through a pursuit
    assert by_rule["a-rule"].amount == 20


def test_evaluate_portfolio_empty() -> None:
    cat = catalog(many(1), recognizers=[recognizer("wa", [rule()])])
    assert evaluate_portfolio(portfolio(), cat) == ()
    assert portfolio_results_json(portfolio(), cat) == {"portfolio": "avery-example", "results": []}


# --- JSON -------------------------------------------------------------------------------------

JSON_KEYS = ["recognizer", "kind", "rule", "purpose", "basis", "counted", "amount", "unit", "reached",
             "have", "need"]


def test_json_shape_exact() -> None:
    cat = catalog([credential("feedback-loops"), credential("sel-morning-meeting")],
                  recognizers=[recognizer("wa", [rule("clock-hours", amount=20.0, unit="clock-hours")])])
    p = portfolio(award("sel-morning-meeting", "2019-09-01"), award("feedback-loops", "2019-05-14"))
    out = portfolio_results_json(p, cat)
    assert list(out) == ["portfolio", "results"]
    results = out["results"]
    assert isinstance(results, list)
    assert list(results[0]) == JSON_KEYS
    assert json.dumps(out) == json.dumps(
        {"portfolio": "avery-example",
         "results": [
             {"recognizer": "wa", "kind": "state", "rule": "clock-hours", "purpose": "license-renewal",
              "basis": "per-credential", "counted": ["feedback-loops", "sel-morning-meeting"],
              "amount": 40, "unit": "clock-hours", "reached": True, "have": 2, "need": None}]})


def test_json_of_every_basis_has_the_same_keys() -> None:
    for res in (threshold_result(16), run(stack_rule(), portfolio(), STACK_CAT),
                run(rule(no_value=True), portfolio(), catalog())):
        shape = res.as_json()
        assert list(shape) == JSON_KEYS
        assert isinstance(shape["counted"], list)
        json.dumps(shape)


@pytest.mark.parametrize(("amount", "tidy"), [
    (40.0, 40), (0.30000000000000004, 0.3), (1.23456, 1.2346), (None, None), (7, 7), (2.5, 2.5)])
def test_tidy_amount(amount: float | None, tidy: float | int | None) -> None:
    out = tidy_amount(amount)
    assert out == tidy and type(out) is type(tidy)
