"""FC5xx: a change against a base printed in another report."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from ..about import CONTEXT, MIN_HEAD, About, about, bodies_differ, qualifiers_clash, subject_key
from ..models import Claim
from .arith import fmt, interval, printed_step
from .keys import same_sentence, words_before
from .rule import Check, Result, Settings, any_focused, example, printed

_HUNDRED = Decimal(100)
# a change against the year before: 同比, 较上年, 相较上一年, 比去年 …
_YEAR_ON_YEAR = re.compile(r"同比|(?:较|比|相较|相比|与)(?:上一?年|去年|上年度|前一年)")
_DOWN = re.compile(r"下降|减少|降低|回落|下跌|降幅|少")
# what names a change, not what changed: its base (同比, 相较上一年: the 一 may have been read as a figure) and verb
_CHANGE_WORDS = re.compile(r"同比|环比|分别|(?:相较|相比|较|比|与)(?:上一?年?|去年|上年度|前一年)?|去年|上年度|前一年|"
                           r"下降|上升|增长|提升|提高|降低|减少|增加|上涨|下跌|回落|增幅|降幅|[了达为至]$")


def _core(a: About) -> str:
    """What a count or a change counts: the subject without the topic and, for a change, its verbs; for a
    change that names nothing of its own (相较上一年提升23.9%), the topic the sentence gives it."""
    topic, _, subject = a.subject.rpartition(CONTEXT)
    core = _CHANGE_WORDS.sub("", subject) if a.measure == "change" else subject
    return core or (topic if a.measure == "change" else "")


def _head(claim: Claim) -> str:
    return subject_key(_core(about(claim)))[-2:]


def _year(claim: Claim) -> int | None:
    return int(claim.period) if re.fullmatch(r"\d{4}", claim.period) else None


def _is_total(c: Claim) -> bool:
    a = about(c)
    return (c.kind in ("count", "money") and isinstance(c.value, Decimal) and c.value > 0 and not a.doubt
            and a.measure in ("count", "amount") and a.span == "year" and _year(c) is not None)


def _same_thing(x: About, y: About) -> bool | None:
    """True when two totals count the same thing, False when they likely do (one subject inside the
    other), None when they do not."""
    if x.place != y.place or bodies_differ(x.body, y.body):
        return None
    cx, cy = _core(x), _core(y)
    if not cx or not cy or qualifiers_clash(x.subject, y.subject):
        return None
    if cx == cy:
        return True
    if min(len(cx), len(cy)) >= MIN_HEAD and (cx.endswith(cy) or cy.endswith(cx)):
        return False  # 化解纠纷 and 诉前化解纠纷: one ends in the other, as Chinese names end in their head
    return None


def _own_total(change: Claim, totals: list[Claim]) -> Claim | None:
    """The total a change is the change of: printed before it in its sentence, the one its subject names
    (受理25.4万件，办结23.1万件，同比分别上升3.6%和3.1%), else the nearest."""
    before = [t for t in totals if t.start < change.start and same_sentence(t, change)]
    if not before:
        return None
    wanted = subject_key(_core(about(change)))
    for t in reversed(before):
        core = subject_key(_core(about(t)))
        if wanted and core and (core == wanted or wanted.endswith(core) or core.endswith(wanted)):
            return t
    if wanted and any(subject_key(_core(about(t))) for t in before):
        return None  # the change names a subject that none of the totals before it has
    nearest = before[-1]
    return nearest if change.start - nearest.end <= 24 else None


def growth_across_reports(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """A year-on-year change that does not follow from last year's total printed in another report.

    A report on 2023 prints 诉前化解纠纷177116件，相较上一年提升23.9% — so 2022 had about 142,950; the
    report on 2022 printed 149,120. The two reports cannot both be right (the rise from 149,120 is 18.8%).
    Checked within the rounding of every printed figure; an error only when both totals certainly count
    the same thing (same place, body and subject), else a warning.
    """
    if settings.focus is not None and not any_focused(block, settings.focus):
        return
    changes = [c for c in block if c.kind == "change" and c.unit == "%" and isinstance(c.value, Decimal)]
    if not changes:
        return
    # only the totals a change can be set against: of its article, or of the year before another's
    articles = {c.article for c in changes}
    years = {int(c.period[:4]) for c in changes if c.period[:4].isdigit()}
    totals = [c for c in block if c.kind in ("count", "money") and (c.article in articles or (
        c.period[:4].isdigit() and int(c.period[:4]) + 1 in years)) and _is_total(c)]
    # totals by year, unit and the head of what they count (two that can be one thing end alike)
    by_year: dict[tuple[int, str, str], list[Claim]] = {}
    of_article: dict[str, list[Claim]] = {}
    for t in totals:
        by_year.setdefault((_year(t) or 0, t.unit, _head(t)), []).append(t)
        of_article.setdefault(t.article, []).append(t)
    for change in changes:
        value = change.value
        assert isinstance(value, Decimal)
        a = about(change)
        if a.doubt or a.measure != "change":
            continue
        lead = words_before(change, 12, change.before)
        if not _YEAR_ON_YEAR.search(lead):
            continue
        own = _own_total(change, of_article.get(change.article, []))
        if own is None:
            continue
        year = _year(own)
        assert year is not None
        down = _DOWN.search(lead) is not None
        i_now = interval(own, settings)
        if i_now is None:
            continue
        for prev in by_year.get((year - 1, own.unit, _head(own)), ()):
            if prev.article == own.article:
                continue
            same = _same_thing(about(own), about(prev))
            if same is None:
                continue
            i_prev = interval(prev, settings)
            if i_prev is None or i_prev[0] <= 0:
                continue
            lo = (i_now[0] - i_prev[1]) / i_prev[1] * _HUNDRED
            hi = (i_now[1] - i_prev[0]) / i_prev[0] * _HUNDRED
            stated = -value if down else value
            step = printed_step(change) + settings.rate_tolerance
            implied = (Decimal(own.value) - Decimal(prev.value)) / Decimal(prev.value) * _HUNDRED
            reasoning = (f"{'same' if same else 'likely the same'} total: {about(own).evidence()}; "
                         f"{printed(prev)} ({year - 1}) to {printed(own)} ({year}) is "
                         f"{implied.quantize(Decimal('0.1'))}%; stated {'−' if down else '+'}{fmt(change.value)}%")
            if lo <= stated + step and stated - step <= hi:
                yield FC501.agreement(settings, (prev, own, change), reasoning)
                continue
            doubts = [] if same else ["the subjects are worded differently"]
            if str(year) not in own.quote or str(year - 1) not in prev.quote:
                doubts.append("a year is read from 去年/今年 or the paragraph, not printed in the sentence")
            if doubts:
                reasoning += "; not certain: " + "; ".join(doubts)
            yield FC501.finding(
                f"{change.text} {'down' if down else 'up'} on {year - 1} does not follow from {printed(prev)} "
                f"printed for {year - 1}",
                reasoning, (prev, own, change),
                help="one of the totals or the change is wrong, or the earlier total was revised; say which",
                severity="warning" if doubts else None)
            break


FC501 = Check(
    code="FC501", name="growth-across-reports", severity="error", family="fact", func=growth_across_reports,
    flags=(example(("2022年，深圳法院诉前化解纠纷149120件。", "2023-02-01", "深圳市"),
                   ("2023年，深圳法院诉前化解纠纷177116件，相较上一年提升23.9%。", "2024-01-20", "深圳市")),),
    passes=(example(("2022年，深圳法院诉前化解纠纷142950件。", "2023-02-01", "深圳市"),
                    ("2023年，深圳法院诉前化解纠纷177116件，相较上一年提升23.9%。", "2024-01-20", "深圳市")),
            # last year's total of another thing (受理, not 化解) is no base
            example(("2022年，深圳法院受理纠纷149120件。", "2023-02-01", "深圳市"),
                    ("2023年，深圳法院诉前化解纠纷177116件，相较上一年提升23.9%。", "2024-01-20", "深圳市"))),
)
CHECKS = (FC501,)
