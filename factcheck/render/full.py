"""The rich terminal report: a summary, then each finding like a compiler diagnostic."""

from __future__ import annotations

from typing import Any, TextIO

from ..models import Agreement, Claim, Finding, Report
from . import RenderContext, position, shown
from .json_ import summary
from .text import safe

STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


def _console(out: TextIO, ctx: RenderContext) -> Any:
    from rich.console import Console

    return Console(file=out, force_terminal=ctx.color, no_color=not ctx.color, width=ctx.width,
                   highlight=False, soft_wrap=False, emoji=False, markup=False)


Piece = tuple[str, str]  # (text, rich style)
Line = list[Piece]


def _claim_lines(claim: Claim, ctx: RenderContext) -> list[Line]:
    """``file:line:col``, the source line with the figure underlined, and what the claim says."""
    from rich.cells import cell_len

    line_no, col, source = position(claim, ctx)
    where: Line = [("  --> ", "blue"), (f"{safe(claim.file)}:{line_no}:{col}", "bold"), (f"  {claim.uid}", "dim")]
    # the quoted line, trimmed around the figure so that it fits
    start = col - 1
    end = start + (claim.end - claim.start)
    if end > len(source) or source[start:end] != claim.text:
        source, start = claim.quote, max(claim.quote.find(claim.text), 0)
        end = start + len(claim.text)
    lo = start
    while lo > 0 and cell_len(source[lo - 1:start]) <= 36:
        lo -= 1
    hi = end
    while hi < len(source) and cell_len(source[end:hi + 1]) <= 24:
        hi += 1
    prefix = ("…" if lo > 0 else "") + safe(source[lo:start].replace("\t", " ").lstrip())
    figure = safe(source[start:end])
    suffix = safe(source[end:hi].replace("\t", " ")) + ("…" if hi < len(source) else "")
    gutter = f"{line_no:>5} │ "
    quoted: Line = [(gutter, "blue"), (prefix, ""), (figure, "bold underline"), (suffix, "")]
    about = f" {claim.kind} {safe(str(claim.value))}{safe(claim.unit)}"
    if claim.approx != "exact":
        about += f" ({claim.approx})"
    about += f" · {safe(claim.entity)} · {safe(claim.metric) or '—'} · {safe(claim.period) or '—'}"
    marker: Line = [(" " * (len(gutter) - 2) + "│ ", "blue"), (" " * cell_len(prefix), ""),
                    ("^" * max(1, cell_len(figure)), "bold red"), (about, "dim")]
    return [where, quoted, marker]


def _finding(finding: Finding, ctx: RenderContext) -> list[Line]:
    style = STYLE.get(finding.severity, "bold")
    head: Line = [(f"{finding.severity}", style), (f"[{finding.rule}]", style), (f" {finding.name}: ", "bold"),
                  (safe(finding.message), "bold")]
    if finding.status != "new":
        head.append((f"  ({finding.status})", "dim"))
    lines: list[Line] = [head]
    for claim in finding.claims:
        lines.extend(_claim_lines(claim, ctx))
    lines.append([("   = ", "blue"), ("reasoning: ", "bold"), (safe(finding.reasoning), "")])
    if finding.help:
        lines.append([("   = ", "blue"), ("help: ", "bold"), (safe(finding.help), "")])
    lines.append([])
    return lines


def _agreement(agreement: Agreement, ctx: RenderContext) -> list[Line]:
    lines: list[Line] = [[("consistent", "bold green"), (f"[{agreement.rule}] ", "green"),
                          (safe(agreement.message), "")]]
    for claim in agreement.claims:
        lines.extend(_claim_lines(claim, ctx))
    lines.append([])
    return lines


def _text(line: Line, *, wrap: bool) -> Any:
    from rich.text import Text

    text = Text() if wrap else Text(no_wrap=True, overflow="ellipsis")
    for piece, style in line:
        text.append(piece, style=style or None)
    return text


def _plain(lines: list[Line], width: int) -> str | None:
    """The block as rich prints it without colour, when no line needs wrapping or cropping (else None).

    rich's per-line layout is what a report of hundreds of findings spends its time on; lines that fit
    print the same either way, so only blocks with a long or unusual line go through rich."""
    from rich.cells import cell_len

    out = []
    for line in lines:
        plain = "".join(piece for piece, _ in line)
        if "\n" in plain or "\t" in plain or cell_len(plain) > width or plain != plain.rstrip():
            return None
        out.append(plain)
    return "\n".join(out) + "\n"


def render(report: Report, out: TextIO, ctx: RenderContext) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _console(out, ctx)
    findings = shown(report, ctx)
    blocks = [_finding(f, ctx) for f in findings]
    if ctx.show_consistent:
        blocks += [_agreement(a, ctx) for a in report.agreements]
    from rich.console import Group

    for lines in blocks:
        plain = None if ctx.color else _plain(lines, console.width)
        if plain is not None:
            console.file.write(plain)
            continue
        # the headline wraps; quoted source lines are cropped, never wrapped. One print per finding:
        # rich's per-call cost, not the text, is what a report of hundreds of findings spends its time on
        console.print(Group(_text(lines[0], wrap=True), *(_text(line, wrap=False) for line in lines[1:])),
                      crop=True)
    s = summary(report)
    table = Table(title="factcheck summary", show_header=False, box=None, title_justify="left",
                  title_style="bold")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("articles", str(s["articles"]))
    table.add_row("claims", str(s["claims"]))
    table.add_row("groups compared", str(s["groups"]))
    sev = ", ".join(f"{n} {k}" for k, n in sorted(s["by_severity"].items(), key=lambda kv: kv[0])) or "none"
    table.add_row("findings", f"{s['findings']} ({sev})")
    table.add_row("by rule", ", ".join(f"{k} {n}" for k, n in s["by_rule"].items()) or "—")
    if s["baselined"] or s["suppressed"]:
        table.add_row("accepted", f"{s['baselined']} baselined, {s['suppressed']} suppressed")
    hint = "" if ctx.show_consistent else " (list them with --show-consistent)"
    table.add_row("consistent", f"{s['consistent']} restatements agree{hint}")
    if len(findings) < len(report.findings):
        table.add_row("hidden", f"{len(report.findings) - len(findings)} below --min-severity {ctx.min_severity}")
    console.print(table)
    for item in report.stale_baseline:
        console.print(Text(f"stale baseline entry: {item} matches no finding any more", style="yellow"))
    for item in report.stale_suppressions:
        console.print(Text(f"stale suppression: {safe(item)}", style="yellow"))
