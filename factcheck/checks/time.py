"""FC2xx: years, streaks and honour counts placed on a timeline."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import lru_cache

from .. import lexicon
from ..about import masked, same_words
from ..models import Claim
from .arith import fmt
from .keys import bigrams, report_year, same_sentence
from .rule import Check, Result, Settings, example, focus_rows, involved, near_focus

_TREND = (
    ("decline", re.compile(r"下降|减少|降低|回落|下跌|双降|双下降")),
    ("rise", re.compile(r"上升|增长|增加|提升|提高")),
    ("first", re.compile(r"第一|第1|冠|首位|榜首|折桂|夺魁|头名")),
    ("excellent", re.compile(r"优秀|先进|达标")),
    ("zero", re.compile(r"零发生|没有发生|未发生|零")),
    ("solved", re.compile(r"全破|全部侦破|破案率100")),
    ("honour", re.compile(r"平安鼎|平安杯|平安县|平安市|平安区|金鼎|银鼎|铜鼎|称号|荣誉|表彰")),
    ("lead", re.compile(r"前列|前茅|领先")),
)
_TREND_WORDS = re.compile("|".join(p.pattern for _, p in _TREND))


def trend(claim: Claim) -> str:
    """The honour or trend a streak or count is about: decline, rise, first, excellent …"""
    return _trend_of(claim.metric + claim.unit)


@lru_cache(maxsize=1 << 14)
def _trend_of(text: str) -> str:
    for name, pattern in _TREND:
        if pattern.search(text):
            return name
    return ""


def subject(claim: Claim) -> str:
    """The metric without its trend words: what is declining or being honoured."""
    return _TREND_WORDS.sub("", claim.metric)


@lru_cache(maxsize=1 << 14)
def _subject_grams(metric: str) -> frozenset[str]:
    return frozenset(bigrams(_TREND_WORDS.sub("", metric)))


def _int(value: object) -> int | None:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return None


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
            listed = _listed_years(block, streak)
            if listed is not None:
                yield from _judge_list(listed, streak, n, settings)
            continue
        first, last = best
        lo, hi = _int(first.value), _int(last.value)
        if lo is None or hi is None:
            continue
        span = hi - lo + 1
        reasoning = f"{lo}–{hi} is {span} years; stated {n}"
        if span == n:
            yield FC201.agreement(settings, (first, last, streak), reasoning)
        else:
            yield FC201.finding(f"the streak of {n} years does not fit the years {lo}–{hi} printed with it",
                                reasoning, (first, last, streak),
                                help="one of the years or the streak length is wrong")


_LIST_GLUE = re.compile(r"^年?度?(?:、|，|,|和|及|与|至)?$")


def _listed_years(block: tuple[Claim, ...], streak: Claim) -> list[Claim] | None:
    """The years listed right before a streak (2019年、2020年、2021年连续3年), two or more, or None."""
    years = sorted((c for c in block if c.kind == "year" and not c.link and c.end <= streak.start
                    and streak.start - c.end <= 40 and same_sentence(c, streak)), key=lambda c: c.start)
    chain: list[Claim] = []
    for year in reversed(years):
        following = chain[0] if chain else streak
        gap = _between(year, following)
        if gap is None or not (_LIST_GLUE.match(gap) or (following is streak and _STREAK_LEAD.match(gap))):
            break
        chain.insert(0, year)
    return chain if len(chain) >= 2 else None


_STREAK_LEAD = re.compile(r"^年?度?[^\d，,。；;]{0,6}(?:连续|蝉联|连)$")


def _between(a: Claim, b: Claim) -> str | None:
    """The text between two claims of one sentence, from the quote of the later one."""
    start = b.quote.find(a.text)
    end = b.quote.find(b.text, start + len(a.text)) if start >= 0 else -1
    if start < 0 or end < 0:
        return None
    return b.quote[start + len(a.text):end]


def _judge_list(listed: list[Claim], streak: Claim, n: int, settings: Settings) -> Iterable[Result]:
    values = [_int(y.value) for y in listed]
    if any(v is None for v in values):
        return
    years = [v for v in values if v is not None]
    # years in a row for a streak of years; any years for a streak of editions (连续5次, 连续3届)
    editions = streak.unit in ("次", "届")
    consecutive = editions or all(b == a + 1 for a, b in zip(years, years[1:], strict=False))
    claims = (*listed, streak)
    reasoning = f"{len(years)} years listed ({'、'.join(map(str, years))}); stated {n}"
    if consecutive and len(years) == n:
        yield FC201.agreement(settings, claims, reasoning)
    elif consecutive:
        what = "editions" if editions else "years"
        yield FC201.finding(f"the streak of {n} {what} does not fit the {len(years)} years listed with it",
                            reasoning, claims, help="one of the years or the streak length is wrong")


# ---------------------------------------------------------------- FC202

LOOKBACK = 200  # earlier statements of a topic a statement is compared with, most recent first


Verdict = tuple[bool, str, str]  # (holds, message, reasoning)


def _timeline(claims: list[Claim], judge: Callable[[Claim, Claim, int, int], Verdict | None],
              check: Check, settings: Settings) -> Iterable[Result]:
    """Place statements of one topic on a timeline and judge each against the earlier ones.

    Identical statements (same entity, trend, metric, value and year, in any article) collapse into
    one, so a thousand reprints cost one comparison; each statement yields at most one result: a
    finding against the most recent earlier statement it contradicts, else an agreement with the
    most recent one it fits.
    """
    groups: dict[tuple[str, ...], list[Claim]] = {}
    for c in claims:
        year = report_year(c)
        if year is not None:
            groups.setdefault((c.entity, trend(c), c.metric, c.kind, str(c.value), str(year)), []).append(c)
    topics: dict[tuple[str, str], list[tuple[int, list[Claim]]]] = {}
    for key, copies in groups.items():
        if key[1]:
            topics.setdefault((key[0], key[1]), []).append((int(key[5]), copies))
    for items in topics.values():
        items.sort(key=lambda item: (item[0], item[1][0].published, item[1][0].uid))
        focused = focus_rows([copies for _, copies in items], settings)
        if focused == []:
            continue  # every result of a topic lists claims of that topic only
        # what statements are compared on: each one's subject (its metric) and, when all its copies are
        # in one article, that article (statements of one article do not check each other)
        metrics = [copies[0].metric for _, copies in items]
        solo = [_only_article(copies) for _, copies in items]
        for j, (yb, copies_b) in enumerate(items):
            if not near_focus(focused, j, LOOKBACK):
                continue
            b = copies_b[0]
            metric_b, solo_b = metrics[j], solo[j]
            fit: tuple[tuple[Claim, ...], str] | None = None
            for i in range(j - 1, max(-1, j - 1 - LOOKBACK), -1):
                if solo_b is not None and solo[i] == solo_b:
                    continue
                if not _close_metrics(metrics[i], metric_b):
                    continue
                ya, copies_a = items[i]
                if reprinted(copies_a[0], b):
                    continue  # a later page printing an earlier report again: the same report, not news
                verdict = judge(copies_a[0], b, ya, yb)
                if verdict is None:
                    continue
                holds, message, why = verdict
                if not holds:
                    yield check.finding(message, why, involved(copies_a, copies_b),
                                        help="one figure is wrong, or stale (copied from an older report)")
                    fit = None
                    break
                if fit is None:  # the claims a result lists are gathered for the one kept only
                    fit = (involved(copies_a, copies_b), why)
            if fit is not None:
                yield check.agreement(settings, fit[0], fit[1])


def reprinted(a: Claim, b: Claim) -> bool:
    """Whether ``b`` prints ``a``'s sentence again with the same figure: a page republishing an older article
    word for word, with a later date, is the same report (its streak did not stop growing; it was not
    updated), and is not placed on the timeline as a new one."""
    if a.value != b.value or a.article == b.article:
        return False
    if _NUMBERS.findall(masked(a)) != _NUMBERS.findall(masked(b)):
        return False  # 2022年…连续8年 and 2023年…连续8年: the same words of two years, not a reprint
    return same_words(a, b)


_NUMBERS = re.compile(r"\d+")


def _only_article(copies: list[Claim]) -> str | None:
    """The article all of a statement's copies are printed in, if there is one."""
    first = copies[0].article
    return first if all(c.article == first for c in copies) else None


@lru_cache(maxsize=1 << 16)
def _close_metrics(a: str, b: str) -> bool:
    """Whether two metrics name the same subject (half the bigrams of the shorter one shared)."""
    return _close(_subject_grams(a), _subject_grams(b))


def _close(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= 0.5


def streak_continuity(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """Streaks of one entity and one honour or trend, placed on a timeline by the year reported on.

    连续7年排名全国第一 in a report on 2022 and 八连冠 in a report on 2023 hold together (7 + 1 = 8).
    A decline over 2015–2021 (7 years) and a decline "连续5年" through 2023 do not: had the
    decline continued it would be 9 years; had it broken, at most 1. One figure is wrong or stale.
    """
    def judge(a: Claim, b: Claim, ya: int, yb: int) -> Verdict | None:
        na, nb = _int(a.value), _int(b.value)
        if na is None or nb is None:
            return None
        if a.unit not in lexicon.YEARLY_STREAK_UNITS or b.unit not in lexicon.YEARLY_STREAK_UNITS:
            return None  # 连续14个月, 连续3届: not a count of years
        gap = yb - ya
        expected = na + gap
        if nb == expected:
            return True, "", f"{a.entity}: {na} years to {ya}, {nb} years to {yb} ({na} + {gap} = {expected})"
        if gap >= 2 and nb <= gap - 1:
            return True, "", f"{a.entity}: the streak broke and restarted between {ya} and {yb}"
        if gap == 0:
            why = f"both report on {ya}: {na} years and {nb} years cannot both be true"
        elif nb > expected:
            why = f"{na} years to {ya} can grow to at most {expected} by {yb}; stated {nb}"
        else:
            why = (f"{na} years to {ya} continued would be {expected} by {yb}; broken, at most "
                   f"{max(gap - 1, 0)}; stated {nb}")
        return False, (f"{a.entity}'s streak ({a.metric}) does not continue: {na} years to {ya}, "
                       f"{nb} years to {yb}"), why

    yield from _timeline([c for c in block if c.kind == "streak"], judge, FC202, settings)


# ---------------------------------------------------------------- FC203

def honour_counts(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """Counts of honours over time never decrease and never grow faster than the years allow.

    2019年、2020年连续2年荣获…第一名 and, in a report on 2023, 三次折桂 hold (2 ≤ 3 ≤ 2 + 3).
    A later report counting fewer wins, or more wins than years passed, cannot be right.
    """
    def judge(a: Claim, b: Claim, ya: int, yb: int) -> Verdict | None:
        if "times" not in (a.kind, b.kind):
            return None
        na, nb = _int(a.value), _int(b.value)
        if na is None or nb is None:
            return None
        gap = yb - ya
        if na <= nb <= na + gap:
            return True, "", f"{a.entity}: {na} by {ya}, {nb} by {yb} ({na} ≤ {nb} ≤ {na} + {gap})"
        why = (f"{na} by {ya} cannot fall to {nb} by {yb}" if nb < na else
               f"{na} by {ya} can grow to at most {na + gap} by {yb}; stated {nb}")
        return False, (f"{a.entity}'s count of {trend(a) or 'honours'} ({fmt(a.value)} → {fmt(b.value)}) "
                       "is impossible over time"), why

    yield from _timeline([c for c in block if c.kind in ("times", "streak")], judge, FC203, settings)


FC201 = Check(
    code="FC201", name="year-range-arithmetic", severity="error", family="article", func=year_range_arithmetic,
    flags=(example("盗窃警情2015-2020年连续5年下降。"), example("案件类警情从2015年至2021年连续6年下降。"),
           example("广州2019年、2020年、2021年连续4年荣获全省平安建设考评第一名。"),
           # a streak of editions against the editions listed (every other year)
           example("该区2017年、2019年、2021年、2023年连续5次进入全省法治政府评估前五名。")),
    passes=(example("案件类警情从2015年至2021年连续7年下降。"), example("广州2019年、2020年连续2年荣获第一名。"),
            example("广州2019年、2020年、2021年连续3年荣获全省平安建设考评第一名。"),
            example("该区2017年、2019年、2021年、2023年连续4次进入全省法治政府评估前五名。")),
)
FC202 = Check(
    code="FC202", name="streak-continuity", severity="warning", family="topic", func=streak_continuity,
    flags=(example(("广州案件类警情从2015年至2021年连续7年下降。", "2022-09-26", "广州市"),
                   ("去年广州全市案件警情实现连续5年同比下降。", "2024-02-01", "广州市")),
           example(("2022年，南海区连续8年获评平安鼎。", "2023-01-10", "佛山市"),
                   ("2023年，南海区连续8年获评平安鼎。", "2024-01-10", "佛山市"))),
    passes=(example(("广州市中级人民法院司法透明度指数评估中连续7年排名全国第一。", "2022-09-26", "广州市"),
                    ("去年，广州司法透明度指数实现全国“八连冠”。", "2024-02-01", "广州市")),
            # a page republishing the report two years later: the same report, not a stalled streak
            example(("南海区连续8年获评平安鼎，群众安全感持续提升。", "2023-01-10", "佛山市"),
                    ("南海区连续8年获评平安鼎，群众安全感持续提升。", "2025-03-02", "佛山市")),
            # months are not years: a streak of months is not placed on the timeline of years
            example(("今年以来，全市刑事案件立案数已连续14个月同比下降。", "2024-08-02", "广州市"),
                    ("上半年，全市刑事案件立案数已连续11个月同比下降。", "2024-07-05", "广州市"))),
)
FC203 = Check(
    code="FC203", name="honour-count", severity="warning", family="topic", func=honour_counts,
    flags=(example(("广州2019年、2020年、2021年连续3年荣获广东省平安建设考评第一名。", "2022-09-26", "广州市"),
                   ("去年广州连续6年获评平安广东建设考评优秀，并两次折桂。", "2024-02-01", "广州市")),),
    passes=(example(("广州2019年、2020年连续2年荣获广东省平安建设考评第一名。", "2022-09-26", "广州市"),
                    ("去年广州连续6年获评平安广东建设考评优秀，并三次折桂。", "2024-02-01", "广州市")),),
)
CHECKS = (FC201, FC202, FC203)
