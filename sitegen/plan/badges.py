"""A generated badge image (SVG) for credentials that have none: initials on the issuer's colour."""

from __future__ import annotations

import hashlib
from xml.sax.saxutils import escape

from sitegen.model import Catalog, Credential
from sitegen.plan.exports.encoding import xml_text

PALETTE = ("#1d4f91", "#0b6e4f", "#7a3b00", "#5b2a86", "#8a1c35", "#245e6e", "#4a5a00", "#6b3f1d")


def badge_svg(credential: Credential, catalog: Catalog) -> bytes:
    issuer = catalog.issuers[credential.issuer]
    colour = PALETTE[int(hashlib.sha256(issuer.id.encode()).hexdigest(), 16) % len(PALETTE)]
    words = [w for w in xml_text(credential.title).replace("&", " ").split() if w[:1].isalnum()]
    initials = "".join(w[0] for w in words[:3]).upper() or "MC"
    label = escape(xml_text(issuer.short_name or issuer.name)[:24])  # cut before escaping: never half an entity
    title = escape(xml_text(credential.title))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200" role="img">'
        f"<title>{title}</title>"
        f'<polygon points="100,6 182,53 182,147 100,194 18,147 18,53" fill="{colour}"/>'
        '<polygon points="100,20 170,60 170,140 100,180 30,140 30,60" fill="none" stroke="#ffffff" '
        'stroke-width="3"/>'
        f'<text x="100" y="112" font-family="sans-serif" font-size="44" font-weight="700" fill="#ffffff" '
        f'text-anchor="middle">{escape(initials)}</text>'
        f'<text x="100" y="146" font-family="sans-serif" font-size="13" fill="#ffffff" '
        f'text-anchor="middle">{label}</text>'
        "</svg>\n"
    )
    return svg.encode("utf-8")
