"""``--format github``: GitHub Actions workflow commands, and a markdown step summary.

One command per shown finding, new findings first (``::error``/``::warning``/``::notice`` by
severity), then baselined and suppressed ones as ``::notice``. Article text is made safe (no ANSI or
control characters) and escaped per GitHub's rules, so no text can end a command early or start one.
"""

from __future__ import annotations

import re
from typing import TextIO

from ..models import Finding, Report, severity_rank
from .context import RenderContext, line_and_column
from .context import shown as shown_findings
from .sarif import span
from .text import safe

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: str) -> str:
    """``safe`` text that can also be written as UTF-8 (lone surrogates shown as ``\\uXXXX``)."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", safe(text))


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF percent-encoded, controls made visible."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as data, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding, ctx: RenderContext) -> str:
    claim = finding.claims[0] if finding.claims else None
    name = COMMANDS.get(finding.severity, "warning") if finding.status == "new" else "notice"
    title = f"{finding.rule} {finding.name}" + ("" if finding.status == "new" else f" ({finding.status})")
    props: list[tuple[str, str]] = []
    if claim is not None:
        line, col, end_line, end_col = span(claim, ctx)
        props += [("file", claim.file), ("line", str(line))]
        if end_line != line:
            props.append(("endLine", str(end_line)))
        props.append(("col", str(col)))
        if end_line == line:
            props.append(("endColumn", str(end_col)))
    props.append(("title", title))
    message = f"{finding.message} ({finding.reasoning})" if finding.reasoning else finding.message
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{name} {joined}::{escape_data(message)}"


def render(report: Report, out: TextIO, ctx: RenderContext) -> None:
    findings = shown_findings(report, ctx)
    ordered = [f for f in findings if f.status == "new"] + [f for f in findings if f.status != "new"]
    for finding in ordered:
        out.write(command(finding, ctx) + "\n")


# ---------------------------------------------------------------- step summary

_MARKDOWN = str.maketrans({"\\": "\\\\", "|": "\\|", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[",
                           "]": "\\]", "~": "\\~", "#": "\\#", "&": "&amp;", "<": "&lt;", ">": "&gt;"})


def md(text: str) -> str:
    """Text for one markdown table cell: one line, no table breaks, no HTML, no markup."""
    one = " ".join(visible(text).replace("\r", "\n").split("\n"))
    return one.translate(_MARKDOWN).strip()


def step_summary(report: Report) -> str:
    """A markdown summary for ``$GITHUB_STEP_SUMMARY``: counts by severity and status, and a table."""
    ctx = RenderContext(source=report.texts.get)
    findings = sorted(report.findings, key=lambda f: (f.status != "new", -severity_rank(f.severity)))
    by_severity = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
    by_status = {s: sum(1 for f in report.findings if f.status == s) for s in ("new", "baselined", "suppressed")}
    lines = ["## factcheck", ""]
    if not report.findings:
        lines += [f"No findings in {report.articles} articles ({report.claims} claims).", ""]
        return "\n".join(lines) + "\n"
    lines += [f"{len(report.findings)} findings in {report.articles} articles ({report.claims} claims): "
              f"{by_status['new']} new, {by_status['baselined']} baselined, {by_status['suppressed']} suppressed.",
              "", "| severity | findings |", "|---|---:|"]
    lines += [f"| {severity} | {count} |" for severity, count in by_severity.items()]
    lines += ["", "| rule | severity | status | location | message |", "|---|---|---|---|---|"]
    for f in findings:
        where = ""
        if f.claims:
            line, _ = line_and_column(f.claims[0], ctx)
            where = f"{f.claims[0].file}:{line}"
        lines.append(f"| {md(f.rule)} {md(f.name)} | {md(f.severity)} | {md(f.status)} | {md(where)} | "
                     f"{md(f.message)} |")
    if report.stale_baseline or report.stale_suppressions:
        lines += ["", f"Stale: {len(report.stale_baseline)} baseline entries, "
                      f"{len(report.stale_suppressions)} suppressions no longer match a finding."]
    return "\n".join(lines) + "\n"
