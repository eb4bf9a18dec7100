"""What a check is: data — code, name, default severity, docstring, the block family it reads, examples
that must flag and examples that must pass — plus a pure function from a block of claims to results; and
what a result lists (the copies of a statement, the claims a gate run asks about)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..models import Agreement, Claim, Finding
from .keys import day

Result = Finding | Agreement


@dataclass(frozen=True)
class Example:
    """Articles (text, published, place) that together must flag — or must pass — a check."""

    articles: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Settings:
    """Everything a run of the checks is told, in one object, and the one the checks see: which rules
    run and at what severity, the numeric tolerances a desk may tune in ``[tool.factcheck]``, and what
    the run asks for (a gate's focus, the agreements listed, the processes used)."""

    select: tuple[str, ...] = ()  # rule code or name prefixes to run (all when empty)
    ignore: tuple[str, ...] = ()  # … and to skip
    severities: tuple[tuple[str, str], ...] = ()  # (code prefix, severity) overrides
    relative_tolerance: Decimal = Decimal("0")  # extra slack on exact values (0.01 = 1%)
    rate_tolerance: Decimal = Decimal("0.15")  # percentage points allowed beyond printed rounding
    metric_similarity: int = 85  # rapidfuzz ratio for two metrics to be "the same"
    # Set by the gate (`add`, `check --since`), never by configuration: the uids of the claims asked about.
    # Only results listing one of them are kept, so a check may skip the work that cannot produce one.
    focus: frozenset[str] | None = None
    # Whether the agreements (consistent restatements) are listed, or only counted: a report shows them
    # only with --show-consistent, and a large registry has several for each finding.
    agreements: bool = True
    jobs: int = 1  # processes (0: all cores where that pays, see engine.resolve_jobs)


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    severity: str
    family: str  # which blocks it reads: "metric", "topic", "fact" or "article"
    func: Callable[[tuple[Claim, ...], Settings], Iterable[Result]] = field(compare=False)
    flags: tuple[Example, ...] = ()
    passes: tuple[Example, ...] = ()

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name

    def finding(self, message: str, reasoning: str, claims: Iterable[Claim], help: str = "",
                severity: str | None = None) -> Finding:
        """A finding of this check: at its severity, or at ``severity`` when the evidence grades it."""
        ordered = tuple(sorted(claims, key=lambda c: (c.file, c.start)))
        return Finding(rule=self.code, name=self.name, severity=severity or self.severity, message=message,
                       reasoning=reasoning, claims=ordered, help=help)

    def agreement(self, settings: Settings, claims: Iterable[Claim], message: str | Callable[..., str],
                  *args: Any) -> Agreement:
        """An agreement of ``claims``, described by ``message`` (or by ``message(*args)``). When the run
        only counts agreements (``settings.agreements`` is false), the message is left empty, never
        written, and the claims unsorted: a count needs only which claims agree."""
        if not settings.agreements:
            return Agreement(rule=self.code, message="", claims=tuple(claims))
        return Agreement(rule=self.code, message=message if isinstance(message, str) else message(*args),
                         claims=tuple(sorted(claims, key=lambda c: (c.file, c.start))))


def printed(claim: Claim) -> str:
    """The figure as a reader saw it: 33.4万 + 人 → 33.4万人; a percentage keeps one sign (9.5%)."""
    return claim.printed


MAX_COPIES = 12  # copies of one statement listed in a finding


def involved(copies_a: list[Claim], copies_b: list[Claim], limit: int = MAX_COPIES) -> tuple[Claim, ...]:
    """The copies of two statements a result lists: all of them up to ``limit`` each; beyond that, the
    copies published nearest in time to the other statement (a reprint of the same day first), so the
    article a figure contradicts is named however often the other figure was reprinted."""
    return (*nearest(copies_a, copies_b[0], limit), *nearest(copies_b, copies_a[0], limit))


def nearest(copies: list[Claim], other: Claim, limit: int = MAX_COPIES) -> list[Claim]:
    """Up to ``limit`` of ``copies``, those published nearest to ``other`` first (ties: printed order)."""
    if len(copies) <= limit:
        return copies
    when = day(other.published)
    ranked = sorted(range(len(copies)), key=lambda i: (abs(day(copies[i].published) - when), i))
    return [copies[i] for i in sorted(ranked[:limit])]


@lru_cache(maxsize=64)
def focus_articles(focus: frozenset[str]) -> frozenset[str]:
    """The articles of the focused claims: testing a claim's article first spares building its uid."""
    return frozenset(uid.rsplit("#", 1)[0] for uid in focus)


def any_focused(claims: Iterable[Claim], focus: frozenset[str]) -> bool:
    articles = focus_articles(focus)
    return any(c.article in articles and c.uid in focus for c in claims)


def focus_rows(statements: Sequence[Sequence[Claim]], settings: Settings) -> list[int] | None:
    """Positions of the statements holding a focused claim; None when every statement counts."""
    focus = settings.focus
    if focus is None:
        return None
    articles = focus_articles(focus)
    return [i for i, copies in enumerate(statements) if any(c.article in articles and c.uid in focus for c in copies)]


def near_focus(rows: list[int] | None, j: int, back: int) -> bool:
    """Whether statement ``j`` or one of the ``back`` statements before it holds a focused claim: a
    result that compares ``j`` only with those can list a focused claim only then."""
    if rows is None:
        return True
    k = bisect_left(rows, j - back)
    return k < len(rows) and rows[k] <= j


def example(*articles: tuple[str, str, str] | str) -> Example:
    """An example built from articles given as (text, published, place) or bare text (广州市, 2023)."""
    out = []
    for a in articles:
        out.append(a if isinstance(a, tuple) else (a, "2023-12-01", "广州市"))
    return Example(tuple(out))
