"""Small state-scale catalogs for tests: the benchmark generator's `state-scale` profile (many districts, half of
them with a rule that recognizes any credential), and the same catalog with more such districts added."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def generator() -> ModuleType:
    """benchmarks/generate.py, loaded by path (it is not a package)."""
    found = sys.modules.get("benchmark_generate")
    if found is not None:
        return found
    spec = importlib.util.spec_from_file_location("benchmark_generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmark_generate"] = module
    spec.loader.exec_module(module)
    return module


def make_state_catalog(out: Path, credentials: int, districts: int, portfolios: int, seed: int = 1) -> Path:
    """A generated state-scale catalog under `out`; returns its content folder."""
    generator().generate(credentials, out, seed, profile="state-scale", districts=districts, portfolios=portfolios)
    return out / "content"


def add_catalog_wide_districts(content: Path, count: int, state: str = "az") -> list[str]:
    """`count` more districts in `state`, each with one rule that recognizes any credential; their ids."""
    ids = []
    for number in range(1, count + 1):
        district = f"added-any-district-{number:03d}"
        (content / "districts" / f"{district}.md").write_text(
            f"---\nname: Added District {number}\nstate: {state}\nexample: true\nrecognitions:\n"
            "  - id: any-credential\n    applies_to: {all: true}\n    purpose: salary\n    basis: threshold\n"
            "    tiers:\n      - {at: 15, amount: 4, unit: percent-salary, permanent: true}\n"
            "    sources: [{title: Test source, publisher: Test, year: 2024}]\n---\nAn added district.\n",
            encoding="utf-8")
        ids.append(district)
    return ids
