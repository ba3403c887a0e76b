"""Open Badges files attached to awards: does the file describe this award? (pure; the loader reads the file).

A judgement over the model, like `recognition`: it imports only the model, validation reports its answer as
a warning, and the portfolio page shows the same answer beside the award."""

from __future__ import annotations

import json
from typing import Any

from sitegen.model import Award, Catalog, Portfolio

OB3_TYPES = {"AchievementCredential", "OpenBadgeCredential"}


def _types(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def _date_part(value: Any) -> str | None:
    return value[:10] if isinstance(value, str) and len(value) >= 10 else None


def _names_credential(achievement: Any, award: Award, catalog: Catalog) -> bool:
    """An achievement (object or URL) that is this catalog's credential, by id/URL or by name."""
    credential = catalog.credentials.get(award.credential)
    if credential is None:
        return False
    marker = f"credentials/{credential.id}/"
    if isinstance(achievement, str):
        return marker in achievement
    if not isinstance(achievement, dict):
        return False
    ident = achievement.get("id")
    if isinstance(ident, str) and marker in ident:
        return True
    name = achievement.get("name")
    return isinstance(name, str) and name.strip().casefold() == credential.title.strip().casefold()


def assertion_problem(award: Award, portfolio: Portfolio, catalog: Catalog) -> str | None:
    """Why the award's badge file does not check out, or None when it does (or there is no local file)."""
    if award.assertion_text is None:
        return None
    try:
        data = json.loads(award.assertion_text)
    except json.JSONDecodeError as exc:
        return f"the badge file is not valid JSON (line {exc.lineno}: {exc.msg})"
    if not isinstance(data, dict):
        return "the badge file is not a JSON object"
    types = _types(data.get("type"))
    if types & OB3_TYPES:
        subject = data.get("credentialSubject")
        if not isinstance(subject, dict):
            return "the Open Badges 3.0 credential has no credentialSubject"
        if not _names_credential(subject.get("achievement"), award, catalog):
            return f"the badge's achievement is not this catalog's credential '{award.credential}'"
        if not (subject.get("id") or subject.get("identifier")):
            return "the badge names no recipient (credentialSubject id or identifier)"
        issued = _date_part(data.get("validFrom") or data.get("issuanceDate"))
    elif "Assertion" in types:
        if not _names_credential(data.get("badge"), award, catalog):
            return f"the badge's BadgeClass is not this catalog's credential '{award.credential}'"
        if not isinstance(data.get("recipient"), dict):
            return "the Open Badges 2.0 assertion names no recipient"
        issued = _date_part(data.get("issuedOn"))
    else:
        return "the badge file is neither an Open Badges 3.0 AchievementCredential nor a 2.0 Assertion"
    if issued is None:
        return "the badge file gives no issue date (validFrom or issuedOn)"
    if issued != award.earned.isoformat():
        return f"the badge was issued on {issued} but the award says earned {award.earned.isoformat()}"
    return None
