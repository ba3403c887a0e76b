"""sitegen/us_map.json, made by tools/map/make_us_map.mjs from us-atlas."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import pytest

from sitegen.jurisdictions import JURISDICTIONS

Point = tuple[float, float]

_TOKEN = re.compile(r"[MLZ]|-?\d+(?:\.\d+)?|[ ,]+")


@pytest.fixture(scope="module")
def us_map() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((resources.files("sitegen") / "us_map.json").read_text("utf-8"))
    return data


def _rings(d: str) -> list[list[Point]]:
    """The closed rings of a path made only of absolute M, L and Z commands."""
    assert _TOKEN.sub("", d) == "", f"unexpected characters in path: {_TOKEN.sub('', d)[:40]!r}"
    rings: list[list[Point]] = []
    numbers: list[float] = []
    for token in _TOKEN.findall(d):
        if token in ("M", "L", "Z"):
            assert len(numbers) % 2 == 0, "odd number of coordinates"
            if numbers:
                rings[-1].extend(zip(numbers[::2], numbers[1::2], strict=True))
                numbers = []
            if token == "M":
                rings.append([])
        elif token.strip(" ,"):
            numbers.append(float(token))
    assert not numbers, "coordinates after the last Z"
    return rings


def _inside(rings: list[list[Point]], point: Point) -> bool:
    """Even-odd point-in-polygon over all rings."""
    px, py = point
    inside = False
    for ring in rings:
        for (xi, yi), (xj, yj) in zip(ring, ring[-1:] + ring[:-1], strict=True):
            if (yi > py) != (yj > py) and px < (xj - xi) * (py - yi) / (yj - yi) + xi:
                inside = not inside
    return inside


def test_metadata(us_map: dict[str, Any]) -> None:
    assert list(us_map) == ["source", "licence", "viewBox", "states", "labels"]
    assert us_map["viewBox"] == "0 0 975 610"
    assert "us-atlas" in us_map["source"] and "Census Bureau" in us_map["source"]
    assert "ISC" in us_map["licence"] and "public domain" in us_map["licence"]


def test_exactly_the_states_and_dc(us_map: dict[str, Any]) -> None:
    expected = {code for code, j in JURISDICTIONS.items() if j.kind in ("state", "district")}
    assert len(expected) == 51
    assert set(us_map["states"]) == expected
    assert list(us_map["states"]) == sorted(us_map["states"])
    assert set(us_map["labels"]) == expected
    assert list(us_map["labels"]) == sorted(us_map["labels"])


def test_paths_are_closed_rings_inside_the_viewbox(us_map: dict[str, Any]) -> None:
    _, _, width, height = (float(v) for v in us_map["viewBox"].split())
    for code, d in us_map["states"].items():
        assert d.startswith("M"), code
        assert d.endswith("Z"), code
        rings = _rings(d)
        assert rings, code
        for ring in rings:
            assert len(ring) >= 3, code
            for x, y in ring:
                assert 0 <= x <= width and 0 <= y <= height, (code, x, y)


def test_labels_lie_inside_their_state(us_map: dict[str, Any]) -> None:
    for code, label in us_map["labels"].items():
        assert len(label) == 2
        point = (float(label[0]), float(label[1]))
        assert _inside(_rings(us_map["states"][code]), point), (code, point)


def test_alaska_and_hawaii_are_insets_in_the_lower_left(us_map: dict[str, Any]) -> None:
    def bbox(code: str) -> tuple[float, float, float, float]:
        points = [p for ring in _rings(us_map["states"][code]) for p in ring]
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        return min(xs), min(ys), max(xs), max(ys)

    california_bottom = bbox("ca")[3]
    for code in ("ak", "hi"):
        _, top, right, _ = bbox(code)
        assert right < 975 / 2 and top > 610 / 2, (code, bbox(code))
        assert top > california_bottom, (code, bbox(code))
    # As in d3.geoAlbersUsa, Hawaii is to the right of Alaska.
    assert bbox("hi")[0] > bbox("ak")[2]
