"""The grammar of numerals as news prints them: one reader for every form, Chinese, Arabic and mixed.

`read` takes folded text (`numbers.fold`: full-width digits and traditional characters already mapped)
and a position where a numeral may start, and returns the longest well-formed numeral there, with its
exact value. The grammar, in the order the reader tries it::

    numeral  := sign? ( per-part | fraction | amount )
    sign     := 负 | - | −                       the sign is part of the value (负三点八 → -3.8)
    per-part := (百|千|万) 分之 sign? amount       百分之八 → 8 %, 千分之三 → 3 ‰, 万分之五 → 5 ‱
    fraction := amount 分之 sign? amount          三分之一 → 1/3, 千万分之一点五 → 3/20000000
    amount   := vague? integer decimal? magnitude*
    vague    := 数 | 几 | 上                       before a bare unit: 数十万, 几百, 上万 (a lower bound)
    integer  := digit digit+                      read digit by digit: 二〇二三, 一七二零
              | term+                             read by place value, see below
    term     := number? unit | number? magnitude | 零 | number
    number   := digit | Arabic digits             一, 壹, 两, 100, 1.2
    unit     := 十 | 百 | 千 (拾 佰 仟), 廿 = 二十, 卅 = 三十
    magnitude:= (个)? (多|余|来)? (万 | 亿)        stacked: 万亿, 千万亿; 两个亿, 三个多亿, 30来万
    decimal  := 点 (digit+ | Arabic digits)       三点一四, 二十点一万, 一百点123

Place value: units within a section descend (千 > 百 > 十); a magnitude closes the section and
multiplies it, or everything read so far when it is larger than the magnitude before it (3千万亿 =
3 × 10¹⁵); 零 marks a skipped place. A single Chinese digit right after a unit or magnitude, with no
零 between, fills the next lower place: 三万五 = 35,000, 两千六 = 2,600, 一百二 = 120 (the spoken
abbreviation). 几 after a unit (十几万) and 多/余/来 before a magnitude (二十多万) make the value a
bound: 多, 余, 几 and the vague prefixes a lower one, 来 an approximate one.

Where the text stops being a numeral the reader stops: at a unit that does not descend (十七十八 reads
十七), at a measure word that starts with a numeral character (千克, 百分点, 十分), at 点 that is not a
decimal point (三点钟, 两点建议, 十点二十分 is a time). Nothing here decides whether a numeral is a figure
(一些, 万一 meaning "in case"): `figures` does that with the words around it.
"""

from __future__ import annotations

from decimal import Context, Decimal
from fractions import Fraction
from typing import Final, final

from .lexicon import APPROX_AFTER, INSIDE_NUMBER

# Digits: everyday, financial (大写) and zero forms, after folding (貳 → 贰, 陸 → 陆, 兩 → 两).
DIGITS: Final[dict[str, int]] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5,
    "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
ZEROS: Final = "零〇○"
# Units within a section, and the two that stand for a digit and a unit (廿 = 二十).
UNITS: Final[dict[str, int]] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
TENS: Final[dict[str, int]] = {"廿": 20, "卅": 30}
MAGNITUDES: Final[dict[str, int]] = {"万": 10_000, "亿": 100_000_000}
# The financial forms: a numeral written only with these and one character long is a word (陆家, 伍家岗).
FORMAL: Final = "壹贰叁肆伍陆柒捌玖拾佰仟"
# Everything a Chinese numeral is written with (the characters a numeral run is made of).
CHARS: Final = "".join(DIGITS) + "".join(UNITS) + "".join(TENS) + "".join(MAGNITUDES)
POINT: Final = "点"
SIGNS: Final = "负-−"
# Words before a bare unit that make it vague, and the units each may stand before: 数十万, 几百, 上万 (at
# least that much; 上十 is no numeral).
VAGUE_BEFORE: Final[dict[str, str]] = {"数": "十百千万亿", "几": "十百千万亿", "上": "百千万亿"}
# Inside a numeral before a magnitude: 二十多万, 两千余万 (more than), 30来万 (about): lexicon.INSIDE_NUMBER.
BOUND_BEFORE_MAGNITUDE: Final[dict[str, str]] = {word: APPROX_AFTER[word] for word in INSIDE_NUMBER}
assert all(len(word) == 1 for word in BOUND_BEFORE_MAGNITUDE), "the reader takes one character at a time"
# The per-forms: 百分之 is a percentage.
PER: Final[dict[str, str]] = {"百": "%", "千": "‰", "万": "‱"}
# Measure words that start with a numeral character: the numeral ends before them (5千克 is 5 kg).
MEASURES_STARTING_WITH_A_NUMERAL: Final = ("千克", "千米", "千瓦", "千卡", "百分点", "百分比", "十分")
# After a Chinese decimal, what makes 点 a clock time (十点二十分, 三点一刻, 八点零五分), not a point.
_CLOCK_AFTER: Final = "分刻钟十"

_DECIMAL_DIGITS: Final = "0123456789"
_X: Final = Context(prec=400)  # wide enough that no numeral is ever rounded
_ONE: Final = Decimal(1)


@final
class Reading:
    """A numeral read at a position: where it starts and ends in the text, its exact value, how it is
    stated (``per``: "%", "‰", "‱", "/" for a fraction, "" for an amount), the bound its own words
    give (``approx``: "", "lower", "about"), and what it is made of."""

    __slots__ = ("start", "end", "value", "per", "approx", "magnitude", "point", "formal", "chars", "vague")

    start: int
    end: int
    value: Decimal | Fraction
    per: str
    approx: str
    magnitude: bool  # a 万 or 亿 in it
    point: bool  # a decimal point (点) in it
    formal: bool  # a financial character (壹, 拾, 佰…) in it
    chars: int  # how many numeral characters it has
    vague: bool  # a vague word before it (数十万, 上万)

    def __init__(self, start: int, end: int, value: Decimal | Fraction, per: str, approx: str,
                 magnitude: bool, point: bool, formal: bool, chars: int, vague: bool = False) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.per = per
        self.approx = approx
        self.magnitude = magnitude
        self.point = point
        self.formal = formal
        self.chars = chars
        self.vague = vague


def read(text: str, pos: int) -> Reading | None:
    """The numeral that starts at ``pos`` of folded ``text`` (a sign or vague word right before it is
    part of it), or None when none does. Pure."""
    start = pos
    negative = sign_before(text, pos)
    if negative:
        start = pos - 1
    per = PER.get(text[pos], "") if pos < len(text) else ""
    if per and text.startswith("分之", pos + 1):  # 百分之八, 百分之负三点八
        part = _signed_amount(text, pos + 3)
        if part is None:
            return None
        value = -part.value if negative else part.value
        return Reading(start, part.end, value, per, part.approx, part.magnitude, part.point, False,
                       3 + part.chars)
    vague = pos > 0 and pos < len(text) and text[pos] in VAGUE_BEFORE.get(text[pos - 1], "")
    whole = _amount(text, pos, vague)
    if whole is None:
        return None
    if vague and not negative:
        start = pos - 1
    if text.startswith("分之", whole.end):  # 三分之一, 负十二分之七, 千万分之一点五
        part = _signed_amount(text, whole.end + 2)
        if part is not None and whole.value:
            fraction = Fraction(part.value) / Fraction(whole.value)
            return Reading(start, part.end, -fraction if negative else fraction, "/", "", False,
                           part.point, False, whole.chars + 2 + part.chars)
    value = -whole.value if negative else whole.value
    approx = "lower" if vague else whole.approx
    return Reading(start, whole.end, value, "", approx, whole.magnitude, whole.point, whole.formal, whole.chars,
                   vague)


def sign_before(text: str, pos: int) -> bool:
    """Whether the character before ``pos`` is the numeral's sign: 负 or −, or a hyphen where a value
    starts (同比-3.2%, 增速为-1.5%, （-0.4%）), not one that joins a range (1-3个月, 2019-2021) or a
    name (COVID-19, 天目-2022)."""
    if pos == 0 or text[pos - 1] not in SIGNS:
        return False
    if text[pos - 1] != "-":
        return True
    for ch in text[max(0, pos - 4):pos - 1]:
        if ch in _DECIMAL_DIGITS or ch in DIGITS:
            return False  # 1-3个月, 5个-8个, 2019-2021: the dash of a range
    if pos >= 2 and text[pos - 2] not in _BEFORE_MINUS:
        return False  # COVID-19, 运-20, 天目-2022: a name
    return True


# What a hyphen that is a minus sign follows: the words that lead a value (增速为-3.2%, 同比-1.5%,
# 气温-4℃), and punctuation.
_BEFORE_MINUS: Final = "为是达至比率速幅温度降增长：:（(，,、 \t\n"


def _signed_amount(text: str, pos: int) -> Reading | None:
    """An amount after 分之, with its own sign (百分之负三点八)."""
    negative = pos < len(text) and text[pos] == "负"
    part = _amount(text, pos + 1 if negative else pos, False)
    if part is None or not negative:
        return part
    return Reading(pos, part.end, -part.value, "", part.approx, part.magnitude, part.point, False, part.chars + 1)


def _arabic_end(text: str, pos: int) -> int:
    """Where the Arabic number at ``pos`` (digits, then a point and digits) ends (``pos`` if none)."""
    end = pos
    n = len(text)
    while end < n and text[end] in _DECIMAL_DIGITS:
        end += 1
    if end > pos and end + 1 < n and text[end] == "." and text[end + 1] in _DECIMAL_DIGITS:
        end += 1
        while end < n and text[end] in _DECIMAL_DIGITS:
            end += 1
    return end


def _amount(text: str, pos: int, vague: bool) -> Reading | None:
    """``vague? integer decimal? magnitude*`` at ``pos``: the place-value reading of the module's
    docstring. ``vague``: a vague word stands before, so a bare unit or magnitude may start it.

    Every value is kept as an integer count of 10**-scale (scale grows with the decimals read: 1.25 is
    125 at scale 2), so the reading is exact integer arithmetic and one Decimal at the end."""
    n = len(text)
    i = pos
    scale = 0
    one = 1  # 10**scale
    total = 0  # closed sections, times their magnitudes
    section = 0  # the section being read (below 万)
    number: int | None = None  # a number waiting for its unit
    spoken = False  # number is one Chinese digit right after a unit or magnitude (三万五)
    small = 0  # the last unit of this section (units descend)
    last = 0  # the last unit or magnitude read
    top = 0  # the last magnitude read
    after_zero = False
    by_digit = ""  # digits read one by one (二〇二三), while no unit has come
    approx = ""
    magnitude = point = formal = False
    chars = 0
    while i < n:
        ch = text[i]
        step = 1
        if ch in DIGITS:
            digit = DIGITS[ch]
            if number is not None and not by_digit and _range_pair(text, i):
                approx = "about"  # 两三年, 七八千, 二十五六: the lower end of a range of two
            elif number is not None or by_digit:
                # a second digit in a row is read digit by digit (二〇二三), only before any unit
                if last or text[i - 1] not in DIGITS or (ch in FORMAL) != (text[i - 1] in FORMAL):
                    break  # (陸二級: a financial digit and an everyday one are no numeral)
                by_digit = (by_digit or str((number or 0) // one)) + str(digit)
                number = int(by_digit) * one
            elif digit == 0:
                after_zero = bool(last)
                if not last:
                    number = 0  # 零点五, 〇二
            else:
                number = digit * one
                spoken = bool(last) and not after_zero
        elif ch in _DECIMAL_DIGITS:
            if number is not None or by_digit or (i > pos and text[i - 1] in _DECIMAL_DIGITS):
                break
            arabic_end = _arabic_end(text, i)
            whole, _, decimals = text[i:arabic_end].partition(".")
            if len(decimals) > scale:  # finer than what was read: read all of it at the finer scale
                up = 10 ** (len(decimals) - scale)
                total, section = total * up, section * up
                scale, one = len(decimals), 10 ** len(decimals)
            number = int(whole + decimals) * 10 ** (scale - len(decimals))
            spoken = False
            step = arabic_end - i
        elif ch in UNITS or ch in TENS:
            unit = UNITS[ch] if ch in UNITS else 10
            if by_digit or (small and unit >= small) or (i > pos and measure_starts(text, i)):
                break
            if ch in TENS:
                if number is not None:
                    break
                number = TENS[ch] // 10 * one
            elif number is None and not (i == pos or after_zero or (unit == 10 and small > 10)):
                break  # a unit needs its number, unless it leads (十, 百分之百), follows 零, or is 一百十
            section += (number if number is not None else one) * unit
            number = None
            spoken = after_zero = False
            small = last = unit
        elif ch in MAGNITUDES:
            big = MAGNITUDES[ch]
            if len(by_digit) > 1:
                break  # 一二万 is no numeral
            part = section + (number if number is not None else 0)  # (三万: 3, not spoken)
            if part == 0:
                if total and last >= 10_000 and big > top:
                    total *= big  # 万亿, 千万亿: stacked
                elif not total and i == pos and vague:
                    total = big * one  # 上万, 数亿
                else:
                    break
            elif total and big > top:
                total = (total + part) * big  # 一千一百一十一万一千一百一十一亿
            else:
                total += part * big
            section = 0
            number = None
            by_digit = ""
            spoken = after_zero = False
            small = 0
            last = top = big
            magnitude = True
        elif ch == POINT:
            decimals_end = _decimal_digits_end(text, i + 1)
            if decimals_end == i + 1 or point or (number is None and not section and not total):
                break
            if decimals_end < n and text[decimals_end] in _CLOCK_AFTER and not text.startswith("分之", decimals_end):
                break  # 十点二十分, 三点一刻, 八点零五分: a time of day
            digits = "".join(str(DIGITS[c]) if c in DIGITS else c for c in text[i + 1:decimals_end])
            pending = _pending(number, spoken, last)
            if len(digits) > scale:
                up = 10 ** (len(digits) - scale)
                total, section, pending = total * up, section * up, pending * up
                scale, one = len(digits), 10 ** len(digits)
            section += pending + int(digits) * 10 ** (scale - len(digits))
            number = None
            by_digit = ""
            spoken = False
            point = True
            step = decimals_end - i
        elif ch == "个" and (number is not None or section) and _magnitude_after(text, i + 1, True):
            pass  # 两个亿, 三个多亿: the measure word inside
        elif ch in BOUND_BEFORE_MAGNITUDE and (number is not None or section) and _magnitude_after(text, i + 1, False):
            approx = BOUND_BEFORE_MAGNITUDE[ch]  # 二十多万, 30来万
        elif ch == "几" and last and last < 10_000 and number is None and not after_zero:
            approx = "lower"  # 十几万, 二十几个
        else:
            break
        formal = formal or ch in FORMAL
        chars += step
        i += step
    if i == pos:
        return None
    value = total + section + _pending(number, spoken, last)
    exact = Decimal(value) if scale == 0 else _exact(_X.scaleb(Decimal(value), -scale))
    return Reading(pos, i, exact, "", approx, magnitude, point, formal, chars)


def _pending(number: int | None, spoken: bool, last: int) -> int:
    """What a number still waiting for its unit adds: itself, or, spoken right after a unit or magnitude,
    itself in the next lower place (三万五: 5 × 1,000)."""
    if number is None:
        return 0
    return number * (last // 10) if spoken and last >= 100 else number


# Two digits in a row that are a range, not one number read digit by digit: each with the next, and the
# pairs news writes out of that order.
_RANGE_PAIRS: Final = ("一两", "两三", "三五")


def _range_pair(text: str, i: int) -> bool:
    """Whether the digit at ``i`` ends a range with the one before it (两三年, 七八千, 二十五六岁): the next
    digit up, or one of _RANGE_PAIRS, before a word (一二三 is read digit by digit, “十四五” is a name)."""
    before = text[i - 1]  # (the number waiting is this digit: nothing else sets one before a digit)
    if before not in DIGITS or i + 1 >= len(text):
        return False
    after = text[i + 1]
    if after in DIGITS or not "\u4e00" <= after <= "\u9fff":
        return False
    return DIGITS[text[i]] == DIGITS[before] + 1 and DIGITS[before] > 0 or (before + text[i]) in _RANGE_PAIRS


def _decimal_digits_end(text: str, pos: int) -> int:
    """Where the digits of a decimal after 点 end: Chinese digits, or Arabic ones (一百点123)."""
    n = len(text)
    end = pos
    if end < n and text[end] in _DECIMAL_DIGITS:
        while end < n and text[end] in _DECIMAL_DIGITS:
            end += 1
        return end
    while end < n and text[end] in DIGITS and text[end] != "两":
        end += 1
    return end


def _magnitude_after(text: str, i: int, bound: bool = True) -> bool:
    """Whether a magnitude follows at ``i`` (after 多, 余 or 来 when ``bound``: 三个多亿)."""
    if bound and i < len(text) and text[i] in BOUND_BEFORE_MAGNITUDE:
        i += 1
    return i < len(text) and text[i] in MAGNITUDES


def measure_starts(text: str, i: int) -> bool:
    for word in MEASURES_STARTING_WITH_A_NUMERAL:
        if text.startswith(word, i):
            return True
    return False


def _exact(value: Decimal) -> Decimal:
    """Without a meaningless exponent or trailing zeros: 3.40E+5 → 340000, 12.30 → 12.3."""
    if value == _X.to_integral_value(value):
        return _X.quantize(value, _ONE)
    return _X.normalize(value)


def value_of(text: str) -> Decimal | Fraction:
    """The value of ``text`` when all of it is one numeral (ValueError otherwise): 三万五 → 35000."""
    pos = 1 if text[:1] in SIGNS else 0
    reading = read(text, pos)
    if reading is None or reading.end != len(text) or reading.start != 0:
        raise ValueError(f"not a numeral: {text!r}")
    return reading.value
