"""Rendering claims (grep, extract --dry-run) and verify problems: rich text or JSON."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO, final

from ..jsonio import dumps, json_number, needs_escape
from ..models import Article, Claim, Value
from .text import safe

if TYPE_CHECKING:
    from ..core import Problem
    from ..extract import Row


def claim_json(claim: Claim, *, file: str | None = None) -> dict[str, Any]:
    """The JSON shape of a claim that scripts rely on."""
    return _claim_dict(claim.id, claim.article, file if file is not None else claim.file, claim.start, claim.end,
                       claim.line, claim.col, claim.text, claim.value, claim.unit, claim.kind, claim.approx,
                       claim.entity, claim.metric, claim.period, claim.quote, claim.link, claim.note)


def _claim_dict(cid: str, article: str, file: str, start: int, end: int, line: int, col: int, text: str,
                value: Value, unit: str, kind: str, approx: str, entity: str, metric: str, period: str, quote: str,
                link: str | None, note: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": cid,
        "uid": f"{article}#{cid}",
        "article": article,
        "file": file,
        "start": start,
        "end": end,
        "line": line,
        "column": col,
        "text": text,
        "value": value,
        "unit": unit,
        "kind": kind,
        "approx": approx,
        "entity": entity,
        "metric": metric,
        "period": period,
        "quote": quote,
    }
    if link:
        out["link"] = link
    if note:
        out["note"] = note
    return out


def _value_texts(value: Value) -> tuple[str, str]:
    """A claim's value as the text an escape check reads, and as JSON: a string quoted, a number as the
    encoder writes it (json writes floats and ints by repr; see ``json_number``)."""
    if not isinstance(value, str):
        shown = str(value)
        if _written_as_is(shown):
            return shown, shown
    number = value if isinstance(value, str) else json_number(value)
    if isinstance(number, str):
        return number, f'"{number}"'
    shown = repr(number)
    return shown, shown


def _written_as_is(text: str) -> bool:
    """Whether a Decimal printed as ``text`` (``str``) is what ``json_number`` writes: digits alone (an
    integer, exponent 0), or digits, a point and digits not ending in 0, at most 15 of them (a double
    keeps them all, and repr prints no shorter text for them), not below 0.0001 (repr turns to 1e-05)."""
    if text.isdigit():
        return True
    whole, point, fraction = text.partition(".")
    return bool(point) and whole.isdigit() and fraction.isdigit() and not fraction.endswith("0") \
        and len(whole) + len(fraction) <= 15 and not (whole == "0" and fraction.startswith("0000"))


def claim_json_line(claim: Claim) -> str:
    """``dumps(claim_json(claim))``, written directly when no string needs escaping (the usual case):
    the JSON encoder's dictionary walk and Decimal hook cost more than the rest of the line."""
    return _claim_json_line(claim, not needs_escape(claim.quote))


def _claim_json_line(claim: Claim, quote_is_plain: bool) -> str:
    """`claim_json_line`, told whether the claim's quote needs no escaping (the figures of a sentence share
    their quote: `write_claims_json` checks it once)."""
    cid, article, file, link, note = claim.id, claim.article, claim.file, claim.link, claim.note
    ids_plain = quote_is_plain and not needs_escape("".join((cid, article, file, link or "", note or "")))
    return _json_line(cid, article, file, _Heads(article, file), claim.start, claim.end, claim.line, claim.col,
                      claim.text, claim.value, claim.unit, claim.kind, claim.approx, claim.entity, claim.metric,
                      claim.period, claim.quote, link, note, ids_plain)


@final
class _Heads:
    """The parts of a claim's JSON line that only its article and file fill in, made once per article."""

    __slots__ = ("uid", "file")

    uid: str
    file: str

    def __init__(self, article: str, file: str) -> None:
        self.uid = f'", "uid": "{article}#'
        self.file = f'", "article": "{article}", "file": "{file}", "start": '


def _json_line(cid: str, article: str, file: str, heads: _Heads, start: int, end: int, line: int, col: int,
               text: str, value: Value, unit: str, kind: str, approx: str, entity: str, metric: str, period: str,
               quote: str, link: str | None, note: str | None, ids_plain: bool) -> str:
    """``dumps(claim_json(…))`` of a claim's fields; ``ids_plain``: neither the quote nor the id, article,
    file, link or note needs escaping (the caller knows)."""
    raw, shown = _value_texts(value)
    if not ids_plain or needs_escape(text) or needs_escape(unit) or needs_escape(kind) or needs_escape(approx) \
            or needs_escape(entity) or needs_escape(metric) or needs_escape(period) or needs_escape(raw):
        return dumps(_claim_dict(cid, article, file, start, end, line, col, text, value, unit, kind, approx,
                                 entity, metric, period, quote, link, note))
    extra = ""
    if link:
        extra = f', "link": "{link}"'
    if note:
        extra += f', "note": "{note}"'
    return (f'{{"id": "{cid}{heads.uid}{cid}{heads.file}{start}, "end": {end}, "line": {line}, '
            f'"column": {col}, "text": "{text}", "value": {shown}, "unit": "{unit}", '
            f'"kind": "{kind}", "approx": "{approx}", "entity": "{entity}", '
            f'"metric": "{metric}", "period": "{period}", "quote": "{quote}"{extra}}}')


def claim_ref_line(claim: Claim, line: int, col: int) -> str | None:
    """``dumps`` of a claim as a report cites it (``render.json_.claim_ref``), written directly; None
    when a string needs escaping (the caller then uses the encoder)."""
    raw, shown = _value_texts(claim.value)
    if needs_escape("".join((claim.article, claim.id, claim.file, claim.text, claim.unit, claim.kind, claim.approx,
                             claim.entity, claim.metric, claim.period, raw))):
        return None
    return (f'{{"id": "{claim.article}#{claim.id}", "file": "{claim.file}", "start": {claim.start}, '
            f'"end": {claim.end}, "line": {line}, "column": {col}, "text": "{claim.text}", "value": {shown}, '
            f'"unit": "{claim.unit}", "kind": "{claim.kind}", "approx": "{claim.approx}", '
            f'"entity": "{claim.entity}", "metric": "{claim.metric}", "period": "{claim.period}"}}')


def write_claims_json(claims: Iterable[Claim], out: TextIO) -> None:
    """A JSON array of claims, one per line (``jsonio.dumps_lines`` of ``claim_json``)."""
    lines: list[str] = []
    _add_claim_lines(claims, lines)
    _write_lines(lines, out)


def write_extraction_json(extracted: Iterable[tuple[Article, list[Row] | None, list[Claim]]], out: TextIO) -> None:
    """``write_claims_json`` of the claims of each article (`extract.extraction_rows`), in order, written from
    the extraction's Rows: the Claims (a Python-level ``__init__`` each, then attribute lookups) would cost
    more than the lines (``extract --dry-run --format json``)."""
    lines: list[str] = []
    for article, rows, claims in extracted:
        if rows is None:  # a mirror page: its claims' spans are mapped back onto its text
            _add_claim_lines(claims, lines)
            continue
        # the ids and links (c12) need no escaping; the article's id and file are checked once
        aid, path = article.id, article.path  # (an Article's fields are attribute lookups: read once)
        heads = _Heads(aid, path)
        names_plain = not needs_escape(aid + path)
        quote: str | None = None
        ids_plain = False
        for row in rows:
            if row.quote is not quote:  # see _add_claim_lines
                quote = row.quote
                ids_plain = names_plain and not needs_escape(quote)
            fig = row.fig
            lines.append(_json_line(row.cid, aid, path, heads, fig.start, fig.end, row.line, row.col,
                                    fig.text, fig.value, fig.unit, fig.kind, fig.approx, row.entity, row.metric,
                                    row.period, row.quote, row.link, None, ids_plain))
    _write_lines(lines, out)


def _add_claim_lines(claims: Iterable[Claim], lines: list[str]) -> None:
    quote: str | None = None
    quote_is_plain = False
    for claim in claims:
        if claim.quote is not quote:  # the same string as the last claim's: already checked
            quote = claim.quote
            quote_is_plain = not needs_escape(quote)
        lines.append(_claim_json_line(claim, quote_is_plain))


def _write_lines(lines: list[str], out: TextIO) -> None:
    if not lines:
        out.write("[]\n")
        return
    # three writes, not one string: concatenating the article's lines with the brackets copied it again
    out.write("[\n  ")
    out.write(",\n  ".join(lines))
    out.write("\n]\n")


def write_claims_rich(claims: Sequence[Claim], out: TextIO, *, color: bool, width: int | None = None) -> None:
    """Each claim as ``file:line:col  kind value unit  entity · metric · period`` and its sentence."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, force_terminal=color, no_color=not color, width=width or 120,
                      highlight=False, soft_wrap=True)
    for claim in claims:
        head = Text()
        head.append(f"{claim.file}:{claim.line}:{claim.col}", style="bold")
        head.append(f"  {claim.article}#{claim.id}  ", style="dim")
        head.append(f"{claim.kind}", style="cyan")
        head.append(f" {safe(figure_with_unit(claim))}", style="bold green")
        if safe(str(claim.value)) != safe(claim.text):
            head.append(f" (= {safe(str(claim.value))})", style="green")
        if claim.approx != "exact":
            head.append(f" ({claim.approx})", style="yellow")
        head.append(f"  {safe(claim.entity)} · {safe(claim.metric) or '—'} · {safe(claim.period) or '—'}")
        console.print(head)
        console.print(highlight_in_quote(claim))
    console.print(Text(f"{len(claims)} claim(s)", style="dim"))


def figure_with_unit(claim: Claim) -> str:
    """The figure as printed and its unit, the unit once: 58.8万件, 36.3% (not 36.3%%), 3倍 (`Claim.printed`)."""
    return claim.printed


def highlight_in_quote(claim: Claim) -> Any:
    """The claim's sentence with the figure highlighted (rich Text, markup never interpreted)."""
    from rich.text import Text

    quote = safe(claim.quote)
    figure = safe(claim.text)
    line = Text("    ")
    index = quote.find(figure) if figure else -1
    if index < 0:
        line.append(quote)
        return line
    line.append(quote[:index])
    line.append(figure, style="bold reverse")
    line.append(quote[index + len(figure):])
    return line


def write_problems(problems: Sequence[Problem], total: int, out: TextIO, *, color: bool) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, force_terminal=color, no_color=not color, highlight=False, soft_wrap=True)
    for p in problems:
        where = f"{p.file}:{p.line}" if p.line else p.file
        line = Text()
        line.append(safe(where), style="bold")
        line.append(": ")
        line.append(safe(p.message))
        console.print(line)
    if problems:
        console.print(Text(f"{len(problems)} problem(s) in a registry of {total} claims", style="bold red"))
    else:
        console.print(Text(f"registry OK: {total} claims, every figure recorded and every quote in place",
                            style="bold green"))


def problems_json(problems: Sequence[Problem], total: int) -> str:
    return dumps({
        "ok": not problems,
        "claims": total,
        "problems": [{"file": p.file, "line": p.line, "article": p.article, "message": p.message} for p in problems],
    }, indent=2)
