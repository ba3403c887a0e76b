"""The interface languages: which ones sitegen has message catalogs for, and their gettext translations.

English is the language the templates and the code are written in (its translation is the identity); every
other language has `sitegen/locale/<lang>/LC_MESSAGES/messages.po`, compiled in memory when a build needs it
(no compiled `.mo` file is kept in git)."""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from pathlib import Path

SOURCE_LANGUAGE = "en"
"""The language of the templates' and the code's own strings."""

LOCALE = Path(__file__).resolve().parent / "locale"
"""sitegen/locale/<lang>/LC_MESSAGES/messages.po."""


def N_(message: str) -> str:
    """Marks an English string for extraction where it is defined (a table of labels); it is translated where it
    is used, in the page's language."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular and plural pair for extraction where it is defined; chosen and translated where used."""
    return singular, plural


def catalog_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "messages.po"


def available_languages() -> tuple[str, ...]:
    """English first, then every language with a message catalog, sorted."""
    found = sorted(p.name for p in LOCALE.iterdir() if catalog_path(p.name).is_file()) if LOCALE.is_dir() else []
    return (SOURCE_LANGUAGE, *(code for code in found if code != SOURCE_LANGUAGE))


def interface_language(language: str) -> str:
    """`language` when sitegen has an interface in it, else English: site.yaml's `language` may name any
    language (it sets `<html lang>`), and it is never a path to read."""
    return language if language in available_languages() else SOURCE_LANGUAGE


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The interface strings in `language` (English, or a language sitegen has no interface in: the identity).
    Read and compiled once per process: the templates, the views and the localized catalog share it (never
    changed after it is made)."""
    if interface_language(language) == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog_path(language).open("rb") as po:
        messages = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


JINJA_EXTRACT_OPTIONS = {
    # as sitegen.render.make_environment sets them: the msgids must be the strings the templates look up
    "extensions": "jinja2.ext.i18n",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "keep_trailing_newline": "true",
    "newstyle_gettext": "true",
    "encoding": "utf-8",
}
"""Options of Babel's Jinja extractor (`jinja2`) for the templates of a theme."""

EXTRACT_KEYWORDS = {"_": None, "N_": None, "Nn_": (1, 2), "gettext": None, "ngettext": (1, 2),
                    "npgettext": ((1, "c"), 2, 3)}
"""The functions whose string arguments are interface strings (Babel's keyword specifications)."""


def translated(language: str) -> frozenset[str]:
    """The msgids (singular) that `language`'s catalog translates; every one for English."""
    from babel.messages.pofile import read_po

    if interface_language(language) == SOURCE_LANGUAGE:
        return frozenset()
    with catalog_path(language).open("rb") as po:
        messages = read_po(po, locale=language)
    done = set()
    for message in messages:
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if message.id and not message.fuzzy and all(strings):
            done.add(message.id if isinstance(message.id, str) else message.id[0])
    return frozenset(done)


def date_words(day: dt.date, language: str) -> str:
    """A date as the pages of `language` write it: ISO in English (as sitegen always has), else Babel's long
    form for the language as spoken in the United States ("1 de marzo de 2018")."""
    if interface_language(language) == SOURCE_LANGUAGE:
        return day.isoformat()
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date

    try:
        locale = Locale.parse(f"{language}_US")
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(language)
    return format_date(day, format="long", locale=locale)


def language_name(language: str) -> str:
    """The language's name in itself, capitalised as a menu item ("English", "Español")."""
    from babel import Locale

    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def language_prefix(language: str, languages: tuple[str, ...]) -> str:
    """Where a language's pages live under the site's root: "" for the default (first) one, else "<lang>/"."""
    return "" if not languages or language == languages[0] else language + "/"
