"""FC3xx: totals that must move one way, and parts that must fit inside their whole."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal

from .. import places
from ..about import same_fact
from ..models import Claim
from .arith import fmt, interval
from .keys import period_years, report_year, words_before
from .rule import Check, Result, Settings, any_focused, example, focus_rows, involved, printed

_CUMULATIVE = re.compile(r"累计|增至|建成|注册|共建成|总数|总量|已有|现有|共有|聚合|组建|达到|创建|汇聚")


_DIFFERENCE = re.compile(r"同比|环比|增加|减少|新增|净增|增长|下降|上升|较|比上年|多出|少于")


def is_difference(claim: Claim) -> bool:
    """同比增加64人: a difference between two totals, not a total itself."""
    return bool(_DIFFERENCE.search(words_before(claim, 8) + claim.metric))


def is_cumulative(claim: Claim) -> bool:
    """A built, registered or accumulated total: worded with 累计, 增至, 建成, 注册 …"""
    window = claim.quote
    i = window.find(claim.text)
    before = window[max(0, i - 24):i] if i >= 0 else window
    return bool(_CUMULATIVE.search(before + claim.metric))


def _statements(claims: list[Claim], key: Callable[[Claim], tuple[object, ...]]) -> list[list[Claim]]:
    """Identical statements collapsed: one list of copies per distinct key, in a stable order."""
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for c in claims:
        groups.setdefault(key(c), []).append(c)
    return list(groups.values())


def cumulative_shrinks(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """A cumulative total (累计, 增至, 建成, 注册) that is smaller in a later report.

    Built platforms, registered volunteers and accumulated totals only grow: 3017 个公共法律服务实体平台
    in 2022 and 增至3116个 in 2023 hold; a later report with 2900 does not.
    """
    claims = [c for c in block if c.kind in ("count", "money") and is_cumulative(c) and not is_difference(c)]
    by_entity: dict[str, list[tuple[int, tuple[Decimal, Decimal], list[Claim]]]] = {}
    for copies in _statements(claims, lambda c: (c.entity, str(c.value), c.approx, report_year(c))):
        year, iv = report_year(copies[0]), interval(copies[0], settings)
        if year is not None and iv is not None:
            by_entity.setdefault(copies[0].entity, []).append((year, iv, copies))
    focus = settings.focus
    for items in by_entity.values():
        if focus is not None and not any_focused((c for item in items for c in item[2]), focus):
            continue  # every result of an entity lists claims of that entity only
        items.sort(key=lambda item: (item[0], item[1][0], item[2][0].uid))
        # the earlier statement with the highest lower bound is the one a later total must not fall below
        best: tuple[int, tuple[Decimal, Decimal], list[Claim]] | None = None
        i = 0
        while i < len(items):
            year = items[i][0]
            same_year = [item for item in items[i:] if item[0] == year]
            for yb, ib, copies_b in same_year:
                if best is None:
                    continue
                ya, ia, copies_a = best
                a, b = copies_a[0], copies_b[0]
                if same_fact(a, b, period=False) is None:
                    continue  # totals of two things (or of one thing counted two ways)
                listed = involved(copies_a, copies_b)
                if ib[1] < ia[0]:
                    yield FC301.finding(
                        f"{a.entity}'s cumulative {a.metric} shrinks from {printed(a)} ({ya}) to "
                        f"{printed(b)} ({yb})",
                        f"a total reported for {yb} ({b.text}) is below the one for {ya} ({a.text})",
                        listed, help="a cumulative total cannot fall; one figure is wrong or stale")
                else:
                    yield FC301.agreement(settings, listed, _describe_growth, a, b, ya, yb)
            for item in same_year:
                if best is None or item[1][0] > best[1][0]:
                    best = item
            i += len(same_year)


def _describe_growth(a: Claim, b: Claim, ya: int, yb: int) -> str:
    return f"{a.entity} {a.metric}: {fmt(a.value)} ({ya}) → {fmt(b.value)} ({yb})"


MAX_WHOLES = 12  # wholes a part is set against, nearest first, when judging whether they are one measure


def part_exceeds_whole(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """A district's count above its city's, for the same metric and period.

    从化区 has 最小应急单元1129个 and 广州市 2.3万个: the part fits in the whole. A district
    reporting more than its city for the same measure and period cannot be right.
    """
    claims = [c for c in block if c.kind in ("count", "money") and not is_difference(c)]
    statements = _statements(claims, lambda c: (c.entity, str(c.value), c.approx, c.period))
    by_entity: dict[str, list[int]] = {}
    for index, copies in enumerate(statements):
        by_entity.setdefault(copies[0].entity, []).append(index)
    # the statements of the entities that contain each entity, in statement order: a part is compared
    # with those only, so a block of many places costs what its nested pairs cost
    wholes: dict[str, list[int]] = {}
    for inner in by_entity:
        outer = [i for e in by_entity if e != inner and places.contains(e, inner) for i in by_entity[e]]
        if outer:
            wholes[inner] = sorted(outer)
    if not wholes:
        return
    # per entity, the wholes that can be compared: (upper bound, first year, last year, statement), computed
    # when first needed (with a focus, most never are)
    usable: dict[str, list[tuple[Decimal, int, int, int]]] = {}

    def comparable_wholes(entity: str) -> list[tuple[Decimal, int, int, int]]:
        got = usable.get(entity)
        if got is None:
            got = usable[entity] = []
            for w in wholes[entity]:
                first = statements[w][0]
                iw, pw = interval(first, settings), period_years(first.period)
                if iw is not None and pw is not None:
                    got.append((iw[1], pw[0], pw[1], w))
        return got

    rows = focus_rows(statements, settings)
    focused = None if rows is None else set(rows)
    for index, copies_p in enumerate(statements):
        part = copies_p[0]
        if part.entity not in wholes:
            continue
        if focused is not None and index not in focused and focused.isdisjoint(wholes[part.entity]):
            continue  # no result for this part can list a focused claim
        ip, pp = interval(part, settings), period_years(part.period)
        if ip is None or pp is None:
            continue
        low, first_year, last_year = ip[0], pp[0], pp[1]
        exceeded: list[tuple[Decimal, int]] = []  # the wholes the part exceeds
        fitting: list[int] = []  # the wholes that hold it
        for high, w_first, w_last, w in comparable_wholes(part.entity):
            if last_year < w_first or w_last < first_year:
                continue
            if low > high:
                exceeded.append((high, w))
            else:
                fitting.append(w)
        # of the same measure only (the district's figure and the city's may count different things): the
        # exceeded whole with the lowest upper bound, else the first that holds the part
        worst = next(((high, w) for high, w in sorted(exceeded)[:MAX_WHOLES]
                      if same_fact(part, statements[w][0], place=False, narrower=True) is not None), None)
        fits = None if worst is not None else next(
            (w for w in fitting[:MAX_WHOLES] if same_fact(part, statements[w][0], place=False, narrower=True)
             is not None), None)
        if worst is not None:
            copies_w = statements[worst[1]]
            whole = copies_w[0]
            sameness = same_fact(part, whole, place=False, narrower=True)
            yield FC302.finding(
                f"{part.entity} ({printed(part)}) exceeds {whole.entity} ({printed(whole)}) "
                f"for {part.metric}",
                f"{part.entity} lies inside {whole.entity}: {part.text} > {whole.text}; "
                f"{sameness.reasoning() if sameness else ''}",
                involved(copies_w, copies_p),
                help="a part cannot exceed its whole; check both figures and their periods",
                severity=None if sameness is not None and sameness.certain else "warning")
        elif fits is not None:
            copies_w = statements[fits]
            whole = copies_w[0]
            yield FC302.agreement(settings, involved(copies_w, copies_p), _describe_inside, part, whole)


def _describe_inside(part: Claim, whole: Claim) -> str:
    return f"{part.entity} {fmt(part.value)} ≤ {whole.entity} {fmt(whole.value)} ({part.metric})"


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
