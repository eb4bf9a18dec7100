"""FC1xx: the same thing stated with values that cannot both hold."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from rapidfuzz import fuzz

from ..about import SAME_WORDS, about, body_total, masked, same_fact
from ..about import blanked as _blanked
from ..about import fold_sentence as _fold_sentence
from ..models import Claim
from .arith import fmt, interval, ranges_compatible
from .keys import metric_key, normalized_place, same_sentence
from .rule import (
    MAX_COPIES,
    Check,
    Result,
    Settings,
    any_focused,
    example,
    focus_rows,
    involved,
    near_focus,
    printed,
)

MAX_GROUP = 60  # earlier statements a statement is compared with inside one (entity, metric, period)


def could_reach(size_a: int, size_b: int, cutoff: int) -> bool:
    """Whether two strings of these lengths can have a ``fuzz.ratio`` of ``cutoff`` or more: the ratio is
    100 × (1 − d / (size_a + size_b)) with an edit distance d (insertions and deletions) of at least
    the difference of the lengths. Comparing lengths costs far less than a call of ``fuzz.ratio``."""
    return abs(size_a - size_b) * 100 <= (100 - cutoff) * (size_a + size_b)


def _describe(claim: Claim) -> str:
    approx = {"lower": "more than ", "upper": "under ", "about": "about "}.get(claim.approx, "")
    return f"{approx}{printed(claim)}"


def _range_text(claim: Claim, settings: Settings) -> str:
    iv = interval(claim, settings)
    if iv is None:
        return fmt(claim.value)
    return f"{fmt(iv[0])}–{fmt(iv[1])}"


_ACTIVITY = re.compile(r"处置|化解|办理|受理|完成|开展|排查|调解|发现|上报|审批|救助|起诉|打掉|侦破|破获|抓获|"
                       r"查处|推动|实现|参与|协助|结案|立案|接收|移送")


def _comparable(a: Claim, b: Claim, masks_a: tuple[str, ...] = (), masks_b: tuple[str, ...] = ()) -> bool:
    """Short rate names (处置率) and activity counts (完成处置) say too little on their own:
    their sentences must match too before two figures count as the same measure — any printing of
    one statement (``masks_a``) with any printing of the other (``masks_b``)."""
    if _says_little(a.kind, a.metric):
        return _alike(masks_a or (masked(a),), masks_b or (masked(b),))
    return True


def _alike(masks_a: tuple[str, ...], masks_b: tuple[str, ...]) -> bool:
    """Whether any sentence of ``masks_a`` matches any of ``masks_b`` well enough for `_comparable`."""
    return any(fuzz.ratio(x, y, score_cutoff=60) for x in masks_a for y in masks_b)


@lru_cache(maxsize=1 << 14)
def _says_little(kind: str, metric: str) -> bool:
    """A short rate name or an activity count (see ``_comparable``)."""
    key = metric_key(metric)
    return (kind in ("percent", "change", "multiple") and len(key) < 4) or _ACTIVITY.search(key) is not None


MAX_WORDINGS = 4  # distinct sentences of one statement compared when judging comparability


def _wordings(copies: list[Claim], limit: int | None = MAX_WORDINGS) -> tuple[str, ...]:
    """The distinct sentences (figure blanked) a statement was printed in: the first ``limit``, or all."""
    out: dict[str, None] = {}
    raw: set[str] = set()
    for claim in copies:
        blanked = _blanked(claim)
        if blanked in raw:  # a reprint of a sentence already seen: the same wording
            continue
        raw.add(blanked)
        out.setdefault(_fold_sentence(blanked), None)
        if len(out) == limit:
            break
    return tuple(out)


def conflicting_values(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """The same fact stated with values that cannot both hold.

    Two articles (or two sentences of one) state the same fact — place and body, subject with its
    qualifiers, measure, period and its type (see factcheck.about) — and the ranges their printed
    figures allow, widened by approximation words such as 超/余/近/约 and by the rounding of the printed
    digits, do not overlap. An error when every part of the identity is one; a warning when one part is
    only likely (a year not stated in a sentence, a body named in one of them, subjects worded
    differently); never when a part differs. Example: 慰问金54.55万元 in one report and 慰问金53.15万元 in
    another, both for 2023.
    """
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in block:
        groups.setdefault((claim.entity, claim.period), []).append(claim)
    focus = settings.focus
    for (entity, period), claims in sorted(item for item in groups.items() if len(item[1]) > 1):
        if focus is not None and not any_focused(claims, focus):
            continue  # every result of a group lists claims of that group only
        # identical statements (same printed figure) collapse: reprints cost one comparison
        statements: dict[tuple[str, str, str], list[Claim]] = {}
        for c in claims:
            statements.setdefault((c.text, c.unit, c.approx), []).append(c)
        reps = list(statements.values())
        agreed = any(len(copies) > 1 and not same_sentence(copies[0], copies[1]) and _comparable(copies[0], copies[1])
                     for copies in reps)
        if len(reps) == 1:  # one figure reprinted (most groups of a large registry): nothing to compare
            if agreed:
                yield FC101.agreement(settings, reps[0][:MAX_COPIES * 2], _describe_agreeing, entity, period, claims)
            continue
        conflicts = 0
        same_words: dict[str, list[int]] = {}  # statements printed in the same sentence, figure aside
        # every wording of a statement is indexed (a statement reprinted often, in sentences whose years
        # differ, has many); the first few stand for it when comparability is judged
        all_wordings = [_wordings(copies, None) for copies in reps]
        wordings = [words[:MAX_WORDINGS] for words in all_wordings]
        # what each statement is compared on, once per statement rather than once per pair
        firsts = [copies[0] for copies in reps]
        ranges = [interval(first, settings) for first in firsts]
        little = [_says_little(first.kind, first.metric) for first in firsts]
        for j, copies_b in enumerate(reps):
            b = copies_b[0]
            # a restatement of the very same sentence is the likeliest conflict: compare those first
            seen = {i for key in all_wordings[j] for i in same_words.get(key, ())}
            earlier = sorted(seen)
            order = [*earlier, *(i for i in range(max(0, j - MAX_GROUP), j) if i not in seen)]
            for key in all_wordings[j]:
                same_words.setdefault(key, []).append(j)
            range_b, article_b = ranges[j], b.article
            for i in order:  # the innermost loop: `same_sentence`, `_comparable` and `compatible` written out
                a = firsts[i]
                if a.article == article_b and same_sentence(a, b):
                    continue  # one sentence does not restate its own figures
                if little[i] and not _alike(wordings[i], wordings[j]) and not body_total(a, b):
                    continue
                if ranges_compatible(ranges[i], range_b, a.value, b.value):
                    agreed = True  # (whether they are one fact matters only when they disagree)
                    continue
                sameness = same_fact(a, b)
                if sameness is None:
                    continue  # not the same fact: their values need not agree
                copies_a = reps[i]
                conflicts += 1
                yield FC101.finding(
                    f"{entity} {a.metric or b.metric} ({period}) is stated as {_describe(a)} and as {_describe(b)}",
                    f"{sameness.reasoning()}; {printed(a)} allows {_range_text(a, settings)}; {printed(b)} allows "
                    f"{_range_text(b, settings)}; the ranges do not overlap",
                    involved(copies_a, copies_b),
                    help="correct the wrong figure in the registry, or accept the finding with a reason",
                    severity=None if sameness.certain else "warning",
                )
                break  # one finding per statement, against the first it contradicts
        agreeing = [c for copies in reps for c in copies]
        if agreed and not conflicts:
            yield FC101.agreement(settings, agreeing[:MAX_COPIES * 2], _describe_agreeing, entity, period, claims)


def _describe_agreeing(entity: str, period: str, claims: list[Claim]) -> str:
    return f"{entity} {claims[0].metric} ({period}): {len(claims)} statements agree"


def restated_differs(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """The same sentence restated with a different figure.

    A sentence about one entity and metric appears again — in the same article or another one —
    with the figure changed, while the periods the tool resolved differ (so `conflicting-values`
    does not apply). Either the figure was updated and the period is worth stating, or one copy
    drifted. Example: 全市590个村(社区) in one paragraph and 全市597个村(社区) in a reprint.
    """
    statements: dict[tuple[str, str, str, str], list[Claim]] = {}
    for c in block:  # identical printings collapse; sentences are folded once per statement, below
        statements.setdefault((c.entity, c.period, c.text, _blanked(c)), []).append(c)
    reps = list(statements.values())
    blanked = [key[3] for key in statements]
    # Only statements about the same place compare: each statement's window of MAX_GROUP earlier ones is
    # walked through the positions of its place's statements (in order, so the first match is the same),
    # not through every statement of the block: a city's block mixes its districts.
    place_of = [normalized_place(copies[0].entity) for copies in reps]
    of_place: dict[str, list[int]] = {}
    rank: list[int] = []
    for i, place in enumerate(place_of):
        positions = of_place.setdefault(place, [])
        rank.append(len(positions))
        positions.append(i)
    # what each statement is compared on, computed once and only when first needed (with a focus, most
    # never are): period, the range its figure allows, and its folded sentence
    facts: list[tuple[str, tuple[Decimal, Decimal] | None, str, int] | None] = [None] * len(reps)

    def fact(i: int) -> tuple[str, tuple[Decimal, Decimal] | None, str, int]:
        got = facts[i]
        if got is None:
            first = reps[i][0]
            mask = _fold_sentence(blanked[i])
            got = facts[i] = (first.period, interval(first, settings), mask, len(mask))
        return got

    focused = focus_rows(reps, settings)
    for j, copies_b in enumerate(reps):
        if not near_focus(focused, j, MAX_GROUP):
            continue
        positions = of_place[place_of[j]]
        here = rank[j]
        earlier = positions[bisect_left(positions, j - MAX_GROUP, 0, here):here]
        if not earlier:
            continue
        b = copies_b[0]
        period_b, range_b, mask_b, size_b = fact(j)
        end = _scan_end(focused, j)
        for i in earlier:  # the innermost loop of a check: `fact` and `ranges_compatible` written out
            if i >= end:
                break
            got = facts[i]
            period_a, range_a, mask_a, size_a = got if got is not None else fact(i)
            if period_a == period_b:
                continue
            if range_a is None or range_b is None:
                if reps[i][0].value == b.value:
                    continue
            elif range_a[0] <= range_b[1] and range_b[0] <= range_a[1]:
                continue
            if abs(size_a - size_b) * 100 > (100 - SAME_WORDS) * (size_a + size_b):
                continue  # `could_reach(size_a, size_b, SAME_WORDS)`, written out
            score = fuzz.ratio(mask_a, mask_b, score_cutoff=SAME_WORDS)
            if not score:
                continue
            copies_a = reps[i]
            a = copies_a[0]
            if a.article == b.article and same_sentence(a, b):
                continue  # one sentence does not restate its own figures (由2012年的87.55%上升至2021年的98.62%)
            if _both_dated(a, b):
                continue  # each names its own year: a figure updated for a new year, not one that drifted
            yield FC102.finding(
                f"the same statement about {a.entity} {a.metric} is printed as {_describe(a)} and as {_describe(b)}",
                f"sentences {score:.0f}% identical apart from the figure; periods {a.period} and {b.period}",
                involved(copies_a, copies_b),
                help="check which figure is current; if both are right, state the period in the article",
            )
            break


_RELATIVE_YEAR = re.compile(r"去年|今年|上年|本年|全年|过去一年|一年来|當年|当年")


def _both_dated(a: Claim, b: Claim) -> bool:
    """Whether both claims are of a year their sentence or paragraph names (2022年…, not the publication's,
    nor one read from 去年/今年, which a reprint a year later shifts)."""
    return about(a).span == "year" and about(b).span == "year" and not _RELATIVE_YEAR.search(a.quote) \
        and not _RELATIVE_YEAR.search(b.quote)


def _scan_end(focused: list[int] | None, j: int) -> int:
    """Where statement ``j``'s scan of earlier statements can stop: the first match is its only result,
    so when ``j`` holds no focused claim, a match after the last focused statement before it could only
    give a result without one."""
    if focused is None:
        return j
    k = bisect_left(focused, j)
    if k < len(focused) and focused[k] == j:
        return j
    return focused[k - 1] + 1 if k > 0 else 0


FC101 = Check(
    code="FC101", name="conflicting-values", severity="error", family="metric", func=conflicting_values,
    flags=(example("2023年，广州市见义勇为基金会共向261名见义勇为人员发放慰问金54.55万元。",
                   "2023年，广州市见义勇为基金会共向261名见义勇为人员发放慰问金53.15万元。"),
           # the same fact in other words: what was given, to whom worded differently
           example(("2023年，佛山市见义勇为基金会全年向300名见义勇为人员发放慰问金60.5万元。", "2024-01-10", "佛山市"),
                   ("2023年，佛山市见义勇为基金会走访慰问见义勇为人员300名，发放慰问金共计61.2万元。",
                    "2024-01-20", "佛山市")),
           example(("“粤心安”社会心理服务站实现597个村（社区）全覆盖。全市590个村（社区）实现专职人民调解员全覆盖。",
                    "2023-12-27", "东莞市")),
           # a body's total of one activity, in two reports' own words (a speaker's, a work report's)
           example(("省高院党组成员、副院长在今天的新闻发布会上谈到，2021年全年湖南法院共受理案件41.2万件，同比上升8.1%。",
                    "2022-03-02", "湖南省"),
                   ("报告显示，2021年，全省法院受理案件45.6万件，审执结39.8万件，法官人均结案264件，均创历史新高。",
                    "2022-01-20", "湖南省"))),
    passes=(example("截至目前，广州累计聚合各类群防力量超26万人。", "截至目前，广州聚合各类群防力量26万余人。"),
            example("2023年，广州市发放慰问金54.55万元。", "2023年，广州市发放慰问金54.55万元。"),
            # the two ends of one range are not two values of one fact
            example("2023年，广州市对举报线索给予奖励金5万元至20万元不等。"),
            # parallel clauses and list items: each figure belongs to what its clause names
            example("2023年法治政府评估中，东部城市平均81.5分，中部78.2分，西部74.9分。"),
            example("2023年排名前三的是佛山市（91.2分）、东莞市（90.8分）、中山市（88.5分）。"),
            # a breakdown: each share is a share of its own category
            example("2023年，市12345热线受理诉求15.5万件。其中，求助类诉求8.1万件，占52.4%；投诉类诉求3265件，占2.1%。"),
            # qualifiers that make two facts: 受理 and 审结, 一次 and 二次, all courts and the provincial court
            example("2023年，全市法院受理案件25.4万件，审结案件23.1万件。"),
            example("2023年，全市检察机关一次退回补充侦查率为12.1%，二次退回补充侦查率为3.4%。"),
            example(("2023年，全省法院受理案件185.9万件。", "2024-02-01", "广东省"),
                    ("2023年，省法院受理案件2.9万件。", "2024-02-05", "广东省")),
            # periods that are not the year: part of a year, the same period last year, a five-year total
            example("2023年1至11月，全市受理诉求14.1万件。", "2023年，全市受理诉求15.5万件。"),
            example("2023年，全市刑事案件立案数为1200件，去年同期为1500件。"),
            example(("五年来，东莞全市法院受理各类案件104.1万件。", "2023-01-12", "东莞市"),
                    ("2022年，东莞全市法院受理各类案件25.4万件。", "2023-01-15", "东莞市")),
            # one activity of two topics in one report: drug cases and violent crimes
            example("2023年，全市法院严惩毒品犯罪，审结案件647件；严惩暴力犯罪，审结案件1209件。"),
            # the courts of the city, then the intermediate court alone: its clauses joined by semicolons
            example(("2020年，全市法院受理各类案件9.9万件，结案9.1万件；法官人均收案358件、结案327件。"
                     "中院本级受理各类案件1.3万件；结案1.2万件；法官人均收案159件、结案150件。", "2021-02-01", "海口市"))),
)
FC102 = Check(
    code="FC102", name="restated-differs", severity="warning", family="metric", func=restated_differs,
    flags=(example(("去年，全市各类人民调解组织开展矛盾纠纷排查14.9万次，调解成功率达97.4%。", "2024-02-01", "广州市"),
                   ("去年，全市各类人民调解组织开展矛盾纠纷排查16.9万次，调解成功率达97.4%。", "2025-02-01", "广州市")),
           # a reprint in traditional characters, with full-width digits
           example(("全市590个村（社区）实现专职人民调解员全覆盖。", "2023-12-27", "东莞市"),
                   ("全市６１２個村（社區）實現專職人民調解員全覆蓋。", "2024-01-05", "东莞市"))),
    passes=(example(("去年，全市开展矛盾纠纷排查14.9万次。", "2024-02-01", "广州市"),
                    ("去年，全市开展矛盾纠纷排查14.9万次。", "2025-02-01", "广州市")),
            # one sentence does not restate its own figures (a level from one year to another)
            example(("公安部负责人表示，今年1至8月全国刑事案件同比又下降9.1%；我国群众安全感指数由2013年的88.6%上升至"
                     "2022年的98.1%。", "2023-09-28", "全国"))),
)
CHECKS = (FC101, FC102)
