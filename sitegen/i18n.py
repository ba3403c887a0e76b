"""The interface languages: which ones sitegen has message catalogs for, and their gettext translations.

English is the language the templates and the code are written in (its translation is the identity); every
other language has `sitegen/locale/<lang>/LC_MESSAGES/messages.po`, compiled in memory when a build needs it
(no compiled `.mo` file is kept in git)."""

from __future__ import annotations

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


def translations(language: str) -> gettext.NullTranslations:
    """The interface strings in `language` (English: the identity)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog_path(language).open("rb") as po:
        messages = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def language_name(language: str) -> str:
    """The language's name in itself, capitalised as a menu item ("English", "Español")."""
    from babel import Locale

    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def language_prefix(language: str, languages: tuple[str, ...]) -> str:
    """Where a language's pages live under the site's root: "" for the default (first) one, else "<lang>/"."""
    return "" if not languages or language == languages[0] else language + "/"
