"""Exports in the field's formats: Open Badges 3.0, CTDL, schema.org JSON-LD, catalog JSON, CSV, feeds."""

from __future__ import annotations

from typing import Any

from sitegen.model import Credential, Issuer, Recognizer
from sitegen.plan.common import Context
from sitegen.plan.index import CatalogIndex
from sitegen.recognition import Result


def site_exports(ctx: Context, index: CatalogIndex, results: dict[str, tuple[Result, ...]]) -> list[tuple[str, bytes]]:
    """Every export file as (site-relative path, bytes): achievement.json and ctdl.json per credential,
    catalog.json and its schema, recognitions.csv, feed.xml, sitemap.xml, robots.txt."""
    return []


def credential_jsonld(ctx: Context, index: CatalogIndex, credential: Credential) -> Any:
    """schema.org JSON-LD for a credential page (a value for json.dumps), or None."""
    return None


def organization_jsonld(ctx: Context, entity: Issuer | Recognizer) -> Any:
    """schema.org Organization JSON-LD for issuer and district pages, or None."""
    return None
