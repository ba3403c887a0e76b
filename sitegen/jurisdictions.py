"""Built-in U.S. states, DC and territories: postal code, name, FIPS code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True)
class Jurisdiction:
    code: str  # lower-case postal code, e.g. "wa"
    name: str  # "Washington"
    fips: str  # two-digit FIPS, e.g. "53"
    kind: str  # "state" | "district" | "territory"


def N_(message: str) -> str:
    """Marks a name for extraction into the interface's message catalogs (as sitegen.i18n.N_, which this module
    does not import: the two sit side by side); the pages translate it (plan.common.Context.state_name)."""
    return message


# (postal code, name, FIPS state code, kind) — FIPS codes per ANSI INCITS 38 / Census Bureau.
_TABLE: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("AL", N_("Alabama"), "01", "state"),
    ("AK", N_("Alaska"), "02", "state"),
    ("AZ", N_("Arizona"), "04", "state"),
    ("AR", N_("Arkansas"), "05", "state"),
    ("CA", N_("California"), "06", "state"),
    ("CO", N_("Colorado"), "08", "state"),
    ("CT", N_("Connecticut"), "09", "state"),
    ("DE", N_("Delaware"), "10", "state"),
    ("DC", N_("District of Columbia"), "11", "district"),
    ("FL", N_("Florida"), "12", "state"),
    ("GA", N_("Georgia"), "13", "state"),
    ("HI", N_("Hawaii"), "15", "state"),
    ("ID", N_("Idaho"), "16", "state"),
    ("IL", N_("Illinois"), "17", "state"),
    ("IN", N_("Indiana"), "18", "state"),
    ("IA", N_("Iowa"), "19", "state"),
    ("KS", N_("Kansas"), "20", "state"),
    ("KY", N_("Kentucky"), "21", "state"),
    ("LA", N_("Louisiana"), "22", "state"),
    ("ME", N_("Maine"), "23", "state"),
    ("MD", N_("Maryland"), "24", "state"),
    ("MA", N_("Massachusetts"), "25", "state"),
    ("MI", N_("Michigan"), "26", "state"),
    ("MN", N_("Minnesota"), "27", "state"),
    ("MS", N_("Mississippi"), "28", "state"),
    ("MO", N_("Missouri"), "29", "state"),
    ("MT", N_("Montana"), "30", "state"),
    ("NE", N_("Nebraska"), "31", "state"),
    ("NV", N_("Nevada"), "32", "state"),
    ("NH", N_("New Hampshire"), "33", "state"),
    ("NJ", N_("New Jersey"), "34", "state"),
    ("NM", N_("New Mexico"), "35", "state"),
    ("NY", N_("New York"), "36", "state"),
    ("NC", N_("North Carolina"), "37", "state"),
    ("ND", N_("North Dakota"), "38", "state"),
    ("OH", N_("Ohio"), "39", "state"),
    ("OK", N_("Oklahoma"), "40", "state"),
    ("OR", N_("Oregon"), "41", "state"),
    ("PA", N_("Pennsylvania"), "42", "state"),
    ("RI", N_("Rhode Island"), "44", "state"),
    ("SC", N_("South Carolina"), "45", "state"),
    ("SD", N_("South Dakota"), "46", "state"),
    ("TN", N_("Tennessee"), "47", "state"),
    ("TX", N_("Texas"), "48", "state"),
    ("UT", N_("Utah"), "49", "state"),
    ("VT", N_("Vermont"), "50", "state"),
    ("VA", N_("Virginia"), "51", "state"),
    ("WA", N_("Washington"), "53", "state"),
    ("WV", N_("West Virginia"), "54", "state"),
    ("WI", N_("Wisconsin"), "55", "state"),
    ("WY", N_("Wyoming"), "56", "state"),
    ("AS", N_("American Samoa"), "60", "territory"),
    ("GU", N_("Guam"), "66", "territory"),
    ("MP", N_("Northern Mariana Islands"), "69", "territory"),
    ("PR", N_("Puerto Rico"), "72", "territory"),
    ("UM", N_("U.S. Minor Outlying Islands"), "74", "territory"),
    ("VI", N_("U.S. Virgin Islands"), "78", "territory"),
)

JURISDICTIONS: Final[Mapping[str, Jurisdiction]] = MappingProxyType(
    {
        code.lower(): Jurisdiction(code=code.lower(), name=name, fips=fips, kind=kind)
        for code, name, fips, kind in sorted(_TABLE)
    }
)
"""Every built-in jurisdiction, keyed by lower-case postal code, in code order."""


def jurisdiction(code: str) -> Jurisdiction | None:
    """The jurisdiction with this postal code (any case, surrounding space ignored), or None."""
    return JURISDICTIONS.get(code.strip().lower())
