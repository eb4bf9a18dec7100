"""Blocking: group claims that may talk about the same thing, so checks never compare all pairs.

Four families of blocks:
- ``metric``: (city, kind, unit, the identity's subject) — values of one measure;
- ``topic``: (city, "honours") — streaks and honour counts, compared by topic inside the block;
- ``fact``: (city, "facts") — a city's totals and changes of every kind, for changes against a base
  printed in another report;
- ``article``: the claims of one article — arithmetic inside a passage, year ranges.
Metrics that differ only slightly (四级公共法律服务实体平台 / 公共法律服务实体平台) are merged
into one block by rapidfuzz inside their (city, kind, unit) group when that group is small enough.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz, process

from .about import MIN_HEAD
from .checks.keys import block_key, metric_key, top_entity
from .checks.rule import any_focused, focus_articles
from .models import Claim
from .places import is_ambiguous

VALUE_KINDS = frozenset({"count", "money", "percent", "change", "multiple", "rank", "duration"})
TOPIC_KINDS = frozenset({"streak", "times"})
FACT_KINDS = frozenset({"count", "money", "change"})
FUZZY_LIMIT = 400  # distinct metrics in one (city, kind, unit) group merged by fuzzy matching

BlockKey = tuple[str, ...]


Roots = Mapping[tuple[str, str, str], Mapping[str, str]]
"""Per (city, kind, unit) group, each metric key's block: given when only part of a group is loaded."""


def metric_blocks(claims: Iterable[Claim], threshold: int = 85, roots: Roots | None = None
                  ) -> dict[BlockKey, list[Claim]]:
    """Claims of measured kinds grouped by (city, kind, unit, metric), near-identical metrics merged.

    ``roots`` gives the merge computed over a whole group when ``claims`` hold only part of it (the gate
    loads only the blocks of the new claims), so the blocks are the ones a full check builds.
    """
    groups: dict[tuple[str, str, str], dict[str, list[Claim]]] = {}
    for claim in claims:
        if claim.kind not in VALUE_KINDS:
            continue
        key = block_key(claim)
        if len(key) < 1:
            continue
        top = (claim_city(claim), claim.kind, claim.unit)
        groups.setdefault(top, {}).setdefault(key, []).append(claim)
    blocks: dict[BlockKey, list[Claim]] = {}
    for top, by_metric in groups.items():
        given = roots.get(top) if roots is not None else None
        merged = given if given is not None else merge_metrics(by_metric, threshold)
        for k in sorted(by_metric):
            blocks.setdefault((*top, merged.get(k, k)), []).extend(by_metric[k])
    return blocks


def merge_metrics(keys: Iterable[str], threshold: int = 85) -> dict[str, str]:
    """Each distinct metric key of one (city, kind, unit) group → the key naming its block."""
    ordered = sorted(set(keys))
    parent = {k: k for k in ordered}
    # near-identical metrics share their ending (四级公共法律服务实体平台 / 公共法律服务实体平台):
    # compare pairs only inside a bucket of keys with the same last characters, so that large
    # groups stay affordable
    buckets: dict[str, list[str]] = {}
    for k in ordered:
        buckets.setdefault(k[-3:] if len(ordered) > FUZZY_LIMIT else "", []).append(k)
    # a subject inside a longer one as its end (发放慰问金 / 见义勇为人员发放慰问金: Chinese noun phrases end
    # in their head) names the same thing more briefly: one block, whatever the group's size
    present = set(ordered)
    for k in ordered:
        for cut in range(1, len(k) - MIN_HEAD + 1):
            tail = k[cut:]
            if tail in present:
                ra, rb = _find(parent, k), _find(parent, tail)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
                break
    for bucket in buckets.values():
        if not 1 < len(bucket) <= FUZZY_LIMIT:
            continue
        # `same_metric` for every pair, with rapidfuzz scoring each key against the rest in one call
        norm = [metric_key(k) for k in bucket]
        for i, a in enumerate(bucket):
            ka = norm[i]
            if not ka:
                continue
            for _, _, j in process.extract(ka, norm[i + 1:], scorer=fuzz.ratio, score_cutoff=threshold, limit=None):
                kb = norm[i + 1 + j]
                if not kb or (ka != kb and min(len(ka), len(kb)) < 3):
                    continue
                ra, rb = _find(parent, a), _find(parent, bucket[i + 1 + j])
                if ra != rb:  # the root of a set is its smallest key, whatever the order of the unions
                    parent[max(ra, rb)] = min(ra, rb)
    return {k: _find(parent, k) for k in ordered}


def claim_city(claim: Claim) -> str:
    """The city a claim is about: the first part of every block key. A place whose name several share
    and that nothing in its article resolved (鼓楼区（多地同名）) is a block of its own article's: never
    compared with the claims of another article."""
    if is_ambiguous(claim.entity):
        return f"{claim.entity}@{claim.article}"
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
            blocks.setdefault((claim_city(claim), "honours"), []).append(claim)
    return blocks


def fact_blocks(claims: Iterable[Claim]) -> dict[BlockKey, list[Claim]]:
    """A city's yearly totals and changes of any kind and unit, for the checks that compare a change with
    a base printed in another report (growth.py): they cross kinds, which metric blocks never do."""
    blocks: dict[BlockKey, list[Claim]] = {}
    for claim in claims:
        if claim.kind in FACT_KINDS:
            blocks.setdefault((claim_city(claim), "facts"), []).append(claim)
    return blocks


def article_blocks(claims: Iterable[Claim]) -> dict[BlockKey, list[Claim]]:
    blocks: dict[BlockKey, list[Claim]] = {}
    for claim in claims:
        blocks.setdefault((claim.article,), []).append(claim)
    return blocks


def build_blocks(claims: list[Claim], threshold: int = 85, roots: Roots | None = None,
                 focus: frozenset[str] | None = None) -> dict[str, dict[BlockKey, list[Claim]]]:
    """Every family's blocks, each block's claims in a stable order; with ``focus``, only the blocks
    that hold a focused claim (the others are dropped before they are sorted)."""
    families = {
        "metric": metric_blocks(claims, threshold, roots),
        "topic": topic_blocks(claims),
        "fact": fact_blocks(claims),
        # an article's block holds a focused claim only if the article is a focused claim's
        "article": article_blocks(claims if focus is None else
                                  [c for c in claims if c.article in focus_articles(focus)]),
    }
    for family, blocks in families.items():
        if focus is not None:
            families[family] = blocks = {k: b for k, b in blocks.items() if any_focused(b, focus)}
        for key in blocks:
            blocks[key].sort(key=lambda c: (c.article, c.start, c.id))
    return families
