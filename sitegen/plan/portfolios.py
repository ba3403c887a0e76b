"""View data and exports for portfolios: the list, one portfolio with what its credentials are worth."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sitegen.assertions import assertion_problem
from sitegen.i18n import N_
from sitegen.model import Award, Evidence, Portfolio, Rule
from sitegen.plan.common import BASIS_LABELS, PURPOSE_LABELS, STATUS_LABELS, Context, View, citation, date_text
from sitegen.plan.exports.encoding import json_bytes
from sitegen.plan.index import CatalogIndex
from sitegen.recognition import Result, evaluate_portfolio, is_catalog_wide, portfolio_results_json
from sitegen.wording import result_short, result_words, rule_value_words

EVIDENCE_LABELS = {
    "student-work": N_("Student work"), "video": N_("Video"), "photo": N_("Photo"), "lesson-plan": N_("Lesson plan"),
    "reflection": N_("Reflection"), "data": N_("Data"), "document": N_("Document"), "link": N_("Link"),
}
PRIVACY_LABELS = {"consent": N_("Shared with consent"), "redacted": N_("Redacted"),
                  "no-students": N_("No students shown")}
IMAGE = (".png", ".jpg", ".jpeg", ".gif", ".webp")
VIDEO = (".mp4", ".webm")
AUDIO = (".mp3",)


def size_words(size: int | None) -> str | None:
    if size is None:
        return None
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1048576:.1f} MB"


def evidence_view(ctx: Context, portfolio: Portfolio, item: Evidence) -> View:
    if item.file is not None:
        rel = ctx.urls.portfolio_file(portfolio.id, item.file)
        href = ctx.urls.href(ctx.urls.quoted(rel))
        suffix = Path(item.file).suffix.lower()
        media = "image" if suffix in IMAGE else "video" if suffix in VIDEO else "audio" if suffix in AUDIO \
            else "file"
        absolute = ctx.urls.absolute(ctx.urls.quoted(rel))
    else:
        href, media, absolute = item.url or "", "link", item.url or ""
    return {
        "title": item.title,
        "kind_label": ctx.label(EVIDENCE_LABELS, item.kind),
        "href": href,
        "absolute": absolute,
        "media": media,
        "size": size_words(item.size),
        "privacy": ctx.label(PRIVACY_LABELS, item.student_privacy) if item.student_privacy in PRIVACY_LABELS else None,
        "description_html": ctx.html(item.description),
    }


def award_view(ctx: Context, portfolio: Portfolio, award: Award) -> View:
    credential = ctx.catalog.credentials.get(award.credential)
    title = credential.title if credential else award.credential
    assertion = None
    if award.assertion:
        assertion = (award.assertion if award.assertion.startswith(("http://", "https://"))
                     else ctx.urls.href(ctx.urls.quoted(ctx.urls.portfolio_file(portfolio.id, award.assertion))))
    link = ctx.link(title, ctx.urls.credential(award.credential)) if credential else {"title": title, "href": None}
    return {
        **link,
        "earned": ctx.date(award.earned),
        "attempts": award.attempts,
        "revoked": award.revoked,
        "reflection_html": ctx.html(award.reflection),
        "evidence": [evidence_view(ctx, portfolio, item) for item in award.evidence],
        "assertion": assertion,
        "assertion_problem": assertion_problem(award, portfolio, ctx.catalog) if award.assertion_text else None,
        "assertion_checked": award.assertion_text is not None,
    }


def _worth_rule(ctx: Context, recognizer_id: str, rule_id: str) -> tuple[Rule, View]:
    """A rule and what every portfolio's result under it shows alike (made once per process)."""
    key = ("worth-rule", recognizer_id, rule_id)
    found: tuple[Rule, View] | None = ctx.memo.get(key)
    if found is None:
        recognizer = ctx.catalog.recognizers[recognizer_id]
        rule = next(r for r in recognizer.recognitions if r.id == rule_id)
        rec_rel = ctx.urls.recognizer(recognizer.id, recognizer.kind)
        found = ctx.memo[key] = (rule, {
            "rule_href": ctx.urls.href(ctx.urls.rule(rec_rel, rule.id)),
            "purpose_label": ctx.label(PURPOSE_LABELS, rule.purpose),
            "basis_label": ctx.label(BASIS_LABELS, rule.basis),
            "rule_words": rule_value_words(rule, ctx.catalog, ctx.translation),
            "status": rule.status, "status_label": ctx.label(STATUS_LABELS, rule.status),
            "sources": [citation(s) for s in rule.sources],
        })
    return found


FULL_RESULTS_ELSEWHERE = 12
"""Results of rules that name the portfolio's credentials, outside its own district and state, are shown in
full up to this many; past it, as one compact table (a state catalog can hold hundreds)."""


def _counted_words(earned: tuple[str, ...], titles: dict[str, str], counted: tuple[str, ...],
                   shown: dict[tuple[str, ...], str], anchor: str) -> View:
    """A rule's counted credentials, listed the first time that list appears on the page; later the same
    list is named, not repeated ("the same 3 credentials as ..."), and all `earned` ones (the portfolio's
    unrevoked credentials in earned order) are said so."""
    words: View = {"all": 0, "same_as": None, "count": len(counted), "list": [], "anchor": None}
    if counted == earned and len(counted) > 1:
        return {**words, "all": len(counted)}
    first = shown.get(counted)
    if first is not None:
        return {**words, "same_as": first}
    shown[counted] = anchor
    return {**words, "list": [titles.get(c, c) for c in counted], "anchor": anchor}


def _recognizer_group(ctx: Context, recognizer_id: str, rows: list[View]) -> View:
    recognizer = ctx.catalog.recognizers[recognizer_id]
    return {**ctx.link(recognizer.name, ctx.urls.recognizer(recognizer.id, recognizer.kind)),
            "kind": recognizer.kind, "state_name": ctx.state_name(recognizer.state), "rules": rows}


def worth_view(ctx: Context, portfolio: Portfolio, results: tuple[Result, ...]) -> View:
    """The portfolio's results: its own district and state first (every rule), then the other rules that name
    its credentials, grouped per recognizer, then rules elsewhere that accept any credential, one compact row
    per recognizer. Every result is shown; a list of counted credentials only once."""
    catalog = ctx.catalog
    district = catalog.recognizers.get(portfolio.district) if portfolio.district else None
    home_state = portfolio.state or (district.state if district else None)
    own_ids = [i for i in (district.id if district else None, home_state) if i]
    own: dict[str, list[View]] = {i: [] for i in own_ids}
    other: dict[str, list[View]] = defaultdict(list)
    elsewhere: dict[str, list[View]] = defaultdict(list)
    shown: dict[tuple[str, ...], str] = {}
    ruled = [(result, *_worth_rule(ctx, result.recognizer, result.rule)) for result in results]
    specific_elsewhere = sum(1 for result, rule, _ in ruled if result.recognizer not in own
                             and not is_catalog_wide(rule))
    other_compact = specific_elsewhere > FULL_RESULTS_ELSEWHERE
    other_rows: dict[str, list[View]] = defaultdict(list)
    earned = tuple(a.credential for a in sorted(portfolio.earned, key=lambda a: (a.earned, a.credential))
                   if not a.revoked)
    for result, rule, about in ruled:
        wide = is_catalog_wide(rule)
        if result.recognizer not in own and (wide or other_compact):
            reached, upcoming = result_short(result, ctx.translation)
            (elsewhere if wide else other_rows)[result.recognizer].append({
                "purpose_label": about["purpose_label"], "rule_href": about["rule_href"], "reached": reached,
                "next": upcoming, "status": rule.status,
                "status_label": ctx.label(STATUS_LABELS, rule.status)})
            continue
        titles = {c: catalog.credentials[c].title for c in (*result.counted, *result.held_back)
                  if c in catalog.credentials}
        anchor = f"counted-{result.recognizer}-{result.rule}"
        (own[result.recognizer] if result.recognizer in own else other[result.recognizer]).append({
            **about,
            "result_words": result_words(result, rule, catalog, ctx.translation),
            "reached": result.reached,
            "have": result.have,
            "need": result.need,
            "counted": _counted_words(earned, titles, result.counted, shown, anchor) if result.counted else None,
            "held_back": [titles.get(c, c) for c in result.held_back],
        })

    def ordered(groups: dict[str, list[View]]) -> list[str]:
        return sorted((i for i in groups if groups[i]), key=lambda i: (
            ctx.state_name(catalog.recognizers[i].state), catalog.recognizers[i].kind != "state",
            catalog.recognizers[i].name.lower(), i))

    def by_state(groups: dict[str, list[View]]) -> list[View]:
        states: dict[str, list[View]] = defaultdict(list)
        for recognizer_id in ordered(groups):
            recognizer = catalog.recognizers[recognizer_id]
            states[recognizer.state].append({
                **ctx.link(recognizer.name, ctx.urls.recognizer(recognizer.id, recognizer.kind)),
                "rules": groups[recognizer_id]})
        return [{"name": ctx.state_name(code), "recognizers": rows} for code, rows in states.items()]

    return {
        "own": [_recognizer_group(ctx, i, own[i]) for i in own_ids if own[i]],
        "other": [_recognizer_group(ctx, i, other[i]) for i in ordered(other)],
        "other_compact": by_state(other_rows),
        "other_count": specific_elsewhere,
        "elsewhere": by_state(elsewhere),
        "elsewhere_count": len(elsewhere),
        "any_href": ctx.urls.href(ctx.urls.recognition_any),
        "count": len(results),
    }


def portfolio_view(ctx: Context, portfolio: Portfolio, results: tuple[Result, ...]) -> View:
    catalog = ctx.catalog
    urls = ctx.urls
    district = catalog.recognizers.get(portfolio.district) if portfolio.district else None
    held = {a.credential for a in portfolio.earned if not a.revoked}
    pursuing = []
    for pursuit in portfolio.pursuing:
        credential = catalog.credentials.get(pursuit.credential)
        stacks = [{**ctx.link(s.title, urls.stack(s.id)),
                   "have": sum(1 for c in s.credentials if c in held), "need": s.needed}
                  for s in catalog.stacks.values() if pursuit.credential in s.credentials]
        link = (ctx.link(credential.title, urls.credential(pursuit.credential)) if credential
                else {"title": pursuit.credential, "href": None})
        pursuing.append({**link, "started": ctx.date(pursuit.started), "stacks": stacks})
    awards = sorted(portfolio.earned, key=lambda a: (a.earned, a.credential))
    photo = (urls.href(urls.quoted(urls.portfolio_file(portfolio.id, portfolio.photo)))
             if portfolio.photo else None)
    return {
        "id": portfolio.id,
        "title": portfolio.name,
        "role": portfolio.role,
        "headline": portfolio.headline,
        "example": portfolio.example,
        "district": ctx.link(district.name, urls.recognizer(district.id, district.kind)) if district else None,
        "state": (ctx.link(ctx.state_name(portfolio.state), urls.recognizer(portfolio.state, "state"))
                  if portfolio.state and portfolio.state in catalog.recognizers else
                  ({"title": ctx.state_name(portfolio.state), "href": None} if portfolio.state else None)),
        "about_html": ctx.html(portfolio.about),
        "photo": photo,
        "email": portfolio.contact_email,
        "contact_url": portfolio.contact_url,
        "earned": [award_view(ctx, portfolio, a) for a in awards],
        "earned_count": len(held),
        "pursuing": pursuing,
        "worth": worth_view(ctx, portfolio, results),
        "json_href": urls.href(f"portfolios/{portfolio.id}/portfolio.json"),
        "canonical": urls.absolute(urls.portfolio(portfolio.id)),
    }


def portfolio_card(ctx: Context, portfolio: Portfolio) -> View:
    district = ctx.catalog.recognizers.get(portfolio.district) if portfolio.district else None
    return {
        **ctx.link(portfolio.name, ctx.urls.portfolio(portfolio.id)),
        "role": portfolio.role,
        "headline": portfolio.headline,
        "place": district.name if district else (ctx.state_name(portfolio.state) if portfolio.state else None),
        "earned": len({a.credential for a in portfolio.earned if not a.revoked}),
        "example": portfolio.example,
    }


def portfolio_json(ctx: Context, portfolio: Portfolio, computed: tuple[Result, ...]) -> bytes:
    """The portfolio's public fields and its recognition results (the shape `sitegen value --json` prints)."""
    results = portfolio_results_json(portfolio, ctx.catalog, computed)
    data = {
        "portfolio": portfolio.id,
        "url": ctx.urls.absolute(ctx.urls.portfolio(portfolio.id)),
        "name": portfolio.name,
        "role": portfolio.role,
        "district": portfolio.district,
        "state": portfolio.state,
        "headline": portfolio.headline,
        "example": portfolio.example,
        "contact": {k: v for k, v in (("email", portfolio.contact_email), ("url", portfolio.contact_url)) if v},
        "earned": [
            {"credential": a.credential, "earned": a.earned.isoformat(), "attempts": a.attempts,
             "revoked": a.revoked,
             "evidence": [{"title": e.title, "kind": e.kind, "student_privacy": e.student_privacy,
                           "url": e.url or ctx.urls.absolute(ctx.urls.quoted(
                               ctx.urls.portfolio_file(portfolio.id, e.file or "")))}
                          for e in a.evidence]}
            for a in sorted(portfolio.earned, key=lambda a: (a.earned, a.credential))
        ],
        "pursuing": [{"credential": p.credential, "started": date_text(p.started)} for p in portfolio.pursuing],
        "results": results["results"],
    }
    return json_bytes(data, sort_keys=False)


def portfolio_files(portfolio: Portfolio) -> list[str]:
    """Files of the portfolio folder that are published: evidence, badge files, the photo."""
    files = {a.assertion for a in portfolio.earned if a.assertion and "://" not in a.assertion}
    files |= {e.file for a in portfolio.earned for e in a.evidence if e.file}
    if portfolio.photo:
        files.add(portfolio.photo)
    return sorted(f for f in files if f)


class PublicResults:
    """Each public portfolio's results, computed when first asked for and then kept (its page and its
    portfolio.json share them). Lazy, so that each process computes only the ones it publishes."""

    def __init__(self, ctx: Context, index: CatalogIndex) -> None:
        self._ctx = ctx
        self._index = index
        self._selections: dict[tuple[str, str], frozenset[str]] | None = None
        self._done: dict[str, tuple[Result, ...]] = {}

    def __getitem__(self, portfolio_id: str) -> tuple[Result, ...]:
        found = self._done.get(portfolio_id)
        if found is None:
            if self._selections is None:
                self._selections = _frozen_selections(self._index)
            portfolio = self._ctx.catalog.public_portfolios[portfolio_id]
            found = self._done[portfolio_id] = evaluate_portfolio(portfolio, self._ctx.catalog, self._selections)
        return found

    def get(self, portfolio_id: str, default: tuple[Result, ...] = ()) -> tuple[Result, ...]:
        if portfolio_id not in self._ctx.catalog.public_portfolios:
            return default
        return self[portfolio_id]


def _frozen_selections(index: CatalogIndex) -> dict[tuple[str, str], frozenset[str]]:
    """`index.selected` as sets; catalog-wide rules share one tuple there, and so one set here."""
    made: dict[int, frozenset[str]] = {}
    selections = {}
    for key, ids in index.selected.items():
        found = made.get(id(ids))
        if found is None:
            found = made[id(ids)] = frozenset(ids)
        selections[key] = found
    return selections


def evaluate_public(ctx: Context, index: CatalogIndex) -> PublicResults:
    """Each public portfolio's results (computed on first use)."""
    return PublicResults(ctx, index)
