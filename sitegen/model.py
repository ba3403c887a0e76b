"""The frozen catalog model: every entity of CONTENT.md, validated and with references resolved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

RecognizerKind = Literal["state", "district"]

ISSUER_KINDS = ("state-agency", "district", "nonprofit", "university", "union", "company", "other")
ROLES = ("teacher", "administrator", "paraeducator", "counselor", "coach", "any")
GRADE_BANDS = ("pre-k", "k-5", "6-8", "9-12", "adult", "any")
CREDENTIAL_STATUSES = ("active", "retired", "draft")
PURPOSES = (
    "license-renewal",
    "salary",
    "stipend",
    "masters-equivalency",
    "leadership-pathway",
    "pd-requirement",
    "endorsement",
    "graduate-credit",
    "licensure",
)
BASES = ("per-credential", "stack-completion", "threshold")
UNITS = (
    "clock-hours",
    "ceus",
    "renewal-credits",
    "pdps",
    "cpd-credits",
    "contact-units",
    "graduate-credits",
    "usd",
    "percent-salary",
    "eligibility",
)
NON_ADDITIVE_UNITS = frozenset({"eligibility"})
RULE_STATUSES = ("active", "pilot", "proposed", "ended")
EVIDENCE_KINDS = ("student-work", "video", "photo", "lesson-plan", "reflection", "data", "document", "link")
PRIVACY_KINDS = frozenset({"student-work", "video", "photo"})
PRIVACY_DECLARATIONS = ("consent", "redacted", "no-students")
# Purposes that CTDL calls approval (a formal acceptance) rather than recognition.
APPROVAL_PURPOSES = frozenset({"license-renewal", "pd-requirement", "endorsement", "licensure", "graduate-credit"})


@dataclass(frozen=True)
class Source:
    """A citation: where a fact comes from."""

    title: str
    publisher: str | None = None
    year: int | None = None
    locator: str | None = None
    """Page number or section heading a reader can find."""
    url: str | None = None


@dataclass(frozen=True)
class SiteConfig:
    """site.yaml."""

    title: str
    base_url: str
    """Always ends with `/`."""
    description: str = ""
    language: str = "en"
    languages: tuple[str, ...] = ()
    """site.yaml's `languages`: the site's languages, the default (at the root) first; () when it sets none, and
    the site is built in `language` alone, as before."""
    home_state: str | None = None
    school_year_starts: tuple[int, int] = (7, 1)
    """(month, day) on which a school year begins."""
    max_evidence_mb: float = 25
    theme: str = "default"
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Issuer:
    id: str
    name: str
    path: str
    short_name: str | None = None
    kind: str = "other"
    url: str | None = None
    state: str | None = None
    body: str = ""
    body_line: int = 1
    """Line of the file on which the Markdown body starts (for link errors)."""
    example: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Alignment:
    framework: str
    code: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Competency:
    id: str
    title: str
    statement: str
    path: str
    alignments: tuple[Alignment, ...] = ()
    tags: tuple[str, ...] = ()
    body: str = ""
    body_line: int = 1
    example: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    passing: bool = False


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    descriptors: tuple[tuple[str, str], ...]
    """(level id, text) in the rubric's level order."""


@dataclass(frozen=True)
class Rubric:
    id: str
    title: str
    path: str
    levels: tuple[Level, ...]
    criteria: tuple[Criterion, ...]
    passing_rule: int | None = None
    """None: every criterion at a passing level; N: at least N criteria."""
    body: str = ""
    body_line: int = 1
    example: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EvidencePart:
    part: int
    title: str
    description: str = ""


@dataclass(frozen=True)
class Credential:
    id: str
    title: str
    issuer: str
    competencies: tuple[str, ...]
    summary: str
    path: str
    rubric: str | None = None
    topics: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    grade_bands: tuple[str, ...] = ()
    estimated_hours: float | None = None
    evidence: tuple[EvidencePart, ...] = ()
    image: str | None = None
    """Path relative to the credential file, or None for a generated badge."""
    version: str | None = None
    ctid: str | None = None
    status: str = "active"
    published: dt.date | None = None
    example: bool = False
    sources: tuple[Source, ...] = ()
    body: str = ""
    body_line: int = 1
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Stack:
    id: str
    title: str
    credentials: tuple[str, ...]
    path: str
    issuer: str | None = None
    required: int | None = None
    """None: all of the listed credentials; N: any N of them."""
    summary: str = ""
    sources: tuple[Source, ...] = ()
    body: str = ""
    body_line: int = 1
    example: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def needed(self) -> int:
        """How many credentials complete the stack."""
        return len(self.credentials) if self.required is None else self.required


@dataclass(frozen=True)
class AppliesTo:
    """The union of these selectors picks the credentials a rule applies to."""

    credentials: tuple[str, ...] = ()
    stacks: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    all: bool = False


@dataclass(frozen=True)
class Value:
    amount: float | None = None
    unit: str | None = None
    permanent: bool | None = None
    note: str | None = None


@dataclass(frozen=True)
class Tier:
    at: int
    amount: float | None
    unit: str
    permanent: bool | None = None


@dataclass(frozen=True)
class Rule:
    """A recognition rule: what earning matching credentials is worth to one recognizer."""

    id: str
    applies_to: AppliesTo
    purpose: str
    basis: str
    line: int = 0
    """Line of the rule in its recognizer's file."""
    value: Value | None = None
    max_per_year: int | None = None
    max_total: float | None = None
    stack: str | None = None
    tiers: tuple[Tier, ...] = ()
    requires_preapproval: bool = False
    conditions: str | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    status: str = "active"
    sources: tuple[Source, ...] = ()

    @property
    def unit(self) -> str | None:
        """The one unit of this rule (tiers share one unit)."""
        if self.tiers:
            return self.tiers[0].unit
        return self.value.unit if self.value else None


@dataclass(frozen=True)
class Recognizer:
    """A state or a district (or consortium, or service centre) with recognition rules."""

    id: str
    """For a state: its lower-case postal code."""
    kind: RecognizerKind
    name: str
    state: str
    """Postal code (a state's own code for a state)."""
    path: str | None = None
    """None for a built-in state without a file."""
    agency: str | None = None
    nces_id: str | None = None
    url: str | None = None
    policy: str | None = None
    recognitions: tuple[Rule, ...] = ()
    body: str = ""
    body_line: int = 1
    example: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    title: str
    kind: str
    line: int = 0
    file: str | None = None
    """Relative to the portfolio folder, `/` separated."""
    url: str | None = None
    student_privacy: str | None = None
    description: str | None = None
    size: int | None = None
    """Bytes, for files."""


@dataclass(frozen=True)
class Award:
    """One earned credential in a portfolio."""

    credential: str
    earned: dt.date
    line: int = 0
    attempts: int | None = None
    assertion: str | None = None
    assertion_text: str | None = None
    """The Open Badges file's text, when `assertion` names a file in the portfolio folder."""
    assertion_line: int = 0
    revoked: bool = False
    reflection: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Pursuit:
    credential: str
    started: dt.date | None = None


@dataclass(frozen=True)
class Portfolio:
    id: str
    name: str
    path: str
    """The manifest's path."""
    folder: str
    """The portfolio folder (absolute), for copying evidence."""
    role: str | None = None
    district: str | None = None
    state: str | None = None
    headline: str | None = None
    about: str | None = None
    """Markdown text of the about file."""
    photo: str | None = None
    public: bool = True
    contact_email: str | None = None
    contact_url: str | None = None
    example: bool = False
    earned: tuple[Award, ...] = ()
    pursuing: tuple[Pursuit, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleTranslation:
    """A rule's words in another language (its id names the rule of the original file)."""

    id: str
    conditions: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Translation:
    """A content file's text in another language of the site: `<id>.<lang>.md` beside the file, or
    `site.<lang>.yaml` beside site.yaml (docs/content-format.md, "Translations")."""

    kind: str
    """The original's folder ("credentials", "states", ...), or "site" for site.yaml."""
    id: str
    language: str
    path: str
    fields: Mapping[str, str]
    """The translated text fields (title, summary, policy, ...), by the original's key."""
    body: str | None = None
    """The translated Markdown body; None when the original has none."""
    body_line: int = 1
    rules: tuple[RuleTranslation, ...] = ()
    example: bool = False
    """The translation is illustrative (not the organisation's own words): the page says so."""


@dataclass(frozen=True)
class Catalog:
    """The whole validated content. Mappings are ordered by id."""

    site: SiteConfig
    content_dir: str
    """Absolute path of the content folder."""
    issuers: Mapping[str, Issuer]
    competencies: Mapping[str, Competency]
    rubrics: Mapping[str, Rubric]
    credentials: Mapping[str, Credential]
    stacks: Mapping[str, Stack]
    recognizers: Mapping[str, Recognizer]
    """States (by postal code) that have a file or are referenced, then districts; keys are unique ids."""
    portfolios: Mapping[str, Portfolio]
    """Public and private; filter on `public` before publishing anything."""
    warnings: tuple[Any, ...] = ()
    """ContentError warnings found while validating (a rule selecting nothing, a badge file check)."""
    translations: Mapping[str, Mapping[tuple[str, str], Translation]] = field(default_factory=dict)
    """By language, then (kind, id): the translations of content files into the site's other languages."""
    translated: Mapping[tuple[str, str], Translation] = field(default_factory=dict)
    """In a catalog localized for one language (sitegen.localize): the translations its entities' text was
    taken from, by (kind, id); empty in the catalog as written."""

    @property
    def public_portfolios(self) -> Mapping[str, Portfolio]:
        return {pid: p for pid, p in self.portfolios.items() if p.public}
