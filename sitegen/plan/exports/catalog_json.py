"""The whole public catalog as data (`catalog.json`) and its JSON Schema (`schemas/catalog.schema.json`)."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

from sitegen.model import Portfolio, Recognizer, Rule, Source, Stack, Value
from sitegen.plan.common import Context, date_text, state_name
from sitegen.plan.credentials import badge_name
from sitegen.plan.exports.ctdl import CTDL_FILE
from sitegen.plan.exports.openbadges import ACHIEVEMENT_FILE
from sitegen.plan.index import CatalogIndex
from sitegen.recognition import Result, tidy_amount

if TYPE_CHECKING:
    from sitegen.plan.portfolios import PublicResults

SCHEMA_PATH = "schemas/catalog.schema.json"

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
    return {
        "id": rule.id,
        "url": ctx.urls.absolute(ctx.urls.rule(ctx.urls.recognizer(recognizer.id, recognizer.kind), rule.id)),
        "applies_to": {"credentials": list(selector.credentials), "stacks": list(selector.stacks),
                       "issuers": list(selector.issuers), "topics": list(selector.topics), "all": selector.all},
        "credentials": list(index.selected.get((recognizer.id, rule.id), ())),
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


def _portfolio(ctx: Context, portfolio: Portfolio, results: tuple[Result, ...]) -> Json:
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
        "results": [result.as_json() for result in results],
    }


def catalog_data(ctx: Context, index: CatalogIndex, results: PublicResults) -> Json:
    """Every public entity, ordered by id; private portfolios never appear."""
    catalog = ctx.catalog
    site = catalog.site
    urls = ctx.urls
    month, day = site.school_year_starts
    credentials = []
    for credential in catalog.credentials.values():
        credentials.append({
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
            "sources": _sources(credential.sources),
            "body": credential.body,
        })
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
        "credentials": credentials,
        "stacks": [_stack(ctx, s) for s in catalog.stacks.values()],
        "recognizers": [_recognizer(ctx, index, r) for r in recognizers],
        "portfolios": [_portfolio(ctx, public[pid], results.get(pid, ())) for pid in sorted(public)],
    }
