"""Every check: registered, documented, and its flag/pass examples hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.checks import ALL_CHECKS, BY_CODE, Check, Example, Settings
from factcheck.engine import run_checks
from factcheck.extract import extract_claims
from factcheck.models import Article, Claim

ROOT = Path(__file__).resolve().parent.parent


def claims_of(ex: Example) -> list[Claim]:
    claims: list[Claim] = []
    for i, (text, published, place) in enumerate(ex.articles):
        article = Article(id=f"ex{i}", path=f"seeds/ex{i}.txt", text=text, published=published, place=place)
        claims.extend(extract_claims(article))
    return claims


def results(check: Check, ex: Example) -> tuple[list[str], list[str]]:
    outcome = run_checks(claims_of(ex), Settings(select=(check.code,)))
    return [f.rule for f in outcome.findings], [a.rule for a in outcome.agreements]


@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda c: c.code)
def test_check_is_documented_and_has_examples(check: Check) -> None:
    assert check.code.startswith("FC") and check.code[2:].isdigit()
    assert check.name == check.name.lower() and " " not in check.name
    assert check.severity in ("error", "warning", "info")
    assert len(check.doc.splitlines()) >= 3, "docstring: what it checks, why it matters, an example"
    assert check.flags and check.passes
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert check.code in readme and check.name in readme


def test_codes_and_names_are_unique() -> None:
    assert len({c.code for c in ALL_CHECKS}) == len(ALL_CHECKS)
    assert len({c.name for c in ALL_CHECKS}) == len(ALL_CHECKS)
    assert set(BY_CODE) == {c.code for c in ALL_CHECKS}


@pytest.mark.parametrize(("check", "index"), [(c, i) for c in ALL_CHECKS for i in range(len(c.flags))],
                         ids=lambda x: x.code if isinstance(x, Check) else str(x))
def test_flag_examples_flag(check: Check, index: int) -> None:
    findings, _ = results(check, check.flags[index])
    assert check.code in findings


@pytest.mark.parametrize(("check", "index"), [(c, i) for c in ALL_CHECKS for i in range(len(c.passes))],
                         ids=lambda x: x.code if isinstance(x, Check) else str(x))
def test_pass_examples_pass(check: Check, index: int) -> None:
    findings, _ = results(check, check.passes[index])
    assert check.code not in findings


def _merge_pairwise(keys: list[str], threshold: int) -> dict[str, str]:
    """merge_metrics as first written: `same_metric` on every pair, union by smallest key."""
    from factcheck.checks.keys import same_metric

    ordered = sorted(set(keys))
    root = {k: k for k in ordered}

    def find(k: str) -> str:
        while root[k] != k:
            k = root[k]
        return k

    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if same_metric(a, b, threshold):
                ra, rb = find(a), find(b)
                if ra != rb:
                    root[max(ra, rb)] = min(ra, rb)
    return {k: find(k) for k in ordered}


@settings(max_examples=200, deadline=None)
@given(keys=st.lists(st.text(alphabet="调解成功率案件警情数全市累计万个", min_size=0, max_size=9), max_size=40),
       threshold=st.sampled_from([60, 85, 100]))
def test_metric_merge_equals_pairwise_same_metric(keys: list[str], threshold: int) -> None:
    from factcheck.blocking import merge_metrics

    assert merge_metrics(keys, threshold) == _merge_pairwise(keys, threshold)


@settings(max_examples=400, deadline=None)
@given(a=st.text(alphabet="全市开展矛盾纠纷排查#次万个，。", max_size=60),
       b=st.text(alphabet="全市开展矛盾纠纷排查#次万个，。", max_size=60),
       cut=st.integers(0, 40), cutoff=st.sampled_from([60, 85, 90, 100]))
def test_lengths_rule_out_only_ratios_below_the_cutoff(a: str, b: str, cut: int, cutoff: int) -> None:
    """`could_reach` (which spares FC102 its calls of fuzz.ratio) never rules out a pair that fuzz.ratio
    scores at the cutoff, also for a string and its own prefix (the closest strings of two lengths)."""
    from rapidfuzz import fuzz

    from factcheck.checks.values import could_reach

    for x, y in ((a, b), (a, a[:max(0, len(a) - cut)]), (b[:cut], b)):
        if not could_reach(len(x), len(y), cutoff):
            assert not fuzz.ratio(x, y, score_cutoff=cutoff), (x, y)


def test_a_conflict_is_paired_with_the_reprint_of_its_own_sentence() -> None:
    """A figure contradicting a statement reprinted in many wordings (the years of a reprint shifted, the
    lead changed) is reported against the reprint of its own sentence, not against whichever other
    statement of the group comes first: every wording of a statement is indexed, not the first four."""
    leads = ("据悉", "报告显示", "数据显示", "记者获悉", "会上通报")
    texts = ["2019年，深圳市行政机关负责人出庭应诉率为64.2%。"]
    texts += [f"{lead}，深圳市行政机关负责人出庭应诉率由2019年的45.6%提升至2023年的88.1%。" for lead in leads]
    texts.append("会上通报，深圳市行政机关负责人出庭应诉率由2019年的99.2%提升至2023年的88.1%。")
    claims = [c for i, text in enumerate(texts)
              for c in extract_claims(Article(f"a{i}", f"a{i}.txt", text, "2024-01-10", place="深圳市"))]
    outcome = run_checks(claims, Settings(select=("FC101",)))
    paired = [{c.text for c in f.claims} for f in outcome.findings if any(c.text == "99.2%" for c in f.claims)]
    assert paired == [{"99.2%", "45.6%"}]


_PLACES = st.lists(st.tuples(st.text(alphabet="ab/中 .\u3000x", max_size=4), st.integers(0, 10**11)), max_size=4)


@given(_PLACES, _PLACES)
@settings(max_examples=500, deadline=None)
def test_where_key_sorts_as_the_list_of_file_and_start(a: list[tuple[str, int]], b: list[tuple[str, int]]) -> None:
    from types import SimpleNamespace

    from factcheck.engine import where_key

    ka = where_key(SimpleNamespace(file=f, start=s) for f, s in a)  # type: ignore[misc]
    kb = where_key(SimpleNamespace(file=f, start=s) for f, s in b)  # type: ignore[misc]
    assert (ka < kb) == (a < b) and (ka == kb) == (a == b)
