"""Translations of content files (`feedback-loops.es.md` beside `feedback-loops.md`, `site.es.yaml`): the
Spanish pages show the translated text unmarked, the untranslated text marked `lang="en"`, the English pages
stay as they were; a translation whose original changed after it is a warning of `sitegen check`; a
translation that cannot be used is an error naming its file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from bilingual import bilingual_content

from sitegen.cli import main
from sitegen.validate.translations import source_hash

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "basic" / "content"

CREDENTIAL_ES = """---
source_hash: {hash}
title: Ciclos de retroalimentación
summary: Ciclos de retroalimentación en una o dos oraciones.
example: true
---
## Método clave

La evaluación formativa en *breve*, con una [referencia](https://example.org/ref).
"""

STATE_ES = """---
source_hash: {hash}
policy: Washington acepta las microcredenciales de PESB para renovar el certificado.
recognitions:
  - id: clock-hours
    conditions: Las horas se registran en el sistema estatal.
---
Notas de Washington.
"""


def _bilingual(root: Path) -> Path:
    content = bilingual_content(FIXTURE_CONTENT, root)
    wa = content / "states" / "wa.md"
    # a rule with conditions, so that its translation shows
    wa.write_text(wa.read_text(encoding="utf-8").replace(
        "    status: active\n", "    conditions: Hours are recorded in the state system.\n    status: active\n", 1),
        encoding="utf-8")
    return content


def _translate(content: Path) -> None:
    original = content / "credentials" / "feedback-loops.md"
    (content / "credentials" / "feedback-loops.es.md").write_text(
        CREDENTIAL_ES.format(hash=source_hash(original)), encoding="utf-8")
    (content / "states" / "wa.es.md").write_text(
        STATE_ES.format(hash=source_hash(content / "states" / "wa.md")), encoding="utf-8")
    (content / "site.es.yaml").write_text(
        f"source_hash: {source_hash(content / 'site.yaml')}\ntitle: Catálogo de ejemplo\n"
        "description: Microcredenciales para docentes.\n", encoding="utf-8")


def _build(content: Path, out: Path) -> None:
    assert main(["build", "--content", str(content), "--output", str(out), "--no-search", "--no-cache",
                 "--quiet"]) == 0


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("translated")
    content = _bilingual(root)
    _translate(content)
    _build(content, root / "output")
    return root / "output"


def _page(site: Path, rel: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / rel / "index.html").read_bytes())


def test_the_spanish_page_shows_the_translation_unmarked(translated: Path) -> None:
    page = _page(translated, "es/credentials/feedback-loops")
    h1 = page.xpath("//h1")[0]
    assert h1.text_content() == "Ciclos de retroalimentación" and not h1.xpath(".//*[@lang]")
    assert page.xpath('//p[@class="lede"]')[0].text_content() == "Ciclos de retroalimentación en una o dos oraciones."
    prose = page.xpath('//section[contains(@class, "prose")]')[0]
    assert "La evaluación formativa en breve" in prose.text_content()
    assert not prose.xpath('./div[@lang="en"]')
    assert "Illustrative" not in page.text_content()
    assert page.xpath('//span[@class="label label-example"][.="Traducción ilustrativa"]')


def test_what_the_translation_does_not_give_stays_marked_english(translated: Path) -> None:
    page = _page(translated, "es/credentials/feedback-loops")
    parts = page.xpath('//section[@aria-labelledby="evidence-h"]//h3') or page.xpath("//ol//li/h3")
    assert any(part.xpath('.//span[@lang="en"]') for part in parts)  # evidence parts are not translated
    other = _page(translated, "es/credentials/data-inquiry")
    assert [child.get("lang") for child in other.xpath("//h1")[0]] == ["en"]


def test_the_english_pages_are_untouched(translated: Path) -> None:
    page = _page(translated, "credentials/feedback-loops")
    assert page.xpath("//h1")[0].text_content() == "Feedback Loops"
    assert "Ciclos" not in page.text_content() and not page.xpath("//main//*[@lang]")
    assert _page(translated, "").xpath("//h1")[0].text_content() != "Catálogo de ejemplo"


def test_a_states_translation_reaches_its_page_and_its_rules_everywhere(translated: Path) -> None:
    state = _page(translated, "es/states/wa")
    text = state.text_content()
    assert "Washington acepta las microcredenciales" in text and "Notas de Washington." in text
    assert "Las horas se registran en el sistema estatal." in text
    assert not state.xpath('//main//*[@lang="en"][contains(., "Hours are recorded")]')
    credential = _page(translated, "es/credentials/feedback-loops").text_content()
    assert "Las horas se registran en el sistema estatal." in credential
    assert "Hours are recorded" in _page(translated, "credentials/feedback-loops").text_content()


def test_an_untranslated_rule_is_marked_english(translated: Path) -> None:
    district = _page(translated, "es/districts/sample-district")
    notes = district.xpath('//p[@class="rule-note"]')
    assert [(note.get("lang"), note.text_content()) for note in notes] == [("en", "two credentials earn one credit")]


def test_the_site_translation_titles_the_spanish_home(translated: Path) -> None:
    home = _page(translated, "es")
    assert home.xpath("//h1")[0].text_content() == "Catálogo de ejemplo"
    assert home.xpath('//a[@class="brand"]')[0].text_content() == "Catálogo de ejemplo"
    assert home.xpath('//p[@class="lede"]')[0].text_content() == "Microcredenciales para docentes."


def _check(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`sitegen check` run in the content folder (so that it names files as `credentials/x.es.md`)."""
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(content)
        code = main(["check", "--content", "."])
    out, err = capsys.readouterr()
    return code, out + err


def test_check_warns_when_the_original_changed_after_the_translation(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = _bilingual(tmp_path)
    _translate(content)
    code, output = _check(content, capsys)
    assert code == 0 and "changed after" not in output, output
    original = content / "credentials" / "feedback-loops.md"
    made_from = source_hash(original)
    original.write_text(original.read_text(encoding="utf-8").replace("15", "20", 1), encoding="utf-8")
    code, output = _check(content, capsys)
    assert code == 0, output
    now = source_hash(original)
    warning = [line for line in output.splitlines() if "changed after" in line]
    assert warning == [f"credentials/feedback-loops.es.md:2: warning: feedback-loops.md changed after this "
                       f"translation was made (source_hash {made_from}, now {now}): update the translation, then "
                       f"set 'source_hash: {now}'"], output
    # the build goes on: a stale translation is shown, and said to be stale by check
    _build(content, tmp_path / "output")


def test_a_translation_without_source_hash_is_told_the_hash_to_add(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = _bilingual(tmp_path)
    _translate(content)
    path = content / "credentials" / "feedback-loops.es.md"
    path.write_text(re.sub(r"source_hash: \w+\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    code, output = _check(content, capsys)
    assert code == 0
    now = source_hash(content / "credentials" / "feedback-loops.md")
    assert (f"credentials/feedback-loops.es.md:1: warning: this translation does not say which version of "
            f"feedback-loops.md it translates; add 'source_hash: {now}'") in output, output


def test_line_endings_of_a_checkout_do_not_make_a_translation_stale(tmp_path: Path) -> None:
    unix, windows = tmp_path / "a.md", tmp_path / "b.md"
    unix.write_bytes(b"---\ntitle: x\n---\nbody\n")
    windows.write_bytes(b"---\r\ntitle: x\r\n---\r\nbody\r\n")
    assert source_hash(unix) == source_hash(windows)


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("credentials/feedback-loops.fr.md", "---\ntitle: x\n---\n",
     "credentials/feedback-loops.fr.md:1: 'feedback-loops.fr.md' is a translation into 'fr', which is not one "
     "of site.yaml's languages (en, es)"),
    ("credentials/no-such-credential.es.md", "---\ntitle: x\n---\n",
     "credentials/no-such-credential.es.md:1: 'no-such-credential.es.md' translates "
     "credentials/no-such-credential.md, which does not exist"),
    ("credentials/feedback-loops.en.md", "---\ntitle: x\n---\n",
     "credentials/feedback-loops.en.md:1: 'en' is the site's default language: the original, "
     "feedback-loops.md, is already in it"),
    ("credentials/feedback-loops.es.md", "---\ntitle: Ciclos\n---\nCuerpo.\n",
     "credentials/feedback-loops.es.md:2: translate 'summary' too: feedback-loops.md has it, and a page must "
     "not mix languages"),
    ("credentials/feedback-loops.es.md", "---\ntitle: Ciclos\nsummary: Resumen.\n---\n",
     "credentials/feedback-loops.es.md:5: translate the text below the front matter too: feedback-loops.md "
     "has some"),
    ("credentials/feedback-loops.es.md", "---\ntitle: Ciclos\nsumary: Resumen.\n---\nCuerpo.\n",
     "credentials/feedback-loops.es.md:3: unknown key 'sumary' in a translation of feedback-loops.md (did you "
     "mean 'summary'?)"),
    ("credentials/feedback-loops.es.md", "---\ntitle: Ciclos\nsummary: R.\nissuer: pesb\n---\nCuerpo.\n",
     "credentials/feedback-loops.es.md:4: unknown key 'issuer' in a translation of feedback-loops.md"),
    ("states/wa.es.md", "---\npolicy: P.\nrecognitions:\n  - id: clock-hourz\n    conditions: C.\n---\nN.\n",
     "states/wa.es.md:2: 'recognitions': wa.md has no rule 'clock-hourz' (did you mean 'clock-hours'?)"),
    ("states/wa.es.md", "---\npolicy: P.\n---\nN.\n",
     "states/wa.es.md:2: 'recognitions': translate the conditions of the rule 'clock-hours' too (under "
     "'recognitions', as '- id: clock-hours')"),
])
def test_a_translation_that_cannot_be_used_is_an_error_naming_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, expected: str) -> None:
    content = _bilingual(tmp_path)
    out = tmp_path / "output"
    _build(content, out)
    before = (out / "es" / "index.html").read_bytes()
    (content / name).write_text(text, encoding="utf-8")
    code, output = _check(content, capsys)
    assert code == 1, output
    assert any(line.startswith(expected) for line in output.splitlines()), output
    assert "Traceback" not in output
    capsys.readouterr()
    assert main(["build", "--content", str(content), "--output", str(out), "--no-search", "--quiet"]) == 1
    assert (out / "es" / "index.html").read_bytes() == before  # the last good site stays


def test_a_translation_in_a_site_without_languages_says_what_to_add(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    (content / "states" / "wa.es.md").write_text("---\npolicy: P.\n---\nN.\n", encoding="utf-8")
    code, output = _check(content, capsys)
    assert code == 1
    assert ("states/wa.es.md:1: 'wa.es.md' is a translation into 'es', but site.yaml has no 'languages'; add "
            "'languages: [en, es]' to site.yaml, or rename the file (an id has no dots)") in output, output


def test_spanish_first_puts_spanish_at_the_root_and_english_under_en(tmp_path: Path) -> None:
    # a Spanish-speaking district: its content files are in Spanish, English translations beside them
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("language: en\n", "") + "languages: [es, en]\n",
                    encoding="utf-8")
    original = content / "credentials" / "feedback-loops.md"
    (content / "credentials" / "feedback-loops.en.md").write_text(
        f"---\nsource_hash: {source_hash(original)}\ntitle: Feedback loops, in English\nsummary: In English.\n---\n"
        "English body.\n", encoding="utf-8")
    out = tmp_path / "output"
    _build(content, out)
    root = _page(out, "credentials/feedback-loops")
    english = _page(out, "en/credentials/feedback-loops")
    assert root.get("lang") == "es" and english.get("lang") == "en"
    assert root.xpath('//h2[@id="recognized-h"]')[0].text_content() == "Dónde se reconoce"
    assert english.xpath('//h2[@id="recognized-h"]')[0].text_content() == "Where it is recognized"
    assert root.xpath("//h1")[0].text_content() == "Feedback Loops" and not root.xpath("//main//*[@lang]")
    assert english.xpath("//h1")[0].text_content() == "Feedback loops, in English"
    assert not english.xpath("//h1//*[@lang]")
    # what has no English translation is marked as the Spanish it is declared to be
    assert [child.get("lang") for child in _page(out, "en/credentials/data-inquiry").xpath("//h1")[0]] == ["es"]
    assert root.xpath('//link[@rel="alternate"][@hreflang="x-default"]')[0].get("href") == \
        "https://example.github.io/catalog/credentials/feedback-loops/"
    assert not (out / "es").exists()


def test_translate_starts_a_translation_the_build_refuses_until_it_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = _bilingual(tmp_path)
    original = content / "states" / "wa.md"
    assert main(["translate", str(original), "es", "--content", str(content)]) == 0
    made = content / "states" / "wa.es.md"
    text = made.read_text(encoding="utf-8")
    assert f"source_hash: {source_hash(original)}" in text
    assert "# Washington accepts PESB micro-credentials toward certificate renewal.\npolicy:\n" in text
    assert "  - id: clock-hours\n    # Hours are recorded in the state system.\n    conditions:\n" in text
    assert main(["translate", str(original), "es", "--content", str(content)]) == 2  # never overwrites
    code, output = _check(content, capsys)
    assert code == 1 and "states/wa.es.md:" in output and "translate 'policy' too" in output, output
    made.write_text(text.replace("policy:\n", "policy: Washington acepta microcredenciales.\n")
                    .replace("    conditions:\n", "    conditions: Horas registradas.\n")
                    .replace("example: false", "example: true") + "Notas de Washington.\n", encoding="utf-8")
    code, output = _check(content, capsys)
    assert code == 0, output
    _build(content, tmp_path / "output")
    assert "Washington acepta microcredenciales." in _page(tmp_path / "output", "es/states/wa").text_content()


def test_ctdl_carries_the_translated_title_and_summary_in_its_language_maps(translated: Path) -> None:
    import json

    graph = json.loads((translated / "credentials" / "feedback-loops" / "ctdl.json").read_text(encoding="utf-8"))
    node = graph["@graph"][0]
    assert node["ceterms:name"] == {"en-US": "Feedback Loops", "es": "Ciclos de retroalimentación"}
    assert node["ceterms:description"]["es"] == "Ciclos de retroalimentación en una o dos oraciones."
    other = json.loads((translated / "credentials" / "data-inquiry" / "ctdl.json").read_text(encoding="utf-8"))
    assert list(other["@graph"][0]["ceterms:name"]) == ["en-US"]
