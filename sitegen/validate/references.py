"""Checks across files, as a table: each takes the assembled Catalog and yields problems."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from sitegen.assertions import assertion_problem
from sitegen.errors import ContentError
from sitegen.model import Catalog
from sitegen.recognition import credential_groups, selected_credentials

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
_SVG_ACTIVE = re.compile(rb"<script|<foreignobject|\son[a-z]+\s*=|<iframe|<embed|<object|<!entity", re.IGNORECASE)
_SVG_SCHEME = re.compile(rb"javascript:|vbscript:", re.IGNORECASE)
_ATTRIBUTE_VALUE = re.compile(rb"=\s*(\"[^\"]*\"|'[^']*')")
_CHAR_REF = re.compile(rb"&#(x[0-9a-f]+|[0-9]+);?", re.IGNORECASE)


def _char(ref: re.Match[bytes]) -> bytes:
    code = ref.group(1)
    number = int(code[1:], 16) if code[:1] in (b"x", b"X") else int(code)
    return chr(number).encode("utf-8", "replace") if number <= 0x10FFFF else b"?"


def svg_is_active(data: bytes) -> bool:
    """Script, event handlers, frames, entity declarations or script links in attribute values, also
    behind character references (`&#106;avascript:`) or with whitespace in the scheme (`java&#9;script:`)."""
    decoded = _CHAR_REF.sub(_char, data)
    if _SVG_ACTIVE.search(decoded):
        return True
    values = _ATTRIBUTE_VALUE.findall(decoded)
    return any(_SVG_SCHEME.search(re.sub(rb"[\x00-\x20]+", b"", value)) for value in values)


def rules_select_something(catalog: Catalog) -> Iterable[ContentError]:
    groups = credential_groups(catalog)
    for recognizer in catalog.recognizers.values():
        for rule in recognizer.recognitions:
            if not selected_credentials(rule, catalog, groups):
                yield ContentError(recognizer.path or "", rule.line, f"rule '{rule.id}' selects no credential "
                                   "of the catalog", warning=True)


def credential_image_problem(folder: Path, image: str) -> str | None:
    """Why a credential's `image:` (a path relative to credentials/) cannot be published, or None."""
    path = folder / image
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        return f"'image: {image}' must be one of " + " ".join(IMAGE_SUFFIXES)
    if not path.is_file() or not path.resolve().is_relative_to(folder.resolve()):
        return f"'image: {image}' is not a file in credentials/"
    if suffix == ".svg" and svg_is_active(path.read_bytes()):
        return f"'image: {image}' contains script or event handlers; use a plain SVG or a PNG"
    if suffix != ".svg":
        from sitegen.validate.portfolios import SIGNATURES

        with open(path, "rb") as handle:
            head = handle.read(512)
        what, test = SIGNATURES[suffix]
        if not test(head):
            return f"'image: {image}' is named {suffix} but its content is not {what}; export the image again"
    return None


def portfolio_duplicates(catalog: Catalog) -> Iterable[ContentError]:
    for portfolio in catalog.portfolios.values():
        seen: dict[str, int] = {}
        for award in portfolio.earned:
            if award.revoked:
                continue
            if award.credential in seen:
                yield ContentError(portfolio.path, award.line, f"'{award.credential}' is earned twice (also on "
                                   f"line {seen[award.credential]}); keep one entry, or mark one revoked")
            seen[award.credential] = award.line


def badge_files(catalog: Catalog) -> Iterable[ContentError]:
    """Each award's Open Badges file is checked; a mismatch is a warning, shown on the page too."""
    for portfolio in catalog.portfolios.values():
        for award in portfolio.earned:
            problem = assertion_problem(award, portfolio, catalog)
            if problem:
                yield ContentError(portfolio.path, award.assertion_line, f"badge file '{award.assertion}': {problem}",
                                   warning=True)


REFERENCE_CHECKS: tuple[tuple[str, Callable[[Catalog], Iterable[ContentError]]], ...] = (
    ("rules-select-something", rules_select_something),
    ("portfolio-duplicates", portfolio_duplicates),
    ("badge-files", badge_files),
)


def cross_checks(catalog: Catalog) -> list[ContentError]:
    problems: list[ContentError] = []
    for _name, check in REFERENCE_CHECKS:
        problems.extend(check(catalog))
    return problems
