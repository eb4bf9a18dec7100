"""Assemble a Report: load claims, run checks, apply suppressions and the baseline."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .blocking import Roots
from .checks import Settings
from .config import Config
from .engine import (
    Advance,
    Outcome,
    apply_baseline,
    apply_suppressions,
    run_checks,
    stale_suppressions,
)
from .errors import FactcheckError
from .models import Agreement, Claim, Finding, Report
from .workspace import Workspace

BASELINE_FILE = "factcheck-baseline.json"


@dataclass(frozen=True)
class CheckRequest:
    config: Config
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    jobs: int = 0
    baseline: Path | None = None
    focus: frozenset[str] | None = None  # only findings involving these claim uids count
    registry_digest: str = ""  # set when the claims come from the index: the check's results are cached
    roots: Roots | None = None  # metric blocks of whole groups, when the claims are a neighbourhood
    agreements: bool = False  # list the agreements (--show-consistent); they are counted always


def settings_from(request: CheckRequest) -> Settings:
    """The one settings object of a run (what the checks see): the configuration file's, overridden by
    what the command line asks for."""
    cfg = request.config
    return Settings(select=request.select or cfg.select, ignore=request.ignore or cfg.ignore,
                    severities=cfg.severities, relative_tolerance=cfg.relative_tolerance,
                    rate_tolerance=cfg.rate_tolerance, metric_similarity=cfg.metric_similarity,
                    agreements=request.agreements, jobs=request.jobs)


def load_baseline(path: Path) -> set[str]:
    """Fingerprints of accepted findings; a missing or malformed file is an input error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FactcheckError(f"--baseline {path}: no such file (create it with `factcheck baseline`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FactcheckError(f"--baseline {path}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise FactcheckError(f"--baseline {path}: not JSON (line {exc.lineno}): {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise FactcheckError(f"--baseline {path}: expected an object with a 'findings' list")
    out = set()
    for item in data["findings"]:
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
            raise FactcheckError(f"--baseline {path}: every finding needs a 'fingerprint'")
        out.add(item["fingerprint"])
    return out


def build_report(ws: Workspace, claims: list[Claim], request: CheckRequest, articles: int,
                 total: int | None = None, progress: Callable[[int], Advance] | None = None) -> Report:
    """The report over ``claims``; ``total`` is the registry's claim count when ``claims`` is only the
    neighbourhood of the focus (``progress``: see engine.run_checks)."""
    settings = settings_from(request)
    focus = set(request.focus) if request.focus is not None else None
    outcome = None
    key = ""
    if request.registry_digest and focus is None:
        key = _results_key(request.registry_digest, settings)
        outcome = _cached_outcome(ws, key, claims)
    if outcome is None:
        outcome = run_checks(claims, settings, focus=focus, roots=request.roots, progress=progress)
        if key:
            _store_outcome(ws, key, outcome, claims)
    return finish_report(ws, claims, request, articles, outcome, total)


def finish_report(ws: Workspace, claims: list[Claim], request: CheckRequest, articles: int,
                  outcome: Outcome, total: int | None = None) -> Report:
    """Suppressions, the baseline and the counts, on top of the checks' outcome."""
    findings = apply_suppressions(outcome.findings)
    stale_supp = stale_suppressions(claims, findings) if request.focus is None else []
    stale_base: list[str] = []
    if request.baseline is not None:
        findings, stale_base = apply_baseline(findings, load_baseline(request.baseline))
        if request.focus is not None:
            stale_base = []
    return Report(findings=tuple(findings), agreements=outcome.agreements, consistent=outcome.consistent,
                  articles=articles, claims=len(claims) if total is None else total, groups=outcome.groups,
                  stale_baseline=tuple(stale_base), stale_suppressions=tuple(stale_supp), root=str(ws.root))


def _results_key(registry_digest: str, settings: object) -> str:
    """The previous check's results are valid for the same registry, settings and checking code."""
    import hashlib
    from importlib.resources import files

    from . import __version__

    h = hashlib.sha256(f"{__version__}\x1f{registry_digest}\x1f{settings!r}".encode())
    package = files("factcheck")
    # every module a result can depend on, found rather than listed (a new check or a module the checks
    # import would otherwise replay stale results): the package and its checks
    for folder in (package, package.joinpath("checks"), package.joinpath("data")):
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".py", ".tsv")):  # and the gazetteer, which places blocks and wholes
                h.update(entry.name.encode() + b"\x1f" + entry.read_bytes())
    return h.hexdigest()


def _store_outcome(ws: Workspace, key: str, outcome: Outcome, claims: list[Claim]) -> None:
    """Store a full check's results under ``key``, each claim as its position in ``claims``: the key
    holds the registry's digest, and the same registry loads its claims in the same order. Positions
    are written and read several times faster than uids, and replaying needs no uid → claim table."""
    from .index import store_result

    # results hold the very claim objects that were loaded (a pool's results are rebuilt from the parent's
    # blocks; Dask runs store nothing), so a claim's position is found by identity
    at = {id(c): i for i, c in enumerate(claims)}

    def ref(item: Finding | Agreement) -> list[int]:
        return [at[id(c)] for c in item.claims]

    data = {"claims": _identity(claims),
            "groups": outcome.groups,
            "consistent": outcome.consistent,
            "findings": [[f.rule, f.name, f.severity, f.message, f.reasoning, f.help, ref(f)]
                         for f in outcome.findings],
            "agreements": [[a.rule, a.message, ref(a)] for a in outcome.agreements]}
    store_result(ws, key, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _identity(claims: list[Claim]) -> list[object]:
    """What stored results check the loaded claims against: their count, first and last uid."""
    return [len(claims), claims[0].uid if claims else "", claims[-1].uid if claims else ""]


def _cached_outcome(ws: Workspace, key: str, claims: list[Claim]) -> Outcome | None:
    from .index import cached_result

    raw = cached_result(ws, key)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        if data["claims"] != _identity(claims):
            return None  # not the claims the results were stored for
        at = claims.__getitem__
        findings = tuple(Finding(rule=r, name=n, severity=s, message=m, reasoning=why, help=h,
                                 claims=tuple(map(at, refs)))
                         for r, n, s, m, why, h, refs in data["findings"])
        agreements = tuple(Agreement(rule=r, message=m, claims=tuple(map(at, refs)))
                           for r, m, refs in data["agreements"])
        return Outcome(findings=findings, agreements=agreements, groups=int(data["groups"]),
                       consistent=int(data["consistent"]))
    except (ValueError, KeyError, TypeError, IndexError):
        return None  # a damaged or older cache entry is ignored and recomputed


def write_baseline(path: Path, report: Report) -> int:
    from .jsonio import dumps
    from .workspace import atomic_write

    entries = []
    for f in report.findings:
        if f.status == "suppressed":
            continue
        entries.append({"fingerprint": f.fingerprint, "rule": f.rule, "name": f.name,
                        "claims": [c.uid for c in f.claims], "message": f.message})
    entries.sort(key=lambda e: (e["rule"], e["fingerprint"]))
    atomic_write(path, dumps({"version": 1, "tool": "factcheck", "findings": entries}, indent=2) + "\n")
    return len(entries)
