"""The interface languages: site.yaml's `languages`, and the message catalogs sitegen ships."""

from __future__ import annotations

from pathlib import Path

from sitegen import i18n
from sitegen.errors import ContentError
from sitegen.validate.site import site_config


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
