"""The cost of a second language (issue 19): the main comparison's corpus built cold by sitegen as it is (one
language), and again with `languages: [en, es]` and Spanish translations of some of its credentials, with
Hugo's cold build of the same credentials alongside, rounds alternating.

    python benchmarks/run.py --only languages [--credentials 10000] [--language-rounds 3] [--translated 100]

Reported: wall time, CPU, peak memory, pages and output size of each build, and the ratios of the bilingual
build to the monolingual one and to Hugo's."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path
from typing import Any

from measure import Series

BILINGUAL_SUFFIX = "-en-es"


def bilingual_corpus(source: Path, translated: int, log: Any) -> Path:
    """A copy of `source` (a generated corpus) whose site.yaml sets `languages: [en, es]`, with Spanish
    translations (`<id>.es.md`, source_hash included) of its first `translated` credentials; regenerated when
    the source corpus is newer or the number differs."""
    from sitegen.validate.translations import source_hash

    target = source.with_name(source.name + BILINGUAL_SUFFIX)
    stamp = target / ".bilingual"
    wanted = f"{(source / 'content' / 'site.yaml').stat().st_mtime_ns} {translated}"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return target
    log(f"copying {source.name} into {target.name} with languages [en, es] and {translated:,} translations")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source / "content", target / "content")
    site = target / "content" / "site.yaml"
    text = re.sub(r"(?m)^language:.*\n", "", site.read_text(encoding="utf-8"))
    site.write_text(text + "languages: [en, es]\n", encoding="utf-8")
    credentials = sorted((target / "content" / "credentials").glob("*.md"))[:translated]
    for path in credentials:
        spanish = path.with_name(path.stem + ".es.md")
        spanish.write_text(
            f"---\nsource_hash: {source_hash(path)}\ntitle: Microcredencial {path.stem}\n"
            "summary: Un resumen en español de esta microcredencial, para medir el costo de una traducción.\n"
            "---\n## Resumen\n\nLos docentes muestran su práctica con evidencia del aula: planes de clase, trabajos"
            " de los estudiantes y una reflexión sobre la evaluación formativa.\n", encoding="utf-8")
    stamp.write_text(wanted, encoding="utf-8")
    return target


def folder_totals(folder: Path) -> dict[str, int] | None:
    if not folder.is_dir():
        return None
    sizes = [entry.stat().st_size for entry in folder.rglob("*") if entry.is_file() and not entry.is_symlink()]
    return {"bytes": sum(sizes), "files": len(sizes)}


def run_languages(settings: Any, tools: Any, run: Any) -> dict[str, Any] | None:
    """The part's results: `run` is benchmarks/run.py (its corpus, cold-build and machine helpers)."""
    if not tools.sitegen:
        return None
    load_at_start = os.getloadavg()[0]
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    n = settings.credentials
    source = run.corpus(n, settings.seed)
    bilingual = bilingual_corpus(source, settings.translated, run.log)
    series = {"hugo": Series(f"hugo-cold-{n}"), "one": Series(f"sitegen-cold-{n}-en"),
              "two": Series(f"sitegen-cold-{n}-en-es")}
    sizes: dict[str, dict[str, int] | None] = {}
    order = ("one", "two", "hugo")
    for round_number in range(settings.language_rounds):
        turn = order[round_number % 3:] + order[:round_number % 3]
        for key in turn:
            if key == "hugo":
                measured, output = run.hugo_cold(tools, source, n, settings.timeout_s)
            else:
                measured, output = run.sitegen_cold(tools, source if key == "one" else bilingual, n,
                                                    settings.timeout_s, name=f"{n}-{key}")
            series[key].runs.append(measured)
            if measured.ok:
                series[key].pages = run.count_pages(output)
                sizes[key] = folder_totals(output)
            run.log(f"{n:,} credentials, round {round_number + 1}: {series[key].label} {run.describe(measured)}")
    summaries = {key: found.summary() for key, found in series.items()}
    for key, total in sizes.items():
        summaries[key]["output"] = total
    one, two, hugo = (summaries[key].get("wall_s") for key in ("one", "two", "hugo"))
    notes = []
    for summary in summaries.values():
        load = summary.get("other_load")
        if load is not None and load > run.BUSY_LOAD:
            notes.append(f"machine busy during {summary['label']}: other processes kept {load:.2f} cores busy on "
                         "average; its figures are not reliable")
    return {
        "generated_at": started,
        "settings": {"credentials": n, "translated": settings.translated, "rounds": settings.language_rounds,
                     "seed": settings.seed, "sitegen_flags": list(tools.sitegen_flags)},
        "one_language": summaries["one"], "two_languages": summaries["two"], "hugo": summaries["hugo"],
        "ratios": {"two_to_one": two / one if one and two else None,
                   "two_to_hugo": two / hugo if hugo and two else None,
                   "one_to_hugo": one / hugo if hugo and one else None},
        "machine": run.machine(tools, load_at_start),
        "notes": notes,
    }
