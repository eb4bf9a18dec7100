"""What every renderer is given, and reads a claim's place in its article with, at print time."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from ..models import Claim, Finding, Report, severity_rank

if TYPE_CHECKING:
    from ..timeline import Timeline


@dataclass(frozen=True)
class RenderContext:
    source: Callable[[str], str | None]  # file (relative to the root) → article text
    color: bool = False
    show_consistent: bool = False
    min_severity: str = "info"
    width: int = 120
    tool_version: str = "0.1.0"
    timelines: dict[str, Timeline] = field(default_factory=dict, compare=False, hash=False)  # by fingerprint (html)


def shown(report: Report, ctx: RenderContext) -> list[Finding]:
    """Findings at or above the display level."""
    level = severity_rank(ctx.min_severity)
    return [f for f in report.findings if severity_rank(f.severity) >= level]


def position(claim: Claim, ctx: RenderContext) -> tuple[int, int, str]:
    """(line, column, source line) of a claim, computed from the article text at print time."""
    text = ctx.source(claim.file)
    if text is None or claim.end > len(text):
        return claim.line or 1, claim.col or 1, claim.quote
    starts = _line_starts(text)
    line = bisect_right(starts, claim.start)
    line_start = starts[line - 1]
    line_end = starts[line] - 1 if line < len(starts) else len(text)
    return line, claim.start - line_start + 1, text[line_start:line_end].rstrip("\r")


def line_and_column(claim: Claim, ctx: RenderContext) -> tuple[int, int]:
    """``position`` without the source line, for formats that print only where a claim is."""
    text = ctx.source(claim.file)
    if text is None or claim.end > len(text):
        return claim.line or 1, claim.col or 1
    starts = _line_starts(text)
    line = bisect_right(starts, claim.start)
    return line, claim.start - starts[line - 1] + 1


@cache
def _line_starts(text: str) -> list[int]:
    """Where each line of an article starts, once per article text: a report quotes many claims of one
    article, and a large one thousands of articles in no particular order (an LRU of 256 thrashed)."""
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


_NEWLINE = re.compile("\n")
