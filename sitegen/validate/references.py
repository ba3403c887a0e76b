"""Checks across files, as a table: each takes the assembled Catalog and yields problems."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from sitegen.errors import ContentError
from sitegen.model import Catalog
from sitegen.recognition import selected_credentials

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
_SVG_ACTIVE = re.compile(rb"<script|<foreignobject|\son[a-z]+\s*=|javascript:|<iframe|<embed|<object",
                         re.IGNORECASE)


def rules_select_something(catalog: Catalog) -> Iterable[ContentError]:
    for recognizer in catalog.recognizers.values():
        for rule in recognizer.recognitions:
            if not selected_credentials(rule, catalog):
                yield ContentError(recognizer.path or "", rule.line, f"rule '{rule.id}' selects no credential "
                                   "of the catalog", warning=True)


def credential_images(catalog: Catalog) -> Iterable[ContentError]:
    folder = Path(catalog.content_dir) / "credentials"
    for credential in catalog.credentials.values():
        if credential.image is None:
            continue
        path = folder / credential.image
        suffix = path.suffix.lower()
        if suffix not in IMAGE_SUFFIXES:
            yield ContentError(credential.path, 1, f"'image: {credential.image}' must be one of "
                               + " ".join(IMAGE_SUFFIXES))
        elif not path.is_file() or not path.resolve().is_relative_to(folder.resolve()):
            yield ContentError(credential.path, 1, f"'image: {credential.image}' is not a file in credentials/")
        elif suffix == ".svg" and _SVG_ACTIVE.search(path.read_bytes()):
            yield ContentError(credential.path, 1, f"'image: {credential.image}' contains script or event "
                               "handlers; use a plain SVG or a PNG")


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


REFERENCE_CHECKS: tuple[tuple[str, Callable[[Catalog], Iterable[ContentError]]], ...] = (
    ("rules-select-something", rules_select_something),
    ("credential-images", credential_images),
    ("portfolio-duplicates", portfolio_duplicates),
)


def cross_checks(catalog: Catalog) -> list[ContentError]:
    problems: list[ContentError] = []
    for _name, check in REFERENCE_CHECKS:
        problems.extend(check(catalog))
    return problems
