"""Keys and periods: what claims are blocked and compared by — a metric's canonical form, an identity's
subject, the city of an entity, the years a period covers."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from .. import dates, places
from ..about import CONTEXT, about, subject_key
from ..models import Claim


@lru_cache(maxsize=1 << 12)
def day(published: str) -> int:
    """A date (YYYY, YYYY-MM or YYYY-MM-DD) as a day number, for distances between dates."""
    return dates.published(published).ordinal


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
    return dates.published(claim.published).year
