"""Translations of content files (docs/content-format.md, "Translations"): `<id>.<lang>.md` beside an entity
file and `site.<lang>.yaml` beside site.yaml, read and checked against their originals.

A translation carries the original's text fields and body in another language of the site, and the
`source_hash` of the original it was made from: when the original changes after it, a warning says so (the
page keeps showing the translation, which may now be out of date)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sitegen import model
from sitegen.errors import ContentError, ContentErrors
from sitegen.load import read_text
from sitegen.validate import schemas
from sitegen.validate.fields import Ctx, Field, boolean, closest, list_of, read_record, record, slug, text
from sitegen.validate.reading import LINKED_OUT, linked_out, read_front_matter, read_yaml_file, shown

TRANSLATION_NAME = re.compile(r"^(?P<id>[^.]+)\.(?P<language>[a-z]{2,3})$")
"""A file stem that names a translation: `wa.es`, `feedback-loops.es`."""

HASH_LENGTH = 12
"""`source_hash` is the first 12 hexadecimal digits of the sha256 of the original file."""

TEXT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "issuers": (), "competencies": ("title", "statement"), "rubrics": ("title",),
    "credentials": ("title", "summary"), "stacks": ("title", "summary"), "states": ("policy",),
    "districts": ("policy",), "site": ("title", "description"),
}
"""The text a translation must give when the original has it: a page never mixes languages unmarked."""

NAME_FIELDS: Mapping[str, tuple[str, ...]] = {
    "issuers": ("name", "short_name"), "states": ("agency",), "districts": ("name",),
}
"""Names a translation may give (a proper name is often kept as it is)."""

_SOURCE_SCHEMAS: Mapping[str, Mapping[str, Field]] = {
    "issuers": schemas.ISSUER, "competencies": schemas.COMPETENCY, "rubrics": schemas.RUBRIC,
    "credentials": schemas.CREDENTIAL, "stacks": schemas.STACK, "states": schemas.STATE,
    "districts": schemas.DISTRICT, "site": schemas.SITE,
}

RULE_WORDS = record({
    "id": Field(slug(), required=True),
    "conditions": Field(text(3000)),
    "note": Field(text(2000)),
}, "a rule's translation", free_keys=())


def schema(kind: str) -> dict[str, Field]:
    """The keys a translation of `kind` may have: the original's text fields and names, none required."""
    source = _SOURCE_SCHEMAS[kind]
    keys: dict[str, Field] = {name: Field(source[name].check) for name in TEXT_FIELDS[kind] + NAME_FIELDS.get(kind, ())}
    keys["source_hash"] = Field(text(64, one_line=True))
    keys["example"] = Field(boolean())
    if kind in ("states", "districts"):
        keys["recognitions"] = Field(list_of(RULE_WORDS))
    return keys


def source_hash(path: Path) -> str:
    """The hash a translation of the file at `path` records: of its text as sitegen reads it (line endings
    made LF, a BOM dropped), so that a checkout's line endings do not make every translation look stale."""
    return hashlib.sha256(read_text(path.read_bytes(), shown(path)).encode("utf-8")).hexdigest()[:HASH_LENGTH]


TranslationFile = tuple[str, str, str, Path]
"""(kind folder, original id, language, path) of a translation file."""


def site_translation_files(content: Path) -> list[TranslationFile]:
    """`site.<lang>.yaml` files beside site.yaml."""
    found = []
    for path in sorted(content.glob("site.*.yaml")):
        match = TRANSLATION_NAME.match(path.name[: -len(".yaml")])
        if match and match.group("id") == "site":
            found.append(("site", "site", match.group("language"), path))
    return found


def load_translations(content: Path, files: list[TranslationFile], site: model.SiteConfig,
                      originals: Mapping[str, Mapping[str, Any]],
                      problems: list[ContentError]) -> dict[str, dict[tuple[str, str], model.Translation]]:
    """Every translation file read and checked: its language is one of the site's other languages, its
    original exists, it gives all the original's text, and its rules are the original's. A `source_hash`
    missing or not the original's is a warning. `originals`: kind folder -> id -> entity ("site" -> the
    SiteConfig)."""
    found: dict[str, dict[tuple[str, str], model.Translation]] = {}
    for kind, ident, language, path in files:
        made = _translation(content, kind, ident, language, path, site, originals, problems)
        if made is not None:
            found.setdefault(language, {})[(kind, ident)] = made
    return {language: dict(sorted(by_key.items())) for language, by_key in sorted(found.items())}


def _original_path(content: Path, kind: str, ident: str) -> Path:
    return content / "site.yaml" if kind == "site" else content / kind / f"{ident}.md"


def _translation(content: Path, kind: str, ident: str, language: str, path: Path, site: model.SiteConfig,
                 originals: Mapping[str, Mapping[str, Any]],
                 problems: list[ContentError]) -> model.Translation | None:
    where = shown(path)
    original_path = _original_path(content, kind, ident)
    if linked_out(path, content):
        problems.append(ContentError(where, 1, LINKED_OUT))
        return None
    if not site.languages:
        problems.append(ContentError(where, 1, f"'{path.name}' is a translation into '{language}', but site.yaml "
                                     f"has no 'languages'; add 'languages: [{site.language}, {language}]' to "
                                     "site.yaml, or rename the file (an id has no dots)"))
        return None
    if language == site.languages[0]:
        problems.append(ContentError(where, 1, f"'{language}' is the site's default language: the original, "
                                     f"{original_path.name}, is already in it"))
        return None
    if language not in site.languages:
        problems.append(ContentError(where, 1, f"'{path.name}' is a translation into '{language}', which is not "
                                     "one of site.yaml's languages (" + ", ".join(site.languages) + ")"
                                     + closest(language, site.languages[1:], 1)))
        return None
    original = originals.get(kind, {}).get(ident)
    if original is None:
        if not original_path.is_file():
            known = originals.get(kind, {})
            problems.append(ContentError(where, 1, f"'{path.name}' translates {kind}/{ident}.md, which does not "
                                         f"exist" + closest(ident, known, 1)))
        return None  # an original with errors of its own: those are reported
    if kind == "site":
        node = read_yaml_file(path, problems)
        body, body_line = "", 1
    else:
        read = read_front_matter(path, problems)
        if read is None:
            return None
        node, body, body_line = read
    if node is None:
        return None
    ctx = Ctx(where, problems)
    rec = read_record(node, schema(kind), ctx, f"a translation of {original_path.name}", free_keys=())
    if not rec["__ok__"]:
        return None
    lines = {key.value: key.line for key, _ in node.items}
    ok = True
    missing = [name for name in TEXT_FIELDS[kind] if getattr(original, name, None) and name not in rec]
    if missing:
        ctx.error(node.line, "translate " + ", ".join(f"'{name}'" for name in missing) + f" too: {original_path.name} "
                  "has it, and a page must not mix languages")
        ok = False
    has_body = bool(getattr(original, "body", "").strip())
    if has_body and not body.strip():
        ctx.error(body_line, f"translate the text below the front matter too: {original_path.name} has some")
        ok = False
    rules = _rules(rec.get("recognitions") or [], node, original, original_path.name, ctx)
    if rules is None:
        ok = False
    if not ok:
        return None
    _check_hash(rec.get("source_hash"), lines.get("source_hash", 1), original_path, ctx)
    fields = {name: rec[name] for name in TEXT_FIELDS[kind] + NAME_FIELDS.get(kind, ()) if name in rec}
    return model.Translation(kind=kind, id=ident, language=language, path=where, fields=fields,
                             body=body if has_body else None, body_line=body_line, rules=rules or (),
                             example=rec.get("example", False))


def _rules(given: list[dict[str, Any]], node: Any, original: Any, original_name: str,
           ctx: Ctx) -> tuple[model.RuleTranslation, ...] | None:
    """The translated rules, each naming a rule of the original that has that text; None on a problem."""
    by_id = {rule.id: rule for rule in getattr(original, "recognitions", ())}
    made = []
    ok = True
    seen: set[str] = set()
    for item in given:
        rule = by_id.get(item["id"])
        if rule is None or item["id"] in seen:
            ctx.error(node.line, f"'recognitions': {original_name} has no rule '{item['id']}'"
                      + closest(item["id"], by_id, 1) if rule is None else
                      f"'recognitions': the rule '{item['id']}' is translated twice")
            ok = False
            continue
        seen.add(item["id"])
        made.append(model.RuleTranslation(id=item["id"], conditions=item.get("conditions"), note=item.get("note")))
    for rule in by_id.values():
        translation = next((r for r in made if r.id == rule.id), None)
        wants = [name for name, has in (("conditions", rule.conditions),
                                        ("note", rule.value.note if rule.value else None)) if has]
        lacking = [name for name in wants if translation is None or not getattr(translation, name)]
        if lacking:
            ctx.error(node.line, f"'recognitions': translate the {' and '.join(lacking)} of the rule '{rule.id}' "
                      f"too (under 'recognitions', as '- id: {rule.id}')")
            ok = False
    return tuple(made) if ok else None


def _check_hash(declared: str | None, line: int, original_path: Path, ctx: Ctx) -> None:
    try:
        current = source_hash(original_path)
    except ContentErrors:
        return  # the original's own problem is reported where it is read
    if declared is None:
        ctx.warn(line, f"this translation does not say which version of {original_path.name} it translates; add "
                 f"'source_hash: {current}' (the original as it is now)")
    elif declared.strip().lower()[:HASH_LENGTH] != current:
        ctx.warn(line, f"{original_path.name} changed after this translation was made (source_hash "
                 f"{declared.strip()[:HASH_LENGTH]}, now {current}): update the translation, then set "
                 f"'source_hash: {current}'")
