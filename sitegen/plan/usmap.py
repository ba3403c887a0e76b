"""The recognition map: U.S. Census geometry (us-atlas, Albers USA) shaded by the credentials that rules there
name; rules that accept any credential are counted apart (as recognizers), never as credentials."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from sitegen.plan.common import Context, View
from sitegen.plan.index import CatalogIndex

CLASSES = 5


@cache
def geometry() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resources.files("sitegen").joinpath("us_map.json").read_text("utf-8"))
    return loaded


def breaks(highest: int) -> list[tuple[int, int]]:
    """Count ranges for the classes above zero: up to four equal-width bins from 1 to the highest count."""
    if highest <= 0:
        return []
    bins = min(CLASSES - 1, highest)
    edges = [1 + round(i * highest / bins) for i in range(bins)] + [highest + 1]
    return [(edges[i], edges[i + 1] - 1) for i in range(bins) if edges[i] <= edges[i + 1] - 1]


def map_view(ctx: Context, index: CatalogIndex) -> View:
    data = geometry()
    counts = {code: len(index.credentials_by_state.get(code, ())) for code in data["states"]}
    ranges = breaks(max(counts.values(), default=0))

    def klass(count: int) -> int:
        for number, (low, high) in enumerate(ranges, start=1):
            if low <= count <= high:
                return number
        return 0

    states = []
    for code, path in data["states"].items():
        name = ctx.state_name(code)
        count = counts[code]
        anyone = len(index.accepting_any.get(code, ()))
        named = ctx.ngettext("%(state)s: %(num)s credential named by rules",
                             "%(state)s: %(num)s credentials named by rules", count, state=name)
        also = ctx.ngettext("; %(num)s recognizer accepts any credential",
                            "; %(num)s recognizers accept any credential", anyone) if anyone else ""
        states.append({
            "code": code,
            "name": name,
            "d": path,
            "href": ctx.urls.href(ctx.urls.recognizer(code, "state")) if code in ctx.catalog.recognizers else None,
            "count": count,
            "class": f"map-c{klass(count)}",
            "label": named + also,
            "any": anyone,
            "any_href": ctx.urls.href(ctx.urls.recognition_any_state(code)) if anyone else None,
            "marker": data["labels"][code] if code == "dc" else None,
        })
    legend = [{"class": "map-c0", "label": ctx._("none")}] + [
        {"class": f"map-c{n}", "label": str(low) if low == high else f"{low}–{high}"}
        for n, (low, high) in enumerate(ranges, start=1)
    ]
    table = sorted(states, key=lambda s: s["name"])
    return {"viewBox": data["viewBox"], "states": states, "legend": legend, "table": table,
            "source": data["source"], "licence": data["licence"],
            "any_states": sum(1 for s in states if s["any"]), "any_href": ctx.urls.href(ctx.urls.recognition_any)}
