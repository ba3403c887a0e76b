"""`sitegen new` and `sitegen init`: commented content files, new catalog repositories from templates, and
`init --upgrade`, which refreshes a catalog's workflow and sitegen pin."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from sitegen import DISTRIBUTION, __version__
from sitegen.errors import UsageError, display_path
from sitegen.jurisdictions import JURISDICTIONS
from sitegen.validate.fields import id_problem, url_problem

KINDS = ("credential", "competency", "rubric", "stack", "issuer", "district", "state", "portfolio")
"""What `sitegen new` creates, in the order the help lists them."""

FOLDERS = {
    "credential": "credentials", "competency": "competencies", "rubric": "rubrics", "stack": "stacks",
    "issuer": "issuers", "district": "districts", "state": "states", "portfolio": "portfolios",
}
DEFAULT_TITLE = "Educator Micro-credential Catalog"
_PLACEHOLDER = re.compile(r"<<([a-z_]+)>>")


@dataclass(frozen=True)
class Created:
    """A file `sitegen new` wrote, and what is left for the author to fill in."""

    path: Path
    todo: tuple[str, ...] = ()


def _templates() -> Traversable:
    return resources.files("sitegen").joinpath("scaffold")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace every `<<name>>` with its value; a name without a value is a bug (KeyError)."""
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it): never read as a number or null."""
    return json.dumps(value, ensure_ascii=False)


def title_from_id(ident: str) -> str:
    return ident.replace("-", " ").capitalize()


def existing_ids(content: Path, folder: str) -> list[str]:
    """Ids of the Markdown files in one content folder, sorted (files with invalid names skipped)."""
    where = content / folder
    if not where.is_dir():
        return []
    return sorted(p.stem for p in where.iterdir() if p.suffix == ".md" and p.is_file() and not id_problem(p.stem))


def _home_state(content: Path) -> str | None:
    """site.yaml's home_state when it is a plain postal code, else the first state file's code."""
    from sitegen.errors import ContentErrors
    from sitegen.load import MapNode, ScalarNode, parse_yaml

    try:
        node = parse_yaml((content / "site.yaml").read_text(encoding="utf-8-sig"), "site.yaml")
    except (OSError, ValueError, ContentErrors):
        node = None
    if isinstance(node, MapNode):
        value = node.get("home_state")
        if isinstance(value, ScalarNode) and value.value in JURISDICTIONS:
            return value.value
    states = [code for code in existing_ids(content, "states") if code in JURISDICTIONS]
    return states[0] if states else None


def _reference(key: str, ids: list[str], kind: str, todo: list[str], *, optional: bool = False) -> str:
    """`key: first-id`, or a placeholder the check will name (commented out when the key is optional)."""
    if ids:
        return f"{key}: {ids[0]}"
    if optional:
        return f"# {key}: a-{kind}-id"
    todo.append(f"'{key}' names no real {kind} yet: create one with `sitegen new {kind} ID` and put its id there")
    return f"{key}: your-{kind}-id"


def _values(content: Path, kind: str, ident: str, todo: list[str]) -> dict[str, str]:
    name = JURISDICTIONS[ident].name if kind == "state" else title_from_id(ident)
    values = {"id": ident, "name": name, "title": yaml_text(name)}
    issuers = existing_ids(content, "issuers")
    if kind == "credential":
        values["issuer_line"] = _reference("issuer", issuers, "issuer", todo)
        competencies = existing_ids(content, "competencies")
        values["competencies"] = competencies[0] if competencies else "your-competency-id"
        if not competencies:
            todo.append("'competencies' names no real competency yet: create one with "
                        "`sitegen new competency ID` and put its id there")
        values["rubric_line"] = _reference("rubric", existing_ids(content, "rubrics"), "rubric", todo,
                                           optional=True)
        todo.append("write the summary, the evidence parts and the description")
    elif kind == "stack":
        values["issuer_line"] = _reference("issuer", issuers, "issuer", todo, optional=True)
        credentials = existing_ids(content, "credentials")[:2]
        values["credentials"] = ", ".join(credentials) or "your-credential-id"
        if credentials:
            todo.append("list the stack's credentials in order (it starts with " + ", ".join(credentials) + ")")
        else:
            todo.append("'credentials' names no real credential yet: create one with "
                        "`sitegen new credential ID` and put its id there")
    elif kind == "district":
        state = _home_state(content)
        values["state"] = state or "xx"
        if state is None:
            todo.append("'state' must be the district's two-letter postal code (e.g. wa)")
        else:
            todo.append(f"check 'state: {state}' and write the district's recognition rules")
    elif kind in ("state", "competency", "rubric", "issuer"):
        todo.append("fill in every key; the comments say what each one is")
    elif kind == "portfolio":
        todo.append("list the credentials earned; set 'public: true' once the educator agrees to publish")
    return values


def new_entity(content: Path, kind: str, ident: str) -> Created:
    """Write a commented template for one entity; refuse a bad id or an existing file (UsageError)."""
    if kind not in KINDS:
        raise UsageError(f"cannot create '{kind}': choose one of " + ", ".join(KINDS))
    if kind == "state":
        code = ident.strip().lower()
        if code not in JURISDICTIONS:
            raise UsageError(f"'{ident}' is not a U.S. postal code; a state file is named by its state's "
                             "two-letter code, e.g. wa, ny or pr")
        ident = code
    problem = id_problem(ident)
    if problem:
        raise UsageError(f"the id '{ident}' {problem}")
    if kind == "district" and ident in JURISDICTIONS:
        raise UsageError(f"the district id '{ident}' is a state postal code; choose a longer id "
                         f"(e.g. '{ident}-district')")
    if not content.is_dir():
        raise UsageError(f"there is no content folder at {display_path(content)}; pass --content DIR, or start "
                         "a catalog with `sitegen init DIR`")
    folder = content / FOLDERS[kind]
    target = folder / ident / "portfolio.yaml" if kind == "portfolio" else folder / f"{ident}.md"
    if target.exists():
        raise UsageError(f"{display_path(target)} already exists; not overwriting it (edit it, or choose "
                         "another id)")
    clash = [p.name for p in folder.glob("*") if p.stem.lower() == ident and p.stem != ident] \
        if folder.is_dir() else []
    if clash:
        raise UsageError(f"{display_path(folder / clash[0])} differs from '{ident}' only in case; rename or "
                         "reuse it")
    todo: list[str] = []
    template_name = "portfolio.yaml" if kind == "portfolio" else f"{kind}.md"
    text = fill(_templates().joinpath("new", template_name).read_text(encoding="utf-8"),
                _values(content, kind, ident, todo))
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return Created(target, tuple(todo))


def _walk(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    """Every template file under `folder` as (relative path with '/', file), sorted."""
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            yield from _walk(entry, rel + "/")
        else:
            yield rel, entry


def _target_name(rel: str) -> str:
    """Template names spell a leading dot as "dot-" (so that packaging keeps them): dot-github → .github."""
    return "/".join("." + part[4:] if part.startswith("dot-") else part for part in rel.split("/"))


def init_project(directory: Path, *, title: str | None = None, base_url: str | None = None) -> list[Path]:
    """Create a catalog repository in `directory` (new, or empty but for .git); returns the files written."""
    if directory.exists():
        if not directory.is_dir():
            raise UsageError(f"{display_path(directory)} is a file; choose a new folder name")
        if any(entry.name != ".git" for entry in directory.iterdir()):
            raise UsageError(f"{display_path(directory)} is not empty; choose a new or empty folder")
    slug = re.sub(r"[^a-z0-9]+", "-", directory.resolve().name.lower()).strip("-") or "catalog"
    base_url = base_url or f"https://example.github.io/{slug}/"
    problem = url_problem(base_url)
    if problem:
        raise UsageError(f"--base-url: {problem}")
    if "?" in base_url or "#" in base_url:
        raise UsageError("--base-url must not contain '?' or '#'")
    if not base_url.endswith("/"):
        base_url += "/"
    title = (title or DEFAULT_TITLE).strip()
    if not title or "\n" in title:
        raise UsageError("--title must be one line of text")
    values = {"title": yaml_text(title), "name": title, "base_url": base_url, **_release_values()}
    written: list[Path] = []
    for rel, template in _walk(_templates().joinpath("init")):
        target = directory / _target_name(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(fill(template.read_text(encoding="utf-8"), values))
        written.append(target)
    return written


UPGRADED = (".github/workflows/pages.yml", "requirements.txt")
"""The files `sitegen init --upgrade` refreshes: the tooling a release may change, never the content."""
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Refreshed:
    """One file `sitegen init --upgrade` looked at, and whether its text changed."""

    path: Path
    changed: bool


def _release_values() -> dict[str, str]:
    return {"distribution": DISTRIBUTION, "version": __version__}


def _pins_sitegen(line: str) -> bool:
    """A requirements line naming sitegen's distribution (any spelling PEP 503 treats as the same name)."""
    match = _REQUIREMENT_NAME.match(line.split("#", 1)[0])
    return match is not None and re.sub(r"[-_.]+", "-", match.group(1)).lower() == DISTRIBUTION


def _repinned(old: str, template: str) -> str:
    """`old` requirements with sitegen's pin moved to the template's; other lines kept; the template if
    `old` pins nothing of sitegen's."""
    pin = next(line for line in template.splitlines() if _pins_sitegen(line))
    lines = old.splitlines()
    if not any(_pins_sitegen(line) for line in lines):
        return template
    return "".join((pin if _pins_sitegen(line) else line) + "\n" for line in lines)


def _replace_text(target: Path, text: str) -> bool:
    """Write `text` to `target` through a temporary file beside it; False (nothing written) if equal."""
    try:
        if target.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(temporary, target)
    return True


def upgrade_project(directory: Path) -> list[Refreshed]:
    """Rewrite a catalog's Pages workflow and requirements pin for the running sitegen; content untouched."""
    if not (directory / "content" / "site.yaml").is_file():
        raise UsageError(f"{display_path(directory)} is not a sitegen catalog (there is no content/site.yaml); "
                         "run `sitegen init --upgrade` in the folder `sitegen init` made, or pass that folder")
    templates = {_target_name(rel): entry for rel, entry in _walk(_templates().joinpath("init"))}
    refreshed: list[Refreshed] = []
    for name in UPGRADED:
        target = directory / name
        text = fill(templates[name].read_text(encoding="utf-8"), _release_values())
        if name == "requirements.txt" and target.is_file():
            text = _repinned(target.read_text(encoding="utf-8"), text)
        refreshed.append(Refreshed(target, _replace_text(target, text)))
    return refreshed


def new_translation(content: Path, original: Path, language: str) -> Created:
    """Write `<id>.<language>.md` beside a content file (`site.<language>.yaml` beside site.yaml): its
    `source_hash`, and each text the original has as an empty key under a comment holding the original's words
    (docs/content-format.md, "Translations"). The keys are left empty so that the build refuses the file until
    they are translated: an untranslated copy is never published as the other language."""
    import yaml

    from sitegen.i18n import available_languages
    from sitegen.load import read_text, split_front_matter
    from sitegen.validate.translations import NAME_FIELDS, TEXT_FIELDS, source_hash

    if language not in available_languages():
        raise UsageError(f"sitegen has no interface in '{language}'; it has: " + ", ".join(available_languages()))
    where = original.resolve()
    try:
        relative = where.relative_to(content.resolve())
    except ValueError:
        raise UsageError(f"{display_path(original)} is not in the content folder {display_path(content)}") from None
    kind = "site" if relative.as_posix() == "site.yaml" else relative.parent.as_posix()
    if kind not in TEXT_FIELDS or (kind != "site" and (original.suffix != ".md" or "." in original.stem)):
        raise UsageError(f"{display_path(original)} is not a content file a translation can be made of (site.yaml, "
                         "or a .md file of issuers/, competencies/, rubrics/, credentials/, stacks/, states/ or "
                         "districts/)")
    if not where.is_file():
        raise UsageError(f"{display_path(original)} does not exist")
    target = where.with_name(f"site.{language}.yaml" if kind == "site" else f"{where.stem}.{language}.md")
    if target.exists():
        raise UsageError(f"{display_path(target)} already exists; not overwriting it (edit it; `sitegen check` "
                         "says when its original changed)")
    text = read_text(where.read_bytes(), display_path(original))
    if kind == "site":
        front, body = yaml.safe_load(text) or {}, ""
    else:
        parts = split_front_matter(text, display_path(original))
        front, body = yaml.safe_load(parts.yaml) or {}, parts.body
    lines = [f"# The {language} translation of {relative.as_posix()}: write each text below in that language,",
             "# under the original's words (in comments). A text left empty is an error until translated; a name",
             "# left empty is shown as written. The original stays the source of every fact.",
             f"source_hash: {source_hash(where)}   # the version of {where.name} this translates"]

    def key(name: str, value: object, indent: str = "") -> None:
        lines.extend(f"{indent}# {line}".rstrip() for line in str(value).splitlines())
        lines.append(f"{indent}{name}:")

    for name in TEXT_FIELDS[kind] + NAME_FIELDS.get(kind, ()):
        if isinstance(front, dict) and front.get(name):
            key(name, front[name])
    rules = [rule for rule in (front.get("recognitions") or []) if isinstance(rule, dict)] \
        if isinstance(front, dict) else []
    worded = [rule for rule in rules if rule.get("conditions") or (rule.get("value") or {}).get("note")]
    if worded:
        lines.append("recognitions:")
        for rule in worded:
            lines.append(f"  - id: {rule.get('id')}")
            if rule.get("conditions"):
                key("conditions", rule["conditions"], "    ")
            if (rule.get("value") or {}).get("note"):
                key("note", rule["value"]["note"], "    ")
    lines.append("example: false   # true when the translation is illustrative (the page then says so)")
    todo = [f"translate each empty key of {display_path(target)}"]
    if kind == "site":
        out = "\n".join(lines) + "\n"
    else:
        out = "---\n" + "\n".join(lines) + "\n---\n"
        if body.strip():
            todo.append(f"write the text of {where.name} below the front matter, in {language}")
    with open(target, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(out)
    return Created(target, tuple(todo))
