"""site.yaml: the site settings, with its own checks (base URL, school year, theme name)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sitegen import model
from sitegen.errors import ContentError
from sitegen.i18n import available_languages
from sitegen.load import MapNode, SeqNode
from sitegen.theming import theme_problem
from sitegen.validate import schemas
from sitegen.validate.fields import Ctx, closest, read_record
from sitegen.validate.reading import LINKED_OUT, linked_out, read_yaml_file, shown


def site_config(content: Path, problems: list[ContentError],
                ids: Mapping[str, frozenset[str]]) -> model.SiteConfig | None:
    path = content / "site.yaml"
    if not path.is_file():
        problems.append(ContentError(shown(path), 0, "site.yaml is missing: create it with at least "
                                     "'title:' and 'base_url:'"))
        return None
    if linked_out(path, content):
        problems.append(ContentError(shown(path), 1, LINKED_OUT))
        return None
    node = read_yaml_file(path, problems)
    if node is None:
        return None
    ctx = Ctx(shown(path), problems, ids)
    rec = read_record(node, schemas.SITE, ctx, "site.yaml")
    lines = {k.value: k.line for k, _ in node.items}
    ok = rec["__ok__"]
    starts = (7, 1)
    if "school_year_starts" in rec:
        match = re.match(r"^([0-9]{2})-([0-9]{2})$", rec["school_year_starts"])
        if not match or not _real_day(int(match.group(1)), int(match.group(2))):
            ctx.error(lines["school_year_starts"], "'school_year_starts' must be a month and day like "
                      f"\"07-01\", found '{rec['school_year_starts']}'")
            ok = False
        else:
            starts = (int(match.group(1)), int(match.group(2)))
    theme = rec.get("theme", "default")
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", theme) or ".." in theme:
        ctx.error(lines["theme"], f"'theme' must be the name of a folder in themes/, not a path: '{theme}'")
        ok = False
    elif "theme" in rec:
        problem = theme_problem(content.resolve().parent, theme)
        if problem:
            ctx.error(lines["theme"], problem)
            ok = False
    languages, language_ok = _languages(rec, node, lines, ctx)
    ok = ok and language_ok
    if "max_evidence_mb" in rec and rec["max_evidence_mb"] <= 0:
        ctx.error(lines["max_evidence_mb"], "'max_evidence_mb' must be more than 0")
        ok = False
    if not ok:
        return None
    base_url = rec["base_url"]
    if "?" in base_url or "#" in base_url:
        ctx.error(lines["base_url"], "'base_url' must not contain '?' or '#'")
        return None
    if not base_url.endswith("/"):
        base_url += "/"
    return model.SiteConfig(
        title=rec["title"], base_url=base_url, description=rec.get("description", ""),
        language=languages[0] if languages else rec.get("language", "en"), languages=languages,
        home_state=rec.get("home_state"), school_year_starts=starts,
        max_evidence_mb=rec.get("max_evidence_mb", 25), theme=theme, extra=rec.get("extra") or {},
    )


def _languages(rec: dict[str, Any], node: MapNode, lines: dict[str, int],
               ctx: Ctx) -> tuple[tuple[str, ...], bool]:
    """site.yaml's `languages` (checked against the interface languages sitegen has), and whether it is valid."""
    if "languages" not in rec:
        return (), True
    values = next(value for key, value in node.items if key.value == "languages")
    items = values.items if isinstance(values, SeqNode) else []
    available = available_languages()
    ok = True
    for code, item in zip(rec["languages"], items, strict=False):
        if code not in available:
            ctx.error(item.line, f"'languages': sitegen has no interface in '{code}'; it has: "
                      + ", ".join(available) + closest(code, available, 1))
            ok = False
    languages: tuple[str, ...] = rec["languages"]
    if ok and "language" in rec and rec["language"] != languages[0]:
        ctx.error(lines["language"], f"'language' is '{rec['language']}' but 'languages' starts with "
                  f"'{languages[0]}' (the default language); remove 'language' or make them agree")
        ok = False
    return languages, ok


def _real_day(month: int, day: int) -> bool:
    """A month-day that exists in some year (02-29 included)."""
    try:
        dt.date(2000, month, day)
    except ValueError:
        return False
    return True
