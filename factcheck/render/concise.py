"""``file:line:col: FC101 [error] message`` — one line a finding."""

from __future__ import annotations

from typing import TextIO

from ..models import Report
from .context import RenderContext, line_and_column, shown
from .text import one_line


def render(report: Report, out: TextIO, ctx: RenderContext) -> None:
    for finding in shown(report, ctx):
        claim = finding.claims[0]
        line, col = line_and_column(claim, ctx)
        status = "" if finding.status == "new" else f" ({finding.status})"
        out.write(f"{one_line(claim.file)}:{line}:{col}: {finding.rule} [{finding.severity}]{status} "
                  f"{one_line(finding.message)}\n")
