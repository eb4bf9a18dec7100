"""``--format json``: the findings and the counts, for scripts."""

from __future__ import annotations

from typing import Any, TextIO

from ..jsonio import dumps, needs_escape, write_object_of_lines
from ..models import Claim, Finding, Report
from .claims import claim_ref_line
from .context import RenderContext, line_and_column, shown


def claim_ref(claim: Claim, ctx: RenderContext) -> dict[str, Any]:
    line, col = line_and_column(claim, ctx)
    return {"id": claim.uid, "file": claim.file, "start": claim.start, "end": claim.end, "line": line,
            "column": col, "text": claim.text, "value": claim.value, "unit": claim.unit, "kind": claim.kind,
            "approx": claim.approx, "entity": claim.entity, "metric": claim.metric, "period": claim.period}


def finding_json(finding: Finding, ctx: RenderContext) -> dict[str, Any]:
    f = finding
    return {"rule": f.rule, "name": f.name, "severity": f.severity, "status": f.status, "message": f.message,
            "reasoning": f.reasoning, "help": f.help, "fingerprint": f.fingerprint,
            "claims": [claim_ref(c, ctx) for c in f.claims]}


def finding_line(finding: Finding, ctx: RenderContext, written: dict[int, str | None] | None = None) -> str:
    """``dumps(finding_json(finding, ctx))``, written directly when no string needs escaping (the usual
    case): the encoder's walk of every claim's dictionary, and its hook for each Decimal, cost more.
    ``written`` keeps each claim's text (by identity) for the next finding that cites it: a claim
    contradicted by several statements is cited by several findings."""
    f = finding
    known = {} if written is None else written
    refs = []
    for claim in f.claims:
        key = id(claim)
        if key in known:
            ref = known[key]
        else:
            ref = known[key] = claim_ref_line(claim, *line_and_column(claim, ctx))
        if ref is None:
            return dumps(finding_json(f, ctx))
        refs.append(ref)
    if needs_escape("".join((f.rule, f.name, f.severity, f.status, f.message, f.reasoning, f.help, f.fingerprint))):
        return dumps(finding_json(f, ctx))
    return (f'{{"rule": "{f.rule}", "name": "{f.name}", "severity": "{f.severity}", "status": "{f.status}", '
            f'"message": "{f.message}", "reasoning": "{f.reasoning}", "help": "{f.help}", '
            f'"fingerprint": "{f.fingerprint}", "claims": [{", ".join(refs)}]}}')


def render(report: Report, out: TextIO, ctx: RenderContext) -> None:
    findings = shown(report, ctx)
    written: dict[int, str | None] = {}  # the findings hold the report's claims: their ids stay unique
    data: dict[str, Any] = {
        "summary": summary(report),
        "findings": (finding_line(f, ctx, written) for f in findings),  # made as they are written
        "consistent": ({"rule": a.rule, "message": a.message, "claims": [claim_ref(c, ctx) for c in a.claims]}
                       for a in report.agreements) if ctx.show_consistent else report.consistent,
        "stale_baseline": list(report.stale_baseline),
        "stale_suppressions": list(report.stale_suppressions),
    }
    write_object_of_lines(data, out, encoded=("findings",))


def summary(report: Report) -> dict[str, Any]:
    by_severity: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    for f in report.findings:
        by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    return {"articles": report.articles, "claims": report.claims, "groups": report.groups,
            "findings": len(report.findings), "by_severity": dict(sorted(by_severity.items())),
            "by_rule": dict(sorted(by_rule.items())), "consistent": report.consistent,
            "new": sum(1 for f in report.findings if f.status == "new"),
            "baselined": sum(1 for f in report.findings if f.status == "baselined"),
            "suppressed": sum(1 for f in report.findings if f.status == "suppressed")}
