"""The key tables of every content kind (CONTENT.md), built from the field checkers."""

from __future__ import annotations

from sitegen import model
from sitegen.validate.fields import (
    Field,
    boolean,
    choice,
    integer,
    iso_date,
    list_of,
    number,
    record,
    ref,
    slug,
    text,
    text_map,
    url,
)

SOURCE = record({
    "title": Field(text(500, one_line=True), required=True),
    "publisher": Field(text(300, one_line=True)),
    "year": Field(integer(1800)),
    "locator": Field(text(300, one_line=True)),
    "url": Field(url()),
}, "a source", free_keys=())
SOURCES = list_of(SOURCE)

TITLE = Field(text(300, one_line=True), required=True)
BODYLESS_TEXT = Field(text(5000))

ISSUER = {
    "name": Field(text(300, one_line=True), required=True),
    "short_name": Field(text(60, one_line=True)),
    "kind": Field(choice(model.ISSUER_KINDS)),
    "url": Field(url()),
    "state": Field(ref("state", "state code")),
    "example": Field(boolean()),
}

COMPETENCY = {
    "title": TITLE,
    "statement": Field(text(2000), required=True),
    "alignments": Field(list_of(record({
        "framework": Field(text(300, one_line=True), required=True),
        "code": Field(text(100, one_line=True)),
        "url": Field(url()),
    }, "an alignment", free_keys=()))),
    "tags": Field(list_of(slug(), unique=True)),
    "example": Field(boolean()),
}

RUBRIC = {
    "title": TITLE,
    "levels": Field(list_of(record({
        "id": Field(slug(), required=True),
        "label": Field(text(100, one_line=True), required=True),
        "passing": Field(boolean()),
    }, "a level", free_keys=()), min_items=1), required=True),
    "criteria": Field(list_of(record({
        "id": Field(slug(), required=True),
        "title": Field(text(300, one_line=True), required=True),
        "descriptors": Field(text_map(), required=True),
    }, "a criterion", free_keys=()), min_items=1), required=True),
    "passing_rule": Field(text(10, one_line=True)),
    "example": Field(boolean()),
}

EVIDENCE_PART = record({
    "part": Field(integer(1), required=True),
    "title": Field(text(300, one_line=True), required=True),
    "description": Field(text(5000)),
}, "an evidence part", free_keys=())

CREDENTIAL = {
    "title": TITLE,
    "issuer": Field(ref("issuer"), required=True),
    "competencies": Field(list_of(ref("competency"), min_items=1, unique=True), required=True),
    "rubric": Field(ref("rubric")),
    "summary": Field(text(1000), required=True),
    "topics": Field(list_of(slug(), unique=True)),
    "roles": Field(list_of(choice(model.ROLES), unique=True)),
    "grade_bands": Field(list_of(choice(model.GRADE_BANDS), unique=True)),
    "estimated_hours": Field(number(0)),
    "evidence": Field(list_of(EVIDENCE_PART)),
    "image": Field(text(300, one_line=True, raw=True)),
    "version": Field(text(40, one_line=True)),
    "ctid": Field(text(60, one_line=True)),
    "status": Field(choice(model.CREDENTIAL_STATUSES)),
    "published": Field(iso_date()),
    "example": Field(boolean()),
    "sources": Field(SOURCES),
}

STACK = {
    "title": TITLE,
    "issuer": Field(ref("issuer")),
    "credentials": Field(list_of(ref("credential"), min_items=1, unique=True), required=True),
    "required": Field(text(10, one_line=True)),
    "summary": Field(text(1000)),
    "sources": Field(SOURCES),
    "example": Field(boolean()),
}

TIER = record({
    "at": Field(integer(1), required=True),
    "amount": Field(number(0)),
    "unit": Field(choice(model.UNITS), required=True),
    "permanent": Field(boolean()),
}, "a tier", free_keys=())

RULE = {
    "id": Field(slug(), required=True),
    "applies_to": Field(record({
        "credentials": Field(list_of(ref("credential"), unique=True)),
        "stacks": Field(list_of(ref("stack"), unique=True)),
        "issuers": Field(list_of(ref("issuer"), unique=True)),
        "topics": Field(list_of(slug(), unique=True)),
        "all": Field(boolean()),
    }, "applies_to", free_keys=()), required=True),
    "purpose": Field(choice(model.PURPOSES), required=True),
    "basis": Field(choice(model.BASES), required=True),
    "value": Field(record({
        "amount": Field(number(0)),
        "unit": Field(choice(model.UNITS)),
        "permanent": Field(boolean()),
        "note": Field(text(2000)),
    }, "value", free_keys=())),
    "max_per_year": Field(integer(0)),
    "max_total": Field(number(0)),
    "stack": Field(ref("stack")),
    "tiers": Field(list_of(TIER, min_items=1)),
    "requires_preapproval": Field(boolean()),
    "conditions": Field(text(3000)),
    "effective": Field(record({
        "from": Field(iso_date()),
        "until": Field(iso_date()),
    }, "effective", free_keys=())),
    "status": Field(choice(model.RULE_STATUSES)),
    "sources": Field(SOURCES, required=True),
}

RECOGNIZER_COMMON = {
    "url": Field(url()),
    "policy": Field(text(5000)),
    # partial: each rule's own problems are reported, and the other rules of the file are still checked
    "recognitions": Field(list_of(record(RULE, "a recognition rule", free_keys=(), partial=True))),
    "example": Field(boolean()),
}
STATE = {**RECOGNIZER_COMMON, "agency": Field(text(300, one_line=True))}
DISTRICT = {
    **RECOGNIZER_COMMON,
    "name": Field(text(300, one_line=True), required=True),
    "state": Field(ref("state", "state code"), required=True),
    "nces_id": Field(text(20, one_line=True)),
}

SITE = {
    "title": TITLE,
    "base_url": Field(url(), required=True),
    "description": Field(text(1000)),
    "language": Field(text(20, one_line=True)),
    "languages": Field(list_of(text(20, one_line=True), min_items=1, unique=True)),
    "home_state": Field(ref("state", "state code")),
    "school_year_starts": Field(text(5, one_line=True)),
    "max_evidence_mb": Field(number(0)),
    "theme": Field(text(80, one_line=True)),
}
