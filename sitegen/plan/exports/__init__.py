"""Exports in the field's formats: Open Badges 3.0, CTDL, schema.org JSON-LD, catalog JSON, CSV, feeds."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sitegen.model import Credential, Issuer, Recognizer
from sitegen.plan.common import Context
from sitegen.plan.exports.catalog_json import SCHEMA_PATH, catalog_data, catalog_schema
from sitegen.plan.exports.csv_export import recognitions_csv
from sitegen.plan.exports.ctdl import CTDL_FILE, credential_ctdl
from sitegen.plan.exports.encoding import json_bytes
from sitegen.plan.exports.feeds import feed_xml, robots_txt, sitemap_xml
from sitegen.plan.exports.openbadges import ACHIEVEMENT_FILE, achievement
from sitegen.plan.exports.schemaorg import credential_graph, organization
from sitegen.plan.index import CatalogIndex

if TYPE_CHECKING:
    from sitegen.plan.portfolios import PublicResults


def credential_exports(ctx: Context, index: CatalogIndex, ids: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """achievement.json and ctdl.json of each credential in `ids` (the build spreads them over its workers)."""
    urls = ctx.urls
    for credential_id in ids:
        credential = ctx.catalog.credentials[credential_id]
        yield urls.credential_file(credential.id, ACHIEVEMENT_FILE), json_bytes(achievement(ctx, credential))
        yield urls.credential_file(credential.id, CTDL_FILE), json_bytes(credential_ctdl(ctx, index, credential))


def catalog_exports(ctx: Context, index: CatalogIndex,
                    results: PublicResults) -> Iterator[tuple[str, bytes]]:
    """catalog.json and its schema, recognitions.csv, feed.xml, sitemap.xml, robots.txt."""
    urls = ctx.urls
    yield urls.catalog_json, json_bytes(catalog_data(ctx, index, results), sort_keys=False)
    yield SCHEMA_PATH, catalog_schema()
    yield urls.recognitions_csv, recognitions_csv(ctx, index)
    yield urls.feed, feed_xml(ctx, os.environ.get("SOURCE_DATE_EPOCH"))
    yield urls.sitemap, sitemap_xml(ctx, index)
    yield "robots.txt", robots_txt(ctx)


def credential_jsonld(ctx: Context, index: CatalogIndex, credential: Credential) -> Any:
    """schema.org JSON-LD for a credential page (a value for json.dumps), or None."""
    return credential_graph(ctx, index, credential)


def organization_jsonld(ctx: Context, entity: Issuer | Recognizer) -> Any:
    """schema.org Organization JSON-LD for issuer and district pages, or None."""
    return organization(ctx, entity)
