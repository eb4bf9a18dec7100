"""The fast paths (`factcheck.fastpath`): each hand-written reader equals what its docstring names.

Every test here runs twice: once with the switch as it is, once with `fastpath.COMPILED` set, so that the
loops compiled code runs are exercised by the source too (patched, the source runs them; the compiled
package runs them either way). ``tests/test_compiled.py`` compares the compiled package with the source
on the corpora.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import fastpath, lexicon


@pytest.fixture(autouse=True, scope="module", params=["as built", "loops"])
def switch(request: pytest.FixtureRequest) -> Iterator[None]:
    """``loops``: the readers' compiled-code loops, also in the source."""
    if request.param == "loops":
        with patch.object(fastpath, "COMPILED", True):
            yield
    else:
        yield


def extract_words(name: str) -> list[str]:
    """The words of one of extract's lists (``a|b|c``)."""
    from factcheck import extract

    words: str = getattr(extract, name)
    return words.split("|")


def _search(pattern: re.Pattern[str], text: str) -> int:
    m = pattern.search(text)
    return m.start() if m is not None else -1


# Builders of tables, not readers: what they build is held by the tests of the readers that use it.
_TABLES = {"code_point_flags", "code_points", "words_by_first"}


def test_every_reader_names_what_it_equals_and_is_tested_here() -> None:
    """Each reader's docstring starts with what it equals, and a test below calls it."""
    own = Path(__file__).read_text(encoding="utf-8")
    tests = own.split("def test_every_reader_names_what_it_equals_and_is_tested_here", 1)[1].split("\n\n\n", 1)[1]
    readers = [name for name, f in inspect.getmembers(fastpath, callable)
               if not name.startswith("_") and not inspect.isclass(f) and name not in _TABLES
               and getattr(f, "__module__", "") == fastpath.__name__]
    assert len(readers) >= 20
    for name in readers:
        doc = inspect.getdoc(getattr(fastpath, name)) or ""
        assert doc.startswith(("Equals", "A filter")), f"fastpath.{name} does not say what it equals"
        assert f"fastpath.{name}(" in tests, f"no test calls fastpath.{name}"


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(["个", "百分点", "个百分点", "月", "个月", "年", "人", "人次", "1", "a", "”", "𝟘"]
                                      + list(lexicon.MEASURE_WORDS)), max_size=6))
def test_a_word_is_looked_up_as_the_longest_first_alternation_matches_it(parts: list[str]) -> None:
    text = "".join(parts)
    words = sorted(set(lexicon.MEASURE_WORDS), key=len, reverse=True)
    alternation = re.compile("|".join(map(re.escape, words)))
    table = fastpath.words_by_first(words)
    for pos in range(len(text) + 1):
        m = alternation.match(text, pos)
        assert fastpath.word_at(text, pos, table) == (m.group(0) if m else "")


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(list("同比下降增长12.%，") + list(lexicon.CHANGE_VERBS)), max_size=10))
def test_a_filter_lets_through_every_text_the_expression_matches(parts: list[str]) -> None:
    from factcheck import extract

    text = "".join(parts)
    for lo in range(len(text) + 1):
        if extract._CHANGE_TAIL.search(text, lo) is not None:
            assert fastpath.may_hold(text, lo, extract._CHANGE_TAIL_FIRSTS)
        assert fastpath.may_hold(text, lo, extract._CHANGE_TAIL_FIRSTS) == \
            (not fastpath.COMPILED or fastpath.holds_any(text, lo, extract._CHANGE_TAIL_FIRSTS))


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("广州萬億兩０１２．％ａＸ　:：a1\U00020000")), max_size=16))
def test_runs_are_translated_as_str_translate_translates_them(text: str) -> None:
    from factcheck import numbers

    assert fastpath.translate_runs(text, numbers._FOLDS, numbers._FOLDS_TO) == text.translate(numbers._FOLD_TABLE)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("，。；：！？,;:!?\n\r、（）()【】《》…—0123456789１２a市 \t\u2028")), max_size=40))
def test_the_break_scan_of_compiled_code_finds_what_the_expression_finds(text: str) -> None:
    from factcheck import extract

    assert fastpath.scan_text(text, extract._ROLES)[0] == extract._find_breaks(text)


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.sampled_from(["全市", "全", "市", "区", "我省", "本区", "我国", "国", "全国", "本", "中级人民法院", "中院", "法院", "人民", "公安局",
                                       "今年", "今年截至10月", "上半年", "近5年", "近٣年", "近两年", "近年", "十八大以来", "年内",
                                       "截至目前", "年", "，", "。", "\n", "1,000", "𝟘", *lexicon.SCOPE_WORDS,
                                       *(body for _, body, _ in lexicon.PERIOD_CUES if body.isalnum())]), max_size=12))
def test_the_context_scan_of_compiled_code_finds_what_the_expressions_find(parts: list[str]) -> None:
    from factcheck import extract

    text = "".join(parts)
    breaks, scope_at, subject_at, cue_at = fastpath.scan_text(text, extract._ROLES)
    assert breaks == extract._find_breaks(text)
    for pattern, candidates in ((extract._SCOPE, scope_at), (extract._ORG_SUBJECT, subject_at),
                                (extract._CUE_FIND, cue_at)):
        found = [(m.start(), m.end()) for m in fastpath.matches_at(pattern, text, candidates)]
        assert found == [(m.start(), m.end()) for m in pattern.finditer(text)]
    assert fastpath.scope_words_at(text, scope_at, extract._ROLES) == extract._words_of(extract._SCOPE.finditer(text))


def test_the_context_scan_finds_what_the_expressions_find_in_real_articles() -> None:
    from pathlib import Path

    from factcheck import extract
    from factcheck.numbers import fold

    root = Path(__file__).resolve().parent.parent
    paths = sorted((root / "seeds").glob("*.txt")) + sorted((root / "tests" / "data").rglob("*.txt"))
    assert len(paths) >= 15
    for path in paths:
        text = fold(path.read_text(encoding="utf-8", errors="replace"))
        _, scope_at, subject_at, cue_at = fastpath.scan_text(text, extract._ROLES)
        for pattern, candidates in ((extract._SCOPE, scope_at), (extract._ORG_SUBJECT, subject_at),
                                    (extract._CUE_FIND, cue_at)):
            assert [m.span() for m in fastpath.matches_at(pattern, text, candidates)] == \
                [m.span() for m in pattern.finditer(text)]
        assert fastpath.scope_words_at(text, scope_at, extract._ROLES) == extract._words_of(extract._SCOPE.finditer(text))


@settings(max_examples=1000, deadline=None)
@given(parts=st.lists(st.sampled_from(list("0123456789１٣𝟘一二十百万亿〇零两半首年月日号个分之倍多余%‰.,，-/ +×xXN*ICP备证"
                                           "点负来几数上壹拾佰廿成")
                                      + ["2023年", "1+6+N", "2023.5.1", "1 + 6", "二〇二三年", "三分之一", "1/3",
                                         "2023年5月", "2023年十二月", "5月1日", "12月份", "ICP备12345号", "ICP证"]),
                      max_size=30))
def test_the_token_scan_of_compiled_code_finds_what_the_expression_finds(parts: list[str]) -> None:
    from factcheck import figures

    text = "".join(parts)

    def tokens(next_token: Callable[[int], re.Match[str] | None]) -> list[tuple[object, ...]]:
        # span, which alternative (lastindex) and every group: what the figure rules read of a match
        found, pos = [], 0
        while (m := next_token(pos)) is not None:
            groups = [m.group(i) if i <= m.re.groups else None for i in range(1, fastpath.TOKEN.groups + 1)]
            found.append((m.start(), m.end(), m.lastindex, groups))
            pos = m.start() + 1
        return found

    def scan_token(pos: int) -> re.Match[str] | None:  # the compiled loop's token reading, matches only
        while (at := fastpath.next_token_start(text, pos)) >= 0:
            if (m := fastpath.match_at(text, at, ord(text[at]))) is not None:
                return m
            pos = at + 1
        return None

    assert tokens(scan_token) == \
        tokens(lambda pos: figures._next_token(text, pos))


_AR_PARTS = list("0123456789١٣𝟘𝟙,，.万亿千百十%‰倍个年月-/+ 一两〇零") + ["一二三四五六七八九十一二三", "1,234", "12,345,678", "1,2345",
                                                                 "33.4万", "3.", "1，000", "\xa0", "25.4 万", *lexicon.INSIDE_NUMBER,
                                                                 *fastpath.AR_MAGNITUDES]


@settings(max_examples=1500, deadline=None)
@given(parts=st.lists(st.sampled_from(_AR_PARTS), max_size=14))
def test_the_hand_read_ar_token_is_the_expressions_match(parts: list[str]) -> None:

    text = "".join(parts)
    for pos, char in enumerate(text):
        if not char.isdecimal():
            continue
        m = fastpath.TOKEN_AR.match(text, pos)
        assert m is not None
        number_end, mid, mag, sign, end = fastpath.ar_token(text, pos)
        assert (text[pos:number_end], mid, mag, sign, end) == \
            (m.group("ar"), m.group("armid") or "", m.group("armag") or "", m.group("arsign") or "", m.end())
    for pos, char in enumerate(text):
        if char in fastpath.CNX:
            m = fastpath.TOKEN_CN.match(text, pos)
            assert m is not None
            run_end, sign, end = fastpath.cn_token(text, pos)
            assert (text[pos:run_end], sign, end) == (m.group("cn"), m.group("cnsign") or "", m.end())


@settings(max_examples=1000, deadline=None)
@given(parts=st.lists(st.sampled_from(_AR_PARTS + list("二〇两半首日号分之ICP备N×x*点负来几数上壹拾佰廿成") + [
    "2023年", "1+6+N", "2023.5.1", "三分之一", "1/3", "连续", "第", "百分之", "一万一千", "−3.2%"]),
                      max_size=24))
def test_the_compiled_figure_loop_finds_what_the_expression_loop_finds(parts: list[str]) -> None:
    from factcheck import figures
    from factcheck.numbers import fold

    text = "".join(parts)
    folded = fold(text)
    if fastpath.COMPILED:
        pytest.skip("compares the two loops of the source")
    found = figures._find_figures_compiled(text, folded)
    assert [vars_of(f) for f in found] == [vars_of(f) for f in figures.find_figures_folded(text, folded)]


def vars_of(fig: object) -> tuple[object, ...]:
    return tuple(getattr(fig, name) for name in ("start", "end", "text", "value", "unit", "kind", "approx", "link"))


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.integers(min_value=-5, max_value=40), max_size=12), x=st.integers(min_value=-6, max_value=41),
       part=st.text(alphabet=st.sampled_from(list("广州0９٣²①a ,%")), max_size=8))
def test_the_loops_of_compiled_code_equal_the_library_functions(values: list[int], x: int, part: str) -> None:
    import bisect


    values.sort()
    assert fastpath.bisect_left(values, x) == bisect.bisect_left(values, x)
    assert fastpath.bisect_right(values, x) == bisect.bisect_right(values, x)
    assert fastpath.has_digit(part) == any(map(str.isdigit, part))


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.sampled_from(["勇为", "为", "认为", "的", "获得", "全部", "全", "部", "1", "٣", "\u3000", " ", "\x1c", "案件",
                                       "名", "“", "𝟘", "\U00020000", "累计", "累", *extract_words("_AFTER_CUT_WORDS")]),
                      max_size=8))
def test_the_cut_after_a_figure_of_compiled_code_is_where_the_expression_cuts(parts: list[str]) -> None:
    from factcheck import extract

    text = "".join(parts)
    assert fastpath.first_cut(text, extract._AFTER_CUT) == _search(extract._AFTER_CUT.expression, text)


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("广州 \t\n\r\x0b\x1c\x85\xa0\u1680\u2003\u2028\u3000\u200b。1")), max_size=12))
def test_a_quote_is_squeezed_as_split_and_join_squeeze_it(text: str) -> None:

    assert fastpath.squeeze(text) == " ".join(text.split())


def test_the_space_is_the_only_printable_whitespace() -> None:
    """What extract._squeeze rests on, over all of Unicode."""
    import sys

    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()] == [" "]


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("年来以ab")), max_size=6),
       words=st.lists(st.text(alphabet=st.sampled_from(list("年来以a")), max_size=3), min_size=1, max_size=3),
       pos=st.integers(min_value=-8, max_value=8))
def test_a_word_at_a_position_is_found_as_startswith_finds_it(text: str, words: list[str], pos: int) -> None:
    assert fastpath.starts_at(text, words[0], pos) == text.startswith(words[0], pos)
    assert fastpath.starts_with_any(text, tuple(words), pos) == text.startswith(tuple(words), pos)


@settings(max_examples=1000, deadline=None)
@given(parts=st.lists(st.sampled_from(list("0123456789٣,，。、 年个\n") + ["1,047", "2,600,000", "12,34"]), max_size=12))
def test_the_code_point_loops_equal_their_string_forms(parts: list[str]) -> None:
    """`groups_digits` and `back_to_stop` read code points; these are the string forms they stand in for."""
    from factcheck import figures

    text = "".join(parts)
    for pos in range(len(text)):
        group = text[pos + 1:pos + 5]
        assert fastpath.groups_digits(text, pos) == (
            text[pos] in ",，" and pos > 0 and "0" <= text[pos - 1] <= "9" and len(group) >= 3
            and all("0" <= ch <= "9" for ch in group[:3]) and not (len(group) == 4 and "0" <= group[3] <= "9"))
    for start in range(len(text) + 1):
        for limit in (3, 14, 16):
            chunk = text[max(0, start - limit):start]
            cut = max((i for i, ch in enumerate(chunk) if ch in figures._CLAUSE_STOP), default=-1)
            assert fastpath.back_to_stop(text, start, figures._CLAUSE_STOPS, limit) == chunk[cut + 1:]


def test_the_code_point_tables_of_compiled_code_hold_their_classes() -> None:
    import sys

    from factcheck import cleanup

    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert fastpath.holds_any(ch, 0, fastpath._SPACES) == ch.isspace(), hex(code)
        assert bool(code < 0x10000 and cleanup._NOISE_STARTS[code]) == bool(cleanup._NOISE_START.match(ch)), hex(code)


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("广州區(qū)（jí）a 　\t\n\u200b\ufeff\u00ad1") + ["\U00020000"]), max_size=20))
def test_the_loops_of_compiled_cleanup_equal_their_expressions(text: str) -> None:
    from factcheck import cleanup

    assert fastpath.search_at_flags(cleanup._NOISE, text, cleanup._NOISE_STARTS) == (cleanup._NOISE.search(text) is not None)
    assert (" ".join(text.split()) if fastpath.holds_any(text, 0, fastpath._SPACES) else text) == " ".join(text.split())


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.sampled_from(list("同比环分别下降上升增长提高减少幅度了达为至12.%，") + ["同比增长", "环比"]
                                      + list(lexicon.CHANGE_VERBS)), max_size=14))
def test_a_change_tail_needs_the_first_character_of_a_verb(parts: list[str]) -> None:
    from factcheck import extract

    text = "".join(parts)
    for lo in range(len(text) + 1):
        if not fastpath.holds_any(text, lo, extract._CHANGE_TAIL_FIRSTS):
            assert extract._CHANGE_TAIL.search(text, lo) is None


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.sampled_from(list("一二三十百千万统之唯进第独个站式体方者不年人") + ["一站式", "统一", "三位一体", "千家万户",
                                                                          "第三方", "一个个", *lexicon.IDIOMS]), max_size=10))
def test_an_idiom_overlapping_a_numeral_starts_where_the_filter_says_one_can(parts: list[str]) -> None:
    from factcheck import figures

    text = "".join(parts)
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + 4) + 1):
            if not fastpath.pair_can_start(text, max(0, start - 4), end, figures._IDIOM_FIRSTS, figures._IDIOM_SECONDS):
                assert not figures._in_idiom(text, start, end)  # (the source runs the expression)

@settings(max_examples=1000, deadline=None)
@given(parts=st.lists(st.sampled_from(_AR_PARTS + list("二〇三十月日号分之ICP备证") + ["2023年5月", "5月1日", "三分之一", "二〇二三年"]),
                      max_size=16))
def test_a_single_alternative_is_chosen_only_where_no_other_can_match(parts: list[str]) -> None:
    """only_arabic and only_chinese: where they say so, the whole token expression matches as the one
    alternative does; digits_end and is_decimal are ``\\d*`` and ``\\d``."""
    text = "".join(parts)
    digits = re.compile(r"\d*")
    for pos in range(len(text) + 1):
        assert fastpath.is_decimal(text, pos, len(text)) == (pos < len(text) and text[pos].isdecimal())
        assert fastpath.digits_end(text, pos, len(text)) == digits.match(text, pos).end()  # type: ignore[union-attr]
    for pos in range(len(text)):
        whole = fastpath.TOKEN.match(text, pos)
        if text[pos].isdecimal() and fastpath.only_arabic(text, pos):
            alone = fastpath.TOKEN_AR.match(text, pos)
        elif text[pos] in fastpath.CNX and fastpath.only_chinese(text, pos):
            alone = fastpath.TOKEN_CN.match(text, pos)
        else:
            continue
        assert whole is not None and alone is not None
        k = alone.re.groups  # (the alternative alone has no groups after its own)
        assert (whole.span(), whole.lastindex, whole.groups()[:k]) == (alone.span(), alone.lastindex, alone.groups())
        assert not any(whole.groups()[k:])


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.sampled_from(list("0123456789٣,，a") + ["1,047", "12,3456"]), max_size=10))
def test_a_comma_groups_digits_where_the_expression_says(parts: list[str]) -> None:
    text = "".join(parts)
    grouping = re.compile(r"(?<=[0-9])[,，][0-9]{3}(?![0-9])")
    for pos in range(len(text)):
        assert fastpath.groups_digits(text, pos) == (grouping.match(text, pos) is not None)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(["广州", "广州市", "从化区", "鼓楼区", "南京", "市", "区", "广", "州", "全市", "𝟘", "a",
                                       "佛山南海", "济南市中区"]), max_size=10))
def test_place_names_are_looked_for_where_their_first_two_characters_stand(parts: list[str]) -> None:
    from factcheck import places

    text = "".join(parts)
    t = places._tables()
    expected = [i for i in range(len(text) - 1) if ord(text[i]) < 0x10000 and ord(text[i + 1]) < 0x10000
                and (ord(text[i]) << 16 | ord(text[i + 1])) in t.pair_codes]
    assert fastpath.pair_starts(text, t.starts, t.pair_codes) == expected
    # the source's expression finds a superset of them (then looked up by their two characters)
    assert set(expected) <= {m.start() for m in t.pairs.finditer(text)}
    assert places._scan(text, expected) == places._scan(text, [m.start() for m in t.pairs.finditer(text)])


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("aZ1 \t\u3000\x1c\u2028é人")), max_size=6))
def test_a_latin_letter_after_a_figure_is_found_as_the_expression_finds_it(text: str) -> None:
    latin = re.compile(r"\s?[A-Za-z]")
    for end in range(len(text) + 1):
        assert fastpath.latin_after(text, end) == (latin.match(text, end) is not None)
