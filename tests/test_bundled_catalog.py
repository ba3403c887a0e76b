"""The bundled catalog (content/): its size, its sourcing policy, and its headline figures as data.

Reads the content with plain PyYAML (no sitegen import), so it guards the facts independently of
the code that validates them. A failing headline test means a figure drawn from a report changed:
check the report before changing the test.

Sourcing policy checked here:
- every recognition rule has at least one source with a title and a locator;
- every credential and stack that carries no `sources` is marked `example: true`;
- competencies and rubrics (which have no `sources` key) are written for the catalog: `example: true`;
- issuers, states and districts are real organisations and need no example flag;
- every portfolio is fictional: `example: true`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

CONTENT = Path(__file__).resolve().parent.parent / "content"
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing what the content format refuses: aliases and duplicate keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("an alias (*name): anchors and aliases are not allowed")
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        keys = [k.value for k, _ in node.value]
        duplicates = {k for k in keys if keys.count(k) > 1}
        if duplicates:
            raise yaml.YAMLError(f"duplicate keys {sorted(duplicates)} at {node.start_mark}")
        return super().construct_mapping(node, deep)


def load(text: str) -> Any:
    return yaml.load(text, Loader=StrictLoader)  # a SafeLoader subclass: no arbitrary objects


def front_matter(path: Path) -> dict[str, Any]:
    """The YAML between the first two `---` lines of a Markdown file."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines and lines[0].strip() == "---", f"{path}: no front matter"
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    data = load("\n".join(lines[1:end]))
    assert isinstance(data, dict), f"{path}: front matter is not a mapping"
    return data


def entity_files(kind: str) -> list[Path]:
    """The kind's files, without their translations (`wa.es.md`)."""
    return [p for p in sorted((CONTENT / kind).glob("*.md")) if "." not in p.stem]


def entities(kind: str) -> dict[str, dict[str, Any]]:
    return {p.stem: front_matter(p) for p in entity_files(kind)}


def portfolios() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted((CONTENT / "portfolios").glob("*/portfolio.yaml")):
        found[path.parent.name] = load(path.read_text(encoding="utf-8"))
    return found


CREDENTIALS = entities("credentials")
STACKS = entities("stacks")
STATES = entities("states")
DISTRICTS = entities("districts")
RECOGNIZERS = {**{f"states/{k}": v for k, v in STATES.items()},
               **{f"districts/{k}": v for k, v in DISTRICTS.items()}}


def rule(recognizer: str, rule_id: str) -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {r["id"]: r for r in RECOGNIZERS[recognizer].get("recognitions") or []}
    assert rule_id in rules, f"{recognizer} has no rule {rule_id!r} (has {sorted(rules)})"
    return rules[rule_id]


def all_rules() -> list[tuple[str, dict[str, Any]]]:
    return [(name, r) for name, data in RECOGNIZERS.items() for r in data.get("recognitions") or []]


# ------------------------------------------------------------------------------------- size


def test_at_least_20_credentials() -> None:
    assert len(CREDENTIALS) >= 20


def test_at_least_5_stacks() -> None:
    assert len(STACKS) >= 5


def test_at_least_12_districts() -> None:
    assert len(DISTRICTS) >= 12


def test_at_least_15_states_with_rules() -> None:
    with_rules = [code for code, data in STATES.items() if data.get("recognitions")]
    assert len(with_rules) >= 15, with_rules


def test_at_least_3_example_portfolios() -> None:
    found = portfolios()
    assert len(found) >= 3
    assert any(p.get("public") is False for p in found.values())
    assert any(p.get("pursuing") for p in found.values())


def test_site_settings() -> None:
    site = load((CONTENT / "site.yaml").read_text(encoding="utf-8"))
    assert site["base_url"] == "https://example.github.io/catalog/"
    assert site["home_state"] == "wa"
    assert site["school_year_starts"] == "07-01"
    assert site["max_evidence_mb"] == 25


def test_ids_are_slugs_and_states_are_postal_codes() -> None:
    for kind in ("issuers", "competencies", "rubrics", "credentials", "stacks", "districts", "states"):
        for path in entity_files(kind):
            assert ID.match(path.stem) and len(path.stem) <= 80, path
    for path in (CONTENT / "portfolios").iterdir():
        assert ID.match(path.name), path
    assert all(re.fullmatch(r"[a-z]{2}", code) for code in STATES)


# ----------------------------------------------------------------------------- sourcing policy


def test_every_rule_has_a_source_with_a_locator() -> None:
    for name, r in all_rules():
        sources = r.get("sources") or []
        assert sources, f"{name}: rule {r['id']} has no source"
        for source in sources:
            assert source.get("title"), f"{name}: rule {r['id']} has a source without a title"
            assert source.get("publisher"), f"{name}: rule {r['id']} has a source without a publisher"
            assert isinstance(source.get("year"), int), f"{name}: rule {r['id']} has a source without a year"
            assert str(source.get("locator") or "").strip(), f"{name}: rule {r['id']} has a source without a locator"


def test_rule_ids_are_unique_within_a_recognizer() -> None:
    for name, data in RECOGNIZERS.items():
        ids = [r["id"] for r in data.get("recognitions") or []]
        assert len(ids) == len(set(ids)), name


def test_credentials_and_stacks_without_sources_are_examples() -> None:
    for kind, table in (("credentials", CREDENTIALS), ("stacks", STACKS)):
        for ident, data in table.items():
            if not data.get("sources"):
                assert data.get("example") is True, f"{kind}/{ident} has no sources and is not example: true"


def test_text_written_for_the_catalog_is_marked_example() -> None:
    for kind in ("competencies", "rubrics"):
        for ident, data in entities(kind).items():
            assert data.get("example") is True, f"{kind}/{ident} is not example: true"
    for ident, data in portfolios().items():
        assert data.get("example") is True, f"portfolios/{ident} is not example: true"


def test_rules_select_credentials_that_exist() -> None:
    for name, r in all_rules():
        applies = r["applies_to"]
        selected = set(applies.get("credentials") or [])
        assert selected <= set(CREDENTIALS), name
        for stack in applies.get("stacks") or []:
            selected |= set(STACKS[stack]["credentials"])
        selected |= {c for c, d in CREDENTIALS.items() if d["issuer"] in (applies.get("issuers") or [])}
        selected |= {c for c, d in CREDENTIALS.items() if set(d.get("topics") or []) & set(applies.get("topics") or [])}
        if applies.get("all") is True:
            selected |= set(CREDENTIALS)
        assert selected, f"{name}: rule {r['id']} selects no credential"
        assert set(applies.get("issuers") or []) <= set(entities("issuers")), name
        if r["basis"] == "stack-completion":
            assert r.get("stack") in STACKS, f"{name}: rule {r['id']} names no stack of the catalog"
        if r["basis"] == "threshold":
            units = {t["unit"] for t in r["tiers"]}
            assert len(units) == 1, f"{name}: rule {r['id']} mixes units {units}"


def test_stack_members_exist() -> None:
    for ident, data in STACKS.items():
        assert set(data["credentials"]) <= set(CREDENTIALS), ident


# ------------------------------------------------------------------------------- headline figures


def test_washington_20_clock_hours_per_credential() -> None:
    r = rule("states/wa", "clock-hours")
    assert r["basis"] == "per-credential"
    assert r["purpose"] == "license-renewal"
    assert r["value"]["amount"] == 20
    assert r["value"]["unit"] == "clock-hours"
    assert set(r["applies_to"]["credentials"]) == {
        "elementary-computer-science", "culturally-responsive-sel", "rwt-curriculum", "rwt-pathways", "rwt-systems"}


def test_massachusetts_5_pdps_at_most_2_a_year() -> None:
    r = rule("states/ma", "certificate-renewal")
    assert r["basis"] == "per-credential"
    assert r["purpose"] == "license-renewal"
    assert r["value"]["amount"] == 5
    assert r["value"]["unit"] == "pdps"
    assert r["max_per_year"] == 2


def test_north_carolina_mooc_ed_3_renewal_credits() -> None:
    r = rule("states/nc", "mooc-ed-renewal-credits")
    assert r["basis"] == "stack-completion"
    assert r["stack"] == "learning-differences-mooc-ed"
    assert r["value"]["amount"] == 3
    assert r["value"]["unit"] == "renewal-credits"
    assert "30 hours" in r["value"]["note"]


def test_baltimore_county_half_a_cpd_credit_each_at_most_15() -> None:
    r = rule("districts/baltimore-county-public-schools", "cpd-credit")
    assert r["basis"] == "per-credential"
    assert r["purpose"] == "masters-equivalency"
    assert r["value"]["amount"] == 0.5
    assert r["value"]["unit"] == "cpd-credits"
    assert r["max_total"] == 15


def test_kettle_moraine_200_to_600_permanent_with_preapproval() -> None:
    r = rule("districts/kettle-moraine-school-district", "base-salary-increase")
    assert r["purpose"] == "salary"
    assert r["requires_preapproval"] is True
    assert r["value"]["unit"] == "usd"
    assert r["value"]["permanent"] is True
    assert "amount" not in r["value"], "a $200-$600 range has no single amount"
    assert "$200" in r["value"]["note"] and "$600" in r["value"]["note"]


def test_clark_county_up_to_30_contact_units() -> None:
    r = rule("districts/clark-county-school-district", "contact-units")
    assert r["value"]["unit"] == "contact-units"
    assert r["max_total"] == 30
    assert "225 CU" in r["value"]["note"]


def test_dysart_4_percent_at_15_and_again_at_30() -> None:
    r = rule("districts/dysart-unified-school-district", "salary-raise")
    assert r["basis"] == "threshold"
    assert r["purpose"] == "salary"
    assert r["tiers"] == [
        {"at": 15, "amount": 4, "unit": "percent-salary", "permanent": True},
        {"at": 30, "amount": 4, "unit": "percent-salary", "permanent": True},
    ]


def test_mineola_500_dollars_permanent() -> None:
    r = rule("districts/mineola-union-free-school-district", "teacher-leader-raise")
    assert r["purpose"] == "salary"
    assert r["value"]["amount"] == 500
    assert r["value"]["unit"] == "usd"
    assert r["value"]["permanent"] is True


def test_nyc_emerging_teacher_leader_stack_of_4_gives_eligibility() -> None:
    r = rule("districts/new-york-city-department-of-education", "teacher-leader-eligibility")
    assert r["basis"] == "stack-completion"
    assert r["purpose"] == "leadership-pathway"
    assert r["value"]["unit"] == "eligibility"
    assert r["stack"] == "nyc-emerging-teacher-leader"
    stack = STACKS[r["stack"]]
    assert len(stack["credentials"]) == 4
    assert stack.get("required", "all") == "all"


def test_cusd_200_up_to_1000_dollars_for_two_stacks() -> None:
    r = rule("districts/community-unit-school-district-200", "two-stack-award")
    assert r["basis"] == "stack-completion"
    assert r["value"]["amount"] == 1000
    assert r["value"]["unit"] == "usd"
    assert "up to $1,000 a year" in r["value"]["note"].lower()


def test_rwt_specialization_is_three_credentials() -> None:
    assert STACKS["rwt-specialization"]["credentials"] == ["rwt-curriculum", "rwt-pathways", "rwt-systems"]


def test_rhode_island_cs_endorsement_is_six_credentials() -> None:
    r = rule("states/ri", "cs-endorsement")
    assert r["basis"] == "stack-completion"
    assert r["purpose"] == "endorsement"
    assert len(STACKS[r["stack"]]["credentials"]) == 6


@pytest.mark.parametrize("recognizer,rule_id,status", [
    ("states/tx", "hb-2424-program", "proposed"),
    ("states/ar", "professional-learning", "active"),
    ("states/ky", "rank-change", "active"),
    ("states/la", "teacher-leader-licensure", "active"),
    ("states/ri", "cs-endorsement", "proposed"),
])
def test_state_rules_named_in_the_reports(recognizer: str, rule_id: str, status: str) -> None:
    assert rule(recognizer, rule_id)["status"] == status


# ------------------------------------------------------------------------------ example portfolios


def earned(portfolio: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in portfolio.get("earned") or [] if not e.get("revoked")]


def test_a_portfolio_hits_the_massachusetts_cap() -> None:
    p = portfolios()["morgan-example"]
    assert p["state"] == "ma"
    in_2019_20 = [e for e in earned(p) if "2019-07-01" <= str(e["earned"]) < "2020-07-01"]
    assert len(in_2019_20) > rule("states/ma", "certificate-renewal")["max_per_year"]


def test_a_portfolio_completes_a_stack() -> None:
    p = portfolios()["riley-example"]
    have = {e["credential"] for e in earned(p)}
    assert set(STACKS["nyc-emerging-teacher-leader"]["credentials"]) <= have
    p = portfolios()["jordan-example"]
    assert set(STACKS["rwt-specialization"]["credentials"]) <= {e["credential"] for e in earned(p)}


def test_a_portfolio_reaches_the_first_dysart_tier_only() -> None:
    p = portfolios()["casey-example"]
    assert p["district"] == "dysart-unified-school-district"
    r = rule("districts/dysart-unified-school-district", "salary-raise")
    assert r["applies_to"].get("all") is True
    count = len({e["credential"] for e in earned(p)})
    assert 15 <= count < 30


def test_portfolio_evidence_files_exist_and_declare_privacy() -> None:
    for ident, p in portfolios().items():
        folder = CONTENT / "portfolios" / ident
        for e in p.get("earned") or []:
            assert e["credential"] in CREDENTIALS, f"{ident}: unknown credential {e['credential']}"
            for item in e.get("evidence") or []:
                if item["kind"] in ("student-work", "video", "photo"):
                    assert item.get("student_privacy") in ("consent", "redacted", "no-students"), ident
                if "file" in item:
                    path = folder / item["file"]
                    assert path.is_file(), f"{ident}: missing {item['file']}"
                    head = path.read_bytes()[:8]
                    suffix = path.suffix.lower()
                    if suffix == ".png":
                        assert head == b"\x89PNG\r\n\x1a\n", path
                    elif suffix == ".pdf":
                        assert head.startswith(b"%PDF-"), path
                    else:
                        assert suffix in (".txt", ".csv"), path


def test_translations_are_spanish_illustrative_and_of_existing_files() -> None:
    site = load((CONTENT / "site.yaml").read_text(encoding="utf-8"))
    assert site["languages"] == ["en", "es"]
    found = sorted(p.relative_to(CONTENT).as_posix() for p in CONTENT.rglob("*.es.*"))
    assert found == ["credentials/cce-original-performance-assessment.es.md",
                     "credentials/elementary-computer-science.es.md", "site.es.yaml", "states/ma.es.md",
                     "states/wa.es.md"]
    for rel in found:
        path = CONTENT / rel
        original = path.with_name(path.name.replace(".es.", "."))
        assert original.is_file(), rel
        data = load(path.read_text(encoding="utf-8")) if path.suffix == ".yaml" else front_matter(path)
        assert data["example"] is True, f"{rel}: our own translation must be marked example: true"


def test_translations_are_current() -> None:
    from sitegen.validate.translations import source_hash

    for path in sorted(CONTENT.rglob("*.es.*")):
        original = path.with_name(path.name.replace(".es.", "."))
        text = path.read_text(encoding="utf-8")
        declared = re.search(r"(?m)^source_hash: (\w+)$", text)
        assert declared and declared.group(1) == source_hash(original), (
            f"{path.relative_to(CONTENT)}: its original changed; update it and its source_hash")
