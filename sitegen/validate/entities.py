"""Checked records of each kind turned into model objects, with the checks that span several keys."""

from __future__ import annotations

import re
from typing import Any

from sitegen import model
from sitegen.validate.fields import Ctx

_COUNT = re.compile(r"^[1-9][0-9]{0,5}$")
"""A count written in ASCII digits without leading zeros (str.isdigit() also accepts '²' and '٣')."""
_CTID = re.compile(r"^ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def sources(values: Any) -> tuple[model.Source, ...]:
    return tuple(
        model.Source(title=s["title"], publisher=s.get("publisher"), year=s.get("year"),
                     locator=s.get("locator"), url=s.get("url"))
        for s in values or ()
    )


def issuer(ident: str, path: str, rec: dict[str, Any], body: str, body_line: int) -> model.Issuer:
    return model.Issuer(
        id=ident, name=rec["name"], path=path, short_name=rec.get("short_name"),
        kind=rec.get("kind", "other"), url=rec.get("url"), state=rec.get("state"), body=body,
        body_line=body_line, example=rec.get("example", False), extra=rec.get("extra") or {},
    )


def competency(ident: str, path: str, rec: dict[str, Any], body: str, body_line: int) -> model.Competency:
    return model.Competency(
        id=ident, title=rec["title"], statement=rec["statement"], path=path,
        alignments=tuple(model.Alignment(a["framework"], a.get("code"), a.get("url"))
                         for a in rec.get("alignments", ())),
        tags=rec.get("tags", ()), body=body, body_line=body_line, example=rec.get("example", False),
        extra=rec.get("extra") or {},
    )


def rubric(ident: str, path: str, rec: dict[str, Any], body: str, body_line: int, ctx: Ctx,
           node_lines: dict[str, int]) -> model.Rubric | None:
    levels = tuple(model.Level(lv["id"], lv["label"], lv.get("passing", False)) for lv in rec["levels"])
    level_ids = [lv.id for lv in levels]
    ok = True
    seen: set[str] = set()
    for raw, level in zip(rec["levels"], levels, strict=True):
        if level.id in seen:
            ctx.error(raw["__line__"], f"level '{level.id}' is listed twice")
            ok = False
        seen.add(level.id)
    if not any(lv.passing for lv in levels):
        ctx.error(node_lines.get("levels", 1), "at least one level needs 'passing: true'")
        ok = False
    criteria = []
    criterion_ids: set[str] = set()
    for raw in rec["criteria"]:
        descriptors = raw["descriptors"]
        if raw["id"] in criterion_ids:
            ctx.error(raw["__line__"], f"criterion '{raw['id']}' is listed twice")
            ok = False
        criterion_ids.add(raw["id"])
        texts = {k: v for k, v in descriptors.items() if not k.startswith("__")}
        for key, value in texts.items():
            if key not in level_ids:
                ctx.error(descriptors["__line__"], f"descriptor '{key}' names no level "
                          f"(levels: {', '.join(level_ids)})")
                ok = False
            elif not isinstance(value, str) or not value.strip():
                ctx.error(descriptors["__line__"], f"descriptor '{key}' must be text")
                ok = False
        missing = [lv for lv in level_ids if lv not in texts]
        if missing:
            ctx.error(descriptors["__line__"], f"criterion '{raw['id']}' needs a descriptor for every "
                      f"level; missing: {', '.join(missing)}")
            ok = False
        criteria.append(model.Criterion(raw["id"], raw["title"],
                                        tuple((lv, str(texts.get(lv, ""))) for lv in level_ids)))
    passing_rule: int | None = None
    rule_text = rec.get("passing_rule", "all")
    if rule_text != "all":
        if not _COUNT.match(rule_text) or not 1 <= int(rule_text) <= len(criteria):
            ctx.error(node_lines.get("passing_rule", 1), f"'passing_rule' must be 'all' or a number of "
                      f"criteria from 1 to {len(criteria)}, found '{rule_text}'")
            ok = False
        else:
            passing_rule = int(rule_text)
    if not ok:
        return None
    return model.Rubric(
        id=ident, title=rec["title"], path=path, levels=levels, criteria=tuple(criteria),
        passing_rule=passing_rule, body=body, body_line=body_line, example=rec.get("example", False),
        extra=rec.get("extra") or {},
    )


def credential(ident: str, path: str, rec: dict[str, Any], body: str, body_line: int, ctx: Ctx,
               node_lines: dict[str, int]) -> model.Credential | None:
    ok = True
    parts = rec.get("evidence", ())
    numbers = [p["part"] for p in parts]
    if numbers != sorted(set(numbers)):
        ctx.error(node_lines.get("evidence", 1), "evidence parts must be numbered in order without repeats "
                  f"(found {', '.join(map(str, numbers))})")
        ok = False
    ctid = rec.get("ctid")
    if ctid is not None and not _CTID.match(ctid):
        ctx.error(node_lines["ctid"], f"'ctid' must be 'ce-' followed by a lower-case UUID, found '{ctid}'")
        ok = False
    image = rec.get("image")
    if image is not None and not _inside_relative(image):
        ctx.error(node_lines["image"], f"'image' must be a file path beside the credential (no '..', no "
                  f"absolute path, no URL), found '{image}'")
        ok = False
    if not ok:
        return None
    return model.Credential(
        id=ident, title=rec["title"], issuer=rec["issuer"], competencies=rec["competencies"],
        summary=rec["summary"], path=path, rubric=rec.get("rubric"), topics=rec.get("topics", ()),
        roles=rec.get("roles", ()), grade_bands=rec.get("grade_bands", ()),
        estimated_hours=rec.get("estimated_hours"),
        evidence=tuple(model.EvidencePart(p["part"], p["title"], p.get("description", "")) for p in parts),
        image=image, version=rec.get("version"), ctid=ctid, status=rec.get("status", "active"),
        published=rec.get("published"), example=rec.get("example", False),
        sources=sources(rec.get("sources")), body=body, body_line=body_line, extra=rec.get("extra") or {},
    )


def _inside_relative(value: str) -> bool:
    if not value or value.startswith(("/", "\\")) or ":" in value or "\\" in value:
        return False
    return all(part not in ("..", "") for part in value.split("/"))


def stack(ident: str, path: str, rec: dict[str, Any], body: str, body_line: int, ctx: Ctx,
          node_lines: dict[str, int]) -> model.Stack | None:
    required: int | None = None
    value = rec.get("required", "all")
    count = len(rec["credentials"])
    if value != "all":
        if not _COUNT.match(value) or not 1 <= int(value) <= count:
            ctx.error(node_lines["required"], f"'required' must be 'all' or a number from 1 to {count} "
                      f"(the stack lists {count} credentials), found '{value}'")
            return None
        required = int(value)
    return model.Stack(
        id=ident, title=rec["title"], credentials=rec["credentials"], path=path, issuer=rec.get("issuer"),
        required=required, summary=rec.get("summary", ""), sources=sources(rec.get("sources")), body=body,
        body_line=body_line, example=rec.get("example", False), extra=rec.get("extra") or {},
    )


def rules(raw_rules: Any, ctx: Ctx) -> tuple[model.Rule, ...] | None:
    """Recognition rules with their cross-key checks (basis needs, tiers, caps, dates, sources)."""
    result: list[model.Rule] = []
    seen: dict[str, int] = {}
    ok = True
    for raw in raw_rules or ():
        line = raw["__line__"]
        if not raw["__ok__"]:
            ok = False
            continue
        rule = _rule(raw, ctx)
        if rule is None:
            ok = False
            continue
        if rule.id in seen:
            ctx.error(line, f"rule id '{rule.id}' is used twice in this file (also on line {seen[rule.id]})")
            ok = False
        seen[rule.id] = line
        result.append(rule)
    return tuple(result) if ok else None


def _rule(raw: dict[str, Any], ctx: Ctx) -> model.Rule | None:
    line = raw["__line__"]
    ok = True
    applies = raw["applies_to"]
    selector = model.AppliesTo(
        credentials=applies.get("credentials", ()), stacks=applies.get("stacks", ()),
        issuers=applies.get("issuers", ()), topics=applies.get("topics", ()), all=applies.get("all", False),
    )
    if not (selector.credentials or selector.stacks or selector.issuers or selector.topics or selector.all):
        ctx.error(applies["__line__"], "'applies_to' selects nothing: give credentials, stacks, issuers, "
                  "topics or 'all: true'")
        ok = False
    value_raw = raw.get("value")
    value = None
    if value_raw is not None:
        value = model.Value(amount=value_raw.get("amount"), unit=value_raw.get("unit"),
                            permanent=value_raw.get("permanent"), note=value_raw.get("note"))
        if value.amount is not None and value.unit is None:
            ctx.error(value_raw["__line__"], "'value' has an amount but no 'unit' (e.g. unit: clock-hours)")
            ok = False
    tiers = tuple(model.Tier(t["at"], t.get("amount"), t["unit"], t.get("permanent"))
                  for t in raw.get("tiers", ()))
    basis = raw["basis"]
    if basis == "stack-completion" and "stack" not in raw:
        ctx.error(line, "a rule with basis 'stack-completion' needs 'stack:' (the stack whose completion "
                  "is rewarded)")
        ok = False
    if basis == "threshold" and not tiers:
        ctx.error(line, "a rule with basis 'threshold' needs 'tiers:' (e.g. - {at: 15, amount: 4, "
                  "unit: percent-salary})")
        ok = False
    if basis != "threshold" and tiers:
        ctx.error(line, f"'tiers' only apply to basis 'threshold', not '{basis}'")
        ok = False
    if basis != "stack-completion" and "stack" in raw:
        ctx.error(line, f"'stack' only applies to basis 'stack-completion', not '{basis}' "
                  "(to select a stack's credentials use applies_to: {stacks: [...]})")
        ok = False
    if tiers:
        tier_lines = [t["__line__"] for t in raw["tiers"]]
        for previous, tier, tier_line in zip(tiers, tiers[1:], tier_lines[1:], strict=False):
            if tier.at <= previous.at:
                ctx.error(tier_line, f"tiers must be in increasing order of 'at' ({tier.at} comes after "
                          f"{previous.at})")
                ok = False
        units = {t.unit for t in tiers}
        if len(units) > 1:
            odd = next(n for t, n in zip(tiers, tier_lines, strict=True) if t.unit != tiers[0].unit)
            ctx.error(odd, f"all tiers of one rule share one unit; the first tier's is {tiers[0].unit}, found "
                      + ", ".join(sorted(units - {tiers[0].unit})))
            ok = False
        if value is not None and value.unit is not None and value.unit not in units:
            where = line if value_raw is None else value_raw["__line__"]
            ctx.error(where, f"'value' unit '{value.unit}' differs from the tiers' unit")
            ok = False
    effective = raw.get("effective") or {}
    start, until = effective.get("from"), effective.get("until")
    if start is not None and until is not None and until < start:
        ctx.error(effective["__line__"], f"'effective' ends ({until}) before it starts ({start})")
        ok = False
    if not raw.get("sources"):
        ctx.error(line, f"rule '{raw['id']}' needs 'sources:' with at least one citation "
                  "({title, publisher, year, locator})")
        ok = False
    if not ok:
        return None
    return model.Rule(
        id=raw["id"], applies_to=selector, purpose=raw["purpose"], basis=basis, line=line, value=value,
        max_per_year=raw.get("max_per_year"), max_total=raw.get("max_total"), stack=raw.get("stack"),
        tiers=tiers, requires_preapproval=raw.get("requires_preapproval", False),
        conditions=raw.get("conditions"), effective_from=start, effective_until=until,
        status=raw.get("status", "active"), sources=sources(raw.get("sources")),
    )
