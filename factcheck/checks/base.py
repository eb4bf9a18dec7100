"""What every check is made of, and the small pure helpers checks share.

A check is data — code, name, default severity, docstring, the block family it reads, examples that
must flag and examples that must pass — plus a pure function from a block of claims to results.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from .. import places
from ..about import CONTEXT, about, subject_key
from ..models import Agreement, Claim, Finding

Result = Finding | Agreement


@dataclass(frozen=True)
class Example:
    """Articles (text, published, place) that together must flag — or must pass — a check."""

    articles: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Settings:
    """Numeric tolerances a desk may tune in ``[tool.factcheck]``, and what a run asks for."""

    relative_tolerance: Decimal = Decimal("0")  # extra slack on exact values (0.01 = 1%)
    rate_tolerance: Decimal = Decimal("0.15")  # percentage points allowed beyond printed rounding
    metric_similarity: int = 85  # rapidfuzz ratio for two metrics to be "the same"
    # Set by the gate (`add`, `check --since`), never by configuration: the uids of the claims asked about.
    # Only results listing one of them are kept, so a check may skip the work that cannot produce one.
    focus: frozenset[str] | None = None
    # Whether the agreements (consistent restatements) are listed, or only counted: a report shows them
    # only with --show-consistent, and a large registry has several for each finding.
    agreements: bool = True


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
    return claim.text if claim.text.endswith(claim.unit) else claim.text + claim.unit


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
    when = _day(other.published)
    ranked = sorted(range(len(copies)), key=lambda i: (abs(_day(copies[i].published) - when), i))
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


@lru_cache(maxsize=1 << 12)
def _day(published: str) -> int:
    """A date (YYYY, YYYY-MM or YYYY-MM-DD) as a day number, for distances between dates."""
    parts = [int(p) for p in re.findall(r"\d+", published)[:3]] or [0]
    year, month, day = (parts + [1, 1])[:3]
    return year * 372 + month * 31 + day


def example(*articles: tuple[str, str, str] | str) -> Example:
    """An example built from articles given as (text, published, place) or bare text (广州市, 2023)."""
    out = []
    for a in articles:
        out.append(a if isinstance(a, tuple) else (a, "2023-12-01", "广州市"))
    return Example(tuple(out))


# ---------------------------------------------------------------- values

def fmt(value: Decimal | str) -> str:
    """Exact digits, without trailing zeros: 545450.0 → 545450, 95.60 → 95.6."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return format(value.quantize(Decimal(1)), "f")
        return format(value.normalize(), "f")
    return value


_DIGITS = re.compile(r"(\d+)(?:\.(\d+))?")


def printed_step(claim: Claim) -> Decimal:
    """Half the place value of the last printed digit: 33.4万 → 500, 14.8% → 0.05."""
    if not isinstance(claim.value, Decimal):
        return Decimal(0)
    return _printed_step(claim.text, claim.value, claim.unit)


@lru_cache(maxsize=1 << 16)
def _printed_step(text: str, value: Decimal, unit: str) -> Decimal:
    m = _DIGITS.search(text.replace(",", "").replace("，", ""))
    if m is None:
        return Decimal(0)
    decimals = len(m.group(2) or "")
    digits_value = Decimal(m.group(0))
    if digits_value == 0:
        return Decimal(0)
    scale = value / digits_value if unit != "%" else Decimal(1)
    return Decimal(5) * Decimal(10) ** (-(decimals + 1)) * scale


def last_place(claim: Claim) -> Decimal:
    """Place value of the last non-zero printed digit: 1600 → 100, 33.4万 → 1000, 60余万 → 100000."""
    if not isinstance(claim.value, Decimal):
        return Decimal(0)
    return _last_place(claim.text, claim.value)


@lru_cache(maxsize=1 << 16)
def _last_place(text: str, value: Decimal) -> Decimal:
    m = _DIGITS.search(text.replace(",", "").replace("，", ""))
    if m is None:
        return Decimal(0)
    whole, frac = m.group(1), m.group(2) or ""
    digits_value = Decimal(m.group(0))
    if digits_value == 0:
        return Decimal(0)
    scale = value / digits_value
    if frac.rstrip("0"):
        place = Decimal(10) ** -len(frac.rstrip("0"))
    else:
        place = Decimal(10) ** (len(whole) - len(whole.rstrip("0")))
    return place * scale


def interval(claim: Claim, settings: Settings) -> tuple[Decimal, Decimal] | None:
    """The range of true values a printed figure allows, honouring its approximation."""
    if not isinstance(claim.value, Decimal) or not claim.value.is_finite():
        return None
    remainder = claim.approx == "lower" and (claim.after[:1] in ("余", "多") or "余" in claim.text
                                             or "多" in claim.text)
    return _interval(claim.text, claim.value, claim.unit, claim.approx, remainder, settings.relative_tolerance)


@lru_cache(maxsize=1 << 16)
def _interval(text: str, v: Decimal, unit: str, approx: str, remainder: bool,
              tolerance: Decimal) -> tuple[Decimal, Decimal]:
    """``interval`` of a printed figure (pure, so cached: restatements repeat the same figures; keyed by
    the tolerance, not the settings, whose hash would be computed again on every call)."""
    r = _printed_step(text, v, unit) + abs(v) * tolerance
    if approx == "lower":
        if remainder:
            return v, v + _last_place(text, v)  # 1600余: 1600 up to 1700; 6万多: up to 7万
        return v, v * Decimal("1.25") + r  # 超过/逾/以上: more, by an unknown margin
    if approx == "upper":
        return v * Decimal("0.8") - r, v
    if approx == "about":
        return v * Decimal("0.9") - r, v * Decimal("1.1") + r
    return v - r, v + r


def compatible(a: Claim, b: Claim, settings: Settings) -> bool:
    """True when both printed figures can describe the same true value."""
    return ranges_compatible(interval(a, settings), interval(b, settings), a.value, b.value)


def ranges_compatible(ia: tuple[Decimal, Decimal] | None, ib: tuple[Decimal, Decimal] | None,
                      va: Decimal | str, vb: Decimal | str) -> bool:
    """`compatible` from ranges already computed: they overlap (equal values where there is no range)."""
    if ia is None or ib is None:
        return va == vb
    return ia[0] <= ib[1] and ib[0] <= ia[1]


# ---------------------------------------------------------------- metrics

SYNONYMS = {
    "群防共治力量": "群防力量",
    "群防群治力量": "群防力量",
    "综治中心": "综治中心",
    "人民调解员": "调解员",
    "矛盾纠纷化解率": "化解率",
    "网格员": "网格员",
}
_QUALIFIER = re.compile(r"^(?:[一二三四五六七八九十两\d]+级|各级|各类|各种|全部|所有|共|累计|实名|新)+")
_NOISE = re.compile(r"[“”\"'‘’「」\s·()（）、，,]")


@lru_cache(maxsize=1 << 16)
def metric_key(metric: str) -> str:
    """Canonical form of a metric for blocking: qualifiers dropped, synonyms applied."""
    m = _NOISE.sub("", metric)
    m = _QUALIFIER.sub("", m)
    for long, short in SYNONYMS.items():
        m = m.replace(long, short)
    return m


def block_key(claim: Claim) -> str:
    """What a claim's metric block is keyed by: the subject of its identity (see factcheck.about), without
    the topic its sentence gives it, so that 湖南共破获涉电信网络诈骗案件 and 破获涉电信网络诈骗案件 meet;
    its metric when the identity names no subject."""
    subject = _recorded_subject(claim.about) if claim.about else about(claim).subject
    subject = subject.rpartition(CONTEXT)[2]
    return metric_key(subject_key(subject)) if subject else metric_key(claim.metric)


def _recorded_subject(recorded: str) -> str:
    """The subject of an identity as the registry records it (`About.render`), read without parsing the
    rest (every claim is blocked by it); "" when it is not of that form."""
    parts = recorded.split(" · ")
    return parts[2] if len(parts) == 5 and parts[2] != "—" else ""


def same_metric(a: str, b: str, threshold: int = 85) -> bool:
    """Equivalent metrics: equal after normalising, or close by rapidfuzz with enough shared text."""
    ka, kb = metric_key(a), metric_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if min(len(ka), len(kb)) < 3:
        return False
    return fuzz.ratio(ka, kb) >= threshold


def bigrams(text: str) -> set[str]:
    t = _NOISE.sub("", text)
    return {t[i:i + 2] for i in range(len(t) - 1)}


# ---------------------------------------------------------------- entities and periods

@lru_cache(maxsize=65536)
def top_entity(entity: str) -> str:
    """The city an entity lies in (its blocking key), or the entity itself."""
    return places.city_of(entity) or entity


def words_before(claim: Claim, reach: int, missing: str = "") -> str:
    """The ``reach`` characters of a claim's sentence right before its figure (增长21.5%: 增长), or
    ``missing`` when the figure is not found in the sentence."""
    at = claim.quote.find(claim.text)
    return claim.quote[max(0, at - reach):at] if at >= 0 else missing


def same_sentence(a: Claim, b: Claim) -> bool:
    """Two claims printed in one sentence (their quotes are windows of it)."""
    return a.article == b.article and (a.quote == b.quote or (
        abs(a.start - b.start) < 90 and a.text in b.quote and b.text in a.quote))


normalized_place = lru_cache(maxsize=1 << 14)(places.normalize_place)


@lru_cache(maxsize=1 << 14)
def period_years(period: str) -> tuple[int, int] | None:
    """First and last year a period covers: 2023 → (2023, 2023); 2012/2022-09-26 → (2012, 2022)."""
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", period)
    if not years:
        return None
    values = [int(y) for y in years]
    return min(values), max(values)


def report_year(claim: Claim) -> int | None:
    """The year a claim reports on: the end of its period, else its article's publication year."""
    years = period_years(claim.period)
    if years is not None:
        return years[1]
    m = re.match(r"(\d{4})", claim.published)
    return int(m.group(1)) if m else None
