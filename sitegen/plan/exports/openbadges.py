"""The credential as an Open Badges 3.0 Achievement (`credentials/<id>/achievement.json`)."""

from __future__ import annotations

import re
from typing import Any

from sitegen.model import Credential, Rubric
from sitegen.plan.common import Context
from sitegen.plan.credentials import badge_name

OB_CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
ACHIEVEMENT_FILE = "achievement.json"
# The `inLanguage` pattern of the Open Badges 3.0 schema.
_LANGUAGE = re.compile(r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")

Json = dict[str, Any]


def achievement_url(ctx: Context, credential: Credential) -> str:
    return ctx.urls.absolute(ctx.urls.credential_file(credential.id, ACHIEVEMENT_FILE))


def criteria_narrative(credential: Credential) -> str:
    """The evidence parts, in order, as Markdown; the summary when the credential lists none."""
    if not credential.evidence:
        return credential.summary
    parts = []
    for part in credential.evidence:
        heading = f"## Part {part.part}: {part.title}"
        parts.append(f"{heading}\n\n{part.description}" if part.description else heading)
    return "\n\n".join(parts)


def creator_profile(ctx: Context, issuer_id: str) -> Json:
    issuer = ctx.catalog.issuers[issuer_id]
    profile: Json = {
        "id": ctx.urls.absolute(ctx.urls.issuer(issuer.id)),
        "type": ["Profile"],
        "name": issuer.name,
    }
    if issuer.url:
        profile["url"] = issuer.url
    return profile


def alignments(ctx: Context, credential: Credential) -> list[Json]:
    """One alignment per competency, then one per distinct external framework alignment of those competencies."""
    catalog = ctx.catalog
    found: list[Json] = []
    external: list[Json] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for competency_id in credential.competencies:
        competency = catalog.competencies[competency_id]
        page = ctx.urls.absolute(ctx.urls.competency(competency.id))
        found.append({
            "type": ["Alignment"],
            "targetName": competency.title,
            "targetUrl": page,
            "targetDescription": competency.statement,
            "targetType": "ceasn:Competency",
        })
        for alignment in competency.alignments:
            key = (alignment.framework, alignment.code, alignment.url)
            if key in seen:
                continue
            seen.add(key)
            entry: Json = {
                "type": ["Alignment"],
                "targetName": alignment.code or alignment.framework,
                "targetFramework": alignment.framework,
                # targetUrl is required: without a URL of its own, the competency page documents the alignment.
                "targetUrl": alignment.url or page,
            }
            if alignment.code:
                entry["targetCode"] = alignment.code
            external.append(entry)
    return found + external


def result_description(base: str, rubric: Rubric) -> Json:
    """The rubric as one ResultDescription whose levels carry every criterion's descriptor for that level."""
    levels = []
    for level in rubric.levels:
        descriptors = [f"{criterion.title}: {dict(criterion.descriptors)[level.id]}"
                       for criterion in rubric.criteria if level.id in dict(criterion.descriptors)]
        entry: Json = {
            "id": f"{base}#level-{level.id}",
            "type": ["RubricCriterionLevel"],
            "name": level.label,
            "level": level.label,
        }
        if descriptors:
            entry["description"] = "\n\n".join(descriptors)
        levels.append(entry)
    description: Json = {
        "id": f"{base}#rubric-{rubric.id}",
        "type": ["ResultDescription"],
        "name": rubric.title,
        "resultType": "RubricCriterionLevel",
        "allowedValue": [level.label for level in rubric.levels],
        "rubricCriterionLevel": levels,
    }
    passing = next((level for level in rubric.levels if level.passing), None)
    if passing is not None:
        description["requiredValue"] = passing.label
        description["requiredLevel"] = f"{base}#level-{passing.id}"
    return description


def achievement(ctx: Context, credential: Credential) -> Json:
    """The Open Badges 3.0 Achievement (valid against `$defs/Achievement` of the 3.0 JSON Schema)."""
    catalog = ctx.catalog
    urls = ctx.urls
    base = achievement_url(ctx, credential)
    page = urls.absolute(urls.credential(credential.id))
    value: Json = {
        "@context": OB_CONTEXT,
        "id": base,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": credential.title,
        "description": credential.summary,
        "criteria": {"id": page, "narrative": criteria_narrative(credential)},
        "creator": creator_profile(ctx, credential.issuer),
        "image": {"id": urls.absolute(urls.credential_file(credential.id, badge_name(credential))),
                  "type": "Image", "caption": credential.title},
        "alignment": alignments(ctx, credential),
    }
    rubric = catalog.rubrics.get(credential.rubric) if credential.rubric else None
    if rubric is not None:
        value["resultDescription"] = [result_description(base, rubric)]
    if credential.topics:
        value["tag"] = list(credential.topics)
    if credential.version:
        value["version"] = credential.version
    if _LANGUAGE.match(catalog.site.language):
        value["inLanguage"] = catalog.site.language
    if credential.ctid:
        value["otherIdentifier"] = [{"type": "IdentifierEntry", "identifier": credential.ctid,
                                     "identifierType": "ext:CTID"}]
    return value
