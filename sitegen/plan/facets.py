"""Search facets: the Pagefind filters and metadata each indexed page carries."""

from __future__ import annotations

from sitegen.model import Credential
from sitegen.plan.common import BASIS_LABELS, GRADE_LABELS, PURPOSE_LABELS, ROLE_LABELS, Context
from sitegen.plan.index import CatalogIndex

Pairs = list[tuple[str, str]]


def kind_filter(label: str) -> Pairs:
    return [("type", label)]


def credential_filters(ctx: Context, index: CatalogIndex, credential: Credential) -> Pairs:
    """state (every state recognizing it; a district's rule counts for its state), issuer, topic, purpose,
    role, grade band, basis, and the page type."""
    issuer = ctx.catalog.issuers[credential.issuer]
    rules = index.rules_by_credential.get(credential.id, ())
    pairs: Pairs = [("type", ctx._("Credential")), ("issuer", issuer.name)]
    pairs += [("state", ctx.state_name(code)) for code in index.states_by_credential.get(credential.id, ())]
    pairs += [("topic", topic) for topic in credential.topics]
    pairs += [("purpose", label) for label in sorted({ctx.label(PURPOSE_LABELS, rule.purpose) for _, rule in rules})]
    pairs += [("role", ctx.label(ROLE_LABELS, role)) for role in credential.roles]
    pairs += [("grade band", ctx.label(GRADE_LABELS, band)) for band in credential.grade_bands]
    pairs += [("basis", label) for label in sorted({ctx.label(BASIS_LABELS, rule.basis) for _, rule in rules})]
    return pairs


def credential_meta(ctx: Context, index: CatalogIndex, credential: Credential) -> Pairs:
    issuer = ctx.catalog.issuers[credential.issuer]
    states = len(index.states_by_credential.get(credential.id, ()))
    return [("title", credential.title), ("summary", credential.summary),
            ("issuer", issuer.short_name or issuer.name), ("states", str(states))]
