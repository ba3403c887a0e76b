"""View data for the home page, the credential list and the not-found page."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial

from sitegen.model import Credential
from sitegen.plan.common import Context, View, pagination
from sitegen.plan.credentials import credential_card
from sitegen.plan.index import CatalogIndex

CREDENTIALS_PER_PAGE = 500
"""Credential cards on one page of the list (about 250 KB of HTML); a state catalog's 10,000 make 20 pages."""


def credentials_list_pages(ctx: Context, index: CatalogIndex) -> list[tuple[str, str, Callable[[], View]]]:
    """The credential list's pages, by title: (url, title, view maker) for each; one page for a small catalog."""
    ordered = sorted(ctx.catalog.credentials.values(), key=lambda c: (c.title.lower(), c.id))
    count = max(1, math.ceil(len(ordered) / CREDENTIALS_PER_PAGE))
    def title(n: int) -> str:
        if count == 1:
            return ctx._("Credentials")
        return ctx._("Credentials, page %(number)s of %(count)s", number=n, count=count)

    return [(ctx.urls.credentials_page(n), title(n),
             partial(credentials_list_view, ctx, index, ordered, n, count)) for n in range(1, count + 1)]


def credentials_list_view(ctx: Context, index: CatalogIndex, ordered: Sequence[Credential], number: int,
                          count: int) -> View:
    urls = ctx.urls
    first = (number - 1) * CREDENTIALS_PER_PAGE
    cards = [credential_card(ctx, index, c) for c in ordered[first:first + CREDENTIALS_PER_PAGE]]
    issuers = [ctx.link(i.name, urls.issuer(i.id), count=len(index.credentials_by_issuer.get(i.id, ())))
               for i in sorted(ctx.catalog.issuers.values(), key=lambda i: i.name.lower())]
    topics = [ctx.link(t, urls.topic(t), count=len(ids)) for t, ids in index.credentials_by_topic.items()]
    return {"credentials": cards, "total": len(ordered), "first": first + 1, "last": first + len(cards),
            "pagination": pagination(number, count, lambda n: urls.href(urls.credentials_page(n))),
            "issuers": issuers, "topics": topics}


def home_view(ctx: Context, index: CatalogIndex) -> View:
    catalog = ctx.catalog
    recognizers = list(catalog.recognizers.values())
    states_with_rules = {r.state for r in recognizers if r.recognitions}
    home_state = catalog.site.home_state
    home = None
    if home_state:
        ids = index.credentials_by_state.get(home_state, ())
        home = {
            **ctx.link(ctx.state_name(home_state), ctx.urls.recognizer(home_state, "state")),
            "count": len(ids),
            "credentials": [credential_card(ctx, index, catalog.credentials[c])
                            for c in sorted(ids, key=lambda c: (catalog.credentials[c].title.lower(), c))][:12],
        }
    districts = sum(1 for r in recognizers if r.kind == "district")
    rules = sum(len(r.recognitions) for r in recognizers)
    # Each label's English singular is its plural, as sitegen wrote it before it had translations (a catalog in
    # English builds to the same bytes); the translations give both forms.
    return {
        "counts": [
            {"label": ctx.ngettext("credentials", "credentials", len(catalog.credentials)),
             "value": len(catalog.credentials), "href": ctx.urls.href(ctx.urls.credentials)},
            {"label": ctx.ngettext("stacks", "stacks", len(catalog.stacks)), "value": len(catalog.stacks),
             "href": None},
            {"label": ctx.ngettext("issuers", "issuers", len(catalog.issuers)), "value": len(catalog.issuers),
             "href": None},
            {"label": ctx.ngettext("states with rules", "states with rules", len(states_with_rules)),
             "value": len(states_with_rules), "href": ctx.urls.href(ctx.urls.states)},
            {"label": ctx.ngettext("districts", "districts", districts), "value": districts,
             "href": ctx.urls.href(ctx.urls.states)},
            {"label": ctx.ngettext("recognition rules", "recognition rules", rules), "value": rules,
             "href": ctx.urls.href(ctx.urls.recognition)},
            {"label": ctx.ngettext("public portfolios", "public portfolios", len(catalog.public_portfolios)),
             "value": len(catalog.public_portfolios),
             "href": ctx.urls.href(ctx.urls.portfolios)},
        ],
        "stacks": [{**ctx.link(s.title, ctx.urls.stack(s.id)), "summary": s.summary,
                    "size": len(s.credentials), "example": s.example}
                   for s in sorted(catalog.stacks.values(), key=lambda s: s.title.lower())],
        "home_state": home,
    }
