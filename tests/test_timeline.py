"""`factcheck timeline`: the library's points (years, spans, ranges, conflicts), the terminal chart's
snapshot, the table and JSON, and the command on the bundled workspace.

Golden files: ``FACTCHECK_UPDATE_GOLDEN=1 pytest tests/test_timeline.py`` rewrites them.
"""

from __future__ import annotations

import io
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run_cli
from rich.cells import cell_len

from factcheck.models import Agreement, Claim, Finding, Report
from factcheck.render.timeline import TABLE_COLUMNS, chart_lines, write_chart, write_json, write_table
from factcheck.timeline import build_timeline, claims_of_fact, claims_of_finding, finding_by_fingerprint

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("FACTCHECK_UPDATE_GOLDEN") == "1"


def make(article: str, cid: str, text: str, value: str, unit: str, kind: str, metric: str, period: str,
         published: str, approx: str = "exact", after: str = "", entity: str = "广州市") -> Claim:
    quote = f"全市{metric}{text}{after}。"
    start = 10 + len(metric)
    return Claim(id=cid, article=article, file=f"seeds/{article}.txt", start=start, end=start + len(text),
                 text=text, value=Decimal(value), unit=unit, kind=kind, approx=approx, entity=entity,
                 metric=metric, period=period, quote=quote, before=metric, after=after, published=published)


A, B, C, D = "000_a", "001_b", "002_c", "003_d"
S5 = make(A, "c1", "5", "5", "年", "streak", "案件类警情下降", "2023", "2024-02-01")
S7 = make(B, "c2", "7", "7", "年", "streak", "案件类警情下降", "2015/2021", "2022-09-26")
S7b = make(B, "c9", "7", "7", "年", "streak", "案件类警情下降", "2015/2021", "2022-09-26")
S8 = make(C, "c3", "8", "8", "年", "streak", "案件类警情下降", "2024", "2025-01-10")
V1 = make(A, "c4", "5万", "50000", "人", "count", "群防力量", "2021", "2022-01-05", approx="about")
V2 = make(B, "c5", "6万", "60000", "人", "count", "群防力量", "2022", "2023-01-05", approx="lower")
V3 = make(C, "c6", "5.8万", "58000", "人", "count", "群防力量", "2023", "2024-01-05")
V4 = make(D, "c7", "1600", "1600", "人", "count", "群防力量", "", "", approx="lower", after="余")
STREAK = Finding("FC202", "streak-continuity", "warning",
                 "广州市's streak (案件类警情下降) does not continue: 7 years to 2021, 5 years to 2023",
                 "7 years to 2021 continued would be 9 by 2023; broken, at most 1; stated 5", (S7, S7b, S5))
SHRINK = Finding("FC301", "cumulative-shrinks", "warning", "广州市 群防力量 shrinks: 6万 (2022) → 5.8万 (2023)",
                 "a cumulative total cannot fall", (V2, V3), status="baselined")
REPORT = Report(findings=(STREAK, SHRINK),
                agreements=(Agreement("FC202", "广州市: 5 years to 2023, 8 years to 2024", (S5, S8)),
                            Agreement("FC301", "广州市 群防力量: 5万 (2021) → 6万 (2022)", (V1, V2))),
                articles=4, claims=8)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed (FACTCHECK_UPDATE_GOLDEN=1 to accept)"


def test_a_streak_finding_puts_each_article_on_its_years() -> None:
    t = build_timeline(claims_of_finding(STREAK, REPORT), REPORT, only=[STREAK])
    (series,) = t.series
    got = [(p.article, p.label, p.first_year, p.year, p.span, len(p.uids), bool(p.conflicts)) for p in series.points]
    # the two copies of 7年 in one article are one point; 8年 agrees with 5年 and is drawn, unmarked
    assert got == [(B, "7年", 2015, 2021, "streak", 2, True), (A, "5年", 2019, 2023, "streak", 1, True),
                   (C, "8年", 2017, 2024, "streak", 1, False)]
    assert (t.first_year, t.last_year) == (2015, 2024)
    assert [m.fingerprint for m in t.findings] == [STREAK.fingerprint]


def test_a_claim_brings_its_fact_and_approximations_become_ranges() -> None:
    claims = [S5, S7, S7b, S8, V1, V2, V3, V4]
    t = build_timeline(claims_of_fact(V1, claims, REPORT), REPORT)
    (series,) = t.series
    by_uid = {p.uid: p for p in series.points}
    assert set(by_uid) >= {V1.uid, V2.uid, V3.uid}
    about, lower, exact = by_uid[V1.uid], by_uid[V2.uid], by_uid[V3.uid]
    assert about.low is not None and about.high is not None and about.low < Decimal(50000) < about.high
    assert about.label == "约5万人" and about.allows
    assert lower.low == Decimal(60000) and lower.high is None and lower.allows.startswith("≥")
    assert exact.low == exact.high == Decimal(58000) and exact.allows == ""
    assert lower.conflicts == (SHRINK.fingerprint,) and exact.conflicts == (SHRINK.fingerprint,)
    assert about.conflicts == ()


def test_points_without_a_year_come_last() -> None:
    t = build_timeline([V4, V3], REPORT)
    (series,) = t.series
    assert [p.year for p in series.points] == [2023, None] and t.undated == 1
    assert series.points[1].high == Decimal(1700)  # 1600余: up to the next hundred


def test_a_fingerprint_prefix_picks_one_finding() -> None:
    assert finding_by_fingerprint(REPORT, STREAK.fingerprint[:8]) is STREAK
    assert finding_by_fingerprint(REPORT, "zzzzzzzz") is None


def _timeline_of_both():  # type: ignore[no-untyped-def]
    claims = [S5, S7, S7b, S8, V1, V2, V3, V4]
    return build_timeline(claims, REPORT, title="广州市 · 案件类警情下降 / 群防力量", selection="a test of both series")


def test_chart_snapshot_fits_80_columns_and_marks_conflicts_without_colour() -> None:
    t = _timeline_of_both()
    out = io.StringIO()
    write_chart(t, out, width=80)
    text = out.getvalue()
    golden("timeline.chart.txt", text)
    assert all(cell_len(line) <= 80 for line in text.splitlines())
    rows = {line.split()[1]: line for line in text.splitlines() if line[:4].isdigit() and "年 " in line}
    assert "!" in rows[B] and "#" in rows[B] and "=" not in rows[B].split("|")[1]
    assert "=" in rows[C] and "#" not in rows[C].split("|")[1] and "!" not in rows[C].split("|")[0]
    # the streak 2015–2021 starts at the axis' first column, the one to 2024 ends at its last
    assert rows[B].split("|")[1].startswith("#") and rows[C].split("|")[1].endswith("=")
    values = [line for line in text.splitlines() if line[:4].isdigit() and "人" in line]
    assert any("X" in line.split("|")[1] for line in values) and any("o" in line.split("|")[1] for line in values)


def test_chart_is_narrower_when_asked_and_coloured_only_when_asked() -> None:
    t = _timeline_of_both()
    for width in (60, 100):
        assert all(cell_len("".join(x for x, _ in line)) <= width for line in chart_lines(t, width))
    plain, coloured = io.StringIO(), io.StringIO()
    write_chart(t, plain, width=80)
    write_chart(t, coloured, width=80, color=True)
    assert "\x1b[" not in plain.getvalue() and "\x1b[" in coloured.getvalue()


def test_table_and_json_snapshots() -> None:
    t = _timeline_of_both()
    table, data = io.StringIO(), io.StringIO()
    write_table(t, table)
    write_json(t, data)
    golden("timeline.table.tsv", table.getvalue())
    golden("timeline.json", data.getvalue())
    lines = table.getvalue().splitlines()
    assert lines[0].split("\t") == list(TABLE_COLUMNS)
    assert len(lines) == 1 + sum(len(s.points) for s in t.series)
    parsed = json.loads(data.getvalue())
    assert [s["kind"] for s in parsed["series"]] == ["streak", "count"]


def test_hostile_text_cannot_reach_the_terminal() -> None:
    evil = make(D, "c8", "9", "9", "年", "streak", "\x1b[31m[bold]x[/]\u202e", "2020", "2021-01-01")
    out = io.StringIO()
    write_chart(build_timeline([evil], Report(findings=())), out, width=80)
    assert "\x1b" not in out.getvalue() and "\u202e" not in out.getvalue()


# ---------------------------------------------------------------- the command on the bundled workspace

def _streak_fingerprint(ws: Path) -> str:
    done = run_cli("check", "--format", "json", "--exit-zero", "--select", "FC202", cwd=ws)
    assert done.returncode == 0, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert findings, "the seeds hold a broken streak"
    return str(findings[0]["fingerprint"])


def test_timeline_of_the_seed_streak(workspace: Path) -> None:
    fp = _streak_fingerprint(workspace)
    done = run_cli("timeline", fp, "--format", "json", cwd=workspace)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    points = [p for s in data["series"] for p in s["points"]]
    got = {(p["article"], p["value"], p["first_year"], p["year"]) for p in points}
    # 002 (2022) prints 连续7年 for 2015–2021; 000 (2024) prints 连续5年 through 2023
    assert got == {("002_9df193a3f56b3908", 7, 2015, 2021), ("000_d3f61c0c3655bc9a", 5, 2019, 2023)}
    assert all(p["conflicts"] == [fp] for p in points)
    assert data["findings"][0]["status"] == "baselined"  # factcheck-baseline.json is read when present
    chart = run_cli("timeline", fp[:10], "--format", "chart", cwd=workspace)
    assert chart.returncode == 0 and all(cell_len(line) <= 80 for line in chart.stdout.splitlines())
    assert "2015–2021" in chart.stdout and "2019–2023" in chart.stdout
    # each streak's bar starts under the label of its first year
    lines = chart.stdout.splitlines()
    ticks = next(line for line in lines if line.startswith("year"))
    for article, first in (("000_d3f61c0c3655bc9a", "2019"), ("002_9df193a3f56b3908", "2015")):
        row = next(line for line in lines if line[5:].startswith(article))
        assert row.index("#") == ticks.index(first), (row, ticks)
    piped = run_cli("timeline", fp, cwd=workspace)  # a pipe: the table
    assert piped.stdout.splitlines()[0].startswith("year\tyears\tarticle")


def test_timeline_of_a_claim_and_of_filters(workspace: Path) -> None:
    done = run_cli("timeline", "002_9df193a3f56b3908#c128", "-f", "json", cwd=workspace)
    assert done.returncode == 0, done.stderr
    years = [(p["year"], p["value"]) for s in json.loads(done.stdout)["series"] for p in s["points"]]
    assert years == [(2022, 260000), (2024, 334000)]  # 群防力量 in two reports
    filtered = run_cli("timeline", "-e", "广州市", "-m", "群防力量", "-f", "table", cwd=workspace)
    assert filtered.returncode == 0, filtered.stderr
    rows = filtered.stdout.splitlines()[1:]
    assert rows and all("群防力量" in row for row in rows)


@pytest.mark.parametrize("args", [
    (), ("nosuchfingerprint",), ("000_d3f61c0c3655bc9a#c99999",), ("-m", "没有这个指标"),
    ("abc", "-m", "x"), ("-m", "群防力量", "-f", "svg"), ("-m", "群防力量", "-k", "nokind"),
])
def test_bad_input_is_one_line_and_exit_2(workspace: Path, args: tuple[str, ...]) -> None:
    done = run_cli("timeline", *args, cwd=workspace)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.startswith("factcheck: error: ") and done.stderr.count("\n") == 1
