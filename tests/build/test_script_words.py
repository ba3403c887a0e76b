"""The browser scripts' words (issue 19): every string the theme's scripts give t()/tn() is listed in
sitegen/plan/scriptwords.py (and so extracted into messages.po, translated); a Spanish page carries their
translations in one JSON block, an English page none; the Spanish calculator's data files hold the rules' words in
Spanish; the search filters' values are written in the page's language under names search.js knows."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from bilingual import bilingual_content

from sitegen.cli import main
from sitegen.i18n import translated, translations
from sitegen.plan.common import BASIS_LABELS, PURPOSE_LABELS
from sitegen.plan.scriptwords import SCRIPTS, words_table
from sitegen.validate.catalog import load_catalog
from sitegen.wording import PURPOSE_WORDS, rule_value_words

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "themes" / "default" / "static"
CALCULATOR_CONTENT = REPO / "tests" / "fixtures" / "calculator" / "content"

_STRING = r'"((?:[^"\\]|\\.)*)"'
_CALL = re.compile(r"\b(tn?)\(\s*" + _STRING + r"(?:\s*\+\s*" + _STRING + r")?(?:\s*,\s*" + _STRING + ")?", re.S)


def script_strings(script: str) -> set[str | tuple[str, str]]:
    """The msgids a script passes to t() (a string; two literals joined by + count as one) and tn() (singular,
    plural)."""
    found: set[str | tuple[str, str]] = set()
    for call in _CALL.finditer((STATIC / script).read_text(encoding="utf-8")):
        kind, first, more, plural = call.groups()
        msgid = json.loads(f'"{first}"') + (json.loads(f'"{more}"') if more else "")
        if kind == "tn":
            assert plural is not None, f"{script}: tn({msgid!r}) without a literal plural"
            found.add((msgid, json.loads(f'"{plural}"')))
        else:
            found.add(msgid)
    return found


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_the_table_lists_exactly_the_strings_of_each_script(script: str) -> None:
    listed = set(SCRIPTS[script])
    used = script_strings(script)
    assert used, script
    assert used - listed == set(), f"{script} shows strings scriptwords.py does not list (nor translate)"
    assert listed - used == set(), f"scriptwords.py lists strings {script} no longer shows"


def test_every_script_with_words_is_listed() -> None:
    assert {p.name for p in STATIC.glob("*.js") if script_strings(p.name)} == set(SCRIPTS)


def test_scripts_write_no_english_outside_t() -> None:
    """No script concatenates English words into what it shows: every English sentence-like literal (a capital
    then a lower-case letter and a space) is a t()/tn() msgid or a comment."""
    for script in SCRIPTS:
        code = "\n".join(line.split("//", 1)[0] for line in (STATIC / script).read_text(encoding="utf-8").splitlines())
        literals = set(re.findall(r'"([A-Z][a-z]+ [^"]*)"', code))
        msgids = {s if isinstance(s, str) else s[0] for s in script_strings(script)} | {
            s[1] for s in script_strings(script) if isinstance(s, tuple)}
        strays = {text for text in literals if not any(text in msgid for msgid in msgids)}
        assert not strays, f"{script}: {strays}"


def test_every_script_string_has_a_spanish_translation() -> None:
    done = translated("es")
    for script, words in SCRIPTS.items():
        missing = [w for w in words if (w if isinstance(w, str) else w[0]) not in done]
        assert not missing, f"{script}: {missing}"


def test_the_spanish_tables() -> None:
    spanish = translations("es")
    search = words_table(spanish, "search")
    assert search["Sort"] == "Ordenar" and search["Named by rules in"] == "Nombrada por reglas en"
    assert search["%(num)s result."] == ["%(num)s resultado.", "%(num)s resultados."]
    assert "Tick the whole stack" not in search  # the calculator's words are on its page only
    calculator = words_table(spanish, "calculator")
    assert calculator["Stack complete on %(date)s: %(value)s"] == "Conjunto completo el %(date)s: %(value)s"
    assert calculator["Tick the whole stack"] == "Marcar todo el conjunto"
    assert "Searching…" not in calculator
    assert set(words_table(spanish, "credential")) == {"Sort", "Sort by %(column)s"}
    # a string Spanish writes as English does is left to the script's own English
    assert "%(label)s:" not in calculator
    english = translations("en")
    assert all(words_table(english, kind) == {} for kind in ("search", "calculator", "home"))


# --------------------------------------------------------------------------------------------------
# A site in English and Spanish (the calculator fixture)


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("script-words")
    bilingual_content(CALCULATOR_CONTENT, root)
    out = root / "output"
    assert main(["build", "--content", str(root / "content"), "--output", str(out), "--no-search", "--no-cache",
                 "--quiet"]) == 0
    return out


def words_block(page: Path) -> dict[str, Any] | None:
    html = page.read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/json" id="sitegen-words">(.*?)</script>', html, re.S)
    assert len(blocks) <= 1 and html.count("sitegen-words") == len(blocks), page
    if not blocks:
        return None
    found: dict[str, Any] = json.loads(blocks[0])
    return found


def test_english_pages_have_no_words_block(bilingual: Path) -> None:
    english = [p for p in bilingual.rglob("*.html") if not p.relative_to(bilingual).as_posix().startswith("es/")]
    assert len(english) > 50
    assert [p for p in english if "sitegen-words" in p.read_text(encoding="utf-8")] == []


def test_spanish_pages_carry_the_words_of_their_scripts(bilingual: Path) -> None:
    spanish = translations("es")
    pages = sorted((bilingual / "es").rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        rel = page.relative_to(bilingual / "es").as_posix()
        kind = {"search/index.html": "search", "calculator/index.html": "calculator"}.get(rel, "other")
        assert words_block(page) == words_table(spanish, kind), rel
    search = words_block(bilingual / "es" / "search" / "index.html")
    assert search is not None and search["Page type"] == "Tipo de página"
    # the block comes before the scripts that read it, after the page's content
    html = (bilingual / "es" / "calculator" / "index.html").read_text(encoding="utf-8")
    assert html.index("</main>") < html.index('id="sitegen-words"') < html.index("calculator.js")


def test_spanish_calculator_data_holds_spanish_rule_words(bilingual: Path) -> None:
    catalog = load_catalog(CALCULATOR_CONTENT)
    spanish = translations("es")
    folder = bilingual / "es" / "calculator" / "recognizers"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{r}.json" for r in catalog.recognizers)
    page = lxml.html.fromstring((bilingual / "es" / "calculator" / "index.html").read_bytes())
    calculator = page.get_element_by_id("calculator")
    assert calculator.get("data-recognizers") == "/catalog/es/calculator/recognizers/"
    assert calculator.get("data-index") == "/catalog/es/calculator/credentials.json"
    index = json.loads((bilingual / "es" / "calculator" / "credentials.json").read_text())
    english_index = json.loads((bilingual / "calculator" / "credentials.json").read_text())
    assert index["states"] == {code: spanish.gettext(name) for code, name in english_index["states"].items()}
    assert index["states"]["wv"] == "Virginia Occidental" and english_index["states"]["wv"] == "West Virginia"
    assert index["credentials"] == english_index["credentials"]  # the fixture has no content translations
    for recognizer in catalog.recognizers.values():
        english = json.loads((bilingual / "calculator" / "recognizers" / f"{recognizer.id}.json").read_text())
        data = json.loads((folder / f"{recognizer.id}.json").read_text())
        assert data["href"] == english["href"].replace("/catalog/", "/catalog/es/", 1)
        for rule, shown, there in zip(sorted(recognizer.recognitions, key=lambda r: r.id), data["rules"],
                                      english["rules"], strict=True):
            assert shown["rule_words"] == rule_value_words(rule, catalog, spanish)
            assert there["rule_words"] == rule_value_words(rule, catalog)
            assert shown["purpose_label"] == spanish.gettext(PURPOSE_LABELS[rule.purpose])
            assert shown["basis_label"] == spanish.gettext(BASIS_LABELS[rule.basis])
            if rule.purpose in PURPOSE_WORDS:
                assert shown["purpose_words"] == spanish.gettext(PURPOSE_WORDS[rule.purpose])
            # the figures and selections are the same in every language
            same = {k: v for k, v in there.items() if k not in ("purpose_label", "purpose_words", "basis_label",
                                                                  "rule_words", "href")}
            assert {k: shown[k] for k in same} == same
    edge = json.loads((folder / "edge-district.json").read_text())
    assert any(r["rule_words"].startswith("pago único de $500 por credencial") for r in edge["rules"])


def _filters(page: Path) -> list[tuple[str, str]]:
    doc = lxml.html.fromstring(page.read_bytes())
    return [(span.get("data-pagefind-filter"), span.text_content()) for span in doc.xpath("//*[@data-pagefind-filter]")]


def test_search_filters_in_the_page_language_under_the_names_search_js_knows(bilingual: Path) -> None:
    known = re.search(r"var FACETS = \[([^\]]*)\]", (STATIC / "search.js").read_text(encoding="utf-8"))
    assert known is not None
    facets = set(json.loads(f"[{known.group(1)}]"))
    names: set[str] = set()
    for page in (bilingual / "es").rglob("*.html"):
        names |= {name for name, _ in _filters(page)}
    assert names and names <= facets, names - facets
    credential = "credentials/feedback-loops/index.html"
    english, spanish = _filters(bilingual / credential), _filters(bilingual / "es" / credential)
    assert [n for n, _ in english] == [n for n, _ in spanish]
    assert ("type", "Credential") in english and ("type", "Credencial") in spanish
    english_values = {v for n, v in english if n in ("purpose", "basis", "role", "grade band", "type")}
    spanish_values = {v for n, v in spanish if n in ("purpose", "basis", "role", "grade band", "type")}
    assert english_values and not english_values & spanish_values - {"K–5", "6–8", "9–12"}
    # the catalog's own words (issuer, topic) as written (the fixture has no translations), states' names in
    # the page's language
    assert {(n, v) for n, v in english if n in ("issuer", "topic")} == {
        (n, v) for n, v in spanish if n in ("issuer", "topic")}
    assert [translations("es").gettext(v) for n, v in english if n == "state"] == [
        v for n, v in spanish if n == "state"]
    state_pages = _filters(bilingual / "es" / "states" / "wa" / "index.html")
    assert state_pages == [("type", "Estado")]

