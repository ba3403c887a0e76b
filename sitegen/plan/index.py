"""Derived relations computed once per build: which rules select which credentials, stacks per credential…"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sitegen.jurisdictions import JURISDICTIONS
from sitegen.model import Catalog, Portfolio, Recognizer, Rule
from sitegen.recognition import credential_groups, is_catalog_wide, selected_credentials

RECOGNIZING_STATUSES = frozenset({"active", "pilot"})
"""Rules that recognize credentials now; proposed and ended rules are shown but not counted."""


@dataclass(frozen=True)
class CatalogIndex:
    """Lookups that pages need, built in one pass so no page does quadratic work."""

    selected: dict[tuple[str, str], tuple[str, ...]]
    """(recognizer id, rule id) → credential ids the rule selects (every catalog-wide rule shares one tuple of
    all the catalog's ids: iterate it only where a page is about the rule, never per credential)."""
    rules_by_credential: dict[str, tuple[tuple[Recognizer, Rule], ...]]
    """Credential id → the *specific* rules selecting it (catalog-wide rules are in `catalog_wide`, never here:
    repeating them per credential would grow the site as credentials × recognizers)."""
    catalog_wide: tuple[tuple[Recognizer, Rule], ...]
    """Every catalog-wide rule (`applies_to: {all: true}`), by state name, then the state's own rules first,
    then recognizer name and rule id."""
    stacks_by_credential: dict[str, tuple[str, ...]]
    credentials_by_issuer: dict[str, tuple[str, ...]]
    credentials_by_topic: dict[str, tuple[str, ...]]
    credentials_by_competency: dict[str, tuple[str, ...]]
    states_by_credential: dict[str, tuple[str, ...]]
    """State codes where a credential is recognized *specifically* now: by an active or pilot specific rule
    (not a proposed or ended one); a district's rule counts for its state."""
    accepting_any: dict[str, tuple[str, ...]]
    """State code (by state name) → the recognizers there that accept any credential of the catalog now (an
    active or pilot catalog-wide rule), by id. Every credential is "accepted under a catalog-wide rule" there."""
    credentials_by_state: dict[str, tuple[str, ...]]
    """State code → credentials recognized specifically there now (see `states_by_credential`)."""
    districts_by_state: dict[str, tuple[str, ...]]
    earned_by: dict[str, tuple[Portfolio, ...]]
    """Public portfolios holding a credential (not revoked)."""


def build_index(catalog: Catalog) -> CatalogIndex:
    selected: dict[tuple[str, str], tuple[str, ...]] = {}
    rules_by_credential: dict[str, list[tuple[Recognizer, Rule]]] = defaultdict(list)
    states: dict[str, set[str]] = defaultdict(set)
    districts_by_state: dict[str, list[str]] = defaultdict(list)
    catalog_wide: list[tuple[Recognizer, Rule]] = []
    accepting_any: dict[str, set[str]] = defaultdict(set)
    groups = credential_groups(catalog)
    everything = tuple(sorted(catalog.credentials))
    for recognizer in catalog.recognizers.values():
        if recognizer.kind == "district":
            districts_by_state[recognizer.state].append(recognizer.id)
        for rule in recognizer.recognitions:
            if is_catalog_wide(rule):
                selected[(recognizer.id, rule.id)] = everything
                catalog_wide.append((recognizer, rule))
                if rule.status in RECOGNIZING_STATUSES:
                    accepting_any[recognizer.state].add(recognizer.id)
                continue
            chosen = selected_credentials(rule, catalog, groups)
            selected[(recognizer.id, rule.id)] = chosen
            for credential_id in chosen:
                rules_by_credential[credential_id].append((recognizer, rule))
                if rule.status in RECOGNIZING_STATUSES:
                    states[credential_id].add(recognizer.state)
    by_state: dict[str, list[str]] = defaultdict(list)
    for credential_id, codes in states.items():
        for code in codes:
            by_state[code].append(credential_id)
    stacks: dict[str, list[str]] = defaultdict(list)
    for stack in catalog.stacks.values():
        for credential_id in stack.credentials:
            stacks[credential_id].append(stack.id)
    by_issuer: dict[str, list[str]] = defaultdict(list)
    by_topic: dict[str, list[str]] = defaultdict(list)
    by_competency: dict[str, list[str]] = defaultdict(list)
    for credential in catalog.credentials.values():
        by_issuer[credential.issuer].append(credential.id)
        for topic in credential.topics:
            by_topic[topic].append(credential.id)
        for competency in credential.competencies:
            by_competency[competency].append(credential.id)
    earned: dict[str, list[Portfolio]] = defaultdict(list)
    for portfolio in catalog.public_portfolios.values():
        for credential_id in sorted({a.credential for a in portfolio.earned if not a.revoked}):
            earned[credential_id].append(portfolio)

    def frozen(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
        return {k: tuple(sorted(v)) for k, v in sorted(table.items())}

    catalog_wide.sort(key=lambda pair: (JURISDICTIONS[pair[0].state].name, pair[0].kind != "state",
                                        pair[0].name.lower(), pair[0].id, pair[1].id))
    return CatalogIndex(
        selected=selected,
        rules_by_credential={k: tuple(v) for k, v in rules_by_credential.items()},
        catalog_wide=tuple(catalog_wide),
        accepting_any={code: tuple(sorted(accepting_any[code]))
                       for code in sorted(accepting_any, key=lambda c: JURISDICTIONS[c].name)},
        stacks_by_credential=frozen(stacks),
        credentials_by_issuer=frozen(by_issuer),
        credentials_by_topic=frozen(by_topic),
        credentials_by_competency=frozen(by_competency),
        states_by_credential={k: tuple(sorted(v, key=lambda c: JURISDICTIONS[c].name)) for k, v in states.items()},
        credentials_by_state=frozen(by_state),
        districts_by_state=frozen(districts_by_state),
        earned_by={k: tuple(v) for k, v in earned.items()},
    )
