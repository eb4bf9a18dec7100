"""``factcheck timeline``: one fact on a time axis, drawn in text (chart), as a table, or as JSON.

The chart is drawn by the project in plain characters rather than by a plotting library: each point
needs its article beside it, a streak is a span of years rather than a dot, and a conflict must show
without colour (``X`` and ``#``, and a ``!`` beside the row), which a character grid of coloured
dots does not give. One row per point, in order of the year reported on:

- a streak series (连续5年) has the years on its axis: each row is the span of years the streak covers;
- any other series has the values on its axis: each row is the value, an approximation the range of
  values it allows (``[--o--]``, ``<`` or ``>`` where it is open), with the year at the row's start.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TextIO

from ..jsonio import dumps
from ..timeline import Point, Series, Timeline, short, timeline_json
from .text import one_line

Piece = tuple[str, str]  # (text, rich style)
Line = list[Piece]

LABEL = 20  # cells of the article column
VALUE = 26  # cells of the value column, at most
CONFLICT = "bold red"


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _fit(text: str, cells: int) -> str:
    """``text`` cropped (with …) or padded to exactly ``cells`` cells."""
    from rich.cells import set_cell_size

    if _cells(text) > cells:
        return set_cell_size(text, cells - 1) + "…"
    return text + " " * (cells - _cells(text))


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """``text`` in lines of at most ``width`` cells (Chinese has no spaces: cut anywhere), the later
    lines indented."""
    out: list[str] = []
    line = ""
    for ch in text:
        if _cells(line + ch) <= width:
            line += ch
            continue
        cut = line.rfind(" ", len(indent) + 1)
        if cut > width // 2 and not ch.isspace():  # words: break at the last space
            out.append(line[:cut].rstrip())
            line = indent + line[cut + 1:] + ch
        else:  # Chinese has no spaces: break anywhere
            out.append(line.rstrip())
            line = indent + (ch if not ch.isspace() else "")
    if line.strip():
        out.append(line.rstrip())
    return out


FIXED = 5 + LABEL + 1 + 2 + 2 + 1  # year, article, mark, the frame and a space


def _value_width(width: int) -> int:
    """The value column: VALUE cells, less on a narrow terminal (the axis keeps as many)."""
    return min(VALUE, max(10, (width - FIXED) // 2))


def _axis_width(width: int) -> int:
    return max(8, width - FIXED - _value_width(width))


def _scale(lo: float, hi: float, cells: int):  # type: ignore[no-untyped-def]
    def col(v: float) -> int:
        if hi <= lo:
            return cells // 2
        return max(0, min(cells - 1, round((v - lo) * (cells - 1) / (hi - lo))))

    return col


def _bucket(year: int, first: int, last: int, cells: int) -> tuple[int, int]:
    """The cells [a, b) of one year on a time axis where each year is a run of cells (at least one)."""
    years = last - first + 1
    a = (year - first) * cells // years
    b = (year - first + 1) * cells // years
    return a, max(b, a + 1)


def _year_ticks(first: int, last: int, cells: int) -> str:
    """Year labels, each at the start of its run of cells; every k-th year when they do not all fit,
    the last one always."""
    ticks = [" "] * cells
    years = list(range(first, last + 1))
    step = 1
    while len(years[::step]) * 5 > cells + 1 and step < len(years):
        step += 1
    chosen = years[::step]
    if chosen[-1] != last:
        chosen[-1] = last
    taken: list[tuple[int, int]] = []
    for year in [chosen[-1], *chosen[:-1]]:
        a, b = _bucket(year, first, last, cells)
        at = min(a + max(0, (b - a - 4) // 2), cells - 4)  # centred in its run when it fits
        if at < 0 or any(at <= hi + 1 and lo <= at + 4 for lo, hi in taken):
            continue
        ticks[at:at + 4] = list(str(year))
        taken.append((at, at + 3))
    return "".join(ticks[:cells])


def _streak_row(p: Point, first: int, last: int, cells: int) -> str:
    row = [" "] * cells
    glyph = "#" if p.conflicts else "="
    if p.year is not None and p.first_year is not None:
        a = _bucket(max(p.first_year, first), first, last, cells)[0]
        b = _bucket(min(p.year, last), first, last, cells)[1]
        for at in range(a, b):
            row[at] = glyph
    return "".join(row)


def _value_ticks(series: Series, cells: int) -> str:
    assert series.low is not None and series.high is not None
    left, right = short(series.low), short(series.high)
    if series.low == series.high or len(left) + len(right) + 1 > cells:
        return _fit(left, cells)
    return left + " " * (cells - len(left) - len(right)) + right


def _value_row(p: Point, series: Series, cells: int) -> str:
    row = [" "] * cells
    if series.low is None or series.high is None or p.number is None or p.year is None:
        return "".join(row)
    col = _scale(float(series.low), float(series.high), cells)
    lo = 0 if p.low is None else col(float(p.low))
    hi = cells - 1 if p.high is None else col(float(p.high))
    if hi > lo:
        for at in range(lo, hi + 1):
            row[at] = "-"
        row[lo] = "<" if p.low is None else "["
        row[hi] = ">" if p.high is None else "]"
    row[col(float(p.number))] = "X" if p.conflicts else "o"
    return "".join(row)


def _year_cell(p: Point) -> str:
    return f"{p.year} " if p.year is not None else "  —  "


def chart_lines(timeline: Timeline, width: int = 80) -> list[Line]:
    """The chart, line by line (pieces with their rich style), at most ``width`` cells wide."""
    cells = _axis_width(width)
    lines: list[Line] = [[("timeline ", "bold"), (_fit(one_line(timeline.title), width - 9).rstrip(), "bold")]]
    if timeline.selection:
        lines.append([(_fit(f"of {one_line(timeline.selection)}", width).rstrip(), "dim")])
    if not any(s.points for s in timeline.series):
        lines.append([("no statement of this fact in the registry", "")])
        return lines
    numbers = {fp: n for n, fp in enumerate((m.fingerprint for m in timeline.findings), 1)}
    for series in timeline.series:
        streak = series.kind == "streak" and any(p.span == "streak" for p in series.points)
        lines.append([])
        what = "years each streak covers" if streak else "value; [..] the range an approximation allows"
        lines.append([(_fit(f"{series.kind} ({series.unit or 'no unit'}): {what}", width).rstrip(), "bold")])
        pad = " " * (5 + LABEL + 1 + 2)
        if streak and timeline.first_year is not None and timeline.last_year is not None:
            ticks = _year_ticks(timeline.first_year, timeline.last_year, cells)
        elif series.low is not None:
            ticks = _value_ticks(series, cells)
        else:
            ticks = ""
        lines.append([(f"{'year':<5}{_fit('article', LABEL)} {'  '}", "dim"), (f" {ticks}", "dim")])
        for p in series.points:
            if streak and timeline.first_year is not None and timeline.last_year is not None:
                plot = _streak_row(p, timeline.first_year, timeline.last_year, cells)
            else:
                plot = _value_row(p, series, cells)
            refs = ",".join(str(numbers[fp]) for fp in p.conflicts if fp in numbers)
            value = p.label + (f" {p.years}" if p.span != "year" else "")
            if p.allows:
                value += f" ({p.allows})"
            if len(p.uids) > 1:
                value += f" ×{len(p.uids)}"
            if refs:
                value += f" !{refs}"
            style = CONFLICT if p.conflicts else ""
            lines.append([(_year_cell(p), ""), (_fit(one_line(p.article), LABEL) + " ", ""),
                          ("! " if p.conflicts else "  ", style), ("|", "dim"), (plot, style), ("|", "dim"),
                          (" " + _fit(one_line(value), _value_width(width)).rstrip(), style)])
        lines.append([(pad + "+" + "-" * cells + "+", "dim")])
    lines.append([])
    legend = "o = value, X conflicting" if not all(s.kind == "streak" for s in timeline.series) else ""
    legend = "; ".join(x for x in ("= years of a streak, # conflicting" if any(s.kind == "streak" for s in timeline.series)
                                   else "", legend) if x)
    for part in _wrap(f"{legend}; ! marks a point named by a finding:", width, ""):
        lines.append([(part, "dim")])
    for m in timeline.findings:
        status = f" ({m.status})" if m.status != "new" else ""
        text = f" !{numbers[m.fingerprint]} {m.fingerprint} {m.rule} {m.severity}{status}: {one_line(m.message)}"
        for part in _wrap(text, width, "     "):
            lines.append([(part, CONFLICT if m.status == "new" else "")])
    if not timeline.findings:
        lines.append([(" none", "")])
    if timeline.undated:
        lines.append([(f"{timeline.undated} point(s) without a year are listed last", "dim")])
    if timeline.omitted:
        lines.append([(f"{timeline.omitted} older statement(s) not shown", "dim")])
    return lines


def write_chart(timeline: Timeline, out: TextIO, *, width: int = 80, color: bool = False) -> None:
    lines = chart_lines(timeline, width)
    if not color:
        out.write("".join("".join(text for text, _ in line).rstrip() + "\n" for line in lines))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, force_terminal=True, width=width, highlight=False, soft_wrap=False,
                      emoji=False, markup=False)
    for line in lines:
        text = Text(no_wrap=True, overflow="crop")
        for piece, style in line:
            text.append(piece, style=style or None)
        console.print(text)


TABLE_COLUMNS = ("year", "years", "article", "value", "unit", "kind", "approx", "allows", "conflicts", "claims",
                 "metric")


def write_table(timeline: Timeline, out: TextIO) -> None:
    """One point per line, tab-separated with a header: what the chart shows, for a pipe."""
    out.write("\t".join(TABLE_COLUMNS) + "\n")
    for series in timeline.series:
        for p in series.points:
            value = p.value if not isinstance(p.value, Decimal) else _plain(p.value)
            row = ("" if p.year is None else str(p.year), p.years, p.article, value, p.unit, p.kind, p.approx,
                   p.allows, ",".join(p.conflicts) or "-", ",".join(p.uids), p.metric)
            out.write("\t".join(one_line(str(cell)).replace("\t", " ") for cell in row) + "\n")


def _plain(value: Decimal) -> str:
    from ..checks.arith import fmt

    return fmt(value)


def write_json(timeline: Timeline, out: TextIO) -> None:
    data: Any = timeline_json(timeline)
    out.write(dumps(data, indent=2) + "\n")
