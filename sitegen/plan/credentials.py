"""View data for the credential-centred pages: credential, competency, stack, issuer, topic."""

from __future__ import annotations

from sitegen.model import Credential, Recognizer, Rule, Stack
from sitegen.plan.catalogwide import catalog_wide_summary
from sitegen.plan.common import (
    GRADE_LABELS,
    ISSUER_KIND_LABELS,
    PURPOSE_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    Context,
    View,
    citation,
)
from sitegen.plan.index import CatalogIndex
from sitegen.plan.rules import compact_rule_row, rule_row

FULL_RULES = 8
"""A credential named by at most this many specific rules shows each in full; past it, only the home state's
rules are in full and the others are compact rows (a state catalog can name a credential in a hundred rules)."""
COMPACT_DISTRICT_RULES = 6
"""Past this many district rules of one state, even a full group shows its districts as compact rows (the
details are on each district's page)."""


def credential_card(ctx: Context, index: CatalogIndex, credential: Credential) -> View:
    """A credential as lists show it (made once per credential; shared: copy to change)."""
    key = ("card", credential.id)
    card: View | None = ctx.memo.get(key)
    if card is None:
        card = ctx.memo[key] = _credential_card(ctx, index, credential)
    return card


def _credential_card(ctx: Context, index: CatalogIndex, credential: Credential) -> View:
    issuer = ctx.catalog.issuers[credential.issuer]
    return {
        **ctx.link(credential.title, ctx.urls.credential(credential.id)),
        "id": credential.id,
        "summary": credential.summary,
        "issuer": issuer.short_name or issuer.name,
        "example": credential.example,
        "status": credential.status,
        "status_label": ctx.label(STATUS_LABELS, credential.status),
        "states": len(index.states_by_credential.get(credential.id, ())),
    }


def credential_view(ctx: Context, index: CatalogIndex, credential: Credential) -> View:
    catalog = ctx.catalog
    urls = ctx.urls
    issuer = catalog.issuers[credential.issuer]
    rubric = catalog.rubrics.get(credential.rubric) if credential.rubric else None
    stacks = []
    for stack_id in index.stacks_by_credential.get(credential.id, ()):
        stack = catalog.stacks[stack_id]
        stacks.append({**ctx.link(stack.title, urls.stack(stack.id)),
                       "position": stack.credentials.index(credential.id) + 1,
                       "size": len(stack.credentials), "example": stack.example})
    return {
        "id": credential.id,
        "title": credential.title,
        "calculator_href": urls.href(urls.calculator_with(credential=credential.id)),
        "summary": credential.summary,
        **ctx.text_of("credentials", credential.id),
        "example": credential.example,
        "status": credential.status,
        "status_label": ctx.label(STATUS_LABELS, credential.status),
        "version": credential.version,
        "estimated_hours": _number(credential.estimated_hours),
        "estimated_hours_plural": _plural_count(credential.estimated_hours),
        "published": ctx.date(credential.published),
        "issuer": ctx.link(issuer.name, urls.issuer(issuer.id), short_name=issuer.short_name),
        "topics": [ctx.link(t, urls.topic(t)) for t in credential.topics],
        "roles": [ctx.label(ROLE_LABELS, r) for r in credential.roles],
        "grade_bands": [ctx.label(GRADE_LABELS, g) for g in credential.grade_bands],
        "competencies": [competency_summary(ctx, c) for c in credential.competencies],
        "body_html": ctx.html(credential.body),
        "evidence": [{"part": p.part, "title": p.title, "description_html": ctx.html(p.description)}
                     for p in credential.evidence],
        "rubric": rubric_view(ctx, rubric) if rubric else None,
        "stacks": stacks,
        "recognitions": recognition_groups(ctx, index, credential),
        "catalog_wide": catalog_wide_summary(ctx, index),
        "states": [ctx.state_name(c) for c in index.states_by_credential.get(credential.id, ())],
        "sources": [citation(s) for s in credential.sources],
        "earned_by": [ctx.link(p.name, urls.portfolio(p.id), example=p.example)
                      for p in index.earned_by.get(credential.id, ())],
        "achievement_href": urls.href(urls.credential_file(credential.id, "achievement.json")),
        "ctdl_href": urls.href(urls.credential_file(credential.id, "ctdl.json")),
        "image_href": urls.href(urls.credential_file(credential.id, badge_name(credential))),
    }


def recognition_groups(ctx: Context, index: CatalogIndex, credential: Credential) -> list[View]:
    """The credential's specific rules by state (the home state first, then by name), the state's own rules
    before its districts'. Each group is `full` (rows in words, with sources) or compact (one short row per
    rule linking to it in full): every group is full when the credential is named by few rules; otherwise
    only the home state's, and there too a state's districts are compact when they are many."""
    by_state: dict[str, list[tuple[Recognizer, Rule]]] = {}
    named = index.rules_by_credential.get(credential.id, ())
    for recognizer, rule in named:
        by_state.setdefault(recognizer.state, []).append((recognizer, rule))
    home = ctx.catalog.site.home_state
    few = len(named) <= FULL_RULES
    groups = []
    for code in sorted(by_state, key=lambda c: (c != home, ctx.state_name(c))):
        pairs = sorted(by_state[code], key=lambda p: (p[0].kind != "state", p[0].name.lower(), p[0].id, p[1].id))
        full = few or code == home
        districts_compact = not full or sum(1 for r, _ in pairs if r.kind != "state") > COMPACT_DISTRICT_RULES
        groups.append({
            "code": code,
            "name": ctx.state_name(code),
            "anchor": f"recognized-{code}",
            "full": full,
            "rules": [rule_row(ctx, r, rule) for r, rule in pairs
                      if full and (r.kind == "state" or not districts_compact)],
            "compact": [compact_rule_row(ctx, r, rule) for r, rule in pairs
                        if not full or (r.kind != "state" and districts_compact)],
            "purposes": sorted({ctx.label(PURPOSE_LABELS, rule.purpose) for _, rule in pairs}),
            "count": len(pairs),
        })
    return groups


def badge_name(credential: Credential) -> str:
    """The file name of the credential's image in its output folder."""
    if credential.image:
        return "image" + credential.image[credential.image.rfind("."):].lower()
    return "badge.svg"


def _number(value: float | None) -> str | None:
    if value is None:
        return None
    return f"{value:g}"


def _plural_count(value: float | None) -> int:
    """The whole number that chooses a figure's plural form (ngettext takes whole numbers): a fraction is
    plural in English and Spanish ("1.5 hours", "1,5 horas"), so it counts as 2."""
    if value is None:
        return 0
    return int(value) if float(value).is_integer() else 2


def competency_summary(ctx: Context, competency_id: str) -> View:
    competency = ctx.catalog.competencies[competency_id]
    return {
        **ctx.link(competency.title, ctx.urls.competency(competency.id)),
        "statement": competency.statement,
        **ctx.text_of("competencies", competency.id),
        "example": competency.example,
        "alignments": [{"framework": a.framework, "code": a.code, "url": a.url} for a in competency.alignments],
    }


def rubric_view(ctx: Context, rubric: object) -> View:
    from sitegen.model import Rubric

    assert isinstance(rubric, Rubric)
    passing = [lv.label for lv in rubric.levels if lv.passing]
    if rubric.passing_rule is None:
        rule = ctx._("Every criterion must reach a passing level (%(levels)s).", levels=", ".join(passing))
    else:
        # the same English words for one and for more; other languages agree the verb with the number
        rule = ctx.ngettext(
            "At least %(num)s of the %(criteria)s criteria must reach a passing level (%(levels)s).",
            "At least %(num)s of the %(criteria)s criteria must reach a passing level (%(levels)s).",
            rubric.passing_rule, criteria=len(rubric.criteria), levels=", ".join(passing))
    return {
        "id": rubric.id,
        "title": rubric.title,
        "example": rubric.example,
        "levels": [{"id": lv.id, "label": lv.label, "passing": lv.passing} for lv in rubric.levels],
        "criteria": [{"title": c.title, "descriptors": [text for _, text in c.descriptors]}
                     for c in rubric.criteria],
        "passing_words": rule,
        "body_html": ctx.html(rubric.body),
        **ctx.text_of("rubrics", rubric.id),
    }


def competency_view(ctx: Context, index: CatalogIndex, competency_id: str) -> View:
    competency = ctx.catalog.competencies[competency_id]
    side_by_side = []
    for credential_id in index.credentials_by_competency.get(competency_id, ()):
        credential = ctx.catalog.credentials[credential_id]
        rubric = ctx.catalog.rubrics.get(credential.rubric) if credential.rubric else None
        side_by_side.append({
            **credential_card(ctx, index, credential),
            "evidence": [p.title for p in credential.evidence],
            "rubric": rubric.title if rubric else None,
            "hours": _number(credential.estimated_hours),
        })
    return {
        "title": competency.title,
        "statement": competency.statement,
        **ctx.text_of("competencies", competency.id),
        "example": competency.example,
        "alignments": [{"framework": a.framework, "code": a.code, "url": a.url} for a in competency.alignments],
        "tags": list(competency.tags),
        "body_html": ctx.html(competency.body),
        "credentials": side_by_side,
    }


def stack_view(ctx: Context, index: CatalogIndex, stack: Stack) -> View:
    catalog = ctx.catalog
    members = []
    for position, credential_id in enumerate(stack.credentials, start=1):
        credential = catalog.credentials.get(credential_id)
        if credential is not None:
            members.append({**credential_card(ctx, index, credential), "position": position})
    rules = []
    for recognizer in catalog.recognizers.values():
        for rule in recognizer.recognitions:
            if rule.stack == stack.id or stack.id in rule.applies_to.stacks:
                rules.append(rule_row(ctx, recognizer, rule))
    issuer = catalog.issuers.get(stack.issuer) if stack.issuer else None
    # the same English words for one credential and for more (as they always were); other languages choose
    required = (ctx.ngettext("Earn all %(num)s credentials", "Earn all %(num)s credentials", len(stack.credentials))
                if stack.required is None else
                ctx._("Earn any %(required)s of the %(count)s credentials", required=stack.required,
                      count=len(stack.credentials)))
    return {
        "title": stack.title,
        "summary": stack.summary,
        **ctx.text_of("stacks", stack.id),
        "example": stack.example,
        "issuer": ctx.link(issuer.name, ctx.urls.issuer(issuer.id)) if issuer else None,
        "required_words": required,
        "credentials": members,
        "recognitions": rules,
        "body_html": ctx.html(stack.body),
        "sources": [citation(s) for s in stack.sources],
    }


def issuer_view(ctx: Context, index: CatalogIndex, issuer_id: str) -> View:
    issuer = ctx.catalog.issuers[issuer_id]
    return {
        "title": issuer.name,
        "short_name": issuer.short_name,
        "kind_label": ctx.label(ISSUER_KIND_LABELS, issuer.kind),
        "url": issuer.url,
        "example": issuer.example,
        "state": ctx.link(ctx.state_name(issuer.state), ctx.urls.recognizer(issuer.state, "state"))
        if issuer.state and issuer.state in ctx.catalog.recognizers else
        ({"title": ctx.state_name(issuer.state), "href": None} if issuer.state else None),
        "body_html": ctx.html(issuer.body),
        **ctx.text_of("issuers", issuer.id),
        "credentials": [credential_card(ctx, index, ctx.catalog.credentials[c])
                        for c in index.credentials_by_issuer.get(issuer_id, ())],
        "stacks": [ctx.link(s.title, ctx.urls.stack(s.id)) for s in ctx.catalog.stacks.values()
                   if s.issuer == issuer_id],
    }


def topic_view(ctx: Context, index: CatalogIndex, topic: str) -> View:
    return {
        "title": topic,
        "credentials": [credential_card(ctx, index, ctx.catalog.credentials[c])
                        for c in index.credentials_by_topic.get(topic, ())],
    }
