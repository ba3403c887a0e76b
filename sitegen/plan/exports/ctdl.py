"""CTDL JSON-LD for the Credential Registry: each credential (`credentials/<id>/ctdl.json`) and the
organisations they refer to (`ctdl/organizations.json`)."""

from __future__ import annotations

from typing import Any

from sitegen.model import APPROVAL_PURPOSES, Credential, Recognizer
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
    """`{"@context": …, "@graph": [the ceterms:MicroCredential, its issuer]}`; no personal data.

    Every organisation it refers to (`ownedBy`, `offeredBy`, `approvedBy`, `recognizedBy`) is described in
    ctdl/organizations.json; the graph keeps a short node (`@id`, type, name) of its issuer."""
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
    for language, found in ctx.catalog.translations.items():  # the title and summary in the site's other languages
        translation = found.get(("credentials", credential.id))
        if translation is not None:
            tag = language_tag(ctx, language)
            node["ceterms:name"][tag] = translation.fields["title"]
            node["ceterms:description"][tag] = translation.fields["summary"]
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
    _recognition(ctx, text, index, credential.id, node)
    return {"@context": CTDL_CONTEXT, "@graph": [node, _issuer_short_node(ctx, text, credential.issuer)]}


def organizations_ctdl(ctx: Context) -> Json:
    """`ctdl/organizations.json`: every issuer, then every district, described once (ctdl.json refers to them
    by `@id` and keeps only their name beside the reference)."""
    text = _Text(language_tag(ctx))
    catalog = ctx.catalog
    graph = [_issuer_node(ctx, text, issuer_id) for issuer_id in sorted(catalog.issuers)]
    graph += [_district_node(ctx, text, district)
              for district in sorted(catalog.recognizers.values(), key=lambda r: r.id) if district.kind == "district"]
    return {"@context": CTDL_CONTEXT, "@graph": graph}


def _recognition(ctx: Context, text: _Text, index: CatalogIndex, credential_id: str, node: Json) -> None:
    """Fill the approvedIn/By and recognizedIn/By properties of `node`.

    Specific rules: one JurisdictionProfile per state and property (its description names the purposes), and
    each district referenced by `@id` only (described once, in ctdl/organizations.json: a state-scale credential
    is recognized by a hundred districts, and their nodes would be most of the file). Catalog-wide rules
    follow, at most one JurisdictionProfile per state (`_catalog_wide_profiles`), and never an organisation."""
    states: dict[str, dict[str, set[str]]] = {"approved": {}, "recognized": {}}
    districts: dict[str, set[str]] = {"approved": set(), "recognized": set()}
    for recognizer, rule in index.rules_by_credential.get(credential_id, ()):
        if rule.status not in ASSERTED_RULE_STATUSES:
            continue
        how = "approved" if rule.purpose in APPROVAL_PURPOSES else "recognized"
        if recognizer.kind == "state":
            states[how].setdefault(recognizer.state, set()).add(rule.purpose)
        else:
            districts[how].add(recognizer.id)
    catalog_wide = _catalog_wide_profiles(ctx, text, index)
    for how in ("approved", "recognized"):
        found = states[how]
        profiles = [_jurisdiction(text, code, found[code]) for code in sorted(found, key=state_name)]
        profiles += catalog_wide[how]
        if profiles:
            node[f"ceterms:{how}In"] = profiles
        if districts[how]:
            node[f"ceterms:{how}By"] = [{"@id": ctx.urls.absolute(ctx.urls.recognizer(rid, "district"))}
                                        for rid in sorted(districts[how])]


def _catalog_wide_profiles(ctx: Context, text: _Text, index: CatalogIndex) -> dict[str, list[Json]]:
    """The JurisdictionProfiles that every credential carries for the catalog-wide rules, by property; made
    once per process (shared: never mutate).

    One profile per state with an active or pilot catalog-wide rule, whose description says how many
    recognizers there accept any credential of the catalog and for what. It goes under `approvedIn` when one
    of those rules has an approval purpose (license-renewal, pd-requirement, endorsement, licensure,
    graduate-credit: approval is the stronger statement), else under `recognizedIn`: one profile per state
    in all, never one per recognizer."""
    key = ("ctdl-catalog-wide", text.tag)
    profiles: dict[str, list[Json]] | None = ctx.memo.get(key)
    if profiles is not None:
        return profiles
    by_state: dict[str, tuple[set[str], set[str]]] = {}
    for recognizer, rule in index.catalog_wide:
        if rule.status in ASSERTED_RULE_STATUSES:
            recognizers, purposes = by_state.setdefault(recognizer.state, (set(), set()))
            recognizers.add(recognizer.id)
            purposes.add(rule.purpose)
    profiles = {"approved": [], "recognized": []}
    for code in sorted(by_state, key=state_name):
        recognizers, purposes = by_state[code]
        count = len(recognizers)
        labels = ", ".join(sorted(PURPOSE_LABELS[p] for p in purposes))
        who = "1 recognizer" if count == 1 else f"{count} recognizers"
        verb = "accepts" if count == 1 else "accept"
        profiles["approved" if purposes & APPROVAL_PURPOSES else "recognized"].append({
            "@type": "ceterms:JurisdictionProfile",
            "ceterms:description": text(
                f"{who} in {state_name(code)} {verb} any micro-credential of this catalog: {labels}"),
            "ceterms:mainJurisdiction": [_place(text, code)],
        })
    ctx.memo[key] = profiles
    return profiles


def _issuer_short_node(ctx: Context, text: _Text, issuer_id: str) -> Json:
    """The credential's organisation beside it: `@id`, type and name only (described in full, once, in
    ctdl/organizations.json); made once per process (shared: never mutate)."""
    key = ("ctdl-issuer", text.tag, issuer_id)
    node: Json | None = ctx.memo.get(key)
    if node is None:
        node = ctx.memo[key] = {"@id": ctx.urls.absolute(ctx.urls.issuer(issuer_id)),
                                "@type": "ceterms:CredentialOrganization",
                                "ceterms:name": text(ctx.catalog.issuers[issuer_id].name)}
    return node
