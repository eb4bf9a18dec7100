"""Run the checks over blocks of claims, then apply configuration, suppressions and baselines.

`check_block` is a pure function of one block, so blocks can be checked in this process, in a
process pool (``jobs``), or on a cluster, with the same findings.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .blocking import BlockKey, Roots, build_blocks
from .checks import ALL_CHECKS, BY_CODE, Check, Settings, select_checks
from .checks.rule import any_focused
from .models import Agreement, Claim, Finding, severity_rank

Task = tuple[str, BlockKey, tuple[Claim, ...]]


@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]
    agreements: tuple[Agreement, ...]  # listed only when ``Settings.agreements`` asks for them
    groups: int
    consistent: int = 0  # how many agreements there are, listed or not


@dataclass
class Mapped:
    """What the map step returns for some blocks: their findings, their agreements (when listed) and
    how many agreements they have (counted always)."""

    findings: list[Finding] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    consistent: int = 0

    def extend(self, other: Mapped) -> None:
        self.findings.extend(other.findings)
        self.agreements.extend(other.agreements)
        self.consistent += other.consistent


def check_block(family: str, block: tuple[Claim, ...], codes: tuple[str, ...], settings: Settings) -> Mapped:
    """Run every selected check of ``family`` on one block. Pure: same block, same results.

    Agreements are deduplicated here (blocks of a family never share a claim, so a duplicate can only
    come from the same block) and, with a focus, kept only when they list a focused claim; then they are
    counted, and returned only when ``settings.agreements`` lists them.
    """
    findings: list[Finding] = []
    agreements: list[Agreement] = []
    for code in codes:
        check = BY_CODE[code]
        if check.family != family:
            continue
        for result in check.func(block, settings):
            if isinstance(result, Finding):
                findings.append(result)
            else:
                agreements.append(result)
    if agreements:
        agreements = dedupe(agreements)
        if settings.focus is not None:
            agreements = [a for a in agreements if any_focused(a.claims, settings.focus)]
    return Mapped(findings, agreements if settings.agreements else [], len(agreements))


Advance = Callable[[int], None]  # tells a progress display that n more blocks are done
PROGRESS_STEP = 256


def run_tasks(tasks: list[Task], codes: tuple[str, ...], settings: Settings,
              advance: Advance | None = None) -> Mapped:
    """Check a chunk of blocks (the map step, in this process, a pool worker or a Dask worker);
    ``advance(n)`` is told of every ``PROGRESS_STEP`` blocks done."""
    out = Mapped()
    for done, (family, _, block) in enumerate(tasks, 1):
        out.extend(check_block(family, block, codes, settings))
        if advance is not None and done % PROGRESS_STEP == 0:
            advance(PROGRESS_STEP)
    if advance is not None and len(tasks) % PROGRESS_STEP:
        advance(len(tasks) % PROGRESS_STEP)
    return out



def plan_tasks(claims: Sequence[Claim], settings: Settings, focus: set[str] | None = None,
               roots: Roots | None = None) -> list[Task]:
    """Blocks worth checking: those with two or more claims (and, with ``focus``, one of those claims).

    With ``focus`` (the gate on new claims, ``--since``), only the claims that can share a block with a
    focused claim — same city, or same article — are blocked at all.
    """
    wanted = None if focus is None else frozenset(focus)
    if focus is not None:
        claims = _neighbourhood(claims, focus)
    families = build_blocks(list(claims), settings.metric_similarity, roots, wanted)
    tasks: list[Task] = []
    for family in sorted(families):
        for key in sorted(families[family]):
            block = families[family][key]
            if len(block) < 2 and family != "article":
                continue
            tasks.append((family, key, tuple(block)))
    return tasks


def _neighbourhood(claims: Sequence[Claim], focus: set[str]) -> list[Claim]:
    """Claims that can share a block with a focused claim: same (city, kind, unit) — the prefix of every
    metric block —, same city for streaks and honours (topic blocks), or same article."""
    from .blocking import in_neighbourhood, neighbourhood_keys

    focused = [c for c in claims if c.uid in focus]
    groups, cities = neighbourhood_keys(focused)
    articles = {c.article for c in focused}
    return [c for c in claims if c.article in articles or in_neighbourhood(c, groups, cities)]


def run_checks(claims: Sequence[Claim], settings: Settings, focus: set[str] | None = None,
               roots: Roots | None = None, progress: Callable[[int], Advance] | None = None) -> Outcome:
    """Every finding and agreement over the claims, deterministic whatever ``jobs`` is;
    ``progress(blocks)``, when given, starts a display of the blocks checked."""
    checks = select_checks(settings.select, settings.ignore)
    codes = tuple(c.code for c in checks)
    tasks = plan_tasks(claims, settings, focus, roots)
    jobs = resolve_jobs(settings.jobs)
    settings = focused_settings(settings, focus)
    advance = progress(len(tasks)) if progress is not None else None
    if jobs > 1 and sum(len(t[2]) for t in tasks) >= POOL_MIN_CLAIMS:
        mapped = run_pool(tasks, codes, settings, jobs, advance)
    else:
        mapped = run_tasks(tasks, codes, settings, advance)
    return reduce_results(mapped, settings, focus, len(tasks))


def focused_settings(settings: Settings, focus: set[str] | None) -> Settings:
    """The settings the checks run with, told the focus of a gate."""
    return settings if focus is None else replace(settings, focus=frozenset(focus))


POOL_MIN_CLAIMS = 20_000  # below this, starting worker processes costs more than it saves

# The blocks a forked pool works on: set before the workers fork, so that they inherit the claims instead
# of receiving them pickled; each worker sends back only compact results (claims as positions in a block).
_FORKED: tuple[list[Task], tuple[str, ...], Settings] | None = None

Compact = tuple[int, list[tuple[Any, ...]], list[tuple[Any, ...]], int]


def run_pool(tasks: list[Task], codes: tuple[str, ...], settings: Settings, jobs: int,
             advance: Advance | None = None) -> Mapped:
    """The map step over ``jobs`` processes; results come back in task order, as from `run_tasks`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # contiguous runs of tasks of about equal work (a block costs about its size squared)
    ranges = chunked(range(len(tasks)), jobs * 8, weight=lambda i: len(tasks[i][2]) ** 2 + 1)
    if "fork" not in multiprocessing.get_all_start_methods() or not sys.platform.startswith("linux"):
        chunks = [[tasks[i] for i in indices] for indices in ranges]
        out = Mapped()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for chunk, mapped in zip(chunks, pool.map(run_tasks, chunks, [codes] * len(chunks),
                                                      [settings] * len(chunks)), strict=True):
                out.extend(mapped)
                if advance is not None:
                    advance(len(chunk))
        return out
    global _FORKED
    _FORKED = (tasks, codes, settings)
    gc.freeze()  # the workers' collector leaves the inherited objects (and their memory pages) alone
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = []
            for indices, part in zip(ranges, pool.map(_run_range, ranges), strict=True):
                parts.append(part)
                if advance is not None:
                    advance(len(indices))
    finally:
        _FORKED = None
        gc.unfreeze()
    out = Mapped()
    for part in parts:
        for index, compact_findings, compact_agreements, consistent in part:
            block = tasks[index][2]
            for rule, name, severity, message, reasoning, help_, status, where in compact_findings:
                out.findings.append(Finding(rule=rule, name=name, severity=severity, message=message,
                                            reasoning=reasoning, claims=tuple(block[i] for i in where), help=help_,
                                            status=status))
            for rule, message, where in compact_agreements:
                out.agreements.append(Agreement(rule=rule, message=message, claims=tuple(block[i] for i in where)))
            out.consistent += consistent
    return out


def chunked(items: Sequence[Any], parts: int, weight: Any = None) -> list[list[Any]]:
    """Contiguous slices of about equal weight (so concatenating the results keeps the order)."""
    weights = [weight(x) if weight else 1 for x in items]
    total = sum(weights)
    parts = max(1, min(parts, len(items)))
    out: list[list[Any]] = []
    current: list[Any] = []
    acc = 0
    for item, w in zip(items, weights, strict=True):
        current.append(item)
        acc += w
        if acc * parts >= total * (len(out) + 1) and len(out) < parts - 1:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def _run_range(indices: list[int]) -> list[Compact]:
    """A forked worker's share: check these tasks of the inherited plan."""
    assert _FORKED is not None, "the pool runs forked from run_pool"
    tasks, codes, settings = _FORKED
    out: list[Compact] = []
    for index in indices:
        family, _, block = tasks[index]
        mapped = check_block(family, block, codes, settings)
        if not mapped.findings and not mapped.consistent:
            continue
        where = {id(claim): i for i, claim in enumerate(block)}
        out.append((index,
                    [(x.rule, x.name, x.severity, x.message, x.reasoning, x.help, x.status,
                      tuple(where[id(c)] for c in x.claims)) for x in mapped.findings],
                    [(x.rule, x.message, tuple(where[id(c)] for c in x.claims)) for x in mapped.agreements],
                    mapped.consistent))
    return out


def reduce_results(mapped: Mapped, settings: Settings, focus: set[str] | frozenset[str] | None, groups: int
                   ) -> Outcome:
    """The reduce step: keep the findings that touch the focus, dedupe them, apply severities, sort
    (agreements were deduplicated, focused and counted by `check_block`)."""
    findings = mapped.findings
    if focus is not None:
        wanted = frozenset(focus)
        findings = [f for f in findings if any_focused(f.claims, wanted)]
    findings = [apply_severity(f, settings) for f in dedupe(findings)]
    return Outcome(findings=tuple(sort_findings(findings)), agreements=tuple(sort_agreements(mapped.agreements)),
                   groups=groups, consistent=mapped.consistent)


def resolve_jobs(jobs: int) -> int:
    """``0`` means all cores (those this process may run on) on machines with at least 4; below that,
    one process: on 2 cores a pool of 2 was measured slower than one process even at one million
    claims (BENCHMARKS.md), because every worker writes to the pages of the claims it reads."""
    if jobs <= 0:
        try:
            cores = max(1, len(os.sched_getaffinity(0)))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
        return cores if cores >= 4 else 1
    return jobs


def dedupe(items: Iterable[Any]) -> list[Any]:
    """Results with the same rule and the same claims, once. Blocks of a family never share a claim, so
    a duplicate can only come from one block, whose results hold the very same claim objects (also
    after pickling, which keeps shared objects shared): claims are compared by identity."""
    seen: set[tuple[str, frozenset[int]]] = set()
    out = []
    for item in items:
        key = (item.rule, frozenset(map(id, item.claims)))
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def apply_severity(finding: Finding, settings: Settings) -> Finding:
    best: tuple[int, str] | None = None
    for prefix, severity in settings.severities:
        if finding.rule.startswith(prefix) or finding.name == prefix:
            if best is None or len(prefix) > best[0]:
                best = (len(prefix), severity)
    return replace(finding, severity=best[1]) if best else finding


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-severity_rank(f.severity), f.rule, where_key(f.claims)))


def sort_agreements(agreements: Iterable[Agreement]) -> list[Agreement]:
    return sorted(agreements, key=lambda a: (a.rule, where_key(a.claims)))


def where_key(claims: Iterable[Claim]) -> str:
    """Where the claims are, as one string that sorts as their list of (file, start) would: files and
    offsets (zero-padded) joined by NUL, which no path holds and which sorts before every character.
    Comparing two strings is one memory comparison; comparing lists of tuples took a second for the
    hundred thousand results of a 10k-article registry."""
    return "\0".join(f"{c.file}\0{c.start:012d}" for c in claims)


# ---------------------------------------------------------------- suppressions and baselines

def apply_suppressions(findings: Sequence[Finding]) -> list[Finding]:
    """Mark findings accepted in the registry (``accept`` on one of their claims) as suppressed."""
    out: list[Finding] = []
    for finding in findings:
        if any(claim.accept for claim in finding.claims):  # the rare case: build the uids only then
            uids = {c.uid for c in finding.claims}
            if any(_accepts(spec, finding, uids) for claim in finding.claims for spec, _ in claim.accept):
                finding = replace(finding, status="suppressed")
        out.append(finding)
    return out


def _accepts(spec: str, finding: Finding, uids: set[str]) -> bool:
    """``FC101`` accepts any FC101 finding of the claim; ``FC101:<uid>`` only the one with that claim."""
    rule, _, other = spec.partition(":")
    return (finding.rule.startswith(rule) or finding.name == rule) and (not other or other in uids)


def stale_suppressions(claims: Iterable[Claim], findings: Sequence[Finding]) -> list[str]:
    """Accepted findings (``accept`` in the registry) that no longer match any finding."""
    live: set[tuple[str, str]] = set()
    for finding in findings:
        if not any(claim.accept for claim in finding.claims):
            continue
        uids = {c.uid for c in finding.claims}
        for claim in finding.claims:
            live.update((claim.uid, spec) for spec, _ in claim.accept if _accepts(spec, finding, uids))
    return [f"{claim.uid} accepts {spec}, which no longer matches a finding"
            for claim in claims for spec, _ in claim.accept if (claim.uid, spec) not in live]


def apply_baseline(findings: Sequence[Finding], accepted: set[str]) -> tuple[list[Finding], list[str]]:
    """Mark findings whose fingerprint is in the baseline; return the stale fingerprints too."""
    out = []
    seen: set[str] = set()
    for finding in findings:
        fp = finding.fingerprint
        if fp in accepted and finding.status == "new":
            out.append(replace(finding, status="baselined"))
            seen.add(fp)
        else:
            if fp in accepted:
                seen.add(fp)
            out.append(finding)
    return out, sorted(accepted - seen)


def failing(findings: Iterable[Finding], fail_on: str) -> list[Finding]:
    """New findings at or above the fail level (``never`` fails nothing)."""
    if fail_on == "never":
        return []
    level = severity_rank(fail_on)
    return [f for f in findings if f.status == "new" and severity_rank(f.severity) >= level]


def check_codes() -> tuple[str, ...]:
    return tuple(c.code for c in ALL_CHECKS)


__all__ = ["Check", "Outcome", "Settings", "run_checks", "check_block"]
