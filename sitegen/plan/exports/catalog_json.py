"""The whole public catalog as data (`catalog.json`, split into parts past 10 MB) and its JSON Schema.

Each rule is stated once with its selection: a specific rule lists the credentials it selects; a catalog-wide
rule (`applies_to.all`) lists none (`catalog_wide: true`, it selects every credential of the catalog). Each
credential lists the rules that select it specifically (`rules`); the states where some recognizer accepts
any credential are listed once (`states_any`). Portfolios link their `portfolio.json`, which holds their
results (with every catalog-wide rule they would grow as portfolios × recognizers here).

When the file would pass `max_bytes`, the largest of the entity lists (credentials, recognizers, portfolios)
are moved, in order, into parts `catalog/<section>-<n>.json` (`{"$schema", "section", "<section>": [...]}`,
each under `max_bytes`) until the rest fits: `catalog.json` then holds that section as an empty list and
names its parts, in order, under `parts`. A catalog that fits has `parts: []`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

from sitegen.model import Portfolio, Recognizer, Rule, Source, Stack, Value
from sitegen.plan.common import Context, date_text, state_name
from sitegen.plan.credentials import badge_name
from sitegen.plan.exports.ctdl import CTDL_FILE
from sitegen.plan.exports.encoding import MAX_FILE_BYTES
from sitegen.plan.exports.openbadges import ACHIEVEMENT_FILE
from sitegen.plan.index import CatalogIndex
from sitegen.recognition import is_catalog_wide, tidy_amount

SCHEMA_PATH = "schemas/catalog.schema.json"
SPLITTABLE = ("credentials", "recognizers", "portfolios")

Json = dict[str, Any]


def catalog_schema() -> bytes:
    """The schema file shipped in the package, published as it is."""
    return resources.files("sitegen").joinpath(SCHEMA_PATH).read_bytes()


def _sources(sources: tuple[Source, ...]) -> list[Json]:
    return [{"title": s.title, "publisher": s.publisher, "year": s.year, "locator": s.locator, "url": s.url}
            for s in sources]


def _value(value: Value | None) -> Json | None:
    if value is None:
        return None
    return {"amount": tidy_amount(value.amount), "unit": value.unit, "permanent": value.permanent,
            "note": value.note}


def _rule(ctx: Context, index: CatalogIndex, recognizer: Recognizer, rule: Rule) -> Json:
    selector = rule.applies_to
    catalog_wide = is_catalog_wide(rule)
    return {
        "id": rule.id,
        "url": ctx.urls.absolute(ctx.urls.rule(ctx.urls.recognizer(recognizer.id, recognizer.kind), rule.id)),
        "applies_to": {"credentials": list(selector.credentials), "stacks": list(selector.stacks),
                       "issuers": list(selector.issuers), "topics": list(selector.topics), "all": selector.all},
        "catalog_wide": catalog_wide,
        "credentials": [] if catalog_wide else list(index.selected.get((recognizer.id, rule.id), ())),
        "purpose": rule.purpose,
        "basis": rule.basis,
        "value": _value(rule.value),
        "unit": rule.unit,
        "max_per_year": rule.max_per_year,
        "max_total": tidy_amount(rule.max_total),
        "stack": rule.stack,
        "tiers": [{"at": t.at, "amount": tidy_amount(t.amount), "unit": t.unit, "permanent": t.permanent}
                  for t in rule.tiers],
        "requires_preapproval": rule.requires_preapproval,
        "conditions": rule.conditions,
        "effective": {"from": date_text(rule.effective_from), "until": date_text(rule.effective_until)},
        "status": rule.status,
        "sources": _sources(rule.sources),
    }


def _recognizer(ctx: Context, index: CatalogIndex, recognizer: Recognizer) -> Json:
    return {
        "id": recognizer.id,
        "kind": recognizer.kind,
        "name": recognizer.name,
        "state": recognizer.state,
        "state_name": state_name(recognizer.state),
        "page": ctx.urls.absolute(ctx.urls.recognizer(recognizer.id, recognizer.kind)),
        "agency": recognizer.agency,
        "nces_id": recognizer.nces_id,
        "url": recognizer.url,
        "policy": recognizer.policy,
        "example": recognizer.example,
        "body": recognizer.body,
        "rules": [_rule(ctx, index, recognizer, rule) for rule in recognizer.recognitions],
    }


def _stack(ctx: Context, stack: Stack) -> Json:
    return {
        "id": stack.id,
        "title": stack.title,
        "page": ctx.urls.absolute(ctx.urls.stack(stack.id)),
        "issuer": stack.issuer,
        "credentials": list(stack.credentials),
        "required": "all" if stack.required is None else stack.required,
        "summary": stack.summary,
        "example": stack.example,
        "sources": _sources(stack.sources),
        "body": stack.body,
    }


def _portfolio(ctx: Context, portfolio: Portfolio) -> Json:
    urls = ctx.urls
    return {
        "id": portfolio.id,
        "name": portfolio.name,
        "page": urls.absolute(urls.portfolio(portfolio.id)),
        "json": urls.absolute(f"portfolios/{portfolio.id}/portfolio.json"),
        "role": portfolio.role,
        "district": portfolio.district,
        "state": portfolio.state,
        "headline": portfolio.headline,
        "example": portfolio.example,
        "earned": [{"credential": a.credential, "earned": a.earned.isoformat(), "revoked": a.revoked}
                   for a in sorted(portfolio.earned, key=lambda a: (a.earned, a.credential))],
        "pursuing": [{"credential": p.credential, "started": date_text(p.started)} for p in portfolio.pursuing],
    }


def _credentials(ctx: Context, index: CatalogIndex) -> Iterator[Json]:
    catalog = ctx.catalog
    urls = ctx.urls
    for credential in catalog.credentials.values():
        specific = sorted((recognizer.id, rule.id)
                          for recognizer, rule in index.rules_by_credential.get(credential.id, ()))
        yield {
            "id": credential.id,
            "title": credential.title,
            "page": urls.absolute(urls.credential(credential.id)),
            "image": urls.absolute(urls.credential_file(credential.id, badge_name(credential))),
            "achievement": urls.absolute(urls.credential_file(credential.id, ACHIEVEMENT_FILE)),
            "ctdl": urls.absolute(urls.credential_file(credential.id, CTDL_FILE)),
            "issuer": credential.issuer,
            "competencies": list(credential.competencies),
            "rubric": credential.rubric,
            "summary": credential.summary,
            "topics": list(credential.topics),
            "roles": list(credential.roles),
            "grade_bands": list(credential.grade_bands),
            "estimated_hours": tidy_amount(credential.estimated_hours),
            "evidence": [{"part": p.part, "title": p.title, "description": p.description}
                         for p in credential.evidence],
            "version": credential.version,
            "ctid": credential.ctid,
            "status": credential.status,
            "published": date_text(credential.published),
            "example": credential.example,
            "stacks": list(index.stacks_by_credential.get(credential.id, ())),
            "states": list(index.states_by_credential.get(credential.id, ())),
            "rules": [{"recognizer": recognizer_id, "rule": rule_id} for recognizer_id, rule_id in specific],
            "sources": _sources(credential.sources),
            "body": credential.body,
        }


def _sections(ctx: Context, index: CatalogIndex) -> dict[str, Any]:
    """catalog.json's keys in order; the entity lists are iterators (made one entry at a time)."""
    catalog = ctx.catalog
    site = catalog.site
    urls = ctx.urls
    month, day = site.school_year_starts
    recognizers = [r for r in catalog.recognizers.values() if r.path is not None or r.recognitions]
    public = catalog.public_portfolios
    return {
        "$schema": urls.absolute(SCHEMA_PATH),
        "site": {"title": site.title, "base_url": site.base_url, "description": site.description,
                 "language": site.language, "home_state": site.home_state,
                 "school_year_starts": f"{month:02d}-{day:02d}"},
        "issuers": [
            {"id": i.id, "name": i.name, "short_name": i.short_name, "kind": i.kind, "url": i.url, "state": i.state,
             "page": urls.absolute(urls.issuer(i.id)), "example": i.example, "body": i.body}
            for i in catalog.issuers.values()
        ],
        "competencies": [
            {"id": c.id, "title": c.title, "statement": c.statement, "page": urls.absolute(urls.competency(c.id)),
             "alignments": [{"framework": a.framework, "code": a.code, "url": a.url} for a in c.alignments],
             "tags": list(c.tags), "example": c.example, "body": c.body}
            for c in catalog.competencies.values()
        ],
        "rubrics": [
            {"id": r.id, "title": r.title,
             "levels": [{"id": lv.id, "label": lv.label, "passing": lv.passing} for lv in r.levels],
             "criteria": [{"id": c.id, "title": c.title, "descriptors": dict(c.descriptors)} for c in r.criteria],
             "passing_rule": "all" if r.passing_rule is None else r.passing_rule,
             "example": r.example, "body": r.body}
            for r in catalog.rubrics.values()
        ],
        "credentials": _credentials(ctx, index),
        "stacks": [_stack(ctx, s) for s in catalog.stacks.values()],
        "recognizers": (_recognizer(ctx, index, r) for r in recognizers),
        "portfolios": (_portfolio(ctx, public[pid]) for pid in sorted(public)),
        "states_any": list(index.accepting_any),
    }


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _array(entries: list[bytes]) -> bytes:
    return b"[" + b",".join(entries) + b"]"


def _array_size(entries: list[bytes]) -> int:
    return 2 + sum(len(entry) for entry in entries) + max(0, len(entries) - 1)


def _object(members: list[tuple[str, bytes]]) -> bytes:
    """A JSON object from already encoded values, with the final newline of every export."""
    return b"{" + b",".join(_encode(key) + b":" + value for key, value in members) + b"}\n"


def catalog_files(ctx: Context, index: CatalogIndex, *,
                  max_bytes: int = MAX_FILE_BYTES) -> Iterator[tuple[str, bytes]]:
    """catalog.json, then its parts when it would pass `max_bytes` (see the module's docstring)."""
    members: list[tuple[str, bytes]] = []
    entries: dict[str, list[bytes]] = {}
    for key, value in _sections(ctx, index).items():
        if key in SPLITTABLE:
            entries[key] = [_encode(entry) for entry in value]
            members.append((key, b""))
        else:
            members.append((key, _encode(value)))
    sizes = {key: _array_size(entries[key]) for key in SPLITTABLE}
    fixed = sum(len(_encode(key)) + 2 + len(value) for key, value in members if key not in SPLITTABLE)
    split: list[str] = []
    parts: list[tuple[Json, str, bytes]] = []
    for section in sorted(SPLITTABLE, key=lambda key: (-sizes[key], SPLITTABLE.index(key))):
        whole = fixed + sum(2 if key in split else sizes[key] for key in SPLITTABLE)
        listed = len(_encode([meta for meta, _, _ in parts]))
        if whole + listed + len('"parts":') + 8 <= max_bytes:
            break
        split.append(section)
        parts.extend(_parts(ctx, section, entries[section], max_bytes))
    yield ctx.urls.catalog_json, _object(
        [(key, (b"[]" if key in split else _array(entries[key])) if key in SPLITTABLE else value)
         for key, value in members]
        + [("parts", _encode([meta for key in SPLITTABLE for meta, _, _ in parts if meta["section"] == key]))])
    for key in SPLITTABLE:
        for meta, rel, content in parts:
            if meta["section"] == key:
                yield rel, content


def _parts(ctx: Context, section: str, entries: list[bytes], max_bytes: int) -> Iterator[tuple[Json, str, bytes]]:
    """A split section's parts, in order: ({"section", "url", "count"}, the file's path, its bytes)."""
    urls = ctx.urls
    head = [("$schema", _encode(urls.absolute(SCHEMA_PATH) + "#/$defs/part")), ("section", _encode(section))]
    overhead = len(_object([*head, (section, b"[]")]))
    chunk: list[bytes] = []
    size = overhead
    number = 0

    def part() -> tuple[Json, str, bytes]:
        rel = urls.catalog_part(section, number)
        return ({"section": section, "url": urls.absolute(rel), "count": len(chunk)}, rel,
                _object([*head, (section, _array(chunk))]))

    for entry in entries:
        if chunk and size + len(entry) + 1 > max_bytes:
            number += 1
            yield part()
            chunk, size = [], overhead
        chunk.append(entry)
        size += len(entry) + 1
    if chunk:
        number += 1
        yield part()


def catalog_data(ctx: Context, index: CatalogIndex) -> Json:
    """catalog.json as one value, never split (every public entity, ordered by id; private portfolios never
    appear); the build writes `catalog_files`."""
    found = {key: list(value) if key in SPLITTABLE else value for key, value in _sections(ctx, index).items()}
    return {**found, "parts": []}
