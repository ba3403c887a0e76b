"""The built-in table of U.S. states, DC and territories."""

from __future__ import annotations

import dataclasses

import pytest

from sitegen.jurisdictions import JURISDICTIONS, Jurisdiction, jurisdiction


def test_counts() -> None:
    # 50 states + DC + 6 territories (AS, GU, MP, PR, UM, VI) = 57; without UM it would be the usual 56.
    assert len(JURISDICTIONS) == 57
    kinds = [j.kind for j in JURISDICTIONS.values()]
    assert kinds.count("state") == 50
    assert kinds.count("district") == 1
    assert kinds.count("territory") == 6


def test_keys_are_lower_case_codes_in_order() -> None:
    keys = list(JURISDICTIONS)
    assert keys == sorted(keys)
    for key, j in JURISDICTIONS.items():
        assert key == j.code == j.code.lower()
        assert len(key) == 2 and key.isalpha()


@pytest.mark.parametrize(
    ("code", "name", "fips", "kind"),
    [
        ("al", "Alabama", "01", "state"),
        ("ak", "Alaska", "02", "state"),
        ("ca", "California", "06", "state"),
        ("dc", "District of Columbia", "11", "district"),
        ("hi", "Hawaii", "15", "state"),
        ("ny", "New York", "36", "state"),
        ("ri", "Rhode Island", "44", "state"),
        ("wa", "Washington", "53", "state"),
        ("wy", "Wyoming", "56", "state"),
        ("as", "American Samoa", "60", "territory"),
        ("gu", "Guam", "66", "territory"),
        ("mp", "Northern Mariana Islands", "69", "territory"),
        ("pr", "Puerto Rico", "72", "territory"),
        ("um", "U.S. Minor Outlying Islands", "74", "territory"),
        ("vi", "U.S. Virgin Islands", "78", "territory"),
    ],
)
def test_known(code: str, name: str, fips: str, kind: str) -> None:
    assert jurisdiction(code) == Jurisdiction(code=code, name=name, fips=fips, kind=kind)


def test_fips_unique_and_well_formed() -> None:
    fips = [j.fips for j in JURISDICTIONS.values()]
    assert len(set(fips)) == len(fips)
    assert all(len(f) == 2 and f.isdigit() for f in fips)
    # FIPS codes that were reserved and never assigned to a state.
    assert not {"03", "07", "14", "43", "52"} & set(fips)


def test_names_unique() -> None:
    names = [j.name for j in JURISDICTIONS.values()]
    assert len(set(names)) == len(names)


def test_lookup_is_forgiving_about_case_and_space() -> None:
    assert jurisdiction("WA") is JURISDICTIONS["wa"]
    assert jurisdiction(" Wa ") is JURISDICTIONS["wa"]
    assert jurisdiction("zz") is None
    assert jurisdiction("") is None


def test_immutable() -> None:
    with pytest.raises(TypeError):
        JURISDICTIONS["zz"] = JURISDICTIONS["wa"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        JURISDICTIONS["wa"].name = "Nope"  # type: ignore[misc]
