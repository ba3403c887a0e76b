"""Writes a deterministic synthetic sitegen catalog (DIR/content) and the equivalent Hugo site (DIR/hugo).

    python benchmarks/generate.py --credentials N --out DIR [--seed 1]
    python benchmarks/generate.py --profile state-scale --credentials N --districts D --portfolios P --out DIR

The default profile is the main comparison's corpus. The state-scale profile (issue 16) has D districts
over the 50 states, half of them with a catalog-wide rule (`applies_to: {all: true}`), and P portfolios
that each name their district and its state. From Python (this file can be loaded with importlib):
`generate(n, out, seed, profile="state-scale", districts=D, portfolios=P)`.

Everything comes from seeded `random.Random` instances (one per part of the catalog), never from the
clock, so the same arguments always write byte-identical trees. The content follows
shared/spec/CONTENT.md; the Hugo site has one page per credential with the same Markdown body.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import re
import shutil
import sys
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

if str(Path(__file__).resolve().parent) not in sys.path:  # loaded by path (importlib) rather than run
    sys.path.insert(0, str(Path(__file__).resolve().parent))

import hugo_site
from corpus_text import FIRST_NAMES, LAST_NAMES, PLACES, STATES, TOPICS, Prose, slugify

GENERATOR_VERSION = 1
STATE_SCALE_VERSION = 2
"""Bumped when the state-scale profile changes (2: districts' own rules name stacks, credentials or an issuer)."""
MARKER = "corpus.json"
PROFILES = ("default", "state-scale")
# States whose real policy recognizes any micro-credential (the bundled catalog): catalog-wide at state scale too.
CATALOG_WIDE_STATES = ("ar", "de", "fl", "ky", "ma", "mn", "nd", "tx")
BASE_URL = "https://example.github.io/catalog/"
DATE_ZERO = dt.date(2016, 7, 1)

# Strings YAML 1.1 readers could take for numbers, dates, booleans or null are written quoted.
_AMBIGUOUS = re.compile(r"^([-+.:0-9_ ]+|y|n|yes|no|on|off|true|false|null|~)$", re.IGNORECASE)

PER_CREDENTIAL_VALUES = (
    ("license-renewal", "clock-hours", (10, 15, 20, 30)),
    ("license-renewal", "renewal-credits", (1, 2, 3)),
    ("pd-requirement", "pdps", (5, 10, 15)),
    ("graduate-credit", "graduate-credits", (1, 2, 3)),
    ("stipend", "usd", (100, 250, 500)),
    ("license-renewal", "cpd-credits", (0.5, 1)),
)
THRESHOLD_VALUES = (
    ("salary", "percent-salary", (1, 2, 3)),
    ("salary", "usd", (500, 1000, 1500)),
    ("masters-equivalency", "eligibility", ()),
)
STACK_VALUES = (
    ("stipend", "usd", (500, 1000, 1500)),
    ("endorsement", "eligibility", ()),
    ("leadership-pathway", "eligibility", ()),
)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Safe YAML without anchors; ambiguous strings double-quoted."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if _AMBIGUOUS.match(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Document(dict[str, Any]):
    """The top-level mapping of a file: always block style."""


def _short_scalars(nodes: Iterable[yaml.Node], limit: int = 200) -> bool:
    """Whether nodes are all scalars short enough together to sit on one line."""
    total = 0
    for node in nodes:
        if not isinstance(node, yaml.ScalarNode):
            return False
        total += len(node.value)
    return total <= limit


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    node = dumper.represent_sequence("tag:yaml.org,2002:seq", value)
    node.flow_style = _short_scalars(node.value, limit=1000)
    return node


def _represent_dict(dumper: yaml.SafeDumper, value: dict[Any, Any]) -> yaml.MappingNode:
    node = dumper.represent_mapping("tag:yaml.org,2002:map", value)
    node.flow_style = not isinstance(value, _Document) and _short_scalars(item for _, item in node.value)
    return node


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(_Document, _represent_dict)


def dump_yaml(data: dict[str, Any]) -> str:
    """Block YAML with flow style for lists and maps of plain values (`topics: [a, b]`)."""
    text: str = yaml.dump(_Document(data), Dumper=_Dumper, sort_keys=False, default_flow_style=None,
                          allow_unicode=True, width=100_000)
    return text


@dataclass(frozen=True)
class Counts:
    """How many of each entity a corpus of N credentials holds."""

    credentials: int
    issuers: int
    competencies: int
    stacks: int
    rubrics: int = 10
    districts: int = 200
    portfolios: int = 500

    @classmethod
    def for_credentials(cls, n: int, districts: int | None = None, portfolios: int | None = None) -> Counts:
        counts = cls(credentials=n, issuers=max(1, round(n / 20)), competencies=max(1, round(n / 5)),
                     stacks=max(1, round(n / 20)))
        if districts is not None:
            counts = dataclasses.replace(counts, districts=districts)
        if portfolios is not None:
            counts = dataclasses.replace(counts, portfolios=portfolios)
        return counts


@dataclass(frozen=True)
class CredentialPlan:
    """What the rules and the Hugo taxonomies need to know about a credential before it is written."""

    id: str
    issuer: str
    topics: tuple[str, ...]


@dataclass
class World:
    """The ids planned so far, in order; recognizers select from these."""

    issuers: list[str]
    competencies: list[str]
    rubrics: list[str]
    credentials: list[CredentialPlan]
    stacks: dict[str, list[str]] = field(default_factory=dict)
    recognizer_states: dict[str, set[str]] = field(default_factory=dict)  # credential id → state codes

    @cached_property
    def topics_in_use(self) -> list[str]:
        return sorted({topic for credential in self.credentials for topic in credential.topics})


def ident(prefix: str, number: int, total: int) -> str:
    return f"{prefix}-{number:0{max(3, len(str(total)))}d}"


def iso_day(rng: random.Random, span_days: int = 2900) -> dt.date:
    return DATE_ZERO + dt.timedelta(days=rng.randrange(span_days))


def source(rng: random.Random, publisher: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "title": f"{publisher}: micro-credential guidance",
        "publisher": publisher,
        "year": rng.randint(2015, 2024),
        "locator": rng.choice(("Section 2.3", "p. 12", "Appendix B", "Table 4", "Rule 7.1")),
    }
    if rng.random() < 0.5:
        entry["url"] = f"https://policy.example.gov/{slugify(publisher)}/micro-credentials"
    return entry


# -- the catalog's files, one function per kind --------------------------------------------------------


def write_entity(root: Path, folder: str, name: str, front: dict[str, Any], body: str) -> None:
    hugo_site.write_text(root / folder / f"{name}.md", f"---\n{dump_yaml(front)}---\n{body}")


def site_yaml(n: int) -> dict[str, Any]:
    return {
        "title": f"Synthetic Educator Micro-credential Catalog ({n} credentials)",
        "base_url": BASE_URL,
        "description": "A generated catalog for benchmarking sitegen against Hugo.",
        "language": "en",
        "home_state": "wa",
        "school_year_starts": "07-01",
        "max_evidence_mb": 25,
        "theme": "default",
        "extra": {},
    }


def write_issuers(root: Path, rng: random.Random, prose: Prose, ids: Sequence[str]) -> None:
    kinds = ("state-agency", "district", "nonprofit", "university", "union", "company", "other")
    for number, name in enumerate(ids, 1):
        place = rng.choice(PLACES)
        kind = rng.choice(kinds)
        front = {
            "name": f"{place} {kind.replace('-', ' ').title()} Learning Collaborative {number}",
            "short_name": f"{place[:3].upper()}{number}",
            "kind": kind,
            "url": f"https://{slugify(place)}-{number}.example.org/",
            "state": rng.choice(STATES)[0],
            "example": True,
        }
        write_entity(root, "issuers", name, front, prose.paragraph(3) + "\n")


def write_competencies(root: Path, rng: random.Random, prose: Prose, ids: Sequence[str]) -> None:
    for name in ids:
        title, concept = prose.title()
        front: dict[str, Any] = {"title": title, "statement": prose.sentence(),
                                 "tags": sorted(rng.sample(TOPICS, rng.randint(1, 2)))}
        if rng.random() < 0.6:
            front["alignments"] = [{
                "framework": f"{rng.choice(STATES)[1]} Professional Teaching Standards",
                "code": f"{rng.randint(1, 9)}.{rng.randint(1, 12)}",
                "url": f"https://standards.example.gov/{slugify(concept)}",
            }]
        front["example"] = True
        write_entity(root, "competencies", name, front, prose.paragraph(4) + "\n")


def write_rubrics(root: Path, rng: random.Random, prose: Prose, ids: Sequence[str]) -> None:
    level_sets = (
        [("not-yet", "Not yet", False), ("pass", "Pass", True)],
        [("not-yet", "Not yet", False), ("approaching", "Approaching", False), ("proficient", "Proficient", True),
         ("distinguished", "Distinguished", True)],
    )
    criteria_pool = ("artifact", "reflection", "student-impact", "alignment", "analysis", "planning")
    for number, name in enumerate(ids, 1):
        levels = level_sets[number % 2]
        criteria = rng.sample(criteria_pool, rng.randint(2, 4))
        front = {
            "title": f"Scoring guide {number}",
            "levels": [{"id": lid, "label": label, **({"passing": True} if passing else {})}
                       for lid, label, passing in levels],
            "criteria": [{"id": crit, "title": crit.replace("-", " ").capitalize(),
                          "descriptors": {lid: prose.sentence() for lid, _, _ in levels}} for crit in criteria],
            "passing_rule": rng.choice(("all", str(len(criteria) - 1))),
            "example": True,
        }
        write_entity(root, "rubrics", name, front, prose.paragraph(3) + "\n")


def plan_credentials(rng: random.Random, counts: Counts, issuers: Sequence[str]) -> list[CredentialPlan]:
    plans = []
    for number in range(1, counts.credentials + 1):
        issuer = issuers[number - 1] if number <= len(issuers) else rng.choice(issuers)
        topics = tuple(sorted(rng.sample(TOPICS, rng.randint(1, 3))))
        plans.append(CredentialPlan(ident("credential", number, counts.credentials), issuer, topics))
    return plans


def credential_front(rng: random.Random, prose: Prose, plan: CredentialPlan, number: int, world: World,
                     title: str) -> dict[str, Any]:
    competencies = [world.competencies[(number - 1) % len(world.competencies)]]
    competencies += rng.sample(world.competencies, min(len(world.competencies), rng.randint(0, 2)))
    front: dict[str, Any] = {
        "title": title,
        "issuer": plan.issuer,
        "competencies": list(dict.fromkeys(competencies)),
        "rubric": rng.choice(world.rubrics),
        "summary": prose.sentence(),
        "topics": list(plan.topics),
        "roles": sorted(rng.sample(("teacher", "administrator", "paraeducator", "counselor", "coach"),
                                   rng.randint(1, 2))),
        "grade_bands": sorted(rng.sample(("pre-k", "k-5", "6-8", "9-12", "adult"), rng.randint(1, 2))),
        "estimated_hours": rng.choice((5, 10, 15, 20, 30)),
        "evidence": [
            {"part": 1, "title": "Overview questions", "description": prose.sentence()},
            {"part": 2, "title": "Work examples", "description": prose.sentence()},
            {"part": 3, "title": "Reflection", "description": prose.sentence()},
        ],
        "version": rng.choice(("1.0", "1.1", "2.0")),
    }
    if rng.random() < 0.3:
        front["ctid"] = f"ce-{uuid.UUID(int=rng.getrandbits(128), version=4)}"
    front["status"] = "active"
    front["published"] = iso_day(rng)
    front["example"] = True
    return front


def write_credentials(content: Path, hugo: Path, rng: random.Random, world: World) -> None:
    """Each credential's file and its Hugo page, with the same Markdown body."""
    prose = Prose(rng)
    for number, plan in enumerate(world.credentials, 1):
        title, concept = prose.title()
        front = credential_front(rng, prose, plan, number, world, title)
        body = prose.body(title, concept)
        write_entity(content, "credentials", plan.id, front, body)
        hugo_front = {"title": title, "summary": front["summary"], "topics": list(plan.topics),
                      "issuers": [plan.issuer], "states": sorted(world.recognizer_states.get(plan.id, ()))}
        write_entity(hugo / "content", "credentials", plan.id, hugo_front, body)


def write_stacks(root: Path, rng: random.Random, prose: Prose, world: World, count: int) -> None:
    by_issuer: dict[str, list[str]] = {}
    for plan in world.credentials:
        by_issuer.setdefault(plan.issuer, []).append(plan.id)
    all_ids = [plan.id for plan in world.credentials]
    for number in range(1, count + 1):
        issuer = rng.choice(world.issuers)
        pool = by_issuer.get(issuer, []) if len(by_issuer.get(issuer, [])) >= 3 else all_ids
        members = sorted(rng.sample(pool, min(len(pool), rng.randint(3, 6))))
        name = ident("stack", number, count)
        world.stacks[name] = members
        front: dict[str, Any] = {
            "title": f"{prose.title()[1]} pathway {number}",
            "issuer": issuer,
            "credentials": members,
            "required": rng.choice(("all", str(max(1, len(members) - 1)))),
            "summary": prose.sentence(),
            "example": True,
        }
        write_entity(root, "stacks", name, front, prose.paragraph(2) + "\n")


# -- recognition rules ---------------------------------------------------------------------------------


def selector(rng: random.Random, world: World) -> dict[str, list[str]]:
    if rng.random() < 0.6:
        topics = world.topics_in_use
        return {"topics": sorted(rng.sample(topics, min(len(topics), rng.randint(1, 3))))}
    return {"issuers": sorted(rng.sample(world.issuers, min(len(world.issuers), rng.randint(1, 4))))}


def value(rng: random.Random, unit: str, amounts: Sequence[float]) -> dict[str, Any]:
    if not amounts:
        return {"unit": unit}
    return {"amount": rng.choice(amounts), "unit": unit}


Selector = Callable[[random.Random, World], dict[str, list[str]]]


def per_credential_rule(rng: random.Random, world: World, pick: Selector = selector) -> dict[str, Any]:
    purpose, unit, amounts = rng.choice(PER_CREDENTIAL_VALUES)
    rule: dict[str, Any] = {"applies_to": pick(rng, world), "purpose": purpose, "basis": "per-credential",
                            "value": value(rng, unit, amounts)}
    if rng.random() < 0.4:
        rule["max_per_year"] = rng.randint(1, 4)
    if rng.random() < 0.2:
        rule["max_total"] = rng.choice((30, 60, 120))
    return rule


def threshold_rule(rng: random.Random, world: World, pick: Selector = selector) -> dict[str, Any]:
    purpose, unit, amounts = rng.choice(THRESHOLD_VALUES)
    ats = sorted(rng.sample((3, 5, 8, 10, 15, 20), rng.randint(1, 3)))
    tiers = [{"at": at, **value(rng, unit, amounts), **({"permanent": True} if unit == "percent-salary" else {})}
             for at in ats]
    return {"applies_to": pick(rng, world), "purpose": purpose, "basis": "threshold", "tiers": tiers}


def stack_rule(rng: random.Random, world: World, pick: Selector = selector) -> dict[str, Any]:
    purpose, unit, amounts = rng.choice(STACK_VALUES)
    stack = rng.choice(sorted(world.stacks))
    return {"applies_to": {"stacks": [stack]}, "purpose": purpose, "basis": "stack-completion",
            "value": value(rng, unit, amounts), "stack": stack}


RULE_MAKERS = (per_credential_rule, per_credential_rule, threshold_rule, stack_rule)


def rules(rng: random.Random, world: World, publisher: str, count: int,
          pick: Selector = selector) -> list[dict[str, Any]]:
    """`count` rules whose selections `pick` chooses (by default topics or issuers)."""
    made = []
    for number in range(1, count + 1):
        maker = per_credential_rule if number == 1 else rng.choice(RULE_MAKERS)
        rule = {"id": f"{maker.__name__.removesuffix('_rule').replace('_', '-')}-{number}",
                **maker(rng, world, pick)}
        rule["requires_preapproval"] = rng.random() < 0.3
        if rng.random() < 0.3:
            rule["conditions"] = "Must relate to the educator's licensure area."
        if rng.random() < 0.5:
            rule["effective"] = {"from": dt.date(rng.randint(2014, 2020), 7, 1)}
        rule["status"] = rng.choice(("active", "active", "active", "pilot"))
        rule["sources"] = [source(rng, publisher)]
        made.append(rule)
    return made


def selected_credentials(rule: dict[str, Any], world: World) -> set[str]:
    """The credential ids a generated rule selects (topics, issuers or stacks)."""
    applies = rule["applies_to"]
    if applies.get("all"):
        return {plan.id for plan in world.credentials}
    topics, issuers = set(applies.get("topics", ())), set(applies.get("issuers", ()))
    chosen = {plan.id for plan in world.credentials if plan.issuer in issuers or topics.intersection(plan.topics)}
    for stack in applies.get("stacks", ()):
        chosen.update(world.stacks[stack])
    return chosen


def write_states(root: Path, rng: random.Random, prose: Prose, world: World,
                 catalog_wide: Sequence[str] = ()) -> None:
    """Every state and DC with 1-3 rules; those in `catalog_wide` start with a rule for any credential."""
    for code, name in STATES:
        agency = f"{name} Department of Education"
        count = rng.randint(1, 3)
        if code in catalog_wide:
            state_rules = [catalog_wide_rule(rng, agency), *rules(rng, world, agency, count - 1)]
        else:
            state_rules = rules(rng, world, agency, count)
        for rule in state_rules:
            for credential in selected_credentials(rule, world):
                world.recognizer_states.setdefault(credential, set()).add(code)
        front = {"agency": agency, "url": f"https://education.{code}.example.gov/",
                 "policy": prose.paragraph(2), "recognitions": state_rules, "example": True}
        write_entity(root, "states", code, front, prose.paragraph(3) + "\n")


def write_districts(root: Path, rng: random.Random, prose: Prose, world: World, count: int) -> None:
    kinds = ("School District", "Public Schools", "Unified School District", "Educational Service Center")
    for number in range(1, count + 1):
        code, _ = rng.choice(STATES)
        name = f"{rng.choice(PLACES)} {rng.choice(kinds)}"
        district_id = f"{slugify(name)}-{number:03d}"
        front = {
            "name": name,
            "state": code,
            "nces_id": f"{rng.randrange(10**6, 10**7)}",
            "url": f"https://www.{slugify(name)}-{number}.example.org/",
            "policy": prose.paragraph(2),
            "recognitions": rules(rng, world, name, rng.randint(1, 2)),
            "example": True,
        }
        write_entity(root, "districts", district_id, front, prose.paragraph(2) + "\n")


def write_portfolios(root: Path, rng: random.Random, prose: Prose, world: World, count: int) -> None:
    credential_ids = [plan.id for plan in world.credentials]
    districts = sorted(path.stem for path in (root / "districts").glob("*.md"))
    for number in range(1, count + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        earned_ids, dates = earned_sample(rng, credential_ids)
        manifest: dict[str, Any] = {"name": f"{first} {last}", "role": "Classroom teacher",
                                    "state": rng.choice(STATES)[0], "headline": prose.sentence(),
                                    "public": True, "example": True}
        if districts and rng.random() < 0.7:
            manifest["district"] = rng.choice(districts)
        add_awards(manifest, rng, prose, credential_ids, earned_ids, dates)
        folder = root / "portfolios" / f"{slugify(first)}-{slugify(last)}-{number:04d}"
        hugo_site.write_text(folder / "portfolio.yaml", dump_yaml(manifest))


def earned_sample(rng: random.Random, credential_ids: Sequence[str]) -> tuple[list[str], list[dt.date]]:
    """1 to 20 credentials a portfolio has earned, and their dates in order."""
    earned_ids = rng.sample(credential_ids, rng.randint(1, min(20, len(credential_ids))))
    return earned_ids, sorted(iso_day(rng) for _ in earned_ids)


def add_awards(manifest: dict[str, Any], rng: random.Random, prose: Prose, credential_ids: Sequence[str],
               earned_ids: Sequence[str], dates: Sequence[dt.date]) -> None:
    """A manifest's `earned` entries and, sometimes, a credential it is pursuing."""
    manifest["earned"] = [award(rng, prose, credential, day) for credential, day in zip(earned_ids, dates,
                                                                                         strict=True)]
    remaining = sorted(set(credential_ids) - set(earned_ids))
    if remaining and rng.random() < 0.4:
        manifest["pursuing"] = [{"credential": rng.choice(remaining), "started": iso_day(rng)}]


def award(rng: random.Random, prose: Prose, credential: str, day: dt.date) -> dict[str, Any]:
    entry: dict[str, Any] = {"credential": credential, "earned": day}
    if rng.random() < 0.2:
        entry["attempts"] = 2
    if rng.random() < 0.3:
        entry["reflection"] = prose.sentence()
    if rng.random() < 0.2:
        entry["evidence"] = [{"title": "Shared lesson plan", "kind": "link",
                              "url": f"https://docs.example.org/{credential}/lesson-plan"}]
    return entry


# -- the state-scale profile (issue 16): many districts, half of them recognizing any credential ---------

CATALOG_WIDE_PER_CREDENTIAL = (
    ("license-renewal", "clock-hours", (5, 10, 15, 20)),
    ("license-renewal", "renewal-credits", (1, 2)),
    ("pd-requirement", "pdps", (5, 10)),
    ("stipend", "usd", (50, 100, 250)),
)
CATALOG_WIDE_TIERS = (
    ("salary", "percent-salary", ((15, 4),), True),  # Dysart: 4% after 15 micro-credentials
    ("salary", "percent-salary", ((5, 1), (10, 2), (15, 3)), True),
    ("salary", "usd", ((3, 500), (6, 1000), (9, 1500)), False),
    ("masters-equivalency", "eligibility", ((15, None),), False),
)


def catalog_wide_rule(rng: random.Random, publisher: str) -> dict[str, Any]:
    """A rule with `applies_to: {all: true}`: per-credential (hours, credits, a stipend) or salary tiers."""
    rule: dict[str, Any]
    if rng.random() < 0.6:
        purpose, unit, amounts = rng.choice(CATALOG_WIDE_PER_CREDENTIAL)
        rule = {"id": "any-credential", "applies_to": {"all": True}, "purpose": purpose,
                "basis": "per-credential", "value": value(rng, unit, amounts)}
        if rng.random() < 0.5:
            rule["max_per_year"] = rng.randint(2, 6)
    else:
        purpose, unit, steps, permanent = rng.choice(CATALOG_WIDE_TIERS)
        tiers = [{"at": at, **({"amount": amount} if amount is not None else {}), "unit": unit,
                  **({"permanent": True} if permanent else {})} for at, amount in steps]
        rule = {"id": "any-credential-tiers", "applies_to": {"all": True}, "purpose": purpose,
                "basis": "threshold", "tiers": tiers}
    rule["requires_preapproval"] = rng.random() < 0.2
    if rng.random() < 0.5:
        rule["effective"] = {"from": dt.date(rng.randint(2014, 2020), 7, 1)}
    rule["status"] = rng.choice(("active", "active", "active", "pilot"))
    rule["sources"] = [source(rng, publisher)]
    return rule


def district_selector(rng: random.Random, world: World) -> dict[str, list[str]]:
    """What a district's own rule names, as the districts of the reports do (Mineola, NYC, CUSD 200: stacks):
    a stack (half the time), a few named credentials, or one issuer; never a whole topic."""
    draw = rng.random()
    if draw < 0.5:
        return {"stacks": [rng.choice(sorted(world.stacks))]}
    if draw < 0.8:
        ids = [plan.id for plan in world.credentials]
        return {"credentials": sorted(rng.sample(ids, min(len(ids), rng.randint(2, 8))))}
    return {"issuers": [rng.choice(world.issuers)]}


def district_states(rng: random.Random, count: int) -> list[str]:
    """The state of each district: every one of the 50 states once (when count >= 50), the rest at random."""
    codes = [code for code, _ in STATES if code != "dc"]
    first = codes[:]
    rng.shuffle(first)
    return [first[number] if number < len(first) else rng.choice(codes) for number in range(count)]


def write_districts_scale(root: Path, rng: random.Random, prose: Prose, world: World, count: int) -> dict[str, str]:
    """count districts over the 50 states, half (count // 2) with a catalog-wide rule; returns id -> state."""
    kinds = ("School District", "Public Schools", "Unified School District", "Educational Service Center")
    states = district_states(rng, count)
    catalog_wide = set(rng.sample(range(count), count // 2))
    width = max(3, len(str(count)))
    written: dict[str, str] = {}
    for number in range(1, count + 1):
        code = states[number - 1]
        name = f"{rng.choice(PLACES)} {rng.choice(kinds)}"
        district_id = f"{slugify(name)}-{number:0{width}d}"
        if number - 1 in catalog_wide:
            district_rules = [catalog_wide_rule(rng, name)]
            if rng.random() < 0.2:
                district_rules += rules(rng, world, name, 1, district_selector)
        else:
            district_rules = rules(rng, world, name, rng.randint(1, 2), district_selector)
        front = {
            "name": name,
            "state": code,
            "nces_id": f"{rng.randrange(10**6, 10**7)}",
            "url": f"https://www.{slugify(name)}-{number}.example.org/",
            "policy": prose.paragraph(2),
            "recognitions": district_rules,
            "example": True,
        }
        write_entity(root, "districts", district_id, front, prose.paragraph(2) + "\n")
        written[district_id] = code
    return written


def write_portfolios_scale(root: Path, rng: random.Random, prose: Prose, world: World, count: int,
                           districts: dict[str, str]) -> None:
    """count portfolios, each naming a district (`district:`) and that district's state (`state:`)."""
    credential_ids = [plan.id for plan in world.credentials]
    district_ids = sorted(districts)
    width = max(4, len(str(count)))
    for number in range(1, count + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        earned_ids, dates = earned_sample(rng, credential_ids)
        district = district_ids[(number - 1) % len(district_ids)] if number <= len(district_ids) \
            else rng.choice(district_ids)
        manifest: dict[str, Any] = {"name": f"{first} {last}", "role": "Classroom teacher",
                                    "district": district, "state": districts[district],
                                    "headline": prose.sentence(), "public": True, "example": True}
        add_awards(manifest, rng, prose, credential_ids, earned_ids, dates)
        folder = root / "portfolios" / f"{slugify(first)}-{slugify(last)}-{number:0{width}d}"
        hugo_site.write_text(folder / "portfolio.yaml", dump_yaml(manifest))


# -- the whole corpus ----------------------------------------------------------------------------------


def clear(out: Path) -> None:
    """Remove a previous corpus from out; refuse folders this generator did not write."""
    parts = [out / "content", out / "hugo"]
    if any(part.exists() for part in parts) and not (out / MARKER).is_file():
        raise SystemExit(f"{out} holds content/ or hugo/ but no {MARKER}: not a generated corpus, not touching it")
    (out / MARKER).unlink(missing_ok=True)
    for part in parts:
        if part.exists():
            shutil.rmtree(part)


def generate(n: int, out: Path, seed: int = 1, profile: str = "default", districts: int | None = None,
             portfolios: int | None = None) -> Counts:
    """Write the corpus for n credentials under out (content/, hugo/, corpus.json) and return its counts.

    profile "default" is the main comparison's corpus (200 districts, 500 portfolios unless given);
    "state-scale" has `districts` districts (default n / 10) and `portfolios` portfolios (default n / 10)."""
    if n < 1:
        raise ValueError("at least one credential is needed")
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: one of {', '.join(PROFILES)}")
    if profile == "state-scale":
        districts = max(1, round(n / 10)) if districts is None else districts
        portfolios = max(1, round(n / 10)) if portfolios is None else portfolios
    if (districts is not None and districts < (1 if profile == "state-scale" else 0)) or \
            (portfolios is not None and portfolios < 0):
        raise ValueError("districts and portfolios cannot be negative (state-scale needs one district)")
    counts = Counts.for_credentials(n, districts, portfolios)
    out = Path(out)
    clear(out)
    content, hugo = out / "content", out / "hugo"

    def rng(part: str) -> random.Random:
        return random.Random(f"{seed}:{part}")

    site = site_yaml(n)
    if profile == "state-scale":
        # no district count in it: the Hugo site stays the same whatever the districts (growth runs share it)
        site["title"] = f"Synthetic State-scale Micro-credential Catalog ({n} credentials)"
    hugo_site.write_text(content / "site.yaml", dump_yaml(site))
    hugo_site.write_skeleton(hugo, site["title"], BASE_URL)
    issuers = [ident("issuer", i, counts.issuers) for i in range(1, counts.issuers + 1)]
    world = World(
        issuers=issuers,
        competencies=[ident("competency", i, counts.competencies) for i in range(1, counts.competencies + 1)],
        rubrics=[f"rubric-{i:02d}" for i in range(1, counts.rubrics + 1)],
        credentials=plan_credentials(rng("plan"), counts, issuers),
    )
    write_issuers(content, rng("issuers"), Prose(rng("issuer-text")), world.issuers)
    write_competencies(content, rng("competencies"), Prose(rng("competency-text")), world.competencies)
    write_rubrics(content, rng("rubrics"), Prose(rng("rubric-text")), world.rubrics)
    write_stacks(content, rng("stacks"), Prose(rng("stack-text")), world, counts.stacks)
    if profile == "state-scale":
        write_states(content, rng("states"), Prose(rng("state-text")), world, CATALOG_WIDE_STATES)
        written = write_districts_scale(content, rng("districts"), Prose(rng("district-text")), world,
                                        counts.districts)
        write_portfolios_scale(content, rng("portfolios"), Prose(rng("portfolio-text")), world, counts.portfolios,
                               written)
    else:
        write_states(content, rng("states"), Prose(rng("state-text")), world)
        write_districts(content, rng("districts"), Prose(rng("district-text")), world, counts.districts)
        write_portfolios(content, rng("portfolios"), Prose(rng("portfolio-text")), world, counts.portfolios)
    write_credentials(content, hugo, rng("credentials"), world)
    marker: dict[str, Any] = {"generator_version": GENERATOR_VERSION, "credentials": n, "seed": seed,
                              "counts": vars(counts)}
    if profile != "default":
        marker["profile"] = profile  # absent for the default profile (markers written before profiles existed)
        marker["profile_version"] = STATE_SCALE_VERSION
    hugo_site.write_text(out / MARKER, json.dumps(marker, indent=2, sort_keys=True) + "\n")
    return counts


def read_marker(out: Path) -> dict[str, Any] | None:
    """The parameters of the corpus in out, or None when there is no complete corpus there."""
    try:
        found: dict[str, Any] = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found


def is_current(out: Path, n: int, seed: int, profile: str = "default", districts: int | None = None,
               portfolios: int | None = None) -> bool:
    """Whether out holds a complete corpus of this generator version for these arguments (profile and counts)."""
    marker = read_marker(out)
    if marker is None or marker.get("generator_version") != GENERATOR_VERSION or marker.get("credentials") != n \
            or marker.get("seed") != seed or marker.get("profile", "default") != profile:
        return False
    if profile == "state-scale":
        if marker.get("profile_version") != STATE_SCALE_VERSION:
            return False
        districts = max(1, round(n / 10)) if districts is None else districts
        portfolios = max(1, round(n / 10)) if portfolios is None else portfolios
    found = marker.get("counts") or {}
    wanted = Counts.for_credentials(n, districts, portfolios)
    return found.get("districts", wanted.districts) == wanted.districts \
        and found.get("portfolios", wanted.portfolios) == wanted.portfolios


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--credentials", type=int, required=True, help="number of credentials (N)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write content/ and hugo/ into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", choices=PROFILES, default="default",
                        help="default: the main comparison; state-scale: many districts, half catalog-wide")
    parser.add_argument("--districts", type=int, default=None,
                        help="number of districts (default: 200; state-scale: credentials / 10)")
    parser.add_argument("--portfolios", type=int, default=None,
                        help="number of portfolios (default: 500; state-scale: credentials / 10)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.credentials < 1:
        parser.error("--credentials must be at least 1")
    if args.districts is not None and args.districts < (1 if args.profile == "state-scale" else 0):
        parser.error("--districts must be at least 1 for state-scale (0 or more otherwise)")
    if args.portfolios is not None and args.portfolios < 0:
        parser.error("--portfolios cannot be negative")
    counts = generate(args.credentials, args.out, args.seed, args.profile, args.districts, args.portfolios)
    print(f"wrote {args.out}: " + ", ".join(f"{count} {kind}" for kind, count in vars(counts).items()),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
