"""Blocking: group claims that may talk about the same thing, so checks never compare all pairs.

Three families of blocks:
- ``metric``: (city, kind, unit, normalised metric) — values of one measure;
- ``topic``: (city, "honours") — streaks and honour counts, compared by topic inside the block;
- ``article``: the claims of one article — arithmetic inside a passage, year ranges.
Metrics that differ only slightly (四级公共法律服务实体平台 / 公共法律服务实体平台) are merged
into one block by rapidfuzz inside their (city, kind, unit) group when that group is small enough.
"""

from __future__ import annotations

from collections.abc import Iterable

from .checks.base import metric_key, same_metric, top_entity
from .models import Claim

VALUE_KINDS = frozenset({"count", "money", "percent", "change", "multiple", "rank", "duration"})
TOPIC_KINDS = frozenset({"streak", "times"})
FUZZY_LIMIT = 400  # distinct metrics in one (city, kind, unit) group merged by fuzzy matching

BlockKey = tuple[str, ...]


def metric_blocks(claims: Iterable[Claim], threshold: int = 85) -> dict[BlockKey, list[Claim]]:
    """Claims of measured kinds grouped by (city, kind, unit, metric), near-identical metrics merged."""
    groups: dict[tuple[str, str, str], dict[str, list[Claim]]] = {}
    for claim in claims:
        if claim.kind not in VALUE_KINDS:
            continue
        key = metric_key(claim.metric)
        if len(key) < 1:
            continue
        top = (top_entity(claim.entity), claim.kind, claim.unit)
        groups.setdefault(top, {}).setdefault(key, []).append(claim)
    blocks: dict[BlockKey, list[Claim]] = {}
    for top, by_metric in groups.items():
        keys = sorted(by_metric)
        parent = {k: k for k in keys}
        # near-identical metrics share their ending (四级公共法律服务实体平台 / 公共法律服务实体平台):
        # compare pairs only inside a bucket of keys with the same last characters, so that large
        # groups stay affordable
        buckets: dict[str, list[str]] = {}
        for k in keys:
            buckets.setdefault(k[-3:] if len(keys) > FUZZY_LIMIT else "", []).append(k)
        for bucket in buckets.values():
            if not 1 < len(bucket) <= FUZZY_LIMIT:
                continue
            for i, a in enumerate(bucket):
                for b in bucket[i + 1:]:
                    if same_metric(a, b, threshold):
                        ra, rb = _find(parent, a), _find(parent, b)
                        if ra != rb:
                            parent[max(ra, rb)] = min(ra, rb)
        for k in keys:
            blocks.setdefault((*top, _find(parent, k)), []).extend(by_metric[k])
    return blocks


def claim_city(claim: Claim) -> str:
    """The city a claim is about: the first part of every block key."""
    return top_entity(claim.entity)


def neighbourhood_keys(claims: Iterable[Claim]) -> tuple[set[tuple[str, str, str]], set[str]]:
    """What the blocks of ``claims`` are keyed by: their (city, kind, unit) groups, and the cities of
    their streaks and honour counts."""
    groups: set[tuple[str, str, str]] = set()
    cities: set[str] = set()
    for claim in claims:
        city = claim_city(claim)
        groups.add((city, claim.kind, claim.unit))
        if claim.kind in TOPIC_KINDS:
            cities.add(city)
    return groups, cities


def in_neighbourhood(claim: Claim, groups: set[tuple[str, str, str]], cities: set[str]) -> bool:
    """Whether ``claim`` can share a metric or topic block with a claim whose keys are ``groups``/``cities``."""
    city = claim_city(claim)
    return (city, claim.kind, claim.unit) in groups or (claim.kind in TOPIC_KINDS and city in cities)


def _find(parent: dict[str, str], k: str) -> str:
    """Union-find root of ``k`` (with path halving)."""
    while parent[k] != k:
        parent[k] = parent[parent[k]]
        k = parent[k]
    return k


def topic_blocks(claims: Iterable[Claim]) -> dict[BlockKey, list[Claim]]:
    blocks: dict[BlockKey, list[Claim]] = {}
    for claim in claims:
        if claim.kind in TOPIC_KINDS:
            blocks.setdefault((top_entity(claim.entity), "honours"), []).append(claim)
    return blocks


def article_blocks(claims: Iterable[Claim]) -> dict[BlockKey, list[Claim]]:
    blocks: dict[BlockKey, list[Claim]] = {}
    for claim in claims:
        blocks.setdefault((claim.article,), []).append(claim)
    return blocks


def build_blocks(claims: list[Claim], threshold: int = 85) -> dict[str, dict[BlockKey, list[Claim]]]:
    """Every family's blocks, each block's claims in a stable order."""
    families = {
        "metric": metric_blocks(claims, threshold),
        "topic": topic_blocks(claims),
        "article": article_blocks(claims),
    }
    for blocks in families.values():
        for key in blocks:
            blocks[key].sort(key=lambda c: (c.article, c.start, c.id))
    return families
