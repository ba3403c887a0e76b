"""The credential in CTDL JSON-LD for the Credential Registry (`credentials/<id>/ctdl.json`)."""

from __future__ import annotations

from typing import Any

from sitegen.model import APPROVAL_PURPOSES, Credential, Recognizer, Rule
from sitegen.plan.common import PURPOSE_LABELS, Context, state_name
from sitegen.plan.credentials import badge_name
from sitegen.plan.exports.encoding import language_tag
from sitegen.plan.index import CatalogIndex

CTDL_CONTEXT = "https://credreg.net/ctdl/schema/context/json"
CTDL_FILE = "ctdl.json"
STATUS_FRAMEWORK = "https://credreg.net/ctdl/terms/CredentialStatus"
# CTDL's CredentialStatus concepts; a draft (built only with --drafts) has no status in the registry's terms.
STATUS_NODES = {"active": ("credentialStat:Active", "Active"), "retired": ("credentialStat:Deprecated", "Deprecated")}
# A proposed rule is no approval or recognition yet, and an ended one is no longer: neither is asserted.
ASSERTED_RULE_STATUSES = frozenset({"active", "pilot"})

Json = dict[str, Any]


class _Text:
    """Language maps in the content language."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def __call__(self, text: str) -> dict[str, str]:
        return {self.tag: text}

    def many(self, texts: list[str]) -> dict[str, list[str]]:
        return {self.tag: texts}


def ctdl_url(ctx: Context, credential: Credential) -> str:
    return ctx.urls.absolute(ctx.urls.credential_file(credential.id, CTDL_FILE))


def _place(text: _Text, state: str) -> Json:
    return {"@type": "ceterms:Place", "ceterms:addressRegion": text(state_name(state)),
            "ceterms:addressCountry": text("US")}


def _issuer_node(ctx: Context, text: _Text, issuer_id: str) -> Json:
    issuer = ctx.catalog.issuers[issuer_id]
    page = ctx.urls.absolute(ctx.urls.issuer(issuer.id))
    node: Json = {
        "@id": page,
        "@type": "ceterms:CredentialOrganization",
        "ceterms:name": text(issuer.name),
        "ceterms:subjectWebpage": issuer.url or page,
    }
    if issuer.short_name:
        node["ceterms:alternateName"] = text.many([issuer.short_name])
    if issuer.state:
        node["ceterms:address"] = [_place(text, issuer.state)]
    return node


def _district_node(ctx: Context, text: _Text, district: Recognizer) -> Json:
    page = ctx.urls.absolute(ctx.urls.recognizer(district.id, district.kind))
    node: Json = {
        "@id": page,
        "@type": "ceterms:CredentialOrganization",
        "ceterms:name": text(district.name),
        "ceterms:subjectWebpage": district.url or page,
        "ceterms:address": [_place(text, district.state)],
    }
    if district.policy:
        node["ceterms:description"] = text(district.policy)
    return node


def _jurisdiction(text: _Text, state: str, purposes: set[str]) -> Json:
    labels = ", ".join(sorted(PURPOSE_LABELS[p] for p in purposes))
    return {
        "@type": "ceterms:JurisdictionProfile",
        "ceterms:description": text(f"{state_name(state)}: {labels}"),
        "ceterms:mainJurisdiction": [_place(text, state)],
    }


def _requirements(ctx: Context, text: _Text, credential: Credential) -> Json:
    catalog = ctx.catalog
    rubric = catalog.rubrics.get(credential.rubric) if credential.rubric else None
    described = "Submit evidence of the competencies below"
    described += f", scored with the rubric {rubric.title}." if rubric else "."
    condition: Json = {
        "@type": "ceterms:ConditionProfile",
        "ceterms:description": text(described),
        "ceterms:targetCompetency": [
            {
                "@type": "ceterms:CredentialAlignmentObject",
                "ceterms:targetNode": ctx.urls.absolute(ctx.urls.competency(competency_id)),
                "ceterms:targetNodeName": text(catalog.competencies[competency_id].title),
                "ceterms:targetNodeDescription": text(catalog.competencies[competency_id].statement),
            }
            for competency_id in credential.competencies
        ],
    }
    if credential.evidence:
        condition["ceterms:condition"] = text.many([
            f"Part {part.part}: {part.title}" + (f". {part.description}" if part.description else "")
            for part in credential.evidence
        ])
    return condition


def _hours(hours: float) -> str:
    return f"PT{hours:g}H"


def credential_ctdl(ctx: Context, index: CatalogIndex, credential: Credential) -> Json:
    """`{"@context": …, "@graph": [the ceterms:MicroCredential, its organisations…]}`; no personal data."""
    urls = ctx.urls
    text = _Text(language_tag(ctx))
    issuer_page = urls.absolute(urls.issuer(credential.issuer))
    node: Json = {
        "@id": ctdl_url(ctx, credential),
        "@type": "ceterms:MicroCredential",
    }
    if credential.ctid:
        node["ceterms:ctid"] = credential.ctid
    node.update({
        "ceterms:name": text(credential.title),
        "ceterms:description": text(credential.summary),
        "ceterms:subjectWebpage": urls.absolute(urls.credential(credential.id)),
        "ceterms:image": urls.absolute(urls.credential_file(credential.id, badge_name(credential))),
        "ceterms:inLanguage": [text.tag],
        "ceterms:ownedBy": [{"@id": issuer_page}],
        "ceterms:offeredBy": [{"@id": issuer_page}],
        "ceterms:requires": [_requirements(ctx, text, credential)],
    })
    status = STATUS_NODES.get(credential.status)
    if status is not None:
        node["ceterms:credentialStatusType"] = {
            "@type": "ceterms:CredentialAlignmentObject",
            "ceterms:framework": STATUS_FRAMEWORK,
            "ceterms:frameworkName": text("Credential Status"),
            "ceterms:targetNode": status[0],
            "ceterms:targetNodeName": text(status[1]),
        }
    if credential.published:
        node["ceterms:dateEffective"] = credential.published.isoformat()
    if credential.topics:
        node["ceterms:keyword"] = text.many(list(credential.topics))
    if credential.estimated_hours is not None:
        node["ceterms:estimatedDuration"] = [{"@type": "ceterms:DurationProfile",
                                              "ceterms:exactDuration": _hours(credential.estimated_hours)}]
    graph = [node, _issuer_node(ctx, text, credential.issuer)]
    graph.extend(_recognition(ctx, text, index.rules_by_credential.get(credential.id, ()), node))
    return {"@context": CTDL_CONTEXT, "@graph": graph}


def _recognition(ctx: Context, text: _Text, rules: tuple[tuple[Recognizer, Rule], ...], node: Json) -> list[Json]:
    """Fill the approvedIn/By and recognizedIn/By properties of `node`; return the district organisations."""
    states: dict[str, dict[str, set[str]]] = {"approved": {}, "recognized": {}}
    districts: dict[str, dict[str, Recognizer]] = {"approved": {}, "recognized": {}}
    for recognizer, rule in rules:
        if rule.status not in ASSERTED_RULE_STATUSES:
            continue
        how = "approved" if rule.purpose in APPROVAL_PURPOSES else "recognized"
        if recognizer.kind == "state":
            states[how].setdefault(recognizer.state, set()).add(rule.purpose)
        else:
            districts[how][recognizer.id] = recognizer
    organisations: dict[str, Recognizer] = {}
    for how in ("approved", "recognized"):
        found = states[how]
        if found:
            node[f"ceterms:{how}In"] = [_jurisdiction(text, code, found[code])
                                        for code in sorted(found, key=state_name)]
        by = districts[how]
        if by:
            node[f"ceterms:{how}By"] = [
                {"@id": ctx.urls.absolute(ctx.urls.recognizer(rid, "district"))} for rid in sorted(by)]
            organisations.update(by)
    return [_shared_district_node(ctx, text, organisations[rid]) for rid in sorted(organisations)]


def _shared_district_node(ctx: Context, text: _Text, district: Recognizer) -> Json:
    """A district's organisation node, made once per process (every credential it recognizes lists it;
    shared: never mutate)."""
    key = ("ctdl-district", text.tag, district.id)
    node: Json | None = ctx.memo.get(key)
    if node is None:
        node = ctx.memo[key] = _district_node(ctx, text, district)
    return node
