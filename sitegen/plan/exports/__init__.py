"""Exports in the field's formats: Open Badges 3.0, CTDL, schema.org JSON-LD, catalog JSON, CSV, feeds.

A catalog-wide rule is stated once in each (never once per credential), and no export file passes 10 MB
(`MAX_FILE_BYTES`): catalog.json, recognitions.csv and sitemap.xml split into parts past their limits."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

from sitegen.model import Credential, Issuer, Recognizer
from sitegen.plan.common import Context
from sitegen.plan.exports.catalog_json import SCHEMA_PATH, catalog_files, catalog_schema
from sitegen.plan.exports.csv_export import recognitions_files
from sitegen.plan.exports.ctdl import CTDL_FILE, credential_ctdl, organizations_ctdl
from sitegen.plan.exports.encoding import json_bytes
from sitegen.plan.exports.feeds import feed_xml, public_pages, robots_txt, sitemap_files
from sitegen.plan.exports.openbadges import ACHIEVEMENT_FILE, achievement
from sitegen.plan.exports.schemaorg import credential_graph, organization
from sitegen.plan.index import CatalogIndex


def credential_exports(ctx: Context, index: CatalogIndex, ids: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """achievement.json and ctdl.json of each credential in `ids` (the build spreads them over its workers)."""
    urls = ctx.urls
    for credential_id in ids:
        credential = ctx.catalog.credentials[credential_id]
        yield urls.credential_file(credential.id, ACHIEVEMENT_FILE), json_bytes(achievement(ctx, credential))
        yield urls.credential_file(credential.id, CTDL_FILE), json_bytes(credential_ctdl(ctx, index, credential))


def catalog_exports(ctx: Context, index: CatalogIndex, results: object = None,
                    pages: Sequence[str] | None = None) -> Iterator[tuple[str, bytes]]:
    """catalog.json (and its parts) with its schema, ctdl/organizations.json, recognitions.csv (and its state
    files), feed.xml, sitemap.xml (and its parts), robots.txt.

    `pages`: the site-relative paths the sitemap lists (the planned public pages; by default `public_pages`).
    Portfolio results are not part of these (each portfolio.json holds its own): `results` is unused (typed
    `object` so that the exports never import the portfolio pages that import them)."""
    del results
    urls = ctx.urls
    yield from catalog_files(ctx, index)
    yield SCHEMA_PATH, catalog_schema()
    yield urls.ctdl_organizations, json_bytes(organizations_ctdl(ctx))
    yield from recognitions_files(ctx, index)
    yield urls.feed, feed_xml(ctx, os.environ.get("SOURCE_DATE_EPOCH"))
    yield from sitemap_files(ctx, sorted(set(public_pages(ctx, index) if pages is None else pages)))
    yield "robots.txt", robots_txt(ctx)


def credential_jsonld(ctx: Context, index: CatalogIndex, credential: Credential) -> Any:
    """schema.org JSON-LD for a credential page (a value for json.dumps), or None."""
    return credential_graph(ctx, index, credential)


def organization_jsonld(ctx: Context, entity: Issuer | Recognizer) -> Any:
    """schema.org Organization JSON-LD for issuer and district pages, or None."""
    return organization(ctx, entity)
