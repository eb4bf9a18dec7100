"""The numeral grammar (`factcheck.numerals`), rule by rule, and every peer case read in running text.

The peer cases (tests/data/numerals/peer-cases.yaml) are placed in sentences as news prints them, in
simplified and traditional characters and with full-width digits, and must come back with their exact
span and value; the idioms and words that look like numerals must not.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import numerals
from factcheck.figures import find_figures
from factcheck.numbers import fold

CASES = yaml.safe_load((Path(__file__).parent / "data" / "numerals" / "peer-cases.yaml").read_text(encoding="utf-8"))
PEER = [(group, str(text), str(value)) for group, table in CASES.items() for text, value in table.items()]

_TRADITIONAL = str.maketrans("万亿两点个负几数来余", "萬億兩點個負幾數來餘")
_FULL_WIDTH = str.maketrans("0123456789.%-", "０１２３４５６７８９．％－")


def _value(text: str) -> Decimal | Fraction:
    return Fraction(text) if "/" in text else Decimal(text)


def _is_share(numeral: str) -> bool:
    return any(word in numeral for word in ("分之", "%", "成"))


def _sentence(group: str, numeral: str) -> tuple[str, str]:
    """A sentence that prints ``numeral`` as news would, and the unit the figure should have."""
    if group == "money":
        return f"经审计，该笔合同款项共计人民币{numeral}，已全额支付。", "元"
    if numeral.startswith(("-", "－")):
        return f"今年以来，全市一般公共预算收入同比{numeral}，降幅收窄。", ""
    if _is_share(numeral):
        return f"今年以来，全市矛盾纠纷调解成功率为{numeral}，较去年有所提升。", ""
    return f"据统计，全年共受理各类案件{numeral}宗，均已依法处理。", "宗"


def _expected_text(group: str, numeral: str) -> str:
    """The figure's text: the numeral, less the currency word of a money amount that ends with it."""
    if group == "money" and numeral[-1] in "元圆":
        return numeral[:-1]
    return numeral


@pytest.mark.parametrize("script", ["simplified", "traditional", "full-width"])
@pytest.mark.parametrize(("group", "numeral", "value"), PEER, ids=[f"{g}:{t}" for g, t, _ in PEER])
def test_a_peer_case_in_running_text_is_read_with_its_span_and_value(group: str, numeral: str, value: str,
                                                                     script: str) -> None:
    table = _TRADITIONAL if script == "traditional" else _FULL_WIDTH if script == "full-width" else None
    written = numeral.translate(table) if table else numeral
    sentence, unit = _sentence(group, written)
    start = sentence.index(written)
    expected = _expected_text(group, written)
    figures = [f for f in find_figures(sentence) if f.start < start + len(written) and f.end > start]
    assert len(figures) == 1, figures
    figure = figures[0]
    assert (figure.start, figure.text) == (start, expected)
    got = _value(figure.value) if isinstance(figure.value, str) else figure.value
    assert got == _value(value)
    if unit and not _is_share(numeral) and not numeral.startswith(("-", "－")):
        assert figure.unit == unit


# --- the grammar, rule by rule -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("二〇二三", 2023), ("一七二零", 1720),  # digit by digit
    ("一百零五", 105), ("一千零一十", 1010), ("十万零一千", 101000),  # 零 marks a skipped place
    ("一百十一", 111), ("十", 10), ("十五", 15),  # a leading 十, 一百十
    ("三万五", 35000), ("两千六", 2600), ("一百二", 120), ("一亿五", 150000000),  # spoken abbreviation
    ("一千一百一十一万一千一百一十一亿", 1111111100000000), ("三千万亿", 3 * 10**15),  # stacked magnitudes
    ("廿二", 22), ("卅", 30),
    ("100万三千", 1003000), ("1万600", 10600), ("200亿零四千230", 20000004230),  # mixed
])
def test_place_value(text: str, value: int) -> None:
    assert numerals.value_of(text) == value


@pytest.mark.parametrize(("text", "value"), [
    ("三点一四", "3.14"), ("零点零五", "0.05"), ("二十点一万", "201000"), ("一百点123", "100.123"),
    ("负三点八", "-3.8"),
])
def test_decimal_point(text: str, value: str) -> None:
    assert numerals.value_of(text) == Decimal(value)


@pytest.mark.parametrize("text", ["三点钟", "两点建议", "十点二十分", "三点一刻", "八点零五分"])
def test_a_point_that_is_no_decimal_point_ends_the_numeral(text: str) -> None:
    reading = numerals.read(text, 0)
    assert reading is not None and not reading.point and text[reading.end] == "点"


@pytest.mark.parametrize(("text", "per", "value"), [
    ("百分之八", "%", "8"), ("百分之二点一五", "%", "2.15"), ("百分之百", "%", "100"),
    ("千分之三", "‰", "3"), ("万分之五", "‱", "5"), ("百分之负三点八", "%", "-3.8"),
    ("三分之一", "/", "1/3"), ("负十二分之七", "/", "-7/12"), ("千万分之一点五", "/", "3/20000000"),
])
def test_per_parts_and_fractions(text: str, per: str, value: str) -> None:
    pos = 1 if text[0] == "负" else 0
    reading = numerals.read(text, pos)
    assert reading is not None and (reading.per, reading.value, reading.end) == (per, _value(value), len(text))


@pytest.mark.parametrize(("text", "at", "approx", "value"), [
    ("数十万", 1, "lower", 100000), ("几百", 1, "lower", 100), ("上万", 1, "lower", 10000),
    ("二十多万", 0, "lower", 200000), ("30来万", 0, "about", 300000), ("十几万", 0, "lower", 100000),
    ("两个亿", 0, "", 200000000), ("三个多亿", 0, "lower", 300000000),
    ("两三年", 0, "about", 2), ("七八千人", 0, "about", 7000),
])
def test_vague_words_and_measure_words_inside(text: str, at: int, approx: str, value: int) -> None:
    reading = numerals.read(text, at)
    assert reading is not None and (reading.approx, reading.value) == (approx, value)


@pytest.mark.parametrize(("text", "numeral"), [
    ("十七十八", "十七"), ("5千克", "5"), ("3百分点", "3"), ("上十", "十"),
])
def test_the_reader_stops_where_the_numeral_does(text: str, numeral: str) -> None:
    pos = 1 if text[0] == "上" else 0
    reading = numerals.read(text, pos)
    assert reading is not None and text[reading.start:reading.end] == numeral


# --- figures in sentences -------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "text", "value", "unit", "kind", "approx"), [
    ("截至目前，全市共组建网格员队伍一万一千人。", "一万一千", "11000", "人", "count", "exact"),
    ("全省法院受理案件同比增长百分之二点一五。", "百分之二点一五", "2.15", "%", "change", "exact"),
    ("一季度全区生产总值增速为-3.2%。", "-3.2%", "-3.2", "%", "change", "exact"),
    ("该案涉案金额达两个亿。", "两个亿", "200000000", "", "count", "exact"),
    ("全市已有数十万群众参与平安创建。", "数十万", "100000", "", "count", "lower"),
    ("去年为群众挽回经济损失上千万元。", "上千万", "10000000", "元", "money", "lower"),
    ("活动吸引30来万人次参与。", "30来万", "300000", "人次", "count", "about"),
    ("近千名志愿者参与巡逻。", "千", "1000", "名", "count", "upper"),
    ("群众满意度提升，七成以上受访者表示安全感增强。", "七成", "70", "%", "percent", "lower"),
    ("电诈案件破案数同比上升三成。", "三成", "30", "%", "change", "exact"),
    ("全年共投入资金1.2万亿元。", "1.2万亿", "1200000000000", "元", "money", "exact"),
    ("其中三分之一的案件在诉前化解。", "三分之一", "1/3", "", "percent", "exact"),
])
def test_figures_in_sentences(sentence: str, text: str, value: str, unit: str, kind: str, approx: str) -> None:
    found = [(f.text, str(f.value), f.unit, f.kind, f.approx) for f in find_figures(sentence)]
    assert (text, value, unit, kind, approx) in found


@pytest.mark.parametrize("sentence", [
    "我们要一如既往做好工作，万一发生险情立即处置。",
    "一些群众反映问题后，一起研究解决办法。",
    "这是一点小事，但体现了一成不变的作风。",
    "成千上万的志愿者走上街头。",
    "引入第三方机构开展评估。",
    "陆家嘴地区治安平稳，队伍建设扎实推进。",
    "天府中央法务区“一点六院八庭”格局形成。",
    "这一成绩的取得来之不易。",
    "下午三点钟召开会议，提出两点一线的工作思路。",
])
def test_words_that_look_like_numerals_state_no_figure(sentence: str) -> None:
    values = [f for f in find_figures(sentence) if f.kind not in ("identifier",) and f.unit != "点"]
    assert values == []


def test_a_range_plan_in_quotes_is_a_name() -> None:
    (figure,) = [f for f in find_figures("“十四五”期间，全市刑事案件下降。") if f.text == "十四五"]
    assert figure.kind == "identifier"


# --- properties -----------------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def _to_chinese(n: int) -> str:
    """``n`` (below 10¹⁶) written out in full Chinese numerals, with 零 where places are skipped."""
    if n == 0:
        return "零"
    text = ""
    zero = False
    for magnitude, word in ((10**12, "万亿"), (10**8, "亿"), (10**4, "万"), (1, "")):
        group, n = divmod(n, magnitude)
        if not group:
            zero = zero or bool(text)
            continue
        if text and (zero or group < 1000):
            text += "零"
        text += _section(group) + word
        zero = False
    return text


def _section(n: int) -> str:
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero and out:
                out += "零"
            out += _CN_DIGITS[digit] + unit
            zero = False
        else:
            zero = True
    return out


@settings(max_examples=400, deadline=None)
@given(n=st.integers(0, 10**16 - 1), decimals=st.text(alphabet=_CN_DIGITS, max_size=4),
       negative=st.booleans())
def test_any_number_written_out_reads_back(n: int, decimals: str, negative: bool) -> None:
    text = ("负" if negative else "") + _to_chinese(n) + ("点" + decimals if decimals else "")
    expected = Decimal(str(n) + ("." + "".join(str(_CN_DIGITS.index(c)) for c in decimals) if decimals else ""))
    assert numerals.value_of(fold(text)) == (-expected if negative else expected)


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.sampled_from(list(numerals.CHARS) + list("点分之负个多余来几数上成%.-0123456789")
                                      + ["百分之", "千分之", "分之", "一些", "万一", "一起", "一点"]), max_size=16))
def test_the_reader_never_fails_and_stays_inside_the_text(parts: list[str]) -> None:
    text = "".join(parts)
    for pos in range(len(text)):
        reading = numerals.read(text, pos)
        if reading is not None:
            assert 0 <= reading.start <= pos < reading.end <= len(text)


def test_a_share_in_words_is_printed_without_its_unit_again() -> None:
    from factcheck.extract import extract_claims
    from factcheck.models import Article

    text = "全市调解成功率达百分之九十七点四，七成以上群众表示满意，刑事警情下降12.5%，共有33.4万人参与。"
    claims = extract_claims(Article(id="p", path="p.txt", text=text, published="2024-01-01"))
    assert [c.printed for c in claims] == ["百分之九十七点四", "七成", "12.5%", "33.4万人"]
