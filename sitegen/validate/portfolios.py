"""Portfolio manifests: their keys, and every rule about evidence files (paths, types, size, privacy)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from sitegen import model
from sitegen.load import MapNode
from sitegen.validate.fields import (
    Ctx,
    Field,
    boolean,
    choice,
    integer,
    iso_date,
    list_of,
    read_record,
    record,
    ref,
    text,
    url,
)

EVIDENCE = record({
    "title": Field(text(300, one_line=True), required=True),
    "kind": Field(choice(model.EVIDENCE_KINDS), required=True),
    "file": Field(text(300, one_line=True, raw=True)),
    "url": Field(url()),
    "student_privacy": Field(choice(model.PRIVACY_DECLARATIONS)),
    "description": Field(text(3000)),
}, "an evidence item", free_keys=())

AWARD = record({
    "credential": Field(ref("credential"), required=True),
    "earned": Field(iso_date(), required=True),
    "attempts": Field(integer(1)),
    "assertion": Field(text(300, one_line=True, raw=True)),
    "revoked": Field(boolean()),
    "reflection": Field(text(5000)),
    "evidence": Field(list_of(EVIDENCE)),
}, "an earned credential", free_keys=())

PORTFOLIO = {
    "name": Field(text(200, one_line=True), required=True),
    "role": Field(text(200, one_line=True)),
    "district": Field(ref("district")),
    "state": Field(ref("state", "state code")),
    "headline": Field(text(300, one_line=True)),
    "about": Field(text(300, one_line=True, raw=True)),
    "photo": Field(text(300, one_line=True, raw=True)),
    "public": Field(boolean()),
    "contact": Field(record({
        "email": Field(text(200, one_line=True)),
        "url": Field(url()),
    }, "contact", free_keys=())),
    "example": Field(boolean()),
    "earned": Field(list_of(AWARD)),
    "pursuing": Field(list_of(record({
        "credential": Field(ref("credential"), required=True),
        "started": Field(iso_date()),
    }, "a credential being pursued", free_keys=()))),
}

# Extension → a test of the file's first bytes.
SIGNATURES: dict[str, tuple[str, Any]] = {
    ".pdf": ("a PDF", lambda b: b.startswith(b"%PDF-")),
    ".png": ("a PNG image", lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("a JPEG image", lambda b: b.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("a JPEG image", lambda b: b.startswith(b"\xff\xd8\xff")),
    ".gif": ("a GIF image", lambda b: b[:6] in (b"GIF87a", b"GIF89a")),
    ".webp": ("a WebP image", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP"),
    ".mp4": ("an MP4 video", lambda b: b[4:8] == b"ftyp"),
    ".webm": ("a WebM video", lambda b: b.startswith(b"\x1a\x45\xdf\xa3")),
    ".mp3": ("an MP3 file", lambda b: b.startswith(b"ID3") or (len(b) > 1 and b[0] == 0xFF
                                                                  and b[1] & 0xE0 == 0xE0)),
    ".txt": ("plain UTF-8 text", lambda b: _is_plain_text(b)),
    ".csv": ("plain UTF-8 text", lambda b: _is_plain_text(b)),
}
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
_MARKUP = re.compile(rb"^\s*<(!doctype|html|script|svg|\?xml|body|iframe)", re.IGNORECASE)
LFS_POINTER = b"version https://git-lfs.github.com/spec/"


def _is_plain_text(head: bytes) -> bool:
    if b"\x00" in head or _MARKUP.match(head):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a multi-byte character cut at the end of the sample
    return True


def check_file(folder: Path, relative: str, line: int, ctx: Ctx, key: str, max_bytes: int,
               allowed: tuple[str, ...] = tuple(SIGNATURES)) -> int | None:
    """Check one file reference of a portfolio; returns its size in bytes, or None after a problem."""
    if (not relative or relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative)
            or "\\" in relative or any(p in ("..", "") for p in relative.split("/"))
            or any(ord(c) < 32 or c == "\x7f" for c in relative)):
        shown = "".join(c if 32 <= ord(c) != 0x7F else f"\\x{ord(c):02x}" for c in relative)
        ctx.error(line, f"'{key}: {shown}' must be a path inside the portfolio folder, like "
                  "evidence/photo.jpg (no '..', no absolute path, no control characters)")
        return None
    target = folder / relative
    try:
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):
        ctx.error(line, f"'{key}: {relative}' does not exist in {folder.name}/")
        return None
    if not real.is_relative_to(folder.resolve()):
        ctx.error(line, f"'{key}: {relative}' links outside the portfolio folder; copy the file into it")
        return None
    if not real.is_file():
        ctx.error(line, f"'{key}: {relative}' is not a file")
        return None
    suffix = target.suffix.lower()
    if suffix not in allowed:
        what = f"{suffix} files" if suffix else "files without an extension"
        ctx.error(line, f"'{key}: {relative}': {what} are not accepted; use one of {' '.join(allowed)}")
        return None
    size = os.stat(real).st_size
    if size > max_bytes:  # from the size alone, before anything reads it (a Git LFS pointer is never this large)
        ctx.error(line, f"'{key}: {relative}' is {size / 1048576:.1f} MB ({size:,} bytes); the limit is "
                  f"{max_bytes / 1048576:g} MB (max_evidence_mb in site.yaml); link to it with url: instead")
        return None
    with open(real, "rb") as handle:
        head = handle.read(512)
    if head.startswith(LFS_POINTER):
        ctx.error(line, f"'{key}: {relative}' is a Git LFS pointer, not the file itself; run "
                  "'git lfs pull' or commit the real file")
        return None
    what, test = SIGNATURES.get(suffix, ("plain UTF-8 text", _is_plain_text))
    markup = _MARKUP.match(head) if what == "plain UTF-8 text" else None
    if markup:
        tag = markup.group(1).decode("ascii").lower()
        ctx.error(line, f"'{key}: {relative}' is named {suffix} but its content is not plain UTF-8 text: it starts "
                  f"with HTML or SVG markup (<{tag}>); remove the markup")
        return None
    if not test(head):
        advice = "; save it as UTF-8 text" if what == "plain UTF-8 text" else ""
        ctx.error(line, f"'{key}: {relative}' is named {suffix} but its content is not {what}{advice}")
        return None
    return size


def portfolio(ident: str, manifest: Path, node: MapNode, ctx: Ctx, max_evidence_mb: float,
              about_text: Any) -> model.Portfolio | None:
    """Build one portfolio; `about_text(path, line)` reads the about file (or returns None on error)."""
    rec = read_record(node, PORTFOLIO, ctx, "a portfolio")
    if not rec["__ok__"]:
        return None
    folder = manifest.parent
    lines = {k.value: k.line for k, _ in node.items}
    max_bytes = int(max_evidence_mb * 1024 * 1024)
    ok = True
    about = None
    if "about" in rec:
        if not rec["about"].endswith(".md"):
            ctx.error(lines["about"], "'about' must name a Markdown (.md) file beside portfolio.yaml")
            ok = False
        elif check_file(folder, rec["about"], lines["about"], ctx, "about", max_bytes, (".md",)) is None:
            ok = False
        else:
            about = about_text(folder / rec["about"], lines["about"])
            ok = ok and about is not None
    if "photo" in rec and check_file(folder, rec["photo"], lines["photo"], ctx, "photo", max_bytes,
                                     IMAGE_TYPES) is None:
        ok = False
    awards = []
    for raw in rec.get("earned", ()):
        award = _award(raw, folder, ctx, max_bytes)
        if award is None:
            ok = False
        else:
            awards.append(award)
    contact = rec.get("contact") or {}
    email = contact.get("email")
    if email is not None and not re.match(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$", email):
        ctx.error(contact["__line__"], f"'email' is not an e-mail address: '{email}'")
        ok = False
    if not ok:
        return None
    return model.Portfolio(
        id=ident, name=rec["name"], path=ctx.path, folder=str(folder), role=rec.get("role"),
        district=rec.get("district"), state=rec.get("state"), headline=rec.get("headline"), about=about,
        photo=rec.get("photo"), public=rec.get("public", True), contact_email=email,
        contact_url=contact.get("url"), example=rec.get("example", False), earned=tuple(awards),
        pursuing=tuple(model.Pursuit(p["credential"], p.get("started")) for p in rec.get("pursuing", ())),
    )


def _award(raw: dict[str, Any], folder: Path, ctx: Ctx, max_bytes: int) -> model.Award | None:
    ok = True
    items = []
    for ev in raw.get("evidence", ()):
        line = ev["__line__"]
        file, link = ev.get("file"), ev.get("url")
        size = None
        if (file is None) == (link is None):
            ctx.error(line, f"evidence '{ev['title']}' needs exactly one of 'file:' or 'url:'")
            ok = False
        elif file is not None:
            size = check_file(folder, file, ev["__lines__"]["file"], ctx, "file", max_bytes)
            ok = ok and size is not None
        if ev["kind"] in model.PRIVACY_KINDS and "student_privacy" not in ev:
            ctx.error(line, f"evidence '{ev['title']}' is {ev['kind']}: add 'student_privacy: consent', "
                      "'redacted' or 'no-students' (student work is never published without it)")
            ok = False
        items.append(model.Evidence(
            title=ev["title"], kind=ev["kind"], line=line, file=file, url=link,
            student_privacy=ev.get("student_privacy"), description=ev.get("description"), size=size,
        ))
    assertion = raw.get("assertion")
    assertion_text = None
    assertion_line = raw["__lines__"].get("assertion", raw["__line__"])
    if assertion is not None and not assertion.startswith(("http://", "https://")):
        if check_file(folder, assertion, assertion_line, ctx, "assertion", max_bytes, (".json",)) is None:
            ok = False
        else:
            assertion_text = (folder / assertion).read_bytes().decode("utf-8", errors="replace")
    if not ok:
        return None
    return model.Award(
        credential=raw["credential"], earned=raw["earned"], line=raw["__line__"], attempts=raw.get("attempts"),
        assertion=assertion, assertion_text=assertion_text, assertion_line=assertion_line,
        revoked=raw.get("revoked", False), reflection=raw.get("reflection"),
        evidence=tuple(items),
    )
