"""FC4xx: figures computed from other figures printed in the same passage."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from .. import lexicon
from ..about import CONTEXT, about
from ..models import Claim
from ..numbers import fold
from .arith import fmt, interval, printed_step
from .keys import same_sentence, words_before
from .rule import Check, Result, Settings, example, printed

_DOWN = re.compile(r"下降|减少|降低|回落|下跌|降幅|降")
_HUNDRED = Decimal(100)


def _counts(claims: list[Claim]) -> list[Claim]:
    """The positive counts and sums of money among ``claims``, in order: totals, not averages (法官人均结案
    329件) nor differences (同比多结66件)."""
    return [c for c in claims if c.kind in ("count", "money") and isinstance(c.value, Decimal) and c.value > 0]


def _totals(counts: list[Claim]) -> list[Claim]:
    """Those of ``counts`` that are totals (their identity's measure is a count or an amount)."""
    return [c for c in counts if about(c).measure in ("count", "amount")]


# Rates whose denominator is not a count printed beside them: a court's 结案率 divides the cases closed by
# every case on hand (those carried over from the year before and the new ones), not by 新收 alone.
CARRIED_OVER = ("结案率", "审结率", "执结率", "办结率", "结收比")


def _names_numerator(rate: Claim, count: Claim) -> bool:
    """化解率 and 化解42542宗: the rate is named after what its numerator counts (its last two characters
    before 率 are in the count's subject), so 满意率 is not the share of 表扬 among 诉求."""
    stem = fold(rate.metric).rstrip("率")
    core = stem[-2:]
    if len(core) < 2:
        return False
    subject = about(count).subject.rpartition(CONTEXT)[2]
    return core in subject or core in fold(count.metric)


def _qualified(rate: Claim, numerator: Claim) -> bool:
    """法定审限内结案率 beside 结案91228件: the rate counts a kind of what the count counts (a qualifier of
    `lexicon.RATE_QUALIFIERS` the count's words do not have), so it is not their plain ratio."""
    stem = fold(rate.metric)
    words = fold(numerator.metric) + about(numerator).subject
    return any(q in stem and q not in words for q in lexicon.RATE_QUALIFIERS)


def _carried_over(rate: Claim, denominator: Claim) -> bool:
    return fold(rate.metric).endswith(CARRIED_OVER) and re.search(
        "新收|收案", about(denominator).subject + fold(denominator.metric)) is not None


def _counts_before(counts: list[Claim], target: Claim) -> list[Claim]:
    """Those of ``counts`` in the same sentence as ``target`` (before or after it)."""
    return [c for c in counts if c.id != target.id and same_sentence(c, target)]


def _ratio_range(num: Claim, den: Claim, settings: Settings) -> tuple[Decimal, Decimal] | None:
    i_num, i_den = interval(num, settings), interval(den, settings)
    if i_num is None or i_den is None or i_den[0] <= 0:
        return None
    return i_num[0] / i_den[1] * _HUNDRED, i_num[1] / i_den[0] * _HUNDRED


def _pct_range(p: Claim, settings: Settings) -> tuple[Decimal, Decimal]:
    assert isinstance(p.value, Decimal)
    step = printed_step(p)
    return p.value - step, p.value + step


def _hits(lo: Decimal, hi: Decimal, p_lo: Decimal, p_hi: Decimal) -> bool:
    return lo <= p_hi and p_lo <= hi


def _shares_word(rate: str, count: Claim) -> bool:
    """处置率 and 完成处置258.6万宗: the rate names what the numerator counts."""
    return any(rate[i:i + 2] in count.metric or rate[i:i + 2] in count.quote[:count.quote.find(count.text)][-8:]
               for i in range(len(rate) - 1))


_BASE = re.compile(r"(?:较|比|从|相比)(?:\d{4}年(?:度)?)?(?:的|同期)?$")


def _compares(p: Claim, big: Claim, small: Claim) -> bool:
    """A change computed from two counts: one of them is the base, introduced by 较/比/从."""
    for c in (big, small):
        i = c.quote.find(c.text)
        if i > 0 and _BASE.search(c.quote[max(0, i - 10):i]):
            return True
    return False


def internal_arithmetic(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """A rate, share or change against the counts it is computed from in the same passage.

    排查44500宗，化解42542宗，化解率95.6% holds (42542 / 44500 = 95.60%); 4878宗，较2012年的
    13748宗下降64.5% holds ((13748 − 4878) / 13748 = 64.52%). Checked within the rounding of the
    printed precision; a passage whose rate matches none of its counts is flagged.
    """
    claims = list(block)
    in_block: list[Claim] | None = None
    for p in claims:
        if p.unit != "%" or not isinstance(p.value, Decimal) or p.kind not in ("percent", "change"):
            continue
        if in_block is None:
            in_block = _counts(claims)
        counts = _totals(_counts_before(in_block, p))
        by_unit: dict[str, list[Claim]] = {}
        for c in counts:
            by_unit.setdefault(c.unit, []).append(c)
        pairs = [(a, b) for group in by_unit.values() if len(group) == 2 for a, b in [group]]
        if len(pairs) != 1:
            continue
        a, b = pairs[0]
        p_lo, p_hi = _pct_range(p, settings)
        big, small = (a, b) if a.value >= b.value else (b, a)  # type: ignore[operator]
        if p.kind == "percent":
            if not p.metric.endswith("率") or not _shares_word(p.metric[:-1], small):
                continue
            if not _names_numerator(p, small) or _carried_over(p, big) or _qualified(p, small):
                continue
            rng = _ratio_range(small, big, settings)
            if rng is None:
                continue
            computed = f"{fmt(small.value)} / {fmt(big.value)} = " \
                       f"{(small.value / big.value * _HUNDRED).quantize(Decimal('0.01'))}%"  # type: ignore[operator]
        else:
            if not _compares(p, big, small):
                continue
            ib, is_ = interval(big, settings), interval(small, settings)
            if ib is None or is_ is None:
                continue
            lo = (ib[0] - is_[1]) / ib[1] * _HUNDRED
            hi = (ib[1] - is_[0]) / ib[0] * _HUNDRED
            down = _DOWN.search(p.metric + words_before(p, 8, p.before)) is not None  # its own verb, not a later one
            rng = (lo, hi) if down else ((ib[0] - is_[1]) / is_[1] * _HUNDRED, (ib[1] - is_[0]) / is_[0] * _HUNDRED)
            exact = (big.value - small.value) / (big.value if down else small.value)  # type: ignore[operator]
            computed = f"change {(exact * _HUNDRED).quantize(Decimal('0.01'))}%"
        reasoning = f"{computed}; stated {p.text}"
        if _hits(rng[0], rng[1], p_lo, p_hi):
            yield FC401.agreement(settings, (big, small, p), reasoning)
        else:
            yield FC401.finding(f"{p.text} does not follow from {printed(small)} and {printed(big)} "
                                "printed with it", reasoning, (big, small, p),
                                help="one of the three figures is wrong")


# 其中，求助类诉求8.1万件，占52.4%: a breakdown of the total printed before it
_BREAKDOWN = re.compile(r"其中|分别是|包括")
# 占全省…, 占全国…: a share of another place's total, not of one printed in the article
_SHARE_OF_ELSEWHERE = re.compile(r"占(?:全国|全省|全市|全区|全县|同期|总数|总量|总额)")
SHARE_REACH = 12  # characters between a category's count and its share (8.1万件，占52.4%)
TOTAL_REACH = 160  # characters a breakdown may follow its total by


def _head(claim: Claim) -> str:
    """The last two characters of what a count counts (求助类诉求 → 诉求): Chinese names end in their head."""
    subject = about(claim).subject.rpartition(CONTEXT)[2]
    return subject[-2:] if len(subject) >= 2 else ""


def _in_breakdown(claim: Claim) -> bool:
    """A count printed after 其中 in its sentence: a part of a total, never the total of another part."""
    at = claim.quote.find(claim.text)
    return at > 0 and _BREAKDOWN.search(fold(claim.quote[:at])) is not None


def share_of_total(block: tuple[Claim, ...], settings: Settings) -> Iterable[Result]:
    """A category's share against its count and the total the breakdown is of.

    受理诉求15.5万件。其中，求助类诉求8.1万件，占52.4% holds (8.1万 / 15.5万 = 52.3%, within the rounding
    of both counts); 占62.4% does not. The share is checked only against a total that the breakdown follows
    (其中, 包括) and that counts the same thing (the category's name ends in the total's: 求助类诉求 and 诉求),
    for the same period.
    """
    claims = list(block)
    counts = _counts(claims)
    for share in claims:
        if share.unit != "%" or not isinstance(share.value, Decimal) or about(share).measure != "share":
            continue
        if _SHARE_OF_ELSEWHERE.search(fold(words_before(share, SHARE_REACH))):
            continue
        own = _totals([c for c in counts if c.article == share.article and 0 < share.start - c.end <= SHARE_REACH
                       and same_sentence(c, share)])
        if not own:
            continue
        part = own[-1]
        head = _head(part)
        if not head:
            continue
        window = fold(share.quote[:max(0, share.quote.find(part.text))])
        totals = [c for c in counts if c.article == share.article and c.unit == part.unit and c.period == part.period
                  and 0 < part.start - c.end <= TOTAL_REACH and c.value > part.value  # type: ignore[operator]
                  and _head(c) == head
                  and about(c).subject.rpartition(CONTEXT)[2] != about(part).subject.rpartition(CONTEXT)[2]
                  and not _in_breakdown(c)]
        if not totals or not (_BREAKDOWN.search(window) or any(_BREAKDOWN.search(fold(t.after)) for t in totals)):
            continue
        total = totals[-1]
        rng = _ratio_range(part, total, settings)
        if rng is None:
            continue
        p_lo, p_hi = _pct_range(share, settings)
        exact = (part.value / total.value * _HUNDRED).quantize(Decimal("0.01"))  # type: ignore[operator]
        reasoning = f"{printed(part)} / {printed(total)} = {exact}%; stated {share.text}"
        if _hits(rng[0], rng[1], p_lo, p_hi):
            yield FC402.agreement(settings, (total, part, share), reasoning)
        else:
            yield FC402.finding(f"{share.text} of {printed(total)} does not fit {printed(part)}", reasoning,
                                (total, part, share), help="one of the counts or the share is wrong")


FC402 = Check(
    code="FC402", name="share-of-total", severity="error", family="article", func=share_of_total,
    flags=(example("2023年，市12345热线受理群众诉求15.5万件。其中，求助类诉求8.1万件，占62.4%；投诉类诉求3265件，占2.1%。"),),
    passes=(example("2023年，市12345热线受理群众诉求15.5万件。其中，求助类诉求8.1万件，占52.4%；投诉类诉求3265件，占2.1%。"),
            example("2023年，全市法院办结案件53.18万件，占全省法院45.08%。")),
)


FC401 = Check(
    code="FC401", name="internal-arithmetic", severity="error", family="article", func=internal_arithmetic,
    flags=(example("今年截至11月，全市基层综治中心累计排查发现基层矛盾纠纷44500宗，化解42542宗，化解率97.6%。"),
           example("2021年共受理刑事治安案件类警情4878宗，较2012年的13748宗下降54.5%。")),
    passes=(example("今年截至11月，全市基层综治中心累计排查发现基层矛盾纠纷44500宗，化解42542宗，化解率95.6%。"),
            example("2021年共受理刑事治安案件类警情4878宗，较2012年的13748宗下降64.5%。"),
            # a rate of a kind of what the count counts: cases closed within the statutory limit
            example("2020年，全市法院共受理各类案件99984件，结案91228件，法定审限内结案率99.8%。")),
)
CHECKS = (FC401, FC402)
