"""SARIF, GitHub workflow commands and JUnit XML for a fixed, hand-built report.

The report has two articles (texts served by a dict-backed ``source``), a new error across both, a
baselined warning, a suppressed error, an info finding and a new error whose claim is hostile text
(rich markup, an ANSI escape, a newline, ``%``, ``::error::``, ``<script>``, ``&``, ``"``).
Golden files: ``FACTCHECK_UPDATE_GOLDEN=1 pytest tests/test_formats.py`` rewrites them.
"""

from __future__ import annotations

import inspect
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from jsonschema.validators import validator_for
from rich.console import Group

from factcheck.models import Claim, Finding, Report
from factcheck.render import RenderContext, full, github, junit, sarif
from factcheck.render.text import safe

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
SCHEMA = HERE / "data" / "sarif-schema-2.1.0.json"
UPDATE = os.environ.get("FACTCHECK_UPDATE_GOLDEN") == "1"

A_ID, A_FILE = "000_d3f61c0c3655bc9a", "seeds/000_d3f61c0c3655bc9a.txt"
B_ID, B_FILE = "005_5e1f0c2a9b7d4e31", "seeds/005_5e1f0c2a9b7d4e31.txt"
HOSTILE = '[bold red]x[/]\x1b[31m 15.2万%\n::error::<script>&"'

A_TEXT = (
    "夯实平安法治之基 护航高质量发展\n"
    "    ——2023年广州市政法工作会议综述\n"
    "    文章字体:【 】 发布日期: 2024-02-01 来源:法治时代网\n"
    "\n"
    "    110案件类警情同比下降14.8%\n"
    "\n"
    "    数据显示:广州全市案件警情、刑事立案数实现连续5年同比下降,群众安全感10年一直保持在高位。\n"
    "\n"
    "    矛盾纠纷化解率达97.4%\n"
    "\n"
    "    过去一年,全市各类人民调解组织开展矛盾纠纷排查14.9万次,调解成功率达97.4%。\n"
)
B_TEXT = (
    "2023年广州市政法工作回顾\r\n"
    "    全年接报110案件类警情同比下降14.3%,刑事立案数同比下降8.8%。\r\n"
    "    广州全市案件警情、刑事立案数实现连续7年同比下降。\r\n"
    "    2022年,矛盾纠纷化解率达96.9%。\r\n"
    f"    天河区矛盾纠纷排查{HOSTILE}次。\r\n"
)


def claim(article: str, file: str, text: str, needle: str, cid: str, value: str, unit: str, kind: str,
          entity: str, metric: str, period: str, nth: int = 0,
          accept: tuple[tuple[str, str], ...] = ()) -> Claim:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return Claim(id=cid, article=article, file=file, start=start, end=end, text=needle,
                 value=Decimal(value) if value[:1].isdigit() else value, unit=unit, kind=kind, approx="exact",
                 entity=entity, metric=metric, period=period, quote=text[line_start:line_end].strip(),
                 before=text[max(start - 8, 0):start], after=text[end:end + 8],
                 line=text.count("\n", 0, start) + 1, col=start - line_start + 1, accept=accept,
                 published="2024-02-01" if article == A_ID else "2024-02-20")


def build(shift: int = 0) -> tuple[Report, dict[str, str]]:
    """The fixed report; ``shift`` blank lines are put in front of each article (moving every claim)."""
    a = "\n" * shift + A_TEXT
    b = "\r\n" * shift + B_TEXT
    c8 = claim(A_ID, A_FILE, a, "14.8%", "c8", "14.8", "%", "change", "广州市", "案件类警情下降", "2023")
    c14 = claim(A_ID, A_FILE, a, "5", "c14", "5", "年", "streak", "广州市", "案件警情刑事立案数同比下降", "2023")
    c40 = claim(A_ID, A_FILE, a, "97.4%", "c40", "97.4", "%", "percent", "广州市", "矛盾纠纷化解率", "2023",
                accept=(("FC401", "化解率 and 排查 come from different surveys"),))
    c50 = claim(A_ID, A_FILE, a, "14.9万", "c50", "149000", "次", "count", "广州市", "矛盾纠纷排查", "2023")
    b2 = claim(B_ID, B_FILE, b, "14.3%", "c2", "14.3", "%", "change", "广州市", "案件类警情下降", "2023")
    b4 = claim(B_ID, B_FILE, b, "7", "c4", "7", "年", "streak", "广州市", "案件警情刑事立案数同比下降", "2023")
    b6 = claim(B_ID, B_FILE, b, "96.9%", "c6", "96.9", "%", "percent", "广州市", "矛盾纠纷化解率", "2022")
    b7 = claim(B_ID, B_FILE, b, HOSTILE, "c7", HOSTILE, "次", "count", "天河区<b>", "矛盾纠纷排查 & \"x\"", "2023")
    findings = (
        Finding("FC101", "conflicting-values", "error", "广州市 案件类警情下降 (2023) is stated as 14.8% and as 14.3%",
                "14.8 and 14.3 differ by 0.5 percentage points; printed rounding allows at most 0.05",
                (c8, b2), help="one of the two figures is wrong"),
        Finding("FC202", "streak-continuity", "warning",
                "广州市's streak (案件警情刑事立案数同比下降) does not continue: 5 years to 2023, 7 years to 2023",
                "two streaks ending in the same year must have the same length", (c14, b4), status="baselined"),
        Finding("FC401", "internal-arithmetic", "error", "矛盾纠纷化解率 97.4% does not follow from the counts printed",
                "97.4% of 14.9万 is 145126, not a whole number of cases printed nearby", (c40, c50),
                status="suppressed"),
        Finding("FC102", "restated-differs", "info", "矛盾纠纷化解率 restated as 96.9% (2022) and 97.4% (2023)",
                "the periods differ, so both may hold", (c40, b6)),
        Finding("FC302", "part-exceeds-whole", "error",
                f"天河区 矛盾纠纷排查 (2023) “{HOSTILE}” exceeds 广州市's 14.9万",
                f"a district's count cannot exceed its city's: {HOSTILE} > 149000 (100% < 101%)", (b7, c50)),
    )
    report = Report(findings=findings, articles=2, claims=8, groups=3, stale_baseline=("0123456789abcdef",),
                    root="/srv/newsroom", texts={A_FILE: a, B_FILE: b})
    return report, {A_FILE: a, B_FILE: b}


def context(texts: dict[str, str], **kw: Any) -> RenderContext:
    return RenderContext(source=texts.get, tool_version="0.1.0", **kw)


def run(module: Any, report: Report, ctx: RenderContext) -> str:
    out = io.StringIO()
    module.render(report, out, ctx)
    return out.getvalue()


@pytest.fixture(scope="module")
def fixed() -> tuple[Report, RenderContext]:
    report, texts = build()
    return report, context(texts)


# ---------------------------------------------------------------- SARIF

def sarif_log(report: Report, ctx: RenderContext) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run(sarif, report, ctx))
    return data


def test_sarif_validates_against_the_official_schema(fixed: tuple[Report, RenderContext]) -> None:
    log = sarif_log(*fixed)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    errors = [e.message for e in Draft7Validator(schema).iter_errors(log)]
    assert errors == []
    # and with the validator for the draft the schema declares (draft-04 for the OASIS file)
    validator_for(schema)(schema).validate(log)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1


def test_sarif_declares_every_rule(fixed: tuple[Report, RenderContext]) -> None:
    from factcheck.checks import ALL_CHECKS

    run_ = sarif_log(*fixed)["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "factcheck" and driver["version"] == "0.1.0"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [c.code for c in ALL_CHECKS]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for rule, check in zip(rules, ALL_CHECKS, strict=True):
        assert rule["name"] == check.name
        assert rule["shortDescription"]["text"] == check.summary
        assert rule["fullDescription"]["text"] == (inspect.cleandoc(check.doc) or check.summary)
        assert rule["defaultConfiguration"]["level"] == levels[check.severity]
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_keeps_every_finding_and_marks_status(fixed: tuple[Report, RenderContext]) -> None:
    report, ctx = fixed
    # the display level does not drop results from SARIF
    results = sarif_log(report, context(report.texts, min_severity="error"))["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [f.rule for f in report.findings]
    by_rule = {r["ruleId"]: r for r in results}
    assert by_rule["FC101"]["baselineState"] == "new" and "suppressions" not in by_rule["FC101"]
    assert by_rule["FC202"]["baselineState"] == "unchanged" and "suppressions" not in by_rule["FC202"]
    assert by_rule["FC202"]["properties"]["status"] == "baselined"
    (suppression,) = by_rule["FC401"]["suppressions"]
    assert suppression["kind"] == "external"
    assert "化解率 and 排查 come from different surveys" in suppression["justification"]
    assert by_rule["FC401"]["properties"]["status"] == "suppressed"
    assert [r["level"] for r in results] == ["error", "warning", "error", "note", "error"]
    for result, finding in zip(results, report.findings, strict=True):
        assert result["message"]["text"] == f"{finding.message} — {finding.reasoning}"
        assert result["properties"]["claims"] == [c.uid for c in finding.claims]
        assert result["properties"]["severity"] == finding.severity
        assert [loc["id"] for loc in result["relatedLocations"]] == list(range(len(finding.claims)))
        for loc, c in zip(result["relatedLocations"], finding.claims, strict=True):
            assert c.uid in loc["message"]["text"] and c.metric in loc["message"]["text"]
        assert result["locations"][0]["physicalLocation"] == result["relatedLocations"][0]["physicalLocation"]


def test_sarif_locations(fixed: tuple[Report, RenderContext]) -> None:
    report, ctx = fixed
    run_ = sarif_log(report, ctx)["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///srv/newsroom/"}}
    for result, finding in zip(run_["results"], report.findings, strict=True):
        for loc, c in zip(result["relatedLocations"], finding.claims, strict=True):
            physical = loc["physicalLocation"]
            assert physical["artifactLocation"] == {"uri": c.file, "uriBaseId": "%SRCROOT%"}
            region = physical["region"]
            text = report.texts[c.file]
            assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == c.text
            # 1-based code-point columns: the column counts characters of the line, not bytes or UTF-16 units
            line = text.split("\n")[region["startLine"] - 1]
            assert line[region["startColumn"] - 1:].startswith(c.text.split("\n")[0])
    c8 = run_["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (c8["startLine"], c8["startColumn"], c8["endLine"], c8["endColumn"]) == (5, 17, 5, 22)
    hostile = run_["results"][4]["locations"][0]["physicalLocation"]["region"]
    assert hostile["endLine"] == hostile["startLine"] + 1  # the figure spans a line break
    assert hostile["snippet"]["text"] == HOSTILE
    assert sarif.file_uri("seeds/广州 #1.txt") == "seeds/%E5%B9%BF%E5%B7%9E%20%231.txt"


def test_sarif_fingerprints_ignore_line_numbers(fixed: tuple[Report, RenderContext]) -> None:
    report, ctx = fixed
    moved, moved_texts = build(shift=3)
    before = sarif_log(report, ctx)["runs"][0]["results"]
    after = sarif_log(moved, context(moved_texts))["runs"][0]["results"]
    for old, new, finding in zip(before, after, report.findings, strict=True):
        assert old["partialFingerprints"] == new["partialFingerprints"] == {"factcheck/v1": finding.fingerprint}
        old_region = old["locations"][0]["physicalLocation"]["region"]
        new_region = new["locations"][0]["physicalLocation"]["region"]
        assert new_region["startLine"] == old_region["startLine"] + 3
        assert new_region["startColumn"] == old_region["startColumn"]


def test_sarif_keeps_hostile_text_as_plain_json_strings(fixed: tuple[Report, RenderContext]) -> None:
    raw = run(sarif, *fixed)
    assert "\x1b" not in raw and "\r" not in raw
    result = json.loads(raw)["runs"][0]["results"][4]
    assert HOSTILE in result["message"]["text"]
    assert HOSTILE in result["relatedLocations"][0]["message"]["text"]


# ---------------------------------------------------------------- GitHub

def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Split ``::name k=v,k=v::data`` as the runner does and undo the escaping."""
    assert line.startswith("::")
    head, sep, data = line[2:].partition("::")
    assert sep
    name, _, props = head.partition(" ")

    def unescape(s: str) -> str:
        return (s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
                .replace("%25", "%"))

    properties = dict(unescape(p).split("=", 1) for p in props.split(",")) if props else {}
    assert all("," not in v and ":" not in v for v in (p.split("=", 1)[1] for p in props.split(",")))
    return name, properties, unescape(data)


def test_github_commands(fixed: tuple[Report, RenderContext]) -> None:
    report, ctx = fixed
    out = run(github, report, ctx)
    lines = out.splitlines()
    assert out.endswith("\n") and len(lines) == len(report.findings)
    assert all(line.startswith("::") for line in lines)
    parsed = [parse_command(line) for line in lines]
    # new findings first, by severity; the baselined and the suppressed ones follow as notices
    assert [(n, p["title"]) for n, p, _ in parsed] == [
        ("error", "FC101 conflicting-values"), ("notice", "FC102 restated-differs"),
        ("error", "FC302 part-exceeds-whole"), ("notice", "FC202 streak-continuity (baselined)"),
        ("notice", "FC401 internal-arithmetic (suppressed)")]
    name, props, data = parsed[0]
    assert props == {"file": A_FILE, "line": "5", "col": "17", "endColumn": "22",
                     "title": "FC101 conflicting-values"}
    finding = report.findings[0]
    assert data == f"{finding.message} ({finding.reasoning})"


def test_github_escapes_hostile_text(fixed: tuple[Report, RenderContext]) -> None:
    report, ctx = fixed
    out = run(github, report, ctx)
    for line in out.splitlines():
        assert "\r" not in line and "\x1b" not in line
        data = line[2:].partition("::")[2]
        assert re.search(r"%(?!25|0A|0D)", data) is None  # every % in data is an escape
    hostile = next(line for line in out.splitlines() if "FC302" in line)
    assert hostile.startswith("::error file=")
    # the injected command stays inside the message (in the message and the reasoning), never at a line start
    assert hostile.count("::error") == 3 and hostile.count("%0A::error::") == 2
    assert not any(line.startswith("::error::") for line in out.splitlines())
    _, props, data = parse_command(hostile)
    finding = report.findings[4]
    assert data == safe(f"{finding.message} ({finding.reasoning})")
    assert "\\u001b[31m" in data and "[bold red]x[/]" in data


def test_unencodable_and_invisible_characters_are_made_visible(fixed: tuple[Report, RenderContext]) -> None:
    assert github.escape_data("a\ud800\u202eb%\r\n") == "a\\ud800\\u202eb%25\\u000d%0A"
    assert github.escape_property("x:1,2") == "x%3A1%2C2"
    report, ctx = fixed
    odd = Report(findings=(replace(report.findings[0], message="lone \ud800 and bidi \u202e"),), root="/srv/newsroom")
    for module in (sarif, github, junit):
        run(module, odd, ctx).encode("utf-8")  # no UnicodeEncodeError
    assert "\\ud800" in github.step_summary(odd)


def test_github_respects_display_level(fixed: tuple[Report, RenderContext]) -> None:
    report, _ = fixed
    out = run(github, report, context(report.texts, min_severity="warning"))
    assert "FC102" not in out and len(out.splitlines()) == 4


def test_github_step_summary(fixed: tuple[Report, RenderContext]) -> None:
    report, _ = fixed
    summary = github.step_summary(report)
    assert summary.startswith("## factcheck\n")
    assert "5 findings in 2 articles (8 claims): 3 new, 1 baselined, 1 suppressed." in summary
    assert "| error | 3 |" in summary and "| warning | 1 |" in summary and "| info | 1 |" in summary
    assert "<script>" not in summary and "&lt;script&gt;" in summary and "\x1b" not in summary
    table = [line for line in summary.splitlines() if line.startswith("| FC")]
    assert len(table) == len(report.findings)
    for row in table:  # five cells: no unescaped pipe inside a cell
        assert len(re.split(r"(?<!\\)\|", row)) == 7
    assert github.step_summary(Report(findings=(), articles=3, claims=9)).startswith("## factcheck\n\nNo findings")


# ---------------------------------------------------------------- JUnit

def test_junit(fixed: tuple[Report, RenderContext]) -> None:
    report, ctx = fixed
    raw = run(junit, report, ctx)
    assert raw.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(raw.split("\n", 1)[1])
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert (suite.get("name"), suite.get("tests"), suite.get("failures"), suite.get("skipped")) == \
        ("factcheck", "5", "2", "2")
    assert (root.get("tests"), root.get("failures")) == ("5", "2")
    cases = suite.findall("testcase")
    assert [c.get("classname") for c in cases] == [f"{f.rule}.{f.name}" for f in report.findings]
    assert cases[0].get("name") == f"{A_FILE}:5:17 {report.findings[0].fingerprint}"
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert failure.text is not None and f"{A_FILE}:5:17 {A_ID}#c8" in failure.text
    assert f"{B_FILE}:2:" in failure.text and report.findings[0].reasoning in failure.text
    assert [s.get("message", "")[:10] for c in cases for s in c.findall("skipped")] == \
        ["baselined:", "suppressed"]
    info = cases[3]
    assert info.find("failure") is None and info.find("skipped") is None
    system_out = info.find("system-out")
    assert system_out is not None and system_out.text and "96.9%" in system_out.text


def test_junit_hostile_text_round_trips(fixed: tuple[Report, RenderContext]) -> None:
    report, ctx = fixed
    raw = run(junit, report, ctx)
    assert "<script>" not in raw and "&lt;script&gt;" in raw and "\x1b" not in raw
    root = ET.fromstring(raw.split("\n", 1)[1])
    failure = root.findall("testsuite/testcase")[4].find("failure")
    assert failure is not None and failure.text is not None
    clean = HOSTILE.replace("\x1b", "")
    assert failure.get("message") == report.findings[4].message.replace("\x1b", "")
    assert clean in failure.text and '::error::<script>&"' in failure.text


def test_junit_without_findings_passes() -> None:
    raw = run(junit, Report(findings=()), context({}))
    root = ET.fromstring(raw.split("\n", 1)[1])
    (suite,) = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("1", "0", "0")
    (case,) = suite.findall("testcase")
    assert case.get("name") == "factcheck" and len(case) == 0


def test_junit_removes_characters_illegal_in_xml() -> None:
    assert junit.xml_text("a\x00b\x0bc\ud800d\ufffee\uffff\tf\ng\rh") == "abcde\tf\ng\rh"


# ---------------------------------------------------------------- full report

@pytest.mark.parametrize("width", [120, 64, 30])
@pytest.mark.parametrize("consistent", [False, True])
def test_full_report_prints_what_rich_prints(fixed: tuple[Report, RenderContext], width: int, consistent: bool,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks and the summary table are written directly when they fit; the text must be what rich lays out
    itself."""
    report, ctx = fixed
    ctx = replace(ctx, width=width, show_consistent=consistent)
    fast = run(full, report, ctx)
    monkeypatch.setattr(full, "_plain", lambda lines, width: None)
    monkeypatch.setattr(full, "_plain_table", lambda title, rows, width: None)
    assert run(full, report, ctx) == fast
    assert "\x1b" not in fast
    if width == 120:  # narrower widths crop that line
        assert "[bold red]x[/]" in fast  # markup stays text


@settings(max_examples=300, deadline=None)
@given(head=st.text(alphabet="广州市连续年 abcXYZ'()%:-—…·123", max_size=160),
       line=st.text(alphabet="广州市连续年 abc%│^…·123", max_size=160), width=st.integers(min_value=8, max_value=130))
def test_plain_layout_is_rich_layout(head: str, line: str, width: int) -> None:
    """Wrapping and cropping without rich's console give rich's own text, for any words and width."""
    block = [[(head, "bold")], [(line, "")], []]
    plain = full._plain(block, width)
    if plain is None:
        assert head != head.rstrip() or line != line.rstrip()
        return
    out = io.StringIO()
    console = full._console(out, RenderContext(source=dict().get, width=width))
    console.print(Group(full._text(block[0], wrap=True), *(full._text(x, wrap=False) for x in block[1:])), crop=True)
    assert plain == out.getvalue()


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("广州a1 ，。\u200d\ufe0f👍\u0301\x07\t│^…·€\u3000") | st.characters(), max_size=80))
def test_cells_are_rich_cell_len(text: str) -> None:
    """The report's width of a text (characters' widths, cached) is rich's ``cell_len``."""
    from rich.cells import cell_len

    assert full._cells(text) == cell_len(text)


@settings(max_examples=300, deadline=None)
@given(source=st.text(alphabet="广州a1 ，。\u200d\ufe0f👍\u0301", max_size=120), data=st.data())
def test_quote_window_measures_like_rich(source: str, data: st.DataObject) -> None:
    """The quoted stretch around a figure is what growing it cell by cell with rich's cell_len gives."""
    from rich.cells import cell_len

    start = data.draw(st.integers(min_value=0, max_value=len(source)))
    end = data.draw(st.integers(min_value=start, max_value=len(source)))
    lo, hi = start, end
    while lo > 0 and cell_len(source[lo - 1:start]) <= 36:
        lo -= 1
    while hi < len(source) and cell_len(source[end:hi + 1]) <= 24:
        hi += 1
    assert full._window(source, start, end) == (lo, hi)


# ---------------------------------------------------------------- golden files

@pytest.mark.parametrize(("module", "name"), [(sarif, "report.sarif"), (github, "report.github.txt"),
                                               (junit, "report.junit.xml")])
def test_golden(fixed: tuple[Report, RenderContext], module: Any, name: str) -> None:
    out = run(module, *fixed)
    assert run(module, *fixed) == out  # deterministic
    path = GOLDEN / name
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"missing golden file {path}; run with FACTCHECK_UPDATE_GOLDEN=1")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(out.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == out


_CLAIM_TEXT = st.text(alphabet=st.sampled_from(list("广州市万%.1 ab") + ['"', "\\", "\n", "\x00", "\x85", "\u2028",
                                                                        "\u202e", "\ufeff", "\ud800", "é"]),
                      max_size=12)
_CLAIM_VALUE = st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=None), _CLAIM_TEXT,
                         st.sampled_from([Decimal("33.4E+4"), Decimal("0.1"), Decimal("-0"), Decimal("1" * 30 + ".5"),
                                          Decimal("0.0001"), Decimal("0.00001"), Decimal("0.000123"), Decimal("2.50"),
                                          Decimal("123456789012345"), Decimal("12345678901234.5"),
                                          Decimal("123456789012345.5"), Decimal("97.4"), Decimal("1E+3"),
                                          Decimal("0.1000000000000000055511151231257827"), Decimal("-97.4")]))


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_CLAIM_TEXT, min_size=13, max_size=13), value=_CLAIM_VALUE,
       numbers=st.lists(st.integers(min_value=0, max_value=10**7), min_size=4, max_size=4),
       link=st.booleans(), note=st.booleans())
def test_claims_json_writer_equals_the_json_encoder(texts: list[str], value: Decimal | str, numbers: list[int],
                                                    link: bool, note: bool) -> None:
    from factcheck.jsonio import dumps_lines
    from factcheck.render.claims import claim_json, write_claims_json

    claim = Claim(texts[0], texts[1], texts[2], numbers[0], numbers[1], texts[3], value, texts[4], texts[5],
                  texts[6], texts[7], texts[8], texts[9], texts[10], line=numbers[2], col=numbers[3],
                  link=texts[11] if link else None, note=texts[12] if note else None)
    plain = replace(claim, **{f: "x" for f in ("id", "article", "file", "text", "unit", "kind", "approx", "entity",
                                                 "metric", "period", "quote")})
    for claims in ([claim], [claim, plain], [plain], []):
        out = io.StringIO()
        write_claims_json(claims, out)
        assert out.getvalue() == dumps_lines([claim_json(c) for c in claims]) + "\n"


_FIELD_TEXT = st.text(alphabet=st.sampled_from('广州市97.4%万"\\\n\u2028\u200b\x1b<& ①\U0001F600'), max_size=6)
_VALUES = st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**9, max_value=10**9),
                    st.sampled_from([Decimal("1E+3"), Decimal("0.1000000000000000055511151231257827"), Decimal("2.50")]),
                    _FIELD_TEXT)


@given(texts=st.lists(_FIELD_TEXT, min_size=8, max_size=8), values=st.lists(_VALUES, min_size=1, max_size=3))
@settings(max_examples=300, deadline=None)
def test_json_finding_lines_are_what_the_encoder_writes(texts: list[str], values: list[Any]) -> None:
    """The report's findings, written directly (``finding_line``), are the encoder's text, escapes and
    exact numbers included, whatever the strings hold."""
    from factcheck.jsonio import dumps
    from factcheck.render.json_ import finding_json, finding_line

    report, sources = build()
    base = report.findings[0].claims[0]
    claims = tuple(replace(base, id=f"c{i}{texts[0]}", entity=texts[1], metric=texts[2], text=texts[3], unit=texts[4],
                           period=texts[5], value=value) for i, value in enumerate(values))
    finding = Finding("FC101", "conflicting-values", "error", texts[6], texts[7], claims, help=texts[0])
    ctx = context(sources)
    written: dict[int, str | None] = {}  # a second finding citing the same claims reads them from here
    assert finding_line(finding, ctx) == finding_line(finding, ctx, written) == finding_line(finding, ctx, written) \
        == dumps(finding_json(finding, ctx))
    assert set(written) <= {id(c) for c in claims}


# ---------------------------------------------------------------- HTML

def html_report(report: Report, texts: dict[str, str], **kw: Any) -> str:
    from factcheck.render import html
    from factcheck.timeline import report_timelines

    return run(html, report, context(texts, timelines=report_timelines(report), **kw))


def test_html_snapshot_shows_every_finding_with_its_claims(fixed: tuple[Report, RenderContext]) -> None:
    report, ctx = fixed
    page = html_report(report, report.texts)
    path = GOLDEN / "report.html"
    if UPDATE:
        path.write_text(page, encoding="utf-8")
    assert page == path.read_text(encoding="utf-8"), "report.html changed (FACTCHECK_UPDATE_GOLDEN=1 to accept)"
    sections = re.findall(r'<section class="finding [^"]*" id="finding-([0-9a-f]+)" data-rule="([^"]+)" '
                          r'data-severity="([^"]+)" data-status="([^"]+)"', page)
    assert sections == [(f.fingerprint, f.rule, f.severity, f.status) for f in report.findings]
    for finding in report.findings:
        body = page.split(f'id="finding-{finding.fingerprint}"')[1].split("</section>")[0]
        # every claim side by side, its figure marked, and the fact's timeline
        assert [m for m in re.findall(r'data-claim="([^"]+)"', body)] == [c.uid for c in finding.claims]
        assert body.count("<mark") == len(finding.claims)
        assert "Reasoning:" in body and "<svg" in body and "Timeline:" in body
    assert "baselined (accepted in the baseline file)" in page and "suppressed (accepted in the registry)" in page
    assert "化解率 and 排查 come from different surveys" in page  # why the suppressed one was accepted


def test_html_marks_the_figure_itself(fixed: tuple[Report, RenderContext]) -> None:
    report, _ = fixed
    page = html_report(report, report.texts)
    # 连续5年: the 5 of that sentence is marked, not another 5
    assert "实现连续<mark title=\"the figure\">5</mark>年同比下降" in page


def test_html_escapes_hostile_text_and_needs_no_network(fixed: tuple[Report, RenderContext]) -> None:
    report, _ = fixed
    page = html_report(report, report.texts)
    assert "<script>&" not in page and "<b>" not in page and "\x1b" not in page
    assert page.count("<script>") == 2  # the error recorder and the filters, both the page's own
    assert "&lt;script&gt;&amp;&quot;" in page
    # nothing is fetched: no external source, stylesheet, font or import (SVG's namespace is a name, not a fetch)
    assert not re.search(r'\b(?:src|href)\s*=|<link\b|@import|url\((?!#)', page)
    assert re.findall(r"https?://[^\"'\s<)]+", page) == ["http://www.w3.org/2000/svg"] * page.count("<svg")


def test_html_shows_everything_without_its_script(fixed: tuple[Report, RenderContext]) -> None:
    report, _ = fixed
    page = html_report(report, report.texts)
    # only the filter form starts hidden; the script shows it. No finding is hidden without the script
    assert re.findall(r"<(\w+)[^>]*\shidden[\s>]", page) == ["form"]
    assert "@media print" in page


def test_html_respects_the_display_level_and_an_empty_report() -> None:
    report, texts = build()
    page = html_report(report, texts, min_severity="error")
    assert page.count('<section class="finding') == sum(1 for f in report.findings if f.severity == "error")
    empty = html_report(Report(findings=()), {})
    assert "No findings" in empty and "<section class=\"finding" not in empty
