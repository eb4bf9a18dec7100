"""``--format html``: one self-contained page for an editor: the summary, every finding with its claims'
sentences side by side and the figures marked, the reasoning, and the timeline of the fact.

Everything is inline (CSS, SVG charts written here, a little script), so the file works offline and
as a mail attachment. Without the script the page shows every finding; the script adds the filters by
rule, severity and status (preset by the address: ``report.html?severity=error&rule=FC101,FC202``),
and records its own errors in the page (``#script-errors``), where a
headless browser test reads them. Severity and conflicts are written out in words and shapes, so the
page reads without colour and prints (print CSS) in black and white. All article text is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import PurePath
from typing import TextIO

from ..models import Claim, Finding, Report
from ..timeline import Point, Series, Timeline, short
from .context import RenderContext, position, shown
from .json_ import summary
from .text import safe

STATUS_WORDS = {"new": "new", "baselined": "baselined (accepted in the baseline file)",
                "suppressed": "suppressed (accepted in the registry)"}


def _e(text: object) -> str:
    return escape(safe(str(text)), quote=True)


CSS = """
:root{--ink:#1b1b1b;--muted:#5b5b5b;--line:#c8c8c8;--error:#b00020;--warning:#8a5a00;--info:#1f4e9c;
--bg:#fff;--soft:#f4f4f4;--mark:#ffe08a}
*{box-sizing:border-box}
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Noto Sans SC","PingFang SC",
"Microsoft YaHei",sans-serif;color:var(--ink);background:var(--bg);margin:0 auto;max-width:1100px;padding:1.2rem}
h1{font-size:1.5rem;margin:.2rem 0 .8rem}h2{font-size:1.15rem;margin:0}h3{font-size:1rem;margin:1rem 0 .4rem}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.88em}
table.summary{border-collapse:collapse;margin:.4rem 0 1rem}
table.summary th{text-align:left;padding:.15rem 1.2rem .15rem 0;font-weight:600}
table.summary td{padding:.15rem 0}
#filters{border:1px solid var(--line);padding:.5rem .8rem;margin:0 0 1rem;border-radius:6px}
#filters fieldset{border:0;display:inline-block;margin:0 1.2rem 0 0;padding:0}
#filters legend{font-weight:600;padding:0}
#filters label{margin-right:.7rem;white-space:nowrap}
.finding{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:6px;padding:.8rem 1rem;
margin:0 0 1.2rem;break-inside:avoid-page}
.finding.sev-error{border-left-color:var(--error)}.finding.sev-warning{border-left-color:var(--warning)}
.finding.sev-info{border-left-color:var(--info)}
.finding.status-baselined,.finding.status-suppressed{border-left-style:dashed;background:var(--soft)}
.badge{display:inline-block;font-size:.78rem;font-weight:700;letter-spacing:.04em;text-transform:uppercase;
border:1.5px solid currentColor;border-radius:4px;padding:0 .35rem;margin-right:.4rem;vertical-align:1px}
.badge.error{color:var(--error)}.badge.warning{color:var(--warning)}.badge.info{color:var(--info)}
.badge.status{color:var(--muted);border-style:dashed}
.meta{color:var(--muted);font-size:.85rem;margin:.2rem 0 .6rem}
.claims{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:.7rem}
.claim{margin:0;border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem;background:var(--bg)}
.claim figcaption{font-size:.8rem;color:var(--muted);margin-bottom:.3rem;overflow-wrap:anywhere}
.claim blockquote{margin:0;font-size:1rem}
.claim mark{background:var(--mark);color:inherit;font-weight:700;text-decoration:underline 2px;
text-underline-offset:3px;padding:0 .1em}
.claim .fields{font-size:.82rem;color:var(--muted);margin-top:.35rem}
.reasoning{margin:.7rem 0 0}.reasoning dt{font-weight:600;float:left;margin-right:.4rem}
.reasoning dd{margin:0 0 .25rem}
.timeline svg{width:100%;height:auto;max-width:900px;display:block;margin:.2rem 0}
.timeline table{border-collapse:collapse;font-size:.82rem;margin:.3rem 0}
.timeline th,.timeline td{border-bottom:1px solid var(--line);padding:.12rem .5rem .12rem 0;text-align:left;
vertical-align:top}
.conflict-word{font-weight:700}
#script-errors:empty{display:none}
#script-errors{border:2px solid var(--error);padding:.5rem 1.5rem}
.empty{color:var(--muted)}
footer{color:var(--muted);font-size:.8rem;margin-top:2rem}
@media print{
body{max-width:none;padding:0;font-size:11pt}#filters,.noprint{display:none!important}
.finding{border-left-width:4px;page-break-inside:avoid}
.claim mark{background:none;outline:1.5px solid #000}
a{color:inherit;text-decoration:none}}
"""

# Runs first: every later error is written into the page, where a test (or a reader) sees it.
ERRORS_JS = """
(function(){var n=0;function note(t){n++;document.documentElement.setAttribute('data-script-errors',String(n));
var l=document.getElementById('script-errors');if(l){var i=document.createElement('li');i.className='script-error';
i.textContent=t;l.appendChild(i);}else{window.__pending=(window.__pending||[]).concat([t]);}}
window.onerror=function(m,s,line,col){note(String(m)+' ('+line+':'+col+')');return false;};
window.addEventListener('unhandledrejection',function(e){note('unhandled rejection: '+String(e.reason));});
window.__note=note;})();
"""

FILTER_JS = """
(function(){
var form=document.getElementById('filters');var items=[].slice.call(document.querySelectorAll('.finding'));
(window.__pending||[]).forEach(function(t){window.__note(t);});
function checked(name){return [].slice.call(form.querySelectorAll('input[name="'+name+'"]:checked'))
.map(function(i){return i.value;});}
function apply(){var rules=checked('rule'),sev=checked('severity'),st=checked('status'),shown=0;
items.forEach(function(f){var on=rules.indexOf(f.dataset.rule)>=0&&sev.indexOf(f.dataset.severity)>=0&&
st.indexOf(f.dataset.status)>=0;f.hidden=!on;if(on)shown++;});
document.getElementById('shown-count').textContent=shown+' of '+items.length+' finding(s) shown';}
var q=new URLSearchParams(location.search);
['rule','severity','status'].forEach(function(name){var want=q.get(name);if(want===null)return;var set=want.split(',');
[].slice.call(form.querySelectorAll('input[name="'+name+'"]')).forEach(function(i){i.checked=set.indexOf(i.value)>=0;});});
form.hidden=false;form.addEventListener('change',apply);apply();
document.documentElement.setAttribute('data-ready','1');
})();
"""


def render(report: Report, out: TextIO, ctx: RenderContext) -> None:
    findings = shown(report, ctx)
    timelines = ctx.timelines
    w = out.write
    w('<!DOCTYPE html>\n<html lang="zh" data-script-errors="0">\n<head>\n<meta charset="utf-8">\n'
      '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
      '<meta name="generator" content="factcheck ' + _e(ctx.tool_version) + '">\n'
      '<title>factcheck report: ' + _e(_counts(findings)) + '</title>\n<style>' + CSS + '</style>\n<script>' + ERRORS_JS + '</script>\n</head>\n<body>\n')
    w('<ul id="script-errors" aria-label="script errors"></ul>\n')
    w('<header>\n<h1>factcheck report</h1>\n')
    _summary(report, findings, w)
    w('</header>\n')
    _filters(findings, w)
    w('<main>\n')
    if not findings:
        w('<p class="empty">No findings: every figure compared agrees.</p>\n')
    for n, finding in enumerate(findings, 1):
        _finding(n, finding, ctx, timelines.get(finding.fingerprint), w)
    w('</main>\n')
    notes = [f"stale baseline entry: {item} matches no finding any more" for item in report.stale_baseline]
    notes += [f"stale suppression: {item}" for item in report.stale_suppressions]
    if notes:
        w('<section class="notes"><h2>Notes</h2><ul>' + "".join(f"<li>{_e(x)}</li>" for x in notes) + '</ul></section>\n')
    where = PurePath(report.root).name or report.root  # the workspace's name, not where it sits on a disk
    w('<footer>Written by factcheck ' + _e(ctx.tool_version) + ' from the registry of <code>' + _e(where)
      + '</code>. Self-contained: no network is used to view this page.</footer>\n')
    w('<script>' + FILTER_JS + '</script>\n</body>\n</html>\n')


def _counts(findings: list[Finding]) -> str:
    new = sum(1 for f in findings if f.status == "new")
    return f"{len(findings)} finding(s), {new} new"


def _summary(report: Report, findings: list[Finding], w) -> None:  # type: ignore[no-untyped-def]
    s = summary(report)
    sev = ", ".join(f"{n} {k}" for k, n in sorted(s["by_severity"].items())) or "none"
    rows = [("articles", s["articles"]), ("claims", s["claims"]), ("groups compared", s["groups"]),
            ("findings", f"{s['findings']} ({sev})"),
            ("by rule", ", ".join(f"{k} {n}" for k, n in s["by_rule"].items()) or "—"),
            ("new", s["new"]), ("accepted", f"{s['baselined']} baselined, {s['suppressed']} suppressed"),
            ("consistent", f"{s['consistent']} restatements agree")]
    if len(findings) < len(report.findings):
        rows.append(("hidden", f"{len(report.findings) - len(findings)} below the display level"))
    w('<table class="summary">' + "".join(f"<tr><th scope=\"row\">{_e(a)}</th><td>{_e(b)}</td></tr>"
                                          for a, b in rows) + '</table>\n')


def _filters(findings: list[Finding], w) -> None:  # type: ignore[no-untyped-def]
    """The filter form, hidden until the script shows it (without the script every finding shows)."""
    def boxes(name: str, values: Iterable[str]) -> str:
        return "".join(f'<label><input type="checkbox" name="{name}" value="{_e(v)}" checked> {_e(v)}</label>'
                       for v in values)

    rules = sorted({f.rule for f in findings})
    sevs = [s for s in ("error", "warning", "info") if any(f.severity == s for f in findings)]
    sevs += sorted({f.severity for f in findings} - set(sevs))
    statuses = [s for s in ("new", "baselined", "suppressed") if any(f.status == s for f in findings)]
    w('<form id="filters" hidden>\n<fieldset><legend>Rule</legend>' + boxes("rule", rules) + '</fieldset>\n'
      '<fieldset><legend>Severity</legend>' + boxes("severity", sevs) + '</fieldset>\n'
      '<fieldset><legend>Status</legend>' + boxes("status", statuses) + '</fieldset>\n'
      '<p id="shown-count" aria-live="polite"></p>\n</form>\n')


def _finding(n: int, f: Finding, ctx: RenderContext, timeline: Timeline | None, w) -> None:  # type: ignore[no-untyped-def]
    w(f'<section class="finding sev-{_e(f.severity)} status-{_e(f.status)}" id="finding-{_e(f.fingerprint)}" '
      f'data-rule="{_e(f.rule)}" data-severity="{_e(f.severity)}" data-status="{_e(f.status)}" '
      f'data-fingerprint="{_e(f.fingerprint)}">\n')
    status = "" if f.status == "new" else f'<span class="badge status">{_e(STATUS_WORDS.get(f.status, f.status))}</span>'
    w(f'<h2><span class="badge {_e(f.severity)}">{_e(f.severity)}</span>{status}{_e(f.message)}</h2>\n')
    w(f'<p class="meta">#{n} · <strong>{_e(f.rule)}</strong> {_e(f.name)} · fingerprint '
      f'<code>{_e(f.fingerprint)}</code> · {len(f.claims)} claim(s)</p>\n')
    w('<div class="claims">\n')
    for claim in f.claims:
        _claim(claim, f, ctx, w)
    w('</div>\n<dl class="reasoning">')
    w(f'<dt>Reasoning:</dt><dd>{_e(f.reasoning)}</dd>')
    if f.help:
        w(f'<dt>Help:</dt><dd>{_e(f.help)}</dd>')
    reasons = [f"{c.uid}: {reason}" for c in f.claims for code, reason in c.accept
               if code == f.rule or code.startswith(f.rule + ":")]
    if reasons:
        w('<dt>Accepted because:</dt><dd>' + "<br>".join(_e(r) for r in reasons) + '</dd>')
    w('</dl>\n')
    if timeline is not None:
        _timeline(timeline, w)
    w('</section>\n')


def _claim(claim: Claim, f: Finding, ctx: RenderContext, w) -> None:  # type: ignore[no-untyped-def]
    line_no, col, source = position(claim, ctx)
    start = col - 1
    end = start + (claim.end - claim.start)
    if end > len(source) or source[start:end] != claim.text:
        source = claim.quote
        start = max(source.find(claim.text), 0)
        end = start + len(claim.text)
    lo, hi = max(0, start - 90), min(len(source), end + 90)
    before = ("…" if lo > 0 else "") + source[lo:start].lstrip()
    after = source[end:hi].rstrip() + ("…" if hi < len(source) else "")
    about = f"{claim.kind} {claim.value}{claim.unit}" + (f" ({claim.approx})" if claim.approx != "exact" else "")
    about += f" · {claim.entity or '—'} · {claim.metric or '—'} · {claim.period or '—'}"
    published = f" · published {claim.published}" if claim.published else ""
    w(f'<figure class="claim" data-claim="{_e(claim.uid)}"><figcaption><code>{_e(claim.file)}:{line_no}:{col}</code> · '
      f'<code>{_e(claim.uid)}</code>{_e(published)}</figcaption>\n'
      f'<blockquote>{_e(before)}<mark title="the figure">{_e(source[start:end])}</mark>{_e(after)}</blockquote>\n'
      f'<div class="fields">{_e(about)}</div></figure>\n')


# ---------------------------------------------------------------- the timeline as SVG

W, LEFT, RIGHT, ROW, TOP = 880, 250, 200, 26, 34


def _timeline(t: Timeline, w) -> None:  # type: ignore[no-untyped-def]
    w('<div class="timeline"><h3>Timeline: ' + _e(t.title) + '</h3>\n')
    if not any(s.points for s in t.series):
        w('<p class="empty">No dated statement of this fact.</p></div>\n')
        return
    for series in t.series:
        if series.kind == "streak" and any(p.span == "streak" for p in series.points):
            _streak_svg(t, series, w)
        else:
            _value_svg(t, series, w)
        _points_table(t, series, w)
    if t.omitted:
        w(f'<p class="meta">{t.omitted} older statement(s) not shown.</p>')
    w('</div>\n')


def _x(t: Timeline, year: float) -> float:
    first = t.first_year or 0
    last = t.last_year or first
    span = max(last - first + 1, 1)
    return LEFT + (year - first) * (W - LEFT - RIGHT) / span


def _year_axis(t: Timeline, y: float) -> str:
    if t.first_year is None or t.last_year is None:
        return ""
    years = t.last_year - t.first_year + 1
    step = max(1, -(-years // 12))
    parts = [f'<line x1="{LEFT}" y1="{y}" x2="{W - RIGHT}" y2="{y}" stroke="#555"/>']
    for year in range(t.first_year, t.last_year + 2):
        x = _x(t, year)
        parts.append(f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 4}" stroke="#555"/>')
        if (year - t.first_year) % step == 0 and year <= t.last_year:
            parts.append(f'<text x="{_x(t, year + 0.5):.1f}" y="{y + 16}" font-size="11" text-anchor="middle">{year}</text>')
    return "".join(parts)


DEFS = ('<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b00020" stroke-width="3"/>'
        '</pattern></defs>')


def _svg_open(height: float, label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height:.0f}" role="img" '
            f'aria-label="{_e(label)}" font-family="system-ui, sans-serif">{DEFS}')


def _row_label(p: Point) -> str:
    return _short_id(p.article) + (f" ({p.published})" if p.published else "")


def _streak_svg(t: Timeline, s: Series, w) -> None:  # type: ignore[no-untyped-def]
    height = TOP + ROW * len(s.points) + 30
    parts = [_svg_open(height, f"{t.title}: the years each streak covers, one row per article")]
    parts.append(f'<text x="0" y="16" font-size="12" font-weight="600">{_e(s.kind)} ({_e(s.unit)}): the years '
                 'each streak covers; hatched = named by the finding</text>')
    for i, p in enumerate(s.points):
        y = TOP + i * ROW
        parts.append(f'<text x="{LEFT - 8}" y="{y + 15}" font-size="11" text-anchor="end">{_e(_row_label(p))}</text>')
        if p.year is not None and p.first_year is not None:
            x0, x1 = _x(t, p.first_year), _x(t, p.year + 1)
            fill = 'url(#hatch)' if p.conflicts else '#7aa6d8'
            stroke = '#b00020' if p.conflicts else '#2b5d99'
            parts.append(f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(x1 - x0, 2):.1f}" height="{ROW - 9}" '
                         f'fill="{fill}" stroke="{stroke}" stroke-width="1.5" rx="2">'
                         f'<title>{_e(p.label)} {_e(p.years)} · {_e(p.article)}</title></rect>')
        word = " ✗ conflict" if p.conflicts else ""
        parts.append(f'<text x="{W - RIGHT + 8}" y="{y + 15}" font-size="12" font-weight="{700 if p.conflicts else 400}">'
                     f'{_e(p.label)} {_e(p.years)}{word}</text>')
    parts.append(_year_axis(t, TOP + ROW * len(s.points) + 2))
    parts.append('</svg>')
    w("".join(parts) + "\n")


def _value_svg(t: Timeline, s: Series, w) -> None:  # type: ignore[no-untyped-def]
    points = [p for p in s.points if p.year is not None and p.number is not None]
    plot_h = 150 if len({p.number for p in points}) > 1 else 60  # one value: a short plot
    height = TOP + plot_h + 30 + 0
    parts = [_svg_open(height, f"{t.title}: each article's value by the year it reports on")]
    parts.append(f'<text x="0" y="16" font-size="12" font-weight="600">{_e(s.kind)} ({_e(s.unit or "no unit")}) '
                 'by year; ✗ = named by the finding, ● = agrees; bars: the range an approximation allows</text>')
    lo, hi = s.low, s.high
    if not points or lo is None or hi is None:
        parts.append(f'<text x="{LEFT}" y="{TOP + 40}" font-size="12">no dated numeric value to plot</text></svg>')
        w("".join(parts) + "\n")
        return
    flo, fhi = float(lo), float(hi)
    if fhi <= flo:
        flo, fhi = flo - 1, fhi + 1

    def y_of(v: float) -> float:
        return TOP + 8 + (fhi - v) * (plot_h - 16) / (fhi - flo)

    base = TOP + plot_h
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}" stroke="#555"/>')
    for v in (hi, lo):
        parts.append(f'<text x="{LEFT - 6}" y="{y_of(float(v)) + 4:.1f}" font-size="11" text-anchor="end">'
                     f'{_e(short(v))}{_e(s.unit)}</text>')
    for p in points:
        assert p.year is not None and p.number is not None
        cx = _x(t, p.year + 0.5)
        cy = y_of(float(p.number))
        colour = '#b00020' if p.conflicts else '#2b5d99'
        if p.first_year is not None and p.first_year < p.year:  # a multi-year period: a line over its years
            parts.append(f'<line x1="{_x(t, p.first_year):.1f}" y1="{cy:.1f}" x2="{_x(t, p.year + 1):.1f}" '
                         f'y2="{cy:.1f}" stroke="{colour}" stroke-width="2" stroke-dasharray="4 3"/>')
        if p.low != p.high:
            top = y_of(float(p.high)) if p.high is not None else TOP
            bottom = y_of(float(p.low)) if p.low is not None else base
            parts.append(f'<line x1="{cx:.1f}" y1="{top:.1f}" x2="{cx:.1f}" y2="{bottom:.1f}" stroke="{colour}" '
                         f'stroke-width="2"/>')
            for yy, open_end in ((top, p.high is None), (bottom, p.low is None)):
                if not open_end:
                    parts.append(f'<line x1="{cx - 5:.1f}" y1="{yy:.1f}" x2="{cx + 5:.1f}" y2="{yy:.1f}" '
                                 f'stroke="{colour}" stroke-width="2"/>')
        tip = f'<title>{_e(p.label)} · {_e(p.years)} · {_e(p.article)}</title>'
        if p.conflicts:
            d = 6
            parts.append(f'<g stroke="{colour}" stroke-width="3">{tip}<line x1="{cx - d:.1f}" y1="{cy - d:.1f}" '
                         f'x2="{cx + d:.1f}" y2="{cy + d:.1f}"/><line x1="{cx - d:.1f}" y1="{cy + d:.1f}" '
                         f'x2="{cx + d:.1f}" y2="{cy - d:.1f}"/></g>')
        else:
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{colour}">{tip}</circle>')
        parts.append(f'<text x="{cx + 9:.1f}" y="{cy + 4:.1f}" font-size="11">{_e(p.label)} '
                     f'<tspan fill="#555">{_e(_short_id(p.article))}</tspan></text>')
    parts.append(_year_axis(t, base))
    parts.append('</svg>')
    w("".join(parts) + "\n")


def _short_id(article: str, keep: int = 22) -> str:
    """An article id cut to fit beside a point (the table under the chart gives it whole)."""
    return article if len(article) <= keep else article[:keep - 1] + "…"


def _points_table(t: Timeline, s: Series, w) -> None:  # type: ignore[no-untyped-def]
    rows = []
    for p in s.points:
        conflict = ('<span class="conflict-word">✗ conflict</span>' if p.conflicts else "agrees")
        rows.append(f'<tr><td>{_e(p.years or "no year")}</td><td><code>{_e(p.article)}</code></td>'
                    f'<td>{_e(p.label)}{" (" + _e(p.allows) + ")" if p.allows else ""}</td>'
                    f'<td>{conflict}</td><td>{_e(", ".join(p.uids))}</td></tr>')
    w('<table><thead><tr><th>years</th><th>article</th><th>value</th><th>finding</th><th>claims</th></tr></thead>'
      '<tbody>' + "".join(rows) + '</tbody></table>\n')
