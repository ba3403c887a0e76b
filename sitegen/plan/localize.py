"""A catalog in one of the site's languages: every entity with a translation into it (`wa.es.md`) carries the
translation's text; the others keep the text as written. Nothing else changes (ids, rules, references), so
the pages of every language are planned by the same code."""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, TypeVar

from sitegen.i18n import translations
from sitegen.model import Catalog, Recognizer, RuleTranslation, Translation, Value

_E = TypeVar("_E")

_COLLECTIONS = (("issuers", "issuers"), ("competencies", "competencies"), ("rubrics", "rubrics"),
                ("credentials", "credentials"), ("stacks", "stacks"))
"""(Catalog attribute, translation kind) of the entities translated field by field."""


def localized(catalog: Catalog, language: str) -> Catalog:
    """`catalog` with its entities' text in `language` where a translation gives it (`catalog.translated` says
    which), and the states' names in `language`. The catalog itself when its site sets no `languages` (the
    pages are as before languages existed)."""
    if not catalog.site.languages:
        return catalog
    found = catalog.translations.get(language, {})
    changes: dict[str, Any] = {}
    for attribute, kind in _COLLECTIONS:
        changes[attribute] = _replaced(getattr(catalog, attribute), kind, found)
    names = translations(language)
    changes["recognizers"] = {ident: _recognizer(recognizer, found, names) for ident, recognizer in
                              catalog.recognizers.items()}
    site = found.get(("site", "site"))
    if site is not None:
        changes["site"] = _with(catalog.site, site)
    return replace(catalog, **changes, translated=found)


def _with(entity: _E, translation: Translation) -> _E:
    body = {"body": translation.body, "body_line": translation.body_line} if translation.body is not None else {}
    return replace(entity, **translation.fields, **body)  # type: ignore[type-var]


def _replaced(entities: Mapping[str, _E], kind: str, found: Mapping[tuple[str, str], Translation]) -> dict[str, _E]:
    return {ident: _with(entity, found[(kind, ident)]) if (kind, ident) in found else entity
            for ident, entity in entities.items()}


def recognizer_kind_folder(recognizer: Recognizer) -> str:
    """The content folder of a state's or district's file, the kind its translations are filed under."""
    return "states" if recognizer.kind == "state" else "districts"


def _recognizer(recognizer: Recognizer, found: Mapping[tuple[str, str], Translation],
                names: gettext.NullTranslations) -> Recognizer:
    if recognizer.kind == "state":  # its name is the jurisdiction's, translated with the interface
        recognizer = replace(recognizer, name=names.gettext(recognizer.name))
    translation = found.get((recognizer_kind_folder(recognizer), recognizer.id))
    if translation is None:
        return recognizer
    words = {rule.id: rule for rule in translation.rules}
    rules = tuple(_rule(rule, words[rule.id]) if rule.id in words else rule for rule in recognizer.recognitions)
    return replace(_with(recognizer, translation), recognitions=rules)


def _rule(rule: Any, words: RuleTranslation) -> Any:
    value = rule.value
    if words.note and isinstance(value, Value):
        value = replace(value, note=words.note)
    return replace(rule, conditions=words.conditions or rule.conditions, value=value)


def text_language(catalog: Catalog, kind: str, ident: str) -> str:
    """The language an entity's text is in, in this (localized) catalog: the translation's, or the default
    language's (the content files are written in it)."""
    translation = catalog.translated.get((kind, ident))
    if translation is not None:
        return translation.language
    site = catalog.site
    return site.languages[0] if site.languages else site.language
