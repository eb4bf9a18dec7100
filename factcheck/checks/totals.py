"""FC3xx: totals that must move one way, and parts that must fit inside their whole."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import combinations

from .. import places
from ..models import Claim
from .base import Check, Result, Settings, compatible, example, fmt, interval, period_years, report_year

_CUMULATIVE = re.compile(r"累计|增至|建成|注册|共建成|总数|总量|已有|现有|共有|聚合|组建|达到|创建|汇聚")


def is_cumulative(claim: Claim) -> bool:
    """A built, registered or accumulated total: worded with 累计, 增至, 建成, 注册 …"""
    window = claim.quote
    i = window.find(claim.text)
    before = window[max(0, i - 24):i] if i >= 0 else window
    return bool(_CUMULATIVE.search(before + claim.metric))


def cumulative_shrinks(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """A cumulative total (累计, 增至, 建成, 注册) that is smaller in a later report.

    Built platforms, registered volunteers and accumulated totals only grow: 3017 个公共法律服务实体平台
    in 2022 and 增至3116个 in 2023 hold; a later report with 2900 does not.
    """
    claims = [c for c in block if c.kind in ("count", "money")]
    for a, b in combinations(claims, 2):
        if a.entity != b.entity or a.article == b.article:
            continue
        ya, yb = report_year(a), report_year(b)
        if ya is None or yb is None or ya == yb:
            continue
        if ya > yb:
            a, b, ya, yb = b, a, yb, ya
        if not (is_cumulative(a) and is_cumulative(b)):
            continue
        ia, ib = interval(a, settings), interval(b, settings)
        if ia is None or ib is None:
            continue
        if ib[1] < ia[0]:
            yield FC301.finding(
                f"{a.entity}'s cumulative {a.metric} shrinks from {fmt(a.value)}{a.unit} ({ya}) to "
                f"{fmt(b.value)}{b.unit} ({yb})",
                f"a total reported for {yb} ({b.text}) is below the one for {ya} ({a.text})",
                (a, b), help="a cumulative total cannot fall; one figure is wrong or stale")
        else:
            yield FC301.agreement(f"{a.entity} {a.metric}: {fmt(a.value)} ({ya}) → {fmt(b.value)} ({yb})", (a, b))


def part_exceeds_whole(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """A district's count above its city's, for the same metric and period.

    从化区 has 最小应急单元1129个 and 广州市 2.3万个: the part fits in the whole. A district
    reporting more than its city for the same measure and period cannot be right.
    """
    claims = [c for c in block if c.kind in ("count", "money")]
    for a, b in combinations(claims, 2):
        if a.entity == b.entity:
            continue
        if places.contains(a.entity, b.entity):
            whole, part = a, b
        elif places.contains(b.entity, a.entity):
            whole, part = b, a
        else:
            continue
        pw, pp = period_years(whole.period), period_years(part.period)
        if pw is None or pp is None or pp[1] < pw[0] or pw[1] < pp[0]:
            continue
        iw, ip = interval(whole, settings), interval(part, settings)
        if iw is None or ip is None:
            continue
        if ip[0] > iw[1] and not compatible(whole, part, settings):
            yield FC302.finding(
                f"{part.entity} ({fmt(part.value)}{part.unit}) exceeds {whole.entity} ({fmt(whole.value)}{whole.unit}) "
                f"for {part.metric}",
                f"{part.entity} lies inside {whole.entity}: {part.text} > {whole.text}",
                (whole, part), help="a part cannot exceed its whole; check both figures and their periods")
        else:
            yield FC302.agreement(f"{part.entity} {fmt(part.value)} ≤ {whole.entity} {fmt(whole.value)} "
                                  f"({part.metric})", (whole, part))


FC301 = Check(
    code="FC301", name="cumulative-shrinks", severity="warning", family="metric", func=cumulative_shrinks,
    flags=(example(("全市共建成3017个公共法律服务实体平台。", "2022-09-26", "广州市"),
                   ("如今，全市公共法律服务实体平台增至2900个。", "2024-02-01", "广州市")),),
    passes=(example(("全市共建成3017个公共法律服务实体平台。", "2022-09-26", "广州市"),
                    ("如今，全市公共法律服务实体平台增至3116个。", "2024-02-01", "广州市")),),
)
FC302 = Check(
    code="FC302", name="part-exceeds-whole", severity="error", family="metric", func=part_exceeds_whole,
    flags=(example(("2022年，从化区建设最小应急单元31129个。", "2022-09-26", "从化区"),
                   ("2022年，广州组建最小应急单元2.3万个。", "2022-09-26", "广州市")),),
    passes=(example(("2022年，从化区建设最小应急单元1129个。", "2022-09-26", "从化区"),
                    ("2022年，广州组建最小应急单元2.3万个。", "2022-09-26", "广州市")),),
)
CHECKS = (FC301, FC302)
