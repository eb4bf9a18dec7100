"""One fact across the registry on a time axis: the data the timeline chart and the HTML report draw.

A *fact* is picked by a finding (its claims, and the restatements the same rule found consistent with
them), by a claim (the claims the checks compared it with over time, and those recorded with the same
identity, whatever their period), or by grep's filters. Each article's statement of it is one
`Point`: the year it reports on, its value (an approximation as the range of values it allows; a
streak of years as the span of years it covers), and the findings it is named in. Points are grouped
into one `Series` per kind and unit, since a count and a percentage share no axis.

Renderers draw a `Timeline`; they compute nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .about import about
from .checks.arith import fmt, interval
from .checks.keys import period_years, report_year
from .checks.rule import Settings
from .errors import FactcheckError
from .models import Agreement, Claim, Finding, Report, Value

# Rules that compare statements of one fact (one entity, subject and measure) across articles or
# periods: their results connect the statements a timeline shows. The others compare different facts
# (a district against its city, a rate against its counts, a streak against the years listed beside it).
TIME_RULES: frozenset[str] = frozenset({"FC101", "FC102", "FC202", "FC203", "FC301", "FC501"})
MAX_POINTS = 500  # a fact restated more often than this is shown by its latest statements


@dataclass(frozen=True)
class Point:
    """One article's statement of the fact (its copies in that article collapsed into one point)."""

    uids: tuple[str, ...]  # the claims, first the one quoted
    article: str
    file: str
    published: str
    year: int | None  # the year reported on (the end of the period, else the publication year)
    first_year: int | None  # the first year covered: a streak's or a multi-year period's start, else ``year``
    span: str  # "streak" (a run of years), "period" (a multi-year total) or "year"
    value: Value
    text: str  # the figure as printed
    unit: str
    kind: str
    approx: str
    low: Decimal | None  # the range of values the figure allows (None: unbounded on that side)
    high: Decimal | None
    entity: str
    metric: str
    period: str
    quote: str
    start: int  # the figure's span in the quote's article (code points, end exclusive)
    end: int
    conflicts: tuple[str, ...]  # fingerprints of the findings naming this point's claims
    label: str = ""  # the figure as a reader says it: 5年, 约14.8%, 超过2万人
    years: str = ""  # the years it covers: 2019–2023, 2023, or ""
    allows: str = ""  # the range an approximation allows: 4.5万–5.5万, ≥ 20000, or ""

    @property
    def uid(self) -> str:
        return self.uids[0]

    @property
    def number(self) -> Decimal | None:
        return self.value if isinstance(self.value, Decimal) and self.value.is_finite() else None


@dataclass(frozen=True)
class Series:
    """Points of one kind and unit, in order of the year reported on."""

    kind: str
    unit: str
    points: tuple[Point, ...]
    low: Decimal | None  # the value axis, over the points with a year (None when none has a number)
    high: Decimal | None


@dataclass(frozen=True)
class Mark:
    """A finding shown on the timeline: what its conflict marks refer to."""

    fingerprint: str
    rule: str
    severity: str
    status: str
    message: str


@dataclass(frozen=True)
class Timeline:
    title: str  # entity · metric of the fact
    selection: str  # what picked it (a fingerprint, a claim id, the filters)
    series: tuple[Series, ...]
    first_year: int | None  # the time axis
    last_year: int | None
    findings: tuple[Mark, ...]
    undated: int  # points without any year (listed in their series with year None)
    omitted: int = 0  # statements beyond MAX_POINTS, not shown


# ---------------------------------------------------------------- picking a fact

def finding_by_fingerprint(report: Report, fingerprint: str) -> Finding | None:
    """The finding with this fingerprint (or the only one starting with it, at least 6 characters)."""
    want = fingerprint.strip().lower()
    exact = [f for f in report.findings if f.fingerprint == want]
    if exact:
        return exact[0]
    if len(want) >= 6:
        found = [f for f in report.findings if f.fingerprint.startswith(want)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise FactcheckError(f"fingerprint {fingerprint!r} is ambiguous: {len(found)} findings start with it")
    return None


def claims_of_finding(finding: Finding, report: Report, links: Links | None = None) -> list[Claim]:
    """A finding's claims and the restatements its rule found consistent with them."""
    links = links or Links(report)
    return links.connected(list(finding.claims), {finding.rule})


def claims_of_fact(claim: Claim, claims: Sequence[Claim], report: Report) -> list[Claim]:
    """The statements of ``claim``'s fact: those the time rules compared it with (and, through them,
    their own), and those recorded with the same identity (place, body, subject, measure) for any period."""
    found = Links(report).connected([claim], TIME_RULES)
    seen = {c.uid for c in found}
    own = about(claim)
    if own.sure:
        key = (own.place, own.body, own.subject, own.measure)
        for other in claims:
            if other.uid in seen or other.kind != claim.kind or other.unit != claim.unit:
                continue
            if other.entity != claim.entity:
                continue  # a cheap test before reading the identity
            theirs = about(other)
            if theirs.sure and (theirs.place, theirs.body, theirs.subject, theirs.measure) == key:
                found.append(other)
                seen.add(other.uid)
    return found


class Links:
    """The report's findings and agreements by claim, indexed once for many look-ups."""

    def __init__(self, report: Report) -> None:
        self.results: list[Finding | Agreement] = [*report.findings, *report.agreements]
        self.by_claim: dict[str, list[int]] = {}
        for n, result in enumerate(self.results):
            for c in result.claims:
                self.by_claim.setdefault(c.uid, []).append(n)

    def connected(self, start: list[Claim], rules: Iterable[str]) -> list[Claim]:
        """``start`` and every claim linked to it through findings or agreements of ``rules``."""
        wanted = set(rules)
        out = list(start)
        seen = {c.uid for c in start}
        queue = list(start)
        while queue and len(out) < MAX_POINTS * 4:
            claim = queue.pop()
            for n in self.by_claim.get(claim.uid, ()):
                result = self.results[n]
                if result.rule not in wanted:
                    continue
                for other in result.claims:
                    if other.uid not in seen:
                        seen.add(other.uid)
                        out.append(other)
                        queue.append(other)
        return out


# ---------------------------------------------------------------- building the timeline

_STREAK_YEARS = ("年", "")  # streaks counted in years: 连续5年, and 八连冠 (no unit), not 连续5次


def build_timeline(claims: Iterable[Claim], report: Report, *, title: str = "", selection: str = "",
                   only: Sequence[Finding] | None = None, settings: Settings | None = None) -> Timeline:
    """The timeline of ``claims``; conflict marks from the report's findings (or ``only`` these)."""
    settings = settings or Settings()
    chosen = list({c.uid: c for c in claims}.values())
    findings = list(only) if only is not None else [f for f in report.findings if f.status != "suppressed"]
    uids = {c.uid for c in chosen}
    marks_of: dict[str, list[str]] = {}
    shown: list[Mark] = []
    for f in findings:
        named = [c.uid for c in f.claims if c.uid in uids]
        if not named:
            continue
        shown.append(Mark(f.fingerprint, f.rule, f.severity, f.status, f.message))
        for uid in named:
            marks_of.setdefault(uid, []).append(f.fingerprint)
    # one point per article, value and years: the copies of one statement in one article collapse
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for c in chosen:
        year = report_year(c)
        first = _first_year(c, year)
        groups.setdefault((c.kind, c.unit, c.article, str(c.value), c.approx, year, first), []).append(c)
    points = [_point(copies, marks_of, settings) for copies in groups.values()]
    points.sort(key=lambda p: (p.year is None, p.year or 0, p.first_year or 0, p.published, p.uid))
    omitted = 0
    if len(points) > MAX_POINTS:
        dated = [p for p in points if p.year is not None]
        keep = set(id(p) for p in dated[-MAX_POINTS:])
        keep |= {id(p) for p in points if p.conflicts}
        omitted = sum(1 for p in points if id(p) not in keep)
        points = [p for p in points if id(p) in keep]
    by_series: dict[tuple[str, str], list[Point]] = {}
    for p in points:
        by_series.setdefault((p.kind, p.unit), []).append(p)
    series = tuple(_series(kind, unit, pts) for (kind, unit), pts in by_series.items())
    years = [y for p in points for y in (p.first_year, p.year) if y is not None]
    if not title and chosen:
        entities = sorted({c.entity for c in chosen})
        counts: dict[str, int] = {}
        for c in chosen:
            if c.metric:
                counts[c.metric] = counts.get(c.metric, 0) + 1
        metric = min(counts, key=lambda m: (-counts[m], m)) if counts else "—"
        title = f"{'、'.join(entities[:2])}{'…' if len(entities) > 2 else ''} · {metric}"
    return Timeline(title=title, selection=selection, series=series,
                    first_year=min(years) if years else None, last_year=max(years) if years else None,
                    findings=tuple(shown), undated=sum(1 for p in points if p.year is None), omitted=omitted)


def _first_year(claim: Claim, year: int | None) -> int | None:
    if year is None:
        return None
    if claim.kind == "streak" and claim.unit in _STREAK_YEARS and isinstance(claim.value, Decimal):
        n = claim.value
        if n == n.to_integral_value() and 1 <= n <= 200:
            return year - int(n) + 1
    years = period_years(claim.period)
    if years is not None and years[0] < years[1] == year:
        return years[0]
    return year


def _point(copies: list[Claim], marks_of: dict[str, list[str]], settings: Settings) -> Point:
    c = copies[0]
    year = report_year(c)
    first = _first_year(c, year)
    span = "year"
    if first is not None and year is not None and first < year:
        span = "streak" if c.kind == "streak" else "period"
    low: Decimal | None = None
    high: Decimal | None = None
    if isinstance(c.value, Decimal) and c.value.is_finite():
        low = high = c.value
        if c.approx != "exact":
            allowed = interval(c, settings)
            if allowed is not None:
                low, high = allowed
            if c.approx == "lower" and not _bounded_above(c):
                high = None
            elif c.approx == "upper":
                low = None
    conflicts: list[str] = []
    for copy in copies:
        for fp in marks_of.get(copy.uid, ()):
            if fp not in conflicts:
                conflicts.append(fp)
    return Point(uids=tuple(x.uid for x in copies), article=c.article, file=c.file, published=c.published,
                 year=year, first_year=first, span=span, value=c.value, text=c.text, unit=c.unit, kind=c.kind,
                 approx=c.approx, low=low, high=high, entity=c.entity, metric=c.metric, period=c.period,
                 quote=c.quote, start=c.start, end=c.end, conflicts=tuple(conflicts),
                 label=_label(c), years=_years(first, year), allows=_allows(c, low, high))


_APPROX_WORD = {"about": "约", "lower": "≥", "upper": "≤"}


def _label(c: Claim) -> str:
    return _APPROX_WORD.get(c.approx, "") + c.printed


def _years(first: int | None, year: int | None) -> str:
    if year is None:
        return ""
    return str(year) if first is None or first == year else f"{first}–{year}"


def _allows(c: Claim, low: Decimal | None, high: Decimal | None) -> str:
    if c.approx == "exact" or (low is None and high is None):
        return ""
    if high is None:
        return f"≥ {short(low)}" if low is not None else ""
    if low is None:
        return f"≤ {short(high)}"
    return f"{short(low)}–{short(high)}"


def short(value: Decimal) -> str:
    """A bound or an axis tick as a reader wants it: whole numbers from 100 up, else 2 decimals at most."""
    if abs(value) >= 100:
        return fmt(value.quantize(Decimal(1)))
    return fmt(value.quantize(Decimal("0.01")))


def _bounded_above(claim: Claim) -> bool:
    """1600余, 6万多: the next place bounds it; 超过, 以上: nothing does."""
    return claim.after[:1] in ("余", "多") or "余" in claim.text or "多" in claim.text


def _series(kind: str, unit: str, points: list[Point]) -> Series:
    dated = [p for p in points if p.year is not None]  # the axis of the points drawn: those with a year
    values = [v for p in dated for v in (p.low, p.high, p.number) if v is not None]
    return Series(kind=kind, unit=unit, points=tuple(points), low=min(values) if values else None,
                  high=max(values) if values else None)


# ---------------------------------------------------------------- for the report

def report_timelines(report: Report, settings: Settings | None = None) -> dict[str, Timeline]:
    """The timeline of each finding's fact, by fingerprint (for the HTML report)."""
    out: dict[str, Timeline] = {}
    links = Links(report)
    for f in report.findings:
        claims = claims_of_finding(f, report, links)
        out[f.fingerprint] = build_timeline(claims, report, selection=f.fingerprint, settings=settings,
                                            only=[f])
    return out


def timeline_json(timeline: Timeline) -> dict[str, object]:
    """The timeline as plain data, for ``--format json`` and the HTML report's script."""
    def point(p: Point) -> dict[str, object]:
        return {"claims": list(p.uids), "article": p.article, "file": p.file, "published": p.published,
                "year": p.year, "first_year": p.first_year, "span": p.span, "value": p.value, "text": p.text,
                "unit": p.unit, "kind": p.kind, "approx": p.approx, "low": p.low, "high": p.high,
                "entity": p.entity, "metric": p.metric, "period": p.period, "quote": p.quote,
                "conflicts": list(p.conflicts)}

    return {"title": timeline.title, "selection": timeline.selection,
            "years": [timeline.first_year, timeline.last_year],
            "series": [{"kind": s.kind, "unit": s.unit, "low": s.low, "high": s.high,
                        "points": [point(p) for p in s.points]} for s in timeline.series],
            "findings": [{"fingerprint": m.fingerprint, "rule": m.rule, "severity": m.severity,
                          "status": m.status, "message": m.message} for m in timeline.findings],
            "undated": timeline.undated, "omitted": timeline.omitted}


_CLAIM_ID = re.compile(r"^[^#\s]+#[^#\s]+$")


def is_claim_id(text: str) -> bool:
    return bool(_CLAIM_ID.match(text.strip()))
