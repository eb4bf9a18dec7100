"""Adding a word is one edit of `factcheck.lexicon`, read by the pure-Python and the compiled builds alike.

Each test adds a word of one class to the lexicon in a fresh interpreter, before extraction is imported,
and sees the word extracted: by the source here, and by the installed package when it is compiled (CI
installs it compiled and sets FACTCHECK_EXPECT_COMPILED, which turns the skip into a failure).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import lexicon

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = Path(Path.cwd().anchor)  # outside the project: imports come from site-packages (or PYTHONPATH)

_RUN = """
import json, sys
from factcheck import lexicon
exec(sys.argv[1])  # the edit
from factcheck.extract import extract_claims
from factcheck.figures import find_figures
from factcheck.models import Article
import factcheck.figures as figures
text = sys.argv[2]
claims = extract_claims(Article(id="a", path="a.txt", text=text, published="2024-03-01"))
print(json.dumps({"compiled": not figures.__file__.endswith(".py"),
                  "figures": [[f.text, str(f.value), f.unit, f.approx] for f in find_figures(text)],
                  "periods": [[c.text, c.period] for c in claims],
                  "about": [[c.text, c.kind, c.entity, c.metric] for c in claims]}, ensure_ascii=False))
"""


def _extract(edit: str, text: str, *, compiled: bool) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if not compiled:
        env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run([sys.executable, "-c", _RUN, edit, text], cwd=OUTSIDE, capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    result: dict[str, object] = json.loads(out.stdout)
    if compiled and not result["compiled"]:
        if os.environ.get("FACTCHECK_EXPECT_COMPILED"):
            pytest.fail("the installed package is not compiled")
        pytest.skip("the installed package is not compiled")
    if not compiled:
        assert not result["compiled"]
    return result


BUILDS = [pytest.param(False, id="source"), pytest.param(True, id="compiled")]


@pytest.mark.parametrize("compiled", BUILDS)
def test_an_approximation_word_before_a_figure(compiled: bool) -> None:
    text = "全市群众安全感不低于95%。"
    assert "不低于" not in lexicon.APPROX_BEFORE
    before = _extract("", text, compiled=compiled)
    after = _extract("lexicon.APPROX_BEFORE['不低于'] = 'lower'", text, compiled=compiled)
    assert before["figures"] == [["95%", "95", "%", "exact"]]
    assert after["figures"] == [["95%", "95", "%", "lower"]]


@pytest.mark.parametrize("compiled", BUILDS)
def test_a_word_inside_a_number(compiled: bool) -> None:
    text = "全年接待来访群众30几万人次。"
    edit = "lexicon.APPROX_AFTER['几'] = 'lower'; lexicon.INSIDE_NUMBER += ('几',)"
    assert "几" not in lexicon.INSIDE_NUMBER
    after = _extract(edit, text, compiled=compiled)
    assert ["30几万", "300000", "人次", "lower"] in after["figures"]
    assert ["30几万", "300000", "人次", "lower"] not in _extract("", text, compiled=compiled)["figures"]


@pytest.mark.parametrize("compiled", BUILDS)
def test_a_period_cue(compiled: bool) -> None:
    text = "前年，全市破获电信网络诈骗案件1200起。"
    assert all("前年" not in body for _, body, _ in lexicon.PERIOD_CUES)
    edit = "lexicon.PERIOD_CUES += (('beforelast', '前年', 'year-2'),)"
    assert _extract(edit, text, compiled=compiled)["periods"] == [["1200", "2022"]]
    assert _extract("", text, compiled=compiled)["periods"] != [["1200", "2022"]]


@pytest.mark.parametrize("compiled", BUILDS)
def test_a_measure_word(compiled: bool) -> None:
    text = "今年新装路灯300盏。"
    assert "盏" not in lexicon.MEASURE_WORDS
    after = _extract("lexicon.MEASURE_WORDS += ('盏',)", text, compiled=compiled)
    assert after["figures"] == [["300", "300", "盏", "exact"]]


@pytest.mark.parametrize("compiled", BUILDS)
def test_an_idiom(compiled: bool) -> None:
    text = "他们三天两头上门走访。"
    assert _extract("", text, compiled=compiled)["figures"]
    assert _extract("lexicon.IDIOMS += ('三天两头',)", text, compiled=compiled)["figures"] == []


@pytest.mark.parametrize("compiled", BUILDS)
def test_a_change_verb(compiled: bool) -> None:
    text = "全市刑事警情下滑12.5%。"
    assert "下滑" not in lexicon.CHANGE_VERBS
    assert _extract("", text, compiled=compiled)["about"] == [["12.5%", "percent", "未知", "刑事警情下滑"]]
    after = _extract("lexicon.CHANGE_VERBS += ('下滑',)", text, compiled=compiled)
    assert after["about"] == [["12.5%", "change", "未知", "刑事警情下滑"]]


@pytest.mark.parametrize("compiled", BUILDS)
def test_a_scope_word(compiled: bool) -> None:
    text = "利川市今年受理案件300件，本州受理案件1200件。"
    assert "本州" not in lexicon.SCOPE_WORDS
    before = _extract("", text, compiled=compiled)["about"]
    assert before[1][:3] == ["1200", "count", "利川市"]  # (a word it does not know: the place named before)
    after = _extract("lexicon.SCOPE_WORDS['本州'] = 'prefecture'", text, compiled=compiled)["about"]
    assert after == [["300", "count", "利川市", "案件"], ["1200", "count", "恩施土家族苗族自治州", "案件"]]


def test_the_period_cue_scan_starts_where_every_cue_can() -> None:
    """The characters the compiled scan looks for are derived from the cues: each cue's own text starts
    with one of the first ones and goes on with one of the second ones."""
    firsts, seconds = lexicon.heads(lexicon.period_cue_bodies())
    for sample in ("今年截至10月", "上半年", "1至11月", "前三季度", "一季度", "第一季度", "前5个月", "截至6月", "去年",
                   "全年", "本年", "截至目前", "十年来", "十八大以来", "近三年", "五年来", "过去5年"):
        assert sample[0] in firsts and sample[1] in seconds, sample
