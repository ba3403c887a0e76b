"""schema.org JSON-LD for credential, issuer and district pages (serialised by the base template)."""

from __future__ import annotations

from typing import Any

from sitegen.model import Credential, Issuer, Recognizer
from sitegen.plan.common import GRADE_LABELS, Context, state_name
from sitegen.plan.credentials import badge_name
from sitegen.plan.index import CatalogIndex

SCHEMA_ORG = "https://schema.org"

Json = dict[str, Any]


def _state_area(code: str) -> Json:
    return {"@type": "State", "name": state_name(code)}


def _recognizer(ctx: Context, recognizer: Recognizer) -> Json:
    page = ctx.urls.absolute(ctx.urls.recognizer(recognizer.id, recognizer.kind))
    if recognizer.kind == "state":
        name = recognizer.agency or recognizer.name
        return {"@type": "GovernmentOrganization", "@id": f"{page}#organization", "name": name, "url": page,
                "areaServed": _state_area(recognizer.state)}
    found: Json = {"@type": "Organization", "@id": f"{page}#organization", "name": recognizer.name, "url": page,
                   "areaServed": _state_area(recognizer.state)}
    if recognizer.url:
        found["sameAs"] = recognizer.url
    return found


def _breadcrumbs(ctx: Context, trail: list[tuple[str, str]]) -> Json:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": ctx.urls.absolute(rel)}
            for position, (name, rel) in enumerate(trail, start=1)
        ],
    }


def credential_graph(ctx: Context, index: CatalogIndex, credential: Credential) -> Json:
    """An EducationalOccupationalCredential and the page's BreadcrumbList.

    `recognizedBy` names the recognizers of its specific rules only: a catalog-wide rule is a fact about its
    recognizer, stated once (on its page and /recognition/any/), never repeated on every credential page."""
    catalog = ctx.catalog
    urls = ctx.urls
    page = urls.absolute(urls.credential(credential.id))
    issuer = catalog.issuers[credential.issuer]
    recognizers = {recognizer.id: recognizer for recognizer, _ in index.rules_by_credential.get(credential.id, ())}
    ordered = sorted(recognizers.values(), key=lambda r: (r.kind != "state", state_name(r.state), r.name, r.id))
    found: Json = {
        "@type": "EducationalOccupationalCredential",
        "@id": f"{page}#credential",
        "name": credential.title,
        "description": credential.summary,
        "url": page,
        "credentialCategory": "Micro-credential",
        "image": urls.absolute(urls.credential_file(credential.id, badge_name(credential))),
        "creator": {"@type": "Organization", "@id": f"{urls.absolute(urls.issuer(issuer.id))}#organization",
                    "name": issuer.name, "url": urls.absolute(urls.issuer(issuer.id))},
        "competencyRequired": [
            {"@type": "DefinedTerm", "name": catalog.competencies[c].title,
             "description": catalog.competencies[c].statement, "url": urls.absolute(urls.competency(c))}
            for c in credential.competencies
        ],
    }
    if ordered:
        found["recognizedBy"] = [_recognizer(ctx, r) for r in ordered]
    if credential.grade_bands:
        found["educationalLevel"] = [GRADE_LABELS[g] for g in credential.grade_bands]
    if credential.topics:
        found["keywords"] = list(credential.topics)
        found["about"] = [{"@type": "Thing", "name": topic, "url": urls.absolute(urls.topic(topic))}
                          for topic in credential.topics]
    if credential.version:
        found["version"] = credential.version
    if credential.published:
        found["datePublished"] = credential.published.isoformat()
    if credential.estimated_hours is not None:
        found["timeRequired"] = f"PT{credential.estimated_hours:g}H"
    trail = [("Home", urls.home), ("Credentials", urls.credentials), (credential.title, urls.credential(credential.id))]
    return {"@context": SCHEMA_ORG, "@graph": [found, _breadcrumbs(ctx, trail)]}


def organization(ctx: Context, entity: Issuer | Recognizer) -> Json:
    """An Organization for an issuer or a district page (a GovernmentOrganization for a state)."""
    urls = ctx.urls
    if isinstance(entity, Recognizer):
        return {"@context": SCHEMA_ORG, **_recognizer(ctx, entity)}
    page = urls.absolute(urls.issuer(entity.id))
    found: Json = {"@context": SCHEMA_ORG, "@type": "Organization", "@id": f"{page}#organization",
                   "name": entity.name, "url": page}
    if entity.url:
        found["sameAs"] = entity.url
    if entity.short_name:
        found["alternateName"] = entity.short_name
    if entity.state:
        found["areaServed"] = _state_area(entity.state)
    return found
