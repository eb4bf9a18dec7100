"""Numeral parsing: exact values, property-based checks against an independent reading."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import fastpath, numbers
from factcheck.figures import find_figures
from factcheck.numbers import fold, parse_chinese_integer, parse_fraction, parse_number

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """An independent writer of Chinese numerals (below 10^12), for round-trip tests."""
    if n == 0:
        return "零"

    def section(x: int) -> str:
        out = ""
        zero = False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // value % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            out += DIGITS[d] + unit
        return out

    parts = []
    for big, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // big % 10**4
        if chunk:
            text = section(chunk)
            if parts and chunk < 1000:
                text = "零" + text
            parts.append(text + name)
        elif parts and big > 1 and n % big:
            pass
    result = "".join(parts)
    return result[1:] if result.startswith("一十") else result


@pytest.mark.parametrize(("text", "value"), [
    ("十一", 11), ("两", 2), ("二十", 20), ("一百零五", 105), ("三万五", 35000), ("二〇二三", 2023),
    ("一千二百三十四万", 12340000), ("八", 8), ("十八", 18), ("一亿三千万", 130000000),
])
def test_chinese_integers(text: str, value: int) -> None:
    assert parse_chinese_integer(text) == value


@pytest.mark.parametrize(("text", "value"), [
    ("33.4万", "334000"), ("1350.22万", "13502200"), ("3.4亿", "340000000"), ("6500多万", "65000000"),
    ("１，２３４", "1234"), ("1,234.5", "1234.5"), ("60余万", "600000"), ("萬", None),
])
def test_numbers_with_magnitudes(text: str, value: str | None) -> None:
    if value is None:
        with pytest.raises(ValueError):
            parse_number(text)
    else:
        assert parse_number(text) == Decimal(value)


def test_fractions() -> None:
    assert str(parse_fraction("七分之一")) == "1/7"
    assert str(parse_fraction("百分之五")) == "1/20"


def test_fold_keeps_length() -> None:
    text = "２０２３年廣州市連續兩年，萬人億元，１，２３４％"
    assert len(fold(text)) == len(text)
    assert fold(text) == "2023年广州市连续两年，万人亿元，1，234%"


_FOLD_ALPHABET = "".join(chr(c) for c in list(numbers._FOLD_TABLE)[::7]) + "年万人，。 abc12\n"


@given(st.text(alphabet=st.sampled_from(sorted(set(_FOLD_ALPHABET)))) | st.text())
def test_fold_translates_only_what_the_table_changes(text: str) -> None:
    # fold translates the runs the table changes and splices them in: the same as translating it all
    assert fold(text) == text.translate(numbers._FOLD_TABLE)
    assert fastpath.translate_runs(text, numbers._FOLDS, numbers._FOLDS_TO) == text.translate(numbers._FOLD_TABLE)  # what compiled code runs


@given(st.integers(min_value=1, max_value=10**11))
def test_chinese_round_trip(n: int) -> None:
    assert parse_chinese_integer(to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99),
       st.sampled_from(["", "万", "亿"]))
def test_arabic_with_magnitude(whole: int, frac: int, mag: str) -> None:
    text = f"{whole}.{frac:02d}{mag}" if frac else f"{whole}{mag}"
    expected = Decimal(f"{whole}.{frac:02d}" if frac else str(whole)) * {"": 1, "万": 10**4, "亿": 10**8}[mag]
    assert parse_number(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,，%万亿一二两三十百千年月日第连续次个人超余多近约 ２３萬億兩")),
               max_size=60))
def test_extractor_never_crashes_and_spans_hold(text: str) -> None:
    for fig in find_figures(text):
        assert 0 <= fig.start < fig.end <= len(text)
        assert text[fig.start:fig.end] == fig.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_extractor_on_any_text(text: str) -> None:
    for fig in find_figures(text):
        assert text[fig.start:fig.end] == fig.text


@given(whole=st.text(alphabet=st.sampled_from(list("0123456789")), min_size=1, max_size=8),
       fraction=st.text(alphabet=st.sampled_from(list("0123456789")), max_size=6), power=st.integers(0, 12),
       other=st.booleans())
def test_shifting_the_point_is_scaling_by_a_power_of_ten(whole: str, fraction: str, power: int, other: bool) -> None:
    from factcheck.numbers import scale, shift_point

    digits = whole + ("." + fraction if fraction else "")
    if other:  # digits other than ASCII take the Decimal path
        digits = digits.replace("3", "٣")
    expected = scale(Decimal(digits), Decimal(10) ** power)
    got = shift_point(digits, power)
    assert got == expected and str(got) == str(expected)  # the same value, printed the same


def test_remember_stores_and_empties_a_full_cache_at_once() -> None:
    from factcheck.numbers import remember

    cache: dict[str, int] = {}
    assert [remember(cache, str(i), i, 3) for i in range(3)] == [0, 1, 2]
    assert cache == {"0": 0, "1": 1, "2": 2}
    assert remember(cache, "x", 9, 3) == 9
    assert cache == {"x": 9}
