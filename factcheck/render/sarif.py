"""``--format sarif``: SARIF 2.1.0 for code scanning — every rule declared, every finding kept.

Suppressed findings carry ``suppressions`` and baselined ones ``baselineState: "unchanged"`` rather
than being dropped, so a viewer can show what was accepted. Regions use code-point columns
(``run.columnKind`` is ``unicodeCodePoints``) and ``partialFingerprints`` come from the finding's
fingerprint (rule + claim identity), never from line numbers.
"""

from __future__ import annotations

import inspect
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from ..jsonio import dumps
from ..models import Claim, Finding, Report
from ..numbers import format_value
from .context import RenderContext, line_and_column

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/factcheck/factcheck"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "factcheck/v1"
SRCROOT = "%SRCROOT%"


def span(claim: Claim, ctx: RenderContext) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) of a claim; the end is exclusive, columns 1-based code points."""
    line, col = line_and_column(claim, ctx)
    text = ctx.source(claim.file)
    if text is None or claim.end > len(text) or claim.end < claim.start:
        length = claim.end - claim.start if claim.end >= claim.start else len(claim.text)
        return line, col, line, col + length
    end_line = text.count("\n", 0, claim.end) + 1
    end_col = claim.end - (text.rfind("\n", 0, claim.end) + 1) + 1
    return line, col, end_line, end_col


def describe(claim: Claim) -> str:
    """One claim in words: uid, the figure as printed, its value and what it is about."""
    value = f"{format_value(claim.value)}{claim.unit}"
    return (f"{claim.uid}: “{claim.text}” = {value} (entity {claim.entity or '—'}, "
            f"metric {claim.metric or '—'}, period {claim.period or '—'})")


def file_uri(path: str) -> str:
    """A relative URI reference for a workspace path (already ``/``-separated): reserved and non-ASCII escaped."""
    return quote(path, safe="/")


def root_uri(root: str) -> str:
    """The workspace root as an absolute ``file://`` URI ending in ``/``."""
    uri = Path(os.path.abspath(root)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _rules(report: Report) -> tuple[list[dict[str, Any]], dict[str, int]]:
    from ..checks import ALL_CHECKS

    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for check in ALL_CHECKS:
        index[check.code] = len(rules)
        rules.append({
            "id": check.code,
            "name": check.name,
            "shortDescription": {"text": check.summary},
            "fullDescription": {"text": inspect.cleandoc(check.doc) or check.summary},
            "defaultConfiguration": {"level": LEVELS.get(check.severity, "warning")},
            "properties": {"severity": check.severity},
        })
    # A finding from a rule that is not (or no longer) registered still gets a descriptor.
    for finding in report.findings:
        if finding.rule not in index:
            index[finding.rule] = len(rules)
            rules.append({
                "id": finding.rule,
                "name": finding.name,
                "shortDescription": {"text": finding.name},
                "defaultConfiguration": {"level": LEVELS.get(finding.severity, "warning")},
            })
    return rules, index


def _region(claim: Claim, ctx: RenderContext) -> dict[str, Any]:
    line, col, end_line, end_col = span(claim, ctx)
    region: dict[str, Any] = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}
    if claim.end >= claim.start >= 0:
        region["charOffset"] = claim.start
        region["charLength"] = claim.end - claim.start
    region["snippet"] = {"text": claim.text}
    return region


def _location(claim: Claim, ctx: RenderContext) -> dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": {"uri": file_uri(claim.file), "uriBaseId": SRCROOT},
        "region": _region(claim, ctx),
    }}


def _justification(finding: Finding) -> str:
    """Why a suppressed finding is accepted: the ``accept`` reasons recorded on its claims."""
    reasons = []
    uids = {c.uid for c in finding.claims}
    for claim in finding.claims:
        for spec, reason in claim.accept:
            rule, _, other = spec.partition(":")
            if (finding.rule.startswith(rule) or finding.name == rule) and (not other or other in uids):
                reasons.append(f"{claim.uid} accepts {spec}: {reason}" if reason else f"{claim.uid} accepts {spec}")
    return "; ".join(reasons) or "accepted in the claims registry"


def _result(finding: Finding, rule_index: int, ctx: RenderContext) -> dict[str, Any]:
    text = f"{finding.message} — {finding.reasoning}" if finding.reasoning else finding.message
    related = []
    for i, claim in enumerate(finding.claims):
        related.append({"id": i, **_location(claim, ctx), "message": {"text": describe(claim)}})
    properties: dict[str, Any] = {"severity": finding.severity, "status": finding.status,
                                  "claims": [c.uid for c in finding.claims]}
    if finding.help:
        properties["help"] = finding.help
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": text},
        "locations": [_location(finding.claims[0], ctx)] if finding.claims else [],
        "relatedLocations": related,
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "baselineState": "new" if finding.status == "new" else "unchanged",
        "properties": properties,
    }
    if finding.status == "suppressed":
        result["suppressions"] = [{"kind": "external", "justification": _justification(finding)}]
    return result


def render(report: Report, out: TextIO, ctx: RenderContext) -> None:
    rules, index = _rules(report)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "factcheck",
                "version": ctx.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "originalUriBaseIds": {SRCROOT: {"uri": root_uri(report.root)}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, index[f.rule], ctx) for f in report.findings],
        }],
    }
    # jsonio.dumps keeps article text readable and escapes controls, bidi marks and lone surrogates.
    out.write(dumps(log, indent=2) + "\n")
