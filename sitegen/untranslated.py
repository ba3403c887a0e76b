"""`sitegen check` on a site in several languages: the interface strings of the project's own templates that
sitegen's message catalogs do not translate (the bundled theme's are all translated, a test makes sure)."""

from __future__ import annotations

from pathlib import Path

from sitegen.errors import ContentError
from sitegen.i18n import EXTRACT_KEYWORDS, JINJA_EXTRACT_OPTIONS, translated


def untranslated_strings(project: Path, theme: str, languages: tuple[str, ...]) -> list[ContentError]:
    """A warning for each string of the project's templates (themes/<theme>/, themes/default/) that a language
    of the site other than the default one does not translate: its pages show that string in English."""
    from babel.messages.extract import extract

    others = languages[1:]
    if not others:
        return []
    done = {language: translated(language) for language in others}
    warnings: list[ContentError] = []
    folders = dict.fromkeys(project / "themes" / name / "templates" for name in (theme, "default"))
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.html")):
            with path.open("rb") as template:
                found = list(extract("jinja2", template, keywords=EXTRACT_KEYWORDS,
                                     options=JINJA_EXTRACT_OPTIONS))
            shown = path.relative_to(project).as_posix()
            for line, message, _comments, _context in found:
                text = message if isinstance(message, str) else message[0]
                missing = [language for language in others if text and text not in done[language]]
                if missing:
                    warnings.append(ContentError(shown, line, f"'{text[:80]}' has no translation in "
                                                 f"{', '.join(missing)}: those pages show it in English",
                                                 warning=True))
    return warnings
