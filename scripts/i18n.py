"""The interface strings of the default theme: extract them and keep the message catalogs up to date.

    python scripts/i18n.py extract   # update sitegen/locale/<lang>/LC_MESSAGES/messages.po from the templates
    python scripts/i18n.py missing   # list the strings a catalog does not translate (exit status 1 if any)

New strings arrive in each .po with an empty translation; translate them there (tests/unit/test_i18n.py fails
while one is missing). No compiled .mo is kept: sitegen compiles the .po when a build needs it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from sitegen.i18n import EXTRACT_KEYWORDS, JINJA_EXTRACT_OPTIONS

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "themes" / "default" / "templates"
CODE = ROOT / "sitegen"
"""The words the code writes into pages (titles, navigation, labels, what a rule is worth): `_()`, `ngettext()`,
`gettext()`, `N_()`, `Nn_()` in sitegen/plan/ and sitegen/wording.py, and the names of sitegen/jurisdictions.py."""
CODE_FILES = [("plan/**.py", "python"), ("wording.py", "python"), ("jurisdictions.py", "python"), ("**.py", "ignore")]
LOCALE = ROOT / "sitegen" / "locale"
JINJA_OPTIONS = JINJA_EXTRACT_OPTIONS


def template_messages() -> Catalog:
    """Every interface string of the default theme's templates and of the planning code, with where it is used."""
    found = Catalog(project="sitegen", fuzzy=False)
    sources = ((TEMPLATES, [("**.html", "jinja2")], {"**.html": JINJA_OPTIONS}),
               (CODE, CODE_FILES, {}))
    for folder, methods, options in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
                str(folder), method_map=methods, options_map=options,
                keywords=EXTRACT_KEYWORDS):
            where = (folder / filename).relative_to(ROOT).as_posix()
            found.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    return found


def catalog_file(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "messages.po"


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if catalog_file(p.name).is_file())


def missing(language: str, path: Path | None = None) -> list[str]:
    """The template strings that `language`'s catalog (or the .po at `path`) lacks or leaves untranslated (or
    fuzzy)."""
    with (path or catalog_file(language)).open("rb") as po:
        translated = read_po(po, locale=language)
    absent = []
    for message in template_messages():
        if not message.id:
            continue
        have = translated.get(message.id, message.context)
        strings = have.string if have is not None else None
        done = have is not None and not have.fuzzy and (
            all(strings) if isinstance(strings, (list, tuple)) else bool(strings))
        if not done:
            absent.append(message.id if isinstance(message.id, str) else message.id[0])
    return absent


def extract() -> None:
    template = template_messages()
    for language in languages():
        path = catalog_file(language)
        with path.open("rb") as po:
            catalog = read_po(po, locale=language)
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as po:
            write_po(po, catalog, width=120, omit_header=False, ignore_obsolete=True, sort_output=False)


if __name__ == "__main__":
    if sys.argv[1:] == ["extract"]:
        extract()
    elif sys.argv[1:] == ["missing"]:
        gaps = {language: missing(language) for language in languages()}
        for language, ids in gaps.items():
            print(f"{language}: {len(ids)} untranslated", *ids, sep="\n  ")
        sys.exit(1 if any(gaps.values()) else 0)
    else:
        sys.exit(__doc__)
