"""FC2xx: years, streaks and honour counts placed on a timeline."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from itertools import combinations

from ..models import Claim
from .base import Check, Result, Settings, example, fmt, overlap, report_year

_TREND = (
    ("decline", re.compile(r"下降|减少|降低|回落|下跌|双降|双下降")),
    ("rise", re.compile(r"上升|增长|增加|提升|提高")),
    ("first", re.compile(r"第一|第1|冠|首位|榜首|折桂|夺魁|头名")),
    ("excellent", re.compile(r"优秀|先进|达标")),
    ("zero", re.compile(r"零发生|没有发生|未发生|零")),
    ("lead", re.compile(r"前列|前茅|领先")),
)
_TREND_WORDS = re.compile("|".join(p.pattern for _, p in _TREND))


def trend(claim: Claim) -> str:
    """The honour or trend a streak or count is about: decline, rise, first, excellent …"""
    text = claim.metric + claim.unit
    for name, pattern in _TREND:
        if pattern.search(text):
            return name
    return ""


def subject(claim: Claim) -> str:
    """The metric without its trend words: what is declining or being honoured."""
    return _TREND_WORDS.sub("", claim.metric)


def same_topic(a: Claim, b: Claim) -> bool:
    """Same entity, same honour or trend, and subjects that share at least half their bigrams."""
    if a.entity != b.entity:
        return False
    ta, tb = trend(a), trend(b)
    if not ta or ta != tb:
        return False
    return overlap(subject(a), subject(b)) >= 0.5


def _int(value: object) -> int | None:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return None


def _restatements(claims: list[Claim]) -> tuple[list[Claim], dict[str, list[Claim]]]:
    """One representative per statement an article repeats (same figure, metric and period), with
    every copy, so that a finding names each copy once instead of repeating itself."""
    reps: dict[tuple[str, str, str, str], Claim] = {}
    copies: dict[str, list[Claim]] = {}
    for c in claims:
        key = (c.article, c.text, c.metric, c.period)
        rep = reps.setdefault(key, c)
        copies.setdefault(rep.uid, []).append(c)
    return list(reps.values()), copies


# ---------------------------------------------------------------- FC201

def year_range_arithmetic(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """A stated streak length against the years printed beside it.

    "2015年至2021年连续7年下降" holds (2015–2021 is 7 years); "2015-2020年连续5年" does not
    (2015–2020 is 6 years). A range and its length printed together must agree.
    """
    years = [c for c in block if c.kind == "year" and c.link]
    by_id = {c.id: c for c in block}
    for streak in (c for c in block if c.kind == "streak"):
        n = _int(streak.value)
        if n is None:
            continue
        best: tuple[Claim, Claim] | None = None
        for y in years:
            partner = by_id.get(y.link or "")
            if partner is None or partner.start < y.start:
                continue
            if 0 <= streak.start - partner.end <= 6:
                best = (y, partner)
        if best is None:
            continue
        first, last = best
        lo, hi = _int(first.value), _int(last.value)
        if lo is None or hi is None:
            continue
        span = hi - lo + 1
        reasoning = f"{lo}–{hi} is {span} years; stated {n}"
        if span == n:
            yield FC201.agreement(reasoning, (first, last, streak))
        else:
            yield FC201.finding(f"the streak of {n} years does not fit the years {lo}–{hi} printed with it",
                                reasoning, (first, last, streak),
                                help="one of the years or the streak length is wrong")


# ---------------------------------------------------------------- FC202

def streak_continuity(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """Streaks of one entity and one honour or trend, placed on a timeline by the year reported on.

    连续7年排名全国第一 in a report on 2022 and 八连冠 in a report on 2023 hold together (7 + 1 = 8).
    A decline over 2015–2021 (7 years) and a decline "连续5年" through 2023 do not: had the
    decline continued it would be 9 years; had it broken, at most 1. One figure is wrong or stale.
    """
    streaks, copies = _restatements([c for c in block if c.kind == "streak" and _int(c.value) is not None])
    for a, b in combinations(streaks, 2):
        if a.article == b.article or not same_topic(a, b):
            continue
        ya, yb = report_year(a), report_year(b)
        if ya is None or yb is None:
            continue
        if (ya, a.published) > (yb, b.published):
            a, b, ya, yb = b, a, yb, ya
        na, nb = _int(a.value), _int(b.value)
        assert na is not None and nb is not None
        gap = yb - ya
        expected = na + gap
        if nb == expected or (gap >= 2 and nb <= gap - 1):
            yield FC202.agreement(f"{a.entity}: {na} years to {ya}, {nb} years to {yb} "
                                  f"({na} + {gap} = {expected})" if nb == expected else
                                  f"{a.entity}: the streak broke and restarted between {ya} and {yb}",
                                  (*copies[a.uid], *copies[b.uid]))
            continue
        if gap == 0 and nb != na:
            why = f"both report on {ya}: {na} years and {nb} years cannot both be true"
        elif nb > expected:
            why = f"{na} years to {ya} can grow to at most {expected} by {yb}; stated {nb}"
        else:
            why = (f"{na} years to {ya} continued would be {expected} by {yb}; broken, at most "
                   f"{max(gap - 1, 0)}; stated {nb}")
        yield FC202.finding(f"{a.entity}'s streak ({a.metric}) does not continue: {na} years to {ya}, {nb} years to {yb}",
                            why, (*copies[a.uid], *copies[b.uid]),
                            help="one streak is wrong, or stale (copied from an older report)")


# ---------------------------------------------------------------- FC203

def honour_counts(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """Counts of honours over time never decrease and never grow faster than the years allow.

    2019年、2020年连续2年荣获…第一名 and, in a report on 2023, 三次折桂 hold (2 ≤ 3 ≤ 2 + 3).
    A later report counting fewer wins, or more wins than years passed, cannot be right.
    """
    honours = [c for c in block if c.kind in ("times", "streak") and _int(c.value) is not None]
    for a, b in combinations(honours, 2):
        if a.article == b.article or "times" not in (a.kind, b.kind) or not same_topic(a, b):
            continue
        ya, yb = report_year(a), report_year(b)
        if ya is None or yb is None:
            continue
        if (ya, a.published) > (yb, b.published):
            a, b, ya, yb = b, a, yb, ya
        na, nb = _int(a.value), _int(b.value)
        assert na is not None and nb is not None
        gap = yb - ya
        if na <= nb <= na + gap:
            yield FC203.agreement(f"{a.entity}: {na} by {ya}, {nb} by {yb} ({na} ≤ {nb} ≤ {na} + {gap})", (a, b))
            continue
        if nb < na:
            why = f"{na} by {ya} cannot fall to {nb} by {yb}"
        else:
            why = f"{na} by {ya} can grow to at most {na + gap} by {yb}; stated {nb}"
        yield FC203.finding(f"{a.entity}'s count of {trend(a) or 'honours'} ({fmt(a.value)} → {fmt(b.value)}) "
                            "is impossible over time", why, (a, b))


FC201 = Check(
    code="FC201", name="year-range-arithmetic", severity="error", family="article", func=year_range_arithmetic,
    flags=(example("盗窃警情2015-2020年连续5年下降。"), example("案件类警情从2015年至2021年连续6年下降。")),
    passes=(example("案件类警情从2015年至2021年连续7年下降。"), example("广州2019年、2020年连续2年荣获第一名。")),
)
FC202 = Check(
    code="FC202", name="streak-continuity", severity="warning", family="topic", func=streak_continuity,
    flags=(example(("广州案件类警情从2015年至2021年连续7年下降。", "2022-09-26", "广州市"),
                   ("去年广州全市案件警情实现连续5年同比下降。", "2024-02-01", "广州市")),),
    passes=(example(("广州市中级人民法院司法透明度指数评估中连续7年排名全国第一。", "2022-09-26", "广州市"),
                    ("去年，广州司法透明度指数实现全国“八连冠”。", "2024-02-01", "广州市")),),
)
FC203 = Check(
    code="FC203", name="honour-count", severity="warning", family="topic", func=honour_counts,
    flags=(example(("广州2019年、2020年、2021年连续3年荣获广东省平安建设考评第一名。", "2022-09-26", "广州市"),
                   ("去年广州连续6年获评平安广东建设考评优秀，并两次折桂。", "2024-02-01", "广州市")),),
    passes=(example(("广州2019年、2020年连续2年荣获广东省平安建设考评第一名。", "2022-09-26", "广州市"),
                    ("去年广州连续6年获评平安广东建设考评优秀，并三次折桂。", "2024-02-01", "广州市")),),
)
CHECKS = (FC201, FC202, FC203)
