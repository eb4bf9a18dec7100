"""The rich terminal report: a summary, then each finding like a compiler diagnostic."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from ..models import Agreement, Claim, Finding, Report
from .context import RenderContext, position, shown
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
    line_no, col, source = position(claim, ctx)
    where: Line = [("  --> ", "blue"), (f"{safe(claim.file)}:{line_no}:{col}", "bold"), (f"  {claim.uid}", "dim")]
    # the quoted line, trimmed around the figure so that it fits
    start = col - 1
    end = start + (claim.end - claim.start)
    if end > len(source) or source[start:end] != claim.text:
        source, start = claim.quote, max(claim.quote.find(claim.text), 0)
        end = start + len(claim.text)
    lo, hi = _window(source, start, end)
    prefix = ("…" if lo > 0 else "") + safe(source[lo:start].replace("\t", " ").lstrip())
    figure = safe(source[start:end])
    suffix = safe(source[end:hi].replace("\t", " ")) + ("…" if hi < len(source) else "")
    gutter = f"{line_no:>5} │ "
    quoted: Line = [(gutter, "blue"), (prefix, ""), (figure, "bold underline"), (suffix, "")]
    about = f" {claim.kind} {safe(str(claim.value))}{safe(claim.unit)}"
    if claim.approx != "exact":
        about += f" ({claim.approx})"
    about += f" · {safe(claim.entity)} · {safe(claim.metric) or '—'} · {safe(claim.period) or '—'}"
    marker: Line = [(" " * (len(gutter) - 2) + "│ ", "blue"), (" " * _cells(prefix), ""),
                    ("^" * max(1, _cells(figure)), "bold red"), (about, "dim")]
    return [where, quoted, marker]


def _window(source: str, start: int, end: int, before: int = 36, after: int = 24) -> tuple[int, int]:
    """The stretch of ``source`` around [start, end) that fits ``before`` and ``after`` cells."""
    from rich.cells import cell_len

    lo, hi = start, end
    if "\u200d" in source or "\ufe0f" in source:  # joiners: a width is not the sum of its characters'
        while lo > 0 and cell_len(source[lo - 1:start]) <= before:
            lo -= 1
        while hi < len(source) and cell_len(source[end:hi + 1]) <= after:
            hi += 1
        return lo, hi
    lo -= _fitting(reversed(source[:start]), before)
    hi += _fitting(source[end:], after)
    return lo, hi


def _fitting(chars: Iterable[str], cells: int) -> int:
    """How many of ``chars``, taken in order, fit in ``cells`` terminal cells."""
    widths = _CHAR_CELLS
    count = width = 0
    for ch in chars:
        width += widths[ch]
        if width > cells:
            break
        count += 1
    return count


class _CharCells(dict[str, int]):
    """rich's width of each character met, looked up without a call once known."""

    def __missing__(self, ch: str) -> int:
        from rich.cells import cell_len

        size = self[ch] = cell_len(ch)
        return size


_CHAR_CELLS = _CharCells()


def _cells(text: str) -> int:
    """``rich.cells.cell_len(text)``: the sum of its characters' widths, which is rich's own rule for
    a text without a zero-width joiner or a variation selector (those go to rich)."""
    if "\u200d" in text or "\ufe0f" in text:
        from rich.cells import cell_len

        return cell_len(text)
    return sum(map(_CHAR_CELLS.__getitem__, text))


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
    """The block as rich prints it without colour: the headline word-wrapped, the other lines cropped
    with an ellipsis; None when a line holds something only rich's own layout handles (tabs, newlines).

    rich's per-line layout is what a report of hundreds of findings spends its time on. This uses rich's
    own wrapping and cell-width functions; a test holds the output equal to rich's at several widths."""
    from rich._wrap import divide_line
    from rich.cells import set_cell_size

    out = []
    for number, line in enumerate(lines):
        plain = "".join(piece for piece, _ in line)
        if "\n" in plain or "\t" in plain or plain != plain.rstrip():
            return None
        if 2 * len(plain) <= width:  # no character is wider than two cells: the line fits as it is
            out.append(plain)
        elif number == 0:  # the headline wraps at word boundaries; a word wider than a line is folded
            offsets = divide_line(plain, width, fold=True)
            for start, end in zip([0, *offsets], [*offsets, len(plain)], strict=True):
                part = plain[start:end]
                if len(part) > width:  # whitespace beyond the width goes (rich's Text.rstrip_end)
                    trailing = len(part) - len(part.rstrip())
                    part = part[:len(part) - min(trailing, len(part) - width)]
                out.append(set_cell_size(part, width) if _cells(part) > width else part)
        else:
            out.append(set_cell_size(plain, width - 1) + "…" if _cells(plain) > width else plain)
    return "\n".join(out) + "\n"


def _plain_table(title: str, rows: list[tuple[str, str]], width: int) -> str | None:
    """The summary as rich lays out a borderless two-column table, when it fits (else None)."""
    from rich.cells import cell_len

    cells = [(label, value) for label, value in rows]
    if any("\n" in a or "\t" in a or "\n" in b or "\t" in b for a, b in cells):
        return None
    w1 = max(cell_len(a) for a, _ in cells)
    w2 = max(cell_len(b) for _, b in cells)
    total = w1 + w2 + 4  # one space of padding on each side of each cell
    if total > width or cell_len(title) > total or any(b != b.rstrip() for _, b in cells):
        return None
    lines = [title + " " * (total - cell_len(title))]
    lines += [f" {a}{' ' * (w1 - cell_len(a))}  {b}{' ' * (w2 - cell_len(b))} " for a, b in cells]
    return "\n".join(lines) + "\n"


def _summary_rows(report: Report, findings: list[Finding], ctx: RenderContext) -> list[tuple[str, str]]:
    s = summary(report)
    sev = ", ".join(f"{n} {k}" for k, n in sorted(s["by_severity"].items(), key=lambda kv: kv[0])) or "none"
    rows = [("articles", str(s["articles"])), ("claims", str(s["claims"])), ("groups compared", str(s["groups"])),
            ("findings", f"{s['findings']} ({sev})"),
            ("by rule", ", ".join(f"{k} {n}" for k, n in s["by_rule"].items()) or "—")]
    if s["baselined"] or s["suppressed"]:
        rows.append(("accepted", f"{s['baselined']} baselined, {s['suppressed']} suppressed"))
    hint = "" if ctx.show_consistent else " (list them with --show-consistent)"
    rows.append(("consistent", f"{s['consistent']} restatements agree{hint}"))
    if len(findings) < len(report.findings):
        rows.append(("hidden", f"{len(report.findings) - len(findings)} below --min-severity {ctx.min_severity}"))
    return rows


def render(report: Report, out: TextIO, ctx: RenderContext) -> None:
    findings = shown(report, ctx)
    blocks = [_finding(f, ctx) for f in findings]
    if ctx.show_consistent:
        blocks += [_agreement(a, ctx) for a in report.agreements]
    console: Any = None  # rich is imported only for what the plain layout cannot print

    def rich_console() -> Any:
        nonlocal console
        if console is None:
            console = _console(out, ctx)
        return console

    for lines in blocks:
        plain = None if ctx.color else _plain(lines, ctx.width)
        if plain is not None:
            out.write(plain)
            continue
        from rich.console import Group

        # the headline wraps; quoted source lines are cropped, never wrapped. One print per finding:
        # rich's per-call cost, not the text, is what a report of hundreds of findings spends its time on
        rich_console().print(Group(_text(lines[0], wrap=True), *(_text(line, wrap=False) for line in lines[1:])),
                             crop=True)
    rows = _summary_rows(report, findings, ctx)
    plain = None if ctx.color else _plain_table("factcheck summary", rows, ctx.width)
    if plain is not None:
        out.write(plain)
    else:
        from rich.table import Table

        table = Table(title="factcheck summary", show_header=False, box=None, title_justify="left",
                      title_style="bold")
        table.add_column(style="bold")
        table.add_column()
        for label, value in rows:
            table.add_row(label, value)
        rich_console().print(table)
    notes = [f"stale baseline entry: {item} matches no finding any more" for item in report.stale_baseline]
    notes += [f"stale suppression: {safe(item)}" for item in report.stale_suppressions]
    for note in notes:
        plain = None if ctx.color else _plain([[(note, "yellow")]], ctx.width)
        if plain is not None:
            out.write(plain)
        else:
            rich_console().print(_text([(note, "yellow")], wrap=True))
