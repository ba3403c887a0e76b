"""The validate stage: every content file read, checked and assembled into one frozen Catalog."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sitegen import model
from sitegen.errors import ContentError, ContentErrors
from sitegen.jurisdictions import JURISDICTIONS
from sitegen.load import printable, read_text
from sitegen.validate import entities, schemas
from sitegen.validate.fields import Ctx, id_problem, read_record
from sitegen.validate.portfolios import portfolio as build_portfolio
from sitegen.validate.reading import LINKED_OUT, forget_folders, linked_out, read_front_matter, read_yaml_file, shown
from sitegen.validate.references import credential_image_problem, cross_checks
from sitegen.validate.site import site_config
from sitegen.validate.translations import (
    TRANSLATION_NAME,
    TranslationFile,
    load_translations,
    site_translation_files,
)
from sitegen.workers import map_forked, worth_forking

KIND_FOLDERS = {
    "issuer": "issuers",
    "competency": "competencies",
    "rubric": "rubrics",
    "credential": "credentials",
    "stack": "stacks",
    "state-file": "states",
    "district": "districts",
}


def discover(content: Path, problems: list[ContentError],
             translation_files: list[TranslationFile] | None = None) -> dict[str, dict[str, Path]]:
    """Files of each kind by id (file stem), with id and name problems noted; translations (`wa.es.md`) are
    added to `translation_files`."""
    found: dict[str, dict[str, Path]] = {}
    for kind, folder_name in KIND_FOLDERS.items():
        folder = content / folder_name
        entries: dict[str, Path] = {}
        lowered: dict[str, Path] = {}
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() != ".md" or not path.is_file():
                    continue
                if linked_out(path, content):
                    problems.append(ContentError(shown(path), 1, LINKED_OUT))
                    continue
                ident = path.stem
                if path.suffix != ".md":
                    problems.append(ContentError(shown(path), 1, "use the lower-case extension .md"))
                    continue
                translation = TRANSLATION_NAME.match(ident)
                if translation and translation_files is not None:
                    translation_files.append((folder_name, translation.group("id"), translation.group("language"),
                                              path))
                    continue
                problem = id_problem(ident)
                if problem:
                    problems.append(ContentError(shown(path), 1, f"the file name '{printable(ident)}' is used as "
                                                 f"the id and {problem}; rename the file"))
                    continue
                if ident.lower() in lowered:
                    problems.append(ContentError(shown(path), 1, f"'{printable(path.name)}' differs from "
                                                 f"'{lowered[ident.lower()].name}' only in case"))
                    continue
                if kind == "state-file" and ident not in JURISDICTIONS:
                    problems.append(ContentError(shown(path), 1, f"'{printable(ident)}' is not a U.S. postal code; "
                                                 "state files are named like wa.md or ny.md"))
                    continue
                lowered[ident.lower()] = path
                entries[ident] = path
        found[kind] = entries
    portfolios: dict[str, Path] = {}
    folder = content / "portfolios"
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if not path.is_dir():
                continue
            problem = id_problem(path.name)
            manifest = path / "portfolio.yaml"
            if problem:
                problems.append(ContentError(shown(path), 1, f"the folder name '{printable(path.name)}' is the "
                                             f"portfolio id and {problem}; rename the folder"))
            elif not manifest.is_file():
                problems.append(ContentError(shown(manifest), 1, "a portfolio folder needs a portfolio.yaml"))
            elif linked_out(manifest, content):
                problems.append(ContentError(shown(manifest), 1, LINKED_OUT))
            else:
                portfolios[path.name] = manifest
    found["portfolio"] = portfolios
    return found


Builder = Callable[[str, str, dict[str, Any], str, int, Ctx, dict[str, int]], Any]


def _simple(make: Callable[..., Any]) -> Builder:
    return lambda ident, where, rec, body, body_line, ctx, lines: make(ident, where, rec, body, body_line)


def _recognizer(kind: model.RecognizerKind) -> Builder:
    def build(ident: str, where: str, rec: dict[str, Any], body: str, body_line: int, ctx: Ctx,
              lines: dict[str, int]) -> model.Recognizer | None:
        rules = entities.rules(rec.get("recognitions"), ctx)
        if rules is None:
            return None
        name = rec["name"] if kind == "district" else JURISDICTIONS[ident].name
        return model.Recognizer(
            id=ident, kind=kind, name=name, state=rec["state"] if kind == "district" else ident, path=where,
            agency=rec.get("agency"), nces_id=rec.get("nces_id"), url=rec.get("url"), policy=rec.get("policy"),
            recognitions=rules, body=body, body_line=body_line, example=rec.get("example", False),
            extra=rec.get("extra") or {},
        )
    return build


ENTITY_KINDS: tuple[tuple[str, dict[str, Any], str, Builder], ...] = (
    ("issuer", schemas.ISSUER, "an issuer", _simple(entities.issuer)),
    ("competency", schemas.COMPETENCY, "a competency", _simple(entities.competency)),
    ("rubric", schemas.RUBRIC, "a rubric", entities.rubric),
    ("credential", schemas.CREDENTIAL, "a credential", entities.credential),
    ("stack", schemas.STACK, "a stack", entities.stack),
    ("state-file", schemas.STATE, "a state", _recognizer("state")),
    ("district", schemas.DISTRICT, "a district", _recognizer("district")),
)


def load_entity(kind: str, ident: str, path: Path, ids: dict[str, frozenset[str]],
                problems: list[ContentError]) -> Any:
    """One entity file of `kind` read and checked on its own (references against `ids`); None when it has
    errors, which are added to `problems`."""
    _kind, schema, what, build = next(entry for entry in ENTITY_KINDS if entry[0] == kind)
    where = shown(path)
    read = read_front_matter(path, problems)
    if read is None:
        return None
    node, body, body_line = read
    ctx = Ctx(where, problems, ids)
    rec = read_record(node, schema, ctx, what)
    if not rec["__ok__"]:
        return None
    lines = {k.value: k.line for k, _ in node.items}
    entity = build(ident, where, rec, body, body_line, ctx, lines)
    if kind == "credential" and entity is not None and entity.image is not None:
        problem = credential_image_problem(path.parent, entity.image)
        if problem:
            ctx.error(lines["image"], problem)
            return None
    return entity


def reload_credential(catalog: model.Catalog, path: Path) -> model.Credential | None:
    """A published credential's file read again after an edit, when the edit cannot change any other entity's
    validity or which rules select it: the file has no problem on its own, and its id, issuer, topics, status
    and image are as before. None otherwise (a full build decides, and reports any problem)."""
    ident = path.stem
    old = catalog.credentials.get(ident)
    folder = Path(catalog.content_dir) / "credentials"
    if old is None or path.suffix != ".md" or not path.is_file() or linked_out(path, Path(catalog.content_dir)) \
            or path.parent.resolve() != folder.resolve():  # not e.g. a portfolio's credentials/ subfolder
        return None
    ids = {"issuer": frozenset(catalog.issuers), "competency": frozenset(catalog.competencies),
           "rubric": frozenset(catalog.rubrics), "credential": frozenset(catalog.credentials),
           "stack": frozenset(catalog.stacks), "portfolio": frozenset(catalog.portfolios),
           "state-file": frozenset(r for r, rec in catalog.recognizers.items() if rec.kind == "state"),
           "district": frozenset(r for r, rec in catalog.recognizers.items() if rec.kind == "district"),
           "state": frozenset(JURISDICTIONS)}
    problems: list[ContentError] = []
    new = load_entity("credential", ident, path, ids, problems)
    if new is None or problems or not isinstance(new, model.Credential):
        return None
    same = all(getattr(new, name) == getattr(old, name) for name in ("id", "issuer", "topics", "status", "image"))
    return new if same else None


EntityFile = tuple[str, str, Path]
"""(kind, id, path) of an entity file."""
Loaded = tuple[list[tuple[str, str, Any]], list[ContentError]]
"""Entities read from some files ((kind, id, entity or None) in file order), and the problems found."""
_ids_for_workers: dict[str, frozenset[str]] = {}


def _load_part(files: Sequence[EntityFile]) -> Loaded:
    """The files' entities and problems; the ids come from `_ids_for_workers` (in a worker: the parent's memory,
    set before the fork)."""
    problems: list[ContentError] = []
    return [(kind, ident, load_entity(kind, ident, path, _ids_for_workers, problems))
            for kind, ident, path in files], problems


def _load_files(files: list[EntityFile], ids: dict[str, frozenset[str]], jobs: int) -> list[Loaded]:
    """Every entity file read and checked on its own, across `jobs` forked processes when there are many
    (each file's checks need only the ids, known before any file is read); parts in file order."""
    _ids_for_workers.clear()
    _ids_for_workers.update(ids)
    try:
        return map_forked(_load_part, files, jobs) if worth_forking(len(files), jobs) else [_load_part(files)]
    finally:
        _ids_for_workers.clear()


def load_catalog(content: Path, drafts: bool = False, jobs: int = 1) -> model.Catalog:
    """Read and validate the whole content folder (entity files across `jobs` processes). Raises
    ContentErrors listing every problem."""
    problems: list[ContentError] = []
    if not content.is_dir():
        raise ContentErrors([ContentError(shown(content), 0, "the content folder does not exist")])
    forget_folders()
    translation_files = site_translation_files(content)
    ids_by_kind = discover(content, problems, translation_files)
    ids = {kind: frozenset(found) for kind, found in ids_by_kind.items()}
    ids["state"] = frozenset(JURISDICTIONS)
    site = site_config(content, problems, ids)
    built: dict[str, dict[str, Any]] = {kind: {} for kind, *_rest in ENTITY_KINDS}
    files = [(kind, ident, path) for kind, *_rest in ENTITY_KINDS for ident, path in ids_by_kind[kind].items()]
    for loaded, part_problems in _load_files(files, ids, jobs):
        problems.extend(part_problems)
        for kind, ident, entity in loaded:
            if entity is not None:
                built[kind][ident] = entity
    portfolios: dict[str, model.Portfolio] = {}
    max_mb = site.max_evidence_mb if site else 25

    def about_text(path: Path, line: int) -> str | None:
        try:
            return read_text(path.read_bytes(), shown(path))
        except ContentErrors as exc:
            problems.extend(exc.errors)
            return None

    for ident, manifest in ids_by_kind["portfolio"].items():
        manifest_node = read_yaml_file(manifest, problems)
        if manifest_node is not None:
            made = build_portfolio(ident, manifest, manifest_node, Ctx(shown(manifest), problems, ids), max_mb,
                                   about_text)
            if made is not None:
                portfolios[ident] = made
    recognizers: dict[str, model.Recognizer] = dict(built["state-file"])
    for district in built["district"].values():
        if district.id in JURISDICTIONS:
            problems.append(ContentError(district.path or "", 1, f"the district id '{district.id}' is a state "
                                         "postal code; choose a longer id"))
        recognizers.setdefault(district.id, district)
    # Every state and DC gets a page (the map links to each); territories only when referenced.
    referenced = {d.state for d in built["district"].values()}
    for info in JURISDICTIONS.values():
        if info.code not in recognizers and (info.kind != "territory" or info.code in referenced):
            recognizers[info.code] = model.Recognizer(id=info.code, kind="state", name=info.name,
                                                      state=info.code)
    translations = {}
    if site is not None:
        originals: dict[str, dict[str, Any]] = {KIND_FOLDERS[kind]: dict(made) for kind, made in built.items()}
        originals["site"] = {"site": site}
        translations = load_translations(content, translation_files, site, originals, problems)
    if site is None or any(not p.warning for p in problems):
        raise ContentErrors(problems)
    credentials = built["credential"]
    if not drafts:
        credentials = {k: c for k, c in credentials.items() if c.status != "draft"}
        # A draft is not published: portfolios do not show it either, so nothing links to a missing page.
        portfolios = {pid: replace(p, earned=tuple(a for a in p.earned if a.credential in credentials),
                                   pursuing=tuple(s for s in p.pursuing if s.credential in credentials))
                      for pid, p in portfolios.items()}
    catalog = model.Catalog(
        site=site, content_dir=str(content.resolve()), issuers=built["issuer"],
        competencies=built["competency"], rubrics=built["rubric"], credentials=credentials,
        stacks=built["stack"], recognizers=dict(sorted(recognizers.items())),
        portfolios=portfolios, translations=translations,
    )
    problems.extend(cross_checks(catalog))
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentErrors(problems)
    return model.Catalog(**{**catalog.__dict__, "warnings": tuple(sorted(problems))})


def content_root_files(content: Path) -> list[str]:
    """Every file under the content folder (for watchers and cache keys), sorted."""
    out: list[str] = []
    for root, _dirs, files in os.walk(content):
        out.extend(os.path.join(root, f) for f in files)
    return sorted(out)
