"""One renderer per output format. Renderers compute nothing: they print a Report.

Every renderer is ``render(report, out, ctx)``; `ctx` gives colour, display level and a way to look
up an article's text at print time (for line:col and the quoted source line).
"""

from __future__ import annotations

from typing import TextIO

from ..models import Report
from .context import RenderContext, line_and_column, position, shown

FORMATS = ("full", "concise", "json", "sarif", "github", "junit", "html")


def render(report: Report, fmt: str, out: TextIO, ctx: RenderContext) -> None:
    if fmt == "full":
        from .full import render as r
    elif fmt == "concise":
        from .concise import render as r
    elif fmt == "json":
        from .json_ import render as r
    elif fmt == "sarif":
        from .sarif import render as r
    elif fmt == "github":
        from .github import render as r
    elif fmt == "junit":
        from .junit import render as r
    elif fmt == "html":
        from .html import render as r
    else:  # pragma: no cover - validated by the CLI
        raise ValueError(fmt)
    r(report, out, ctx)


__all__ = ["FORMATS", "RenderContext", "line_and_column", "position", "render", "shown"]
