"""The interface languages: site.yaml's `languages`, and the message catalogs sitegen ships."""

from __future__ import annotations

import datetime
import importlib.util
import re
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

from sitegen import i18n
from sitegen.errors import ContentError
from sitegen.validate.site import site_config

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")


def _site(tmp_path: Path, extra: str) -> tuple[object, list[ContentError]]:
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: T\nbase_url: https://example.org/x/\n" + extra, encoding="utf-8")
    problems: list[ContentError] = []
    return site_config(content, problems, {"state": frozenset({"wa"})}), problems


def test_spanish_is_available_and_english_comes_first() -> None:
    assert i18n.available_languages()[:1] == ("en",)
    assert "es" in i18n.available_languages()


def test_languages_set_the_default_language(tmp_path: Path) -> None:
    site, problems = _site(tmp_path, "languages: [es, en]\n")
    assert problems == []
    assert site.languages == ("es", "en") and site.language == "es"  # type: ignore[attr-defined]


def test_without_languages_the_site_has_one_language(tmp_path: Path) -> None:
    site, problems = _site(tmp_path, "language: en\n")
    assert problems == []
    assert site.languages == () and site.language == "en"  # type: ignore[attr-defined]


def test_english_translation_is_the_identity() -> None:
    assert i18n.translations("en").gettext("Search credentials") == "Search credentials"
    assert i18n.translations("en").ngettext("%(num)d credential", "%(num)d credentials", 2) == "%(num)d credentials"


# --- the message catalogs ------------------------------------------------------------------------


def _scripts_i18n() -> Any:
    """scripts/i18n.py (the extraction the maintainers run), loaded as a module."""
    spec = importlib.util.spec_from_file_location("scripts_i18n", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_interface_string_has_a_spanish_translation() -> None:
    extraction = _scripts_i18n()
    assert len(list(extraction.template_messages())) > 200  # the templates' strings were found
    assert extraction.missing("es") == []


def test_a_missing_translation_is_caught(tmp_path: Path) -> None:
    source = i18n.catalog_path("es").read_text(encoding="utf-8")
    gutted = source.replace('msgstr "Buscar credenciales"', 'msgstr ""')
    assert gutted != source
    (tmp_path / "messages.po").write_text(gutted, encoding="utf-8")
    assert _scripts_i18n().missing("es", tmp_path / "messages.po") == ["Search credentials"]


def test_translations_keep_the_placeholders() -> None:
    with i18n.catalog_path("es").open("rb") as po:
        catalog = read_po(po, locale="es")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, (ids[0], text)
            assert text.count("<a ") == ids[0].count("<a "), (ids[0], text)


def test_templates_render_in_spanish() -> None:
    from sitegen.render import make_environment
    from sitegen.theming import bundled_themes

    chain = (bundled_themes() / "default",)
    spanish = make_environment(chain, "es").from_string(
        '{{ _("Search") }} · {{ ngettext("%(num)s credential", "%(num)s credentials", n) }} · '
        '{% trans href=h %}<a href="{{ href }}">Their rules, by state</a>.{% endtrans %}')
    assert spanish.render(n=1, h="/x/?a&b") == ('Buscar · 1 credencial · '
                                                '<a href="/x/?a&amp;b">Sus reglas, por estado</a>.')
    assert spanish.render(n=3, h="/").startswith("Buscar · 3 credenciales")
    english = make_environment(chain).from_string('{{ ngettext("%(num)s credential", "%(num)s credentials", n) }}')
    assert english.render(n=1) == "1 credential" and english.render(n=2) == "2 credentials"


def test_dates_in_english_stay_iso_and_spanish_ones_are_written_out() -> None:
    import datetime as dt

    assert i18n.date_words(dt.date(2018, 3, 1), "en") == "2018-03-01"
    assert i18n.date_words(dt.date(2018, 3, 1), "es") == "1 de marzo de 2018"


def test_no_string_is_both_a_plural_and_a_singular_message() -> None:
    """gettext finds no translation for a msgid that the catalog holds as a plural entry (it is keyed by its
    forms): a string used with ngettext somewhere and with _() elsewhere would stay English under _()."""
    messages = list(_scripts_i18n().template_messages())
    plurals = {(m.id[0], m.context) for m in messages if isinstance(m.id, tuple)}
    sources = [*(ROOT / "themes" / "default" / "templates").rglob("*.html"), *(ROOT / "sitegen").rglob("*.py")]
    singular = re.compile(r'(?<![A-Za-z0-9])(?:_|gettext|N_)\("((?:[^"\\]|\\.)*)"')
    clashes = [(path.name, text) for path in sources for text in singular.findall(path.read_text(encoding="utf-8"))
               if (text, None) in plurals]
    assert clashes == []


def test_a_language_without_an_interface_is_english_and_never_a_path() -> None:
    """site.yaml's `language` may name any language (it sets <html lang>): sitegen's interface in it, when there
    is none, is English, and the value is never used as a folder to read."""
    from sitegen.i18n import interface_language, translations

    assert interface_language("es") == "es"
    for language in ("en-US", "fr", "../../etc", 'en" onmouseover="x'):
        assert interface_language(language) == "en"
        assert translations(language).gettext("Credentials") == "Credentials"
    assert i18n.date_words(datetime.date(2018, 3, 1), "en-US") == "2018-03-01"
