"""Rendering claims (grep, extract --dry-run) and verify problems: rich text or JSON."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ..jsonio import dumps, json_number, needs_escape
from ..models import Claim, Value
from .text import safe

if TYPE_CHECKING:
    from ..core import Problem


def claim_json(claim: Claim, *, file: str | None = None) -> dict[str, Any]:
    """The JSON shape of a claim that scripts rely on."""
    out: dict[str, Any] = {
        "id": claim.id,
        "uid": claim.uid,
        "article": claim.article,
        "file": file if file is not None else claim.file,
        "start": claim.start,
        "end": claim.end,
        "line": claim.line,
        "column": claim.col,
        "text": claim.text,
        "value": claim.value,
        "unit": claim.unit,
        "kind": claim.kind,
        "approx": claim.approx,
        "entity": claim.entity,
        "metric": claim.metric,
        "period": claim.period,
        "quote": claim.quote,
    }
    if claim.link:
        out["link"] = claim.link
    if claim.note:
        out["note"] = claim.note
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
    # each field read once (an attribute of a Claim is a lookup through its class, not a load)
    link, note = claim.link, claim.note
    article, cid, file, text, unit = claim.article, claim.id, claim.file, claim.text, claim.unit
    kind, approx, entity, metric, period = claim.kind, claim.approx, claim.entity, claim.metric, claim.period
    raw, shown = _value_texts(claim.value)
    if not quote_is_plain or needs_escape("".join((cid, article, file, text, unit, kind, approx, entity, metric,
                                                   period, link or "", note or "", raw))):
        return dumps(claim_json(claim))
    extra = ""
    if link:
        extra = f', "link": "{link}"'
    if note:
        extra += f', "note": "{note}"'
    return (f'{{"id": "{cid}", "uid": "{article}#{cid}", "article": "{article}", '
            f'"file": "{file}", "start": {claim.start}, "end": {claim.end}, "line": {claim.line}, '
            f'"column": {claim.col}, "text": "{text}", "value": {shown}, "unit": "{unit}", '
            f'"kind": "{kind}", "approx": "{approx}", "entity": "{entity}", '
            f'"metric": "{metric}", "period": "{period}", "quote": "{claim.quote}"{extra}}}')


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
    quote: str | None = None
    quote_is_plain = False
    for claim in claims:
        if claim.quote is not quote:  # the same string as the last claim's: already checked
            quote = claim.quote
            quote_is_plain = not needs_escape(quote)
        lines.append(_claim_json_line(claim, quote_is_plain))
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
    """The figure as printed and its unit, the unit once: 58.8万件, 36.3% (not 36.3%%), 3倍."""
    if not claim.unit or claim.text.endswith(claim.unit):
        return claim.text
    return claim.text + claim.unit


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
