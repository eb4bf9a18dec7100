"""Frozen dataclasses passed between pipeline stages: Article → (figures.Figure) → Claim → Finding → Report.

A figure, before it is a claim, is `figures.Figure`: a read-only class compiled with extraction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import cached_property
from typing import Literal

Value = Decimal | str
"""A figure's value: an exact Decimal, or a string for dates (ISO), labels and fractions ("1/7")."""

KINDS: tuple[str, ...] = (
    "count", "money", "percent", "multiple", "change", "streak", "times", "rank",
    "year", "date", "duration", "ordinal", "identifier",
)
APPROX: tuple[str, ...] = ("exact", "lower", "upper", "about")
Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    """Order severities: info < warning < error; unknown names rank above error (``never``)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


@dataclass(frozen=True)
class Article:
    """One article: its id (file stem), path relative to the workspace root, decoded text and metadata."""

    id: str
    path: str
    text: str
    published: str = ""
    title: str | None = None
    outlet: str | None = None
    place: str | None = None
    reports_on: str | None = None
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure recorded in the registry, with what it is about and its anchors."""

    id: str
    article: str
    file: str
    start: int
    end: int
    text: str
    value: Value
    unit: str
    kind: str
    approx: str
    entity: str
    metric: str
    period: str
    quote: str
    before: str = ""
    after: str = ""
    line: int = 0
    col: int = 0
    link: str | None = None
    note: str | None = None
    accept: tuple[tuple[str, str], ...] = ()  # (rule code or "FC101:<other claim uid>", reason)
    edited: tuple[str, ...] = ()  # fields a human corrected; kept across re-extraction
    published: str = ""
    about: str = ""  # the identity of the fact, as recorded in the registry (see factcheck.about)

    @property
    def uid(self) -> str:
        """Globally unique id: ``<article>#<id>``."""
        return f"{self.article}#{self.id}"

    @property
    def printed(self) -> str:
        """The figure as a reader saw it, its unit once: 33.4万 + 人 → 33.4万人, 36.3% (not 36.3%%); a share
        whose words state its unit keeps them alone (百分之八, 千分之三, 三成: not 百分之八%)."""
        text, unit = self.text, self.unit
        if not unit or text.endswith(unit):
            return text
        if unit in ("%", "‰", "‱") and ("分之" in text or text.endswith("成")):
            return text
        return text + unit


# A Claim's __init__ (frozen, slotted) assigns its 23 fields one by one through object.__setattr__, and
# calling the slots' own setters costs a call each. Code that builds claims by the thousand (extraction,
# decoding the index) builds a ClaimLayout instead: a plain class with the same slots in the same order,
# whose __init__ stores them with plain attribute stores, and then makes it a Claim by assigning
# __class__, which CPython allows between classes of the same layout (and refuses with TypeError
# otherwise). The objects are the ones Claim(...) builds: equal, same hash and repr, still frozen, as
# test_figures.py and the index's round-trip tests check. Claim has no __post_init__.
class ClaimLayout:
    """Claim's slots, not frozen: only ever built to become a Claim (``new_claim``)."""

    __slots__ = tuple(f.name for f in fields(Claim))

    def __init__(self, id: str, article: str, file: str, start: int, end: int, text: str, value: Value,
                 unit: str, kind: str, approx: str, entity: str, metric: str, period: str, quote: str,
                 before: str, after: str, line: int, col: int, link: str | None, note: str | None,
                 accept: tuple[tuple[str, str], ...], edited: tuple[str, ...], published: str,
                 about: str = "") -> None:
        self.id = id
        self.article = article
        self.file = file
        self.start = start
        self.end = end
        self.text = text
        self.value = value
        self.unit = unit
        self.kind = kind
        self.approx = approx
        self.entity = entity
        self.metric = metric
        self.period = period
        self.quote = quote
        self.before = before
        self.after = after
        self.line = line
        self.col = col
        self.link = link
        self.note = note
        self.accept = accept
        self.edited = edited
        self.published = published
        self.about = about


def new_claim(*values: object) -> Claim:
    """``Claim(*values)``, every field given in field order, without the frozen ``__init__``."""
    claim = ClaimLayout(*values)  # type: ignore[arg-type]
    claim.__class__ = Claim  # type: ignore[assignment]
    return claim  # type: ignore[return-value]


def claims_of_layouts(layouts: list[ClaimLayout]) -> list[Claim]:
    """The given ClaimLayouts, each made a Claim in place (see ``new_claim``)."""
    for layout in layouts:
        layout.__class__ = Claim  # type: ignore[assignment]
    return layouts  # type: ignore[return-value]


@dataclass(frozen=True)
class Finding:
    """A problem found by a check: rule, severity, message, reasoning and every claim involved."""

    rule: str
    name: str
    severity: str
    message: str
    reasoning: str
    claims: tuple[Claim, ...]
    help: str = ""
    status: str = "new"  # new | baselined | suppressed

    @cached_property
    def fingerprint(self) -> str:
        """Identity stable under edits that move lines, never lines: a hash of the rule and the sorted
        (uid, text, value) of its claims."""
        parts = sorted([f"{c.article}#{c.id}={c.text}={c.value}" for c in self.claims])  # c.uid, written out
        return hashlib.sha256("\x1f".join([self.rule, *parts]).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Agreement:
    """A consistent restatement: claims that state the same figure compatibly."""

    rule: str
    message: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs: findings, consistent restatements and summary counts."""

    findings: tuple[Finding, ...]
    agreements: tuple[Agreement, ...] = ()  # listed only when asked for (--show-consistent)
    consistent: int = 0  # how many agreements there are, listed or not
    articles: int = 0
    claims: int = 0
    groups: int = 0
    stale_baseline: tuple[str, ...] = ()
    stale_suppressions: tuple[str, ...] = ()
    root: str = "."
    texts: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
