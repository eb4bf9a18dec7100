"""Find every figure in a text: span, exact value, unit, kind and approximation.

A pure function of the text. All patterns run on the folded text (`numbers.fold`), which has the
same length as the original, so every span is a code-point offset into the original text.
Every pattern is linear: no nested quantifiers, bounded look-behinds and look-aheads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from types import FunctionType
from typing import Final, final

from . import lexicon, numerals
from .models import Figure, Value
from .numbers import (
    code_point_flags,
    code_points,
    fold,
    magnitude_of,
    parse_chinese_integer,
    parse_fraction,
    remember,
    scale,
    shift_point,
)
from .places import compile_words

MAX_DIGITS: Final = 40  # longer digit runs are labels (a figure needs at most ~20 digits)
# The characters of Chinese numerals (numerals.CHARS): CN without the magnitudes, CNX with them.
CNX: Final = numerals.CHARS
CN: Final = "".join(ch for ch in CNX if ch not in numerals.MAGNITUDES)

# The words of the lexicon, and what is derived from them.
UNITS: Final = lexicon.MEASURE_WORDS
_UNIT_RE: Final = re.compile("|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True)))
MONEY_UNITS: Final = lexicon.MONEY_UNITS
DURATION_UNITS: Final = lexicon.DURATION_UNITS
IDIOMS: Final = lexicon.IDIOMS
# The idioms longest first at each position, factored by prefix (the plain alternation walked all hundred
# of them at each position of the window around each Chinese numeral).
_IDIOM_RE: Final = compile_words(sorted(set(IDIOMS)))

_NUM_AR: Final = r"(?:\d{1,3}(?:[,，]\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)"
# The token pattern's alternatives, in order (at one position the first that matches wins).
_TOKEN_ALTERNATIVES: Final = (
    r"(?P<iso>(?<![\d.])\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?![\d]))",
    r"(?P<ymd>(?<![\d.])(?:\d{4}|[〇零○一二三四五六七八九]{4})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?)",
    r"(?P<md>(?<![\d.个])(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号])",
    r"(?P<icp>(?<=ICP备)\d+号(?:-\d+)?|(?<=ICP证)\d+号)",
    r"(?P<combo>(?<![\d.])\d+(?:[ ]?[+×xX*][ ]?(?:\d+|[NnXx](?![A-Za-z])))+)",
    r"(?P<frac>[" + CN + r"]{1,4}分之[" + CN + r"]{1,4}|(?<![\d.])\d+/\d+(?![\d/]))",
    r"(?P<ar>" + _NUM_AR + r")(?P<armid>" + "|".join(map(re.escape, lexicon.INSIDE_NUMBER)) + r")?(?P<armag>万亿|千万|百万|十万|千亿|百亿|万|亿)?(?P<arsign>%|‰|倍)?",
    r"(?P<cn>[" + CNX + r"]{1,12})(?P<cnsign>倍)?",
    r"(?P<half>半)(?=小时|个月|天|年|分钟)",
    r"(?P<shou>首)(?=[个届次批轮份部家例条单笔位座所项期台只张篇场款套])",
)
_TOKEN: Final = re.compile("|".join(_TOKEN_ALTERNATIVES))


def _alternative_alone(name: str) -> re.Pattern[str]:
    """The token pattern's alternative ``name`` on its own, its groups numbered as in the token pattern
    (empty groups repeated zero times stand before it), so that its matches read as the token
    pattern's: for a position where no other alternative can match (see _match_at)."""
    source = next(a for a in _TOKEN_ALTERNATIVES if a.startswith(f"(?P<{name}>"))
    return re.compile("(?:" + "()" * (_TOKEN.groupindex[name] - 1) + "){0}" + source)


_TOKEN_AR: Final = _alternative_alone("ar")
_TOKEN_CN: Final = _alternative_alone("cn")
# What may follow a run of digits where an alternative before ar can match (a date, an ICP number, 1+6+N,
# a fraction); a point only after four digits (2023.5.1), a space only before the operator of 1 + 6.
_AFTER_DIGITS_NOT_AR: Final = "-/年月号+×xX*"
_COMBO_OPERATORS: Final = "+×xX*"
# … and what may follow a run of Chinese numerals where an alternative before cn can match (二〇二三年,
# 三月五日, 三分之一).
_AFTER_CN_NOT_CN: Final = "年月分"
_CN_BEFORE_WORD_MAX: Final = 4  # numerals before 年 (ymd), 月 (md: three) or 分之 (frac)
_Search = Callable[[str, int], "re.Match[str] | None"]
_Match = Callable[[str, int], "re.Match[str] | None"]
_APPROX_BEFORE_KIND: Final = lexicon.APPROX_BEFORE
_APPROX_BEFORE: Final = re.compile(
    "(?:" + "|".join(map(re.escape, sorted(_APPROX_BEFORE_KIND, key=len, reverse=True))) + ")$")
_APPROX_BEFORE_REACH: Final = max(map(len, _APPROX_BEFORE_KIND))  # the longest word (不少于)
_CHANGE_VERB: Final = re.compile(r"下降|上升|增长|提升|提高|降低|减少|增加|上涨|下跌|回落|攀升|高出|低于|增|降|涨|跌|同比|环比|较")
_LEVEL_END: Final = re.compile(r"(?:至|到|的|为|是|占|率|达|达到|约)$")
_CHANGE_END: Final = re.compile(r"(?:降幅|增幅|幅度|涨幅|跌幅)(?:达|为|是)?$")
_RANK_BEFORE: Final = re.compile(r"(?:全国|全省|全市|全区|排名|位居|位列|名列|居|列|获得|荣获|获|夺得|蝉联|考评|评估|评价|排位|排行|位于|保持)$")
_LATIN_RUN: Final = re.compile(r"[A-Za-z]+")
_LATIN_AFTER: Final = re.compile(r"\s?[A-Za-z]")
_YEAR_RANGE_AFTER: Final = re.compile(r"\s*[-—–~至到]\s*\d{4}年")
# Web-page chrome: a number after a code's label (网站标识码：4403060000, 邮编510000) is a label, a year after
# the copyright sign (版权所有 © 2024) a year.
_CODE_BEFORE: Final = re.compile(r"(?:标识码|识别码|备案号|编号|代码|邮编|邮政编码|电话|传真|热线|书号|刊号)[：:]?\s*$")
# … and the page's own counters (浏览次数：2,817, 阅读量 1.2万, 点赞 36): how often a page was read, not a
# figure the article states, and different on every mirror and every day.
_COUNTER_BEFORE: Final = re.compile(
    r"(?:浏览次数|浏览量|浏览数|浏览|阅读次数|阅读量|阅读数|阅读|点击次数|点击量|点击数|点击|访问次数|访问量|"
    r"访问人次|点赞数|点赞|评论数|评论|转发数|转发|分享数|分享|收藏数|收藏|人气|热度)[：:]\s*$"
    r"|(?:浏览次数|浏览量|阅读次数|阅读量|点击次数|点击量|访问量|点赞数|评论数|转发数|收藏数)\s*$"
)
_COPYRIGHT_BEFORE: Final = re.compile(r"(?:©|版权所有|[Cc]opyright)[：:]?\s*$")
_CLAUSE_STOP: Final = "，。；：！？,;:!?\n\r、（）()“”\"「」【】《》 \t"
_SENT_STOP: Final = "。！？!?\n\r；;"
_CLAUSE_STOPS: Final = code_point_flags(map(ord, _CLAUSE_STOP))


@final
class Fig:
    """A figure while extraction works on it: `models.Figure`'s fields in a plain class, which mypyc
    compiles to a C struct (a field read is a load, not an attribute lookup; building one is a call,
    not a dataclass ``__init__``). `find_figures` gives them as `models.Figure`."""

    __slots__ = ("start", "end", "text", "value", "unit", "kind", "approx", "link")

    start: int
    end: int
    text: str
    value: Value
    unit: str
    kind: str
    approx: str
    link: int | None

    def __init__(self, start: int, end: int, text: str, value: Value, unit: str, kind: str,
                 approx: str = "exact", link: int | None = None) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.value = value
        self.unit = unit
        self.kind = kind
        self.approx = approx
        self.link = link

    def to_figure(self) -> Figure:
        return Figure(self.start, self.end, self.text, self.value, self.unit, self.kind, self.approx, self.link)



# Decimal(digits) and shift_point(digits, magnitude) of the digits figures print: a page's figures repeat
# (years, small counts, 33.4万 in every article on it), and a Decimal is made in a thousand instructions.
# Kept by numbers.remember (dicts, forgotten at once when full).
_DECIMAL_OF: Final[dict[str, Decimal]] = {}
_SCALED: Final[dict[str, Decimal]] = {}
_NUMBERS_MAX: Final = 8192


def _decimal_of(plain: str) -> Decimal:
    value = _DECIMAL_OF.get(plain)
    return value if value is not None else remember(_DECIMAL_OF, plain, Decimal(plain), _NUMBERS_MAX)


def _scaled(plain: str, mag: str) -> Decimal:
    """``shift_point(plain, _MAGNITUDE_POWER[mag])``, kept."""
    key = plain + mag  # (digits and a point, then no digit)
    value = _SCALED.get(key)
    return value if value is not None else remember(_SCALED, key, shift_point(plain, _MAGNITUDE_POWER[mag]),
                                                    _NUMBERS_MAX)


_CN_VALUES: Final[dict[str, Decimal]] = {}  # _cn_value's results (see numbers.remember)


def _cn_value(text: str) -> Decimal:
    """Value of a Chinese numeral, with 万/亿 magnitudes (三万五, 一百二十万); numerals are at most
    12 characters, and the same few come back again and again (ValueError when not one, not kept)."""
    value = _CN_VALUES.get(text)
    return value if value is not None else remember(_CN_VALUES, text, Decimal(parse_chinese_integer(text)), 4096)


def starts_at(text: str, word: str, pos: int) -> bool:
    """``text.startswith(word, pos)``. Compiled (mypyc), ``startswith`` with a position is a method call
    that parses its arguments as a tuple, most of the cost of looking up a word or two next to a
    figure: the code points are compared in a loop instead."""
    if pos < 0 or not _COMPILED:
        return text.startswith(word, pos)
    n = len(word)
    if pos + n > len(text):
        return False
    for i in range(n):  # the words are a few characters: compared as code points, no string made
        if ord(text[pos + i]) != ord(word[i]):
            return False
    return True


def starts_with_any(text: str, words: tuple[str, ...], pos: int) -> bool:
    """``text.startswith(words, pos)`` (see starts_at)."""
    for word in words:
        if starts_at(text, word, pos):
            return True
    return False


def _strip_clause_prefix(folded: str, start: int, limit: int = 16) -> str:
    """The text before ``start`` back to the previous clause break (at most ``limit`` characters)."""
    lo = max(0, start - limit)
    stops = _CLAUSE_STOPS
    for i in range(start - 1, lo - 1, -1):
        code = ord(folded[i])  # (compiled, this makes no string)
        if code < 0x10000 and stops[code]:
            return folded[i + 1:start]
    return folded[lo:start]


# The measure words by their first character, longest first: what _UNIT_RE's alternation tries at a position
# (two words of one length cannot both start there), without walking its hundred alternatives.
_UNITS_BY_FIRST: Final[dict[str, tuple[str, ...]]] = {}
for _unit in sorted(set(UNITS), key=len, reverse=True):
    _UNITS_BY_FIRST[_unit[0]] = (*_UNITS_BY_FIRST.get(_unit[0], ()), _unit)


def _match_unit(folded: str, pos: int) -> tuple[str, int]:
    """The measure word at ``pos`` (skipping a closing quote), and where it ends: ``_UNIT_RE.match``."""
    p = pos
    n = len(folded)
    if p < n:
        code = ord(folded[p])
        if code == 0x201D or code == 0x22 or code == 0x2019 or code == 0x300D:  # ” " ’ 」
            p += 1
    if p < n:
        code = ord(folded[p])
        # (compiled, ord makes no string, and the table is a list: no one-character string to hash)
        for unit in _UNITS_AT[code] if code < 0x10000 else ():
            if starts_at(folded, unit, p):
                # 提高2.1个百分点, 两个百分点: a change of a rate, in points, whether counted with 个 or not
                return ("百分点" if unit == "个百分点" else unit), p + len(unit)
    return "", pos


# _UNITS_BY_FIRST indexed by code point (below U+10000: no measure word starts above it)
_UNITS_AT: Final[list[tuple[str, ...]]] = [()] * 0x10000
for _first, _units in _UNITS_BY_FIRST.items():
    _UNITS_AT[ord(_first)] = _units


# Approximation words after a figure; no one-character word starts a two-character one.
_APPROX_AFTER: Final = lexicon.APPROX_AFTER


# The characters an approximation word starts with.
_APPROX_AFTER_FIRST: Final = "".join(sorted({word[0] for word in _APPROX_AFTER}))


def _approx_after(folded: str, pos: int) -> tuple[str, int]:
    """An approximation word right after a figure (余, 多, 以上, 左右…) and where it ends."""
    if pos >= len(folded) or folded[pos] not in _APPROX_AFTER_FIRST:
        return "", pos
    two = folded[pos:pos + 2]
    kind = _APPROX_AFTER.get(two) if len(two) == 2 else None
    if kind is not None:
        return kind, pos + 2
    kind = _APPROX_AFTER.get(two[:1])
    if kind is not None:
        return kind, pos + 1
    return "", pos


# Characters that can end an approximation word, and a newline (``$`` also matches before one).
_APPROX_BEFORE_LAST: Final = frozenset(word[-1] for word in _APPROX_BEFORE_KIND) | {"\n"}


def _approx_before(folded: str, start: int) -> str:
    if not start or folded[start - 1] not in _APPROX_BEFORE_LAST:
        return ""  # no approximation word can end right before the figure
    m = _APPROX_BEFORE.search(folded, max(0, start - _APPROX_BEFORE_REACH), start)
    return _APPROX_BEFORE_KIND[m.group(0)] if m else ""


def _in_idiom(folded: str, start: int, end: int) -> bool:
    """True when the numeral at [start, end) is part of an idiom such as 一站式 or 统一: an idiom that
    overlaps it and reaches outside it. One wholly inside it (万一 in 一万一千) never splits a numeral."""
    lo = max(0, start - 4)
    if _COMPILED and not _idiom_can_start(folded, lo, end):
        return False
    for m in _IDIOM_RE.finditer(folded, lo, min(len(folded), end + 4)):
        if m.start() < end and m.end() > start and (m.start() < start or m.end() > end):
            return True
    return False


def _idiom_can_start(folded: str, lo: int, end: int) -> bool:
    """Whether an idiom can start in [lo, end): a character that starts one, then one that is the second
    of one (a superset of where `_IDIOM_RE` matches; a match overlapping [start, end) starts there)."""
    n = len(folded)
    for q in range(lo, min(end, n - 1)):
        first = ord(folded[q])
        second = ord(folded[q + 1])
        if first < 0x10000 and second < 0x10000 and _IDIOM_FIRSTS[first] and _IDIOM_SECONDS[second]:
            return True
    return False


_IDIOM_FIRSTS: Final = code_point_flags(ord(word[0]) for word in IDIOMS)
_IDIOM_SECONDS: Final = code_point_flags(ord(word[1]) for word in IDIOMS)


_LABEL_CHARS: Final = re.compile(r"[\d" + CN + r"个+×xXN*、]+")
_DIGITS: Final = re.compile(r"\d+")
_CN_RUN: Final = re.compile(r"[" + CN + r"]+")


def _is_quoted_label(folded: str, start: int, end: int) -> tuple[int, int] | None:
    """A short quoted label made only of numerals (“1310”, “四个一”): its inner span."""
    if start == 0 or folded[start - 1] not in "“\"‘「":
        return None
    close = end
    while close < len(folded) and close - start <= 8 and folded[close] not in "”\"’」":
        close += 1
    if close >= len(folded) or folded[close] not in "”\"’」":
        return None
    inner = folded[start:close]
    if _LABEL_CHARS.fullmatch(inner) is None:
        return None
    if _DIGITS.fullmatch(inner) and _UNIT_RE.match(folded, close + 1):
        return None  # “1”个中心: a count, the quotes only mark the slogan
    if _CN_RUN.fullmatch(inner) and close == end:
        return None  # “三”: one numeral in quotes; “十四五” (no one numeral) is a name
    return start, close


# Every first character a token can start with: the token pattern starts with named groups, which
# keeps `re` from skipping ahead by a character class, so candidates are found first, then matched.
_TOKEN_START: Final = re.compile(r"[\d" + CNX + r"半首]")


# _TOKEN_START as a table of code points, for compiled code (see _next_start): 1 where a token can start.
_TOKEN_STARTS: Final = code_point_flags(code_points(_TOKEN_START.pattern))
# 1 at the code points ``\d`` matches, and at the Chinese numerals (CNX): where a token of ar or cn starts.
_DECIMALS: Final = code_point_flags(code_points(r"\d"))
_CN_NUMERALS: Final = code_point_flags(map(ord, CNX))


def _compiled() -> bool:
    """Whether this module runs compiled (mypyc): its functions are then not Python functions."""
    return not isinstance(_compiled, FunctionType)


_COMPILED: Final = _compiled()


def find_figures(text: str) -> list[Figure]:
    """Every figure the text states, in order of position. Pure and deterministic."""
    return [fig.to_figure() for fig in find_figures_folded(text, fold(text))]


def find_figures_folded(text: str, folded: str) -> list[Fig]:
    """`find_figures` when the caller already holds ``fold(text)``."""
    if _COMPILED:
        return _find_figures_compiled(text, folded)
    figures: list[Fig] = []
    pos = 0
    search = _TOKEN_START.search
    match = _TOKEN.match
    while True:
        m = _next_token(folded, pos, search, match)
        if m is None:
            break
        fig = _classify(text, folded, m)
        pos = _resume_after(m) if fig is None else _keep(figures, fig, m.end())
    return _link_ranges(folded, _inherit_units(folded, figures))


def _resume_after(m: re.Match[str]) -> int:
    """Where the scan goes on after a token that is no figure: inside a run of Chinese numerals such as
    一一, at its second character; else after it."""
    return _retry_inside(m.start(), m.end()) if _alternative(m) == "cn" else m.end()


def _retry_inside(start: int, end: int) -> int:
    return start + 1 if end - start > 1 else end


def _keep(figures: list[Fig], fig: Fig, pos: int) -> int:
    """Adds ``fig`` unless it overlaps the figure before it; where the scan goes on (``pos``: the token's end)."""
    if figures and fig.start < figures[-1].end:
        return pos
    figures.append(fig)
    return max(pos, fig.end)


def _find_figures_compiled(text: str, folded: str) -> list[Fig]:
    """`find_figures_folded`'s loop for compiled code: a token where only the ar alternative can match (most of
    them) is read by `_ar_token` (`cn` ones by `_cn_token`), without a match object; the others are matched by
    `_match_at`. The loop of the source, `find_figures_folded`, searches the token pattern instead."""
    figures: list[Fig] = []
    pos = 0
    while True:
        at = _next_start(folded, pos)
        if at < 0:
            break
        code = ord(folded[at])
        if code < 0x10000 and _DECIMALS[code] and _only_arabic(folded, at):
            number_end, mid, mag, sign, end = _ar_token(folded, at)
            fig = _arabic_parts(text, folded, at, folded[at:number_end], mid, mag, sign, end)
            pos = end if fig is None else _keep(figures, fig, end)
        elif code < 0x10000 and _CN_NUMERALS[code] and _only_chinese(folded, at):
            _, _, end = _cn_token(folded, at)  # (where the scan resumes; the grammar reads the numeral)
            fig = _chinese_parts(text, folded, at)
            pos = _retry_inside(at, end) if fig is None else _keep(figures, fig, end)
        else:
            m = _match_at(folded, at, code)
            if m is None:
                pos = at + 1
                continue
            fig = _classify(text, folded, m)
            pos = _resume_after(m) if fig is None else _keep(figures, fig, m.end())
    return _link_ranges(folded, _inherit_units(folded, figures))


def _next_token(folded: str, pos: int, search: _Search, match: _Match) -> re.Match[str] | None:
    """``_TOKEN.search(folded, pos)``, jumping from one possible first character to the next."""
    while True:
        c = search(folded, pos)
        if c is None:
            return None
        m = match(folded, c.start())
        if m is not None:
            return m
        pos = c.start() + 1


def _next_start(folded: str, pos: int) -> int:
    """The first position from ``pos`` on where a token can start (_TOKEN_STARTS, or a decimal digit above
    U+FFFF), or -1."""
    starts = _TOKEN_STARTS
    n = len(folded)
    while pos < n:
        code = ord(folded[pos])
        if code >= 0x10000:
            if folded[pos].isdecimal():
                return pos
        elif starts[code]:
            return pos
        pos += 1
    return -1


def _match_at(folded: str, pos: int, code: int) -> re.Match[str] | None:
    """``_TOKEN.match(folded, pos)`` for the character ``code`` at ``pos``: where only one alternative can
    match, it alone is tried (half the time of the whole pattern)."""
    if code < 0x10000:
        if _DECIMALS[code]:
            return (_TOKEN_AR if _only_arabic(folded, pos) else _TOKEN).match(folded, pos)
        if _CN_NUMERALS[code]:
            return (_TOKEN_CN if _only_chinese(folded, pos) else _TOKEN).match(folded, pos)
    return _TOKEN.match(folded, pos)


def _ar_token(folded: str, pos: int) -> tuple[int, str, str, str, int]:
    """``_TOKEN_AR.match(folded, pos)`` read by hand, at a decimal digit: where the number (group ar) ends,
    armid, armag and arsign ("" for none) and where the match ends. A test holds it equal to the match.
    Characters are compared by code point (compiled, ``ord(folded[i])`` makes no string)."""
    n = len(folded)
    run_end = _digits_end(folded, pos, n)
    end = -1
    if run_end - pos <= 3 and run_end < n and _is_comma(ord(folded[run_end])):
        # \d{1,3}(?:[,，]\d{3})+(?!\d): as many groups of three as there are; one fewer when a digit follows
        # the last (none then is no match of this branch)
        groups = 0
        i = run_end
        while i < n and _is_comma(ord(folded[i])) and _digits_end(folded, i + 1, min(n, i + 4)) == i + 4:
            i += 4
            groups += 1
        if groups and _is_decimal(folded, i, n):
            groups -= 1
            i -= 4
        if groups:
            end = i
    if end < 0:
        end = run_end
    if end + 1 < n and ord(folded[end]) == 0x2E and _is_decimal(folded, end + 1, n):  # a point, a digit
        end = _digits_end(folded, end + 1, n)
    number_end = end
    mid = ""
    if end < n:
        code = ord(folded[end])
        if code < 0x10000 and _INSIDE_NUMBER_FIRST[code]:  # armid: 多 余 来 (lexicon.INSIDE_NUMBER)
            for word in _INSIDE_NUMBER:
                if starts_at(folded, word, end):
                    mid = word
                    end += len(word)
                    break
    mag = ""
    if end < n:
        code = ord(folded[end])
        if code < 0x10000 and _MAGNITUDE_FIRST[code]:
            for word in _AR_MAGNITUDES:
                if starts_at(folded, word, end):
                    mag = word
                    end += len(word)
                    break
    sign = ""
    if end < n:
        code = ord(folded[end])
        if code == 0x25 or code == 0x2030 or code == 0x500D:  # % ‰ 倍
            sign = folded[end]
            end += 1
    return number_end, mid, mag, sign, end


def _cn_token(folded: str, pos: int) -> tuple[int, str, int]:
    """``_TOKEN_CN.match(folded, pos)`` read by hand, at a Chinese numeral: where its run of at most twelve
    numerals (group cn) ends, cnsign ("" or 倍) and where the match ends."""
    n = len(folded)
    end = pos + 1
    limit = min(n, pos + 12)
    while end < limit:
        code = ord(folded[end])
        if code >= 0x10000 or not _CN_NUMERALS[code]:
            break
        end += 1
    if end < n and ord(folded[end]) == 0x500D:  # 倍
        return end, "倍", end + 1
    return end, "", end


def _is_comma(code: int) -> bool:
    return code == 0x2C or code == 0xFF0C  # , ，


_INSIDE_NUMBER: Final = lexicon.INSIDE_NUMBER
_INSIDE_NUMBER_FIRST: Final = code_point_flags(ord(word[0]) for word in _INSIDE_NUMBER)
# armag's words in the order of its alternation (the first that matches is taken), and their first characters
_AR_MAGNITUDES: Final = ("万亿", "千万", "百万", "十万", "千亿", "百亿", "万", "亿")
_MAGNITUDE_FIRST: Final = code_point_flags(ord(word[0]) for word in _AR_MAGNITUDES)


def _is_decimal(folded: str, i: int, n: int) -> bool:
    """Whether ``folded[i]`` (``i < n``) is a digit ``\\d`` matches."""
    if i >= n:
        return False
    code = ord(folded[i])
    return bool(_DECIMALS[code]) if code < 0x10000 else folded[i].isdecimal()


def _digits_end(folded: str, pos: int, limit: int) -> int:
    """Where the run of decimal digits from ``pos`` ends (at most ``limit``)."""
    while pos < limit and _is_decimal(folded, pos, limit):
        pos += 1
    return pos


def _only_arabic(folded: str, pos: int) -> bool:
    """Whether no alternative before ar can match at ``pos``, where a digit is: each needs one of
    _AFTER_DIGITS_NOT_AR (or a point after four digits, an operator after a space) right after the run
    of digits that starts there."""
    n = len(folded)
    end = pos + 1
    while end < n:
        code = ord(folded[end])
        if not (_DECIMALS[code] if code < 0x10000 else folded[end].isdecimal()):
            break
        end += 1
    if end >= n:
        return True
    after = folded[end]
    if after == ".":
        return end - pos != 4
    if after == " ":
        return end + 1 >= n or folded[end + 1] not in _COMBO_OPERATORS
    if after == "年":  # a date (ymd) needs four digits, 年 and a month's numeral: 2023年5月, not 2023年全市
        return end - pos != 4 or not _month_numeral_at(folded, end + 1)
    if after == "月":  # … (md) one or two digits, 月 and a day's numeral: 5月1日, not 12月份
        return end - pos > 2 or not _month_numeral_at(folded, end + 1)
    if after == "号":  # an ICP number (icp) follows ICP备 or ICP证
        return pos == 0 or folded[pos - 1] not in "备证"
    return after not in _AFTER_DIGITS_NOT_AR


def _month_numeral_at(folded: str, i: int) -> bool:
    """Whether a month's or a day's numeral (``\\d`` or one of 一…十) can start at ``i``."""
    if i >= len(folded):
        return False
    code = ord(folded[i])
    return folded[i].isdecimal() if code >= 0x10000 else bool(_DECIMALS[code]) or folded[i] in "一二三四五六七八九十"


def _only_chinese(folded: str, pos: int) -> bool:
    """Whether no alternative before cn can match at ``pos``, where a Chinese numeral is: each needs one
    of _AFTER_CN_NOT_CN right after the run of numerals that starts there, and a run of at most four
    (二〇二三年, 十二月, 三分之一). The run is read no further than that: a page-long run of numerals is
    retried at each of its positions (see find_figures_folded), and reading it to its end each time
    made the scan quadratic."""
    n = len(folded)
    end = pos + 1
    while end < n and end - pos <= _CN_BEFORE_WORD_MAX:
        code = ord(folded[end])
        if code >= 0x10000 or not _CN_NUMERALS[code]:
            break
        end += 1
    if end - pos > _CN_BEFORE_WORD_MAX:
        return True
    return end >= n or folded[end] not in _AFTER_CN_NOT_CN


# Group index of the token pattern → its top-level alternative (`Match.lastindex` names the last group
# that closed: a sub-group such as armag stands for its alternative).
_ALTERNATIVES: Final = ("iso", "ymd", "md", "icp", "combo", "frac", "ar", "cn", "half", "shou")
_ALTERNATIVE_OF: Final[dict[int, str]] = {
    index: next(a for a in reversed(_ALTERNATIVES) if _TOKEN.groupindex[a] <= index)
    for index in _TOKEN.groupindex.values()
}


def _alternative(m: re.Match[str]) -> str:
    """Which alternative of the token pattern matched."""
    return _ALTERNATIVE_OF[m.lastindex or 0]


def _classify(text: str, folded: str, m: re.Match[str]) -> Fig | None:
    group = _alternative(m)
    if group == "ar":
        return _arabic(text, folded, m)
    if group == "cn":
        return _chinese(text, folded, m)
    start, end = m.start(), m.end()
    if group == "iso":
        return _iso_date(text, m)
    if group in ("ymd", "md"):
        return _cn_date(text, folded, m)
    if group == "icp":
        return Fig(start, end, text[start:end], text[start:end], "", "identifier")
    if group == "combo":
        return Fig(start, end, text[start:end], text[start:end], "", "identifier")
    if group == "frac":
        if folded[start] in CN:  # 三分之一, 百分之二点一五: the grammar reads the whole of it
            return _chinese_parts(text, folded, start)
        return _fraction(text, folded, m)
    if group == "shou":
        return Fig(start, end, text[start:end], Decimal(1), folded[end], "ordinal")
    if group == "half":
        unit, _ = _match_unit(folded, end)
        if unit == "年" and start > 0 and folded[start - 1] in "上下":
            return None
        return Fig(start, end, text[start:end], Decimal("0.5"), unit, "duration")
    raise AssertionError(f"no figure rule for {group}")


def _iso_date(text: str, m: re.Match[str]) -> Fig | None:
    raw = m.group(0)
    parts = re.split(r"[-/. T:]", raw)
    y, mo, d = int(parts[0]), int(parts[1]), int(parts[2])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    value = f"{y:04d}-{mo:02d}-{d:02d}"
    if len(parts) > 3:
        value += "T" + ":".join(f"{int(p):02d}" for p in parts[3:])
    return Fig(m.start(), m.end(), text[m.start():m.end()], value, "", "date")


def _small_cn_or_ar(s: str) -> int:
    return int(s) if s.isdigit() else parse_chinese_integer(s)


def _cn_date(text: str, folded: str, m: re.Match[str]) -> Fig | None:
    raw = folded[m.start():m.end()]
    dm = re.fullmatch(r"(?:(\S{4})年)?(\S{1,3}?)月(?:(\S{1,3})[日号])?", raw)
    if dm is None:
        return None
    try:
        year = _small_cn_or_ar(dm.group(1)) if dm.group(1) else None
        month = _small_cn_or_ar(dm.group(2))
        day = _small_cn_or_ar(dm.group(3)) if dm.group(3) else None
    except ValueError:
        return None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    if year is not None:
        value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    else:
        value = f"--{month:02d}" + (f"-{day:02d}" if day else "")
    return Fig(m.start(), m.end(), text[m.start():m.end()], value, "", "date")


def _fraction(text: str, folded: str, m: re.Match[str]) -> Fig | None:
    try:
        frac = parse_fraction(folded[m.start():m.end()])
    except (ValueError, ZeroDivisionError):
        return None
    value = f"{frac.numerator}/{frac.denominator}"
    return Fig(m.start(), m.end(), text[m.start():m.end()], value, "", "percent",
                  _approx_before(folded, m.start()) or "exact")


# Group numbers of the arabic and Chinese alternatives (one call for several groups by number is the
# cheapest way to read them); each alternative starts with its first group, at the token's start.
_AR: Final = _TOKEN.groupindex["ar"]
_ARMID: Final = _TOKEN.groupindex["armid"]
_ARMAG: Final = _TOKEN.groupindex["armag"]
_ARSIGN: Final = _TOKEN.groupindex["arsign"]


def _arabic(text: str, folded: str, m: re.Match[str]) -> Fig | None:
    groups = m.group(_AR, _ARMID, _ARMAG, _ARSIGN)
    # m.start(): where the ar group starts
    return _arabic_parts(text, folded, m.start(), groups[0], groups[1] or "", groups[2] or "", groups[3] or "",
                         m.end())


def _arabic_parts(text: str, folded: str, start: int, digits: str, mid: str, mag: str, sign: str,
                  match_end: int) -> Fig | None:
    """The figure of a match of the ar alternative at ``start``: its groups ("" for none) and its end."""
    if len(digits) > MAX_DIGITS:
        # a run of digits no figure has (a serial number, page garbage): a label, never a value
        end = start + len(digits)
        return Fig(start, end, text[start:end], text[start:end], "", "identifier")
    if not sign and not mid and _numeral_goes_on(folded, start + len(digits) + len(mag), mag, digits):
        mixed = _mixed_numeral(text, folded, start, start + len(digits) + len(mag))
        if mixed is not None:
            return mixed
    plain = _plain_digits(digits)
    number = _decimal_of(plain)
    if mag or sign:
        end = match_end
    else:
        end = start + len(digits)
    # an integer times one is itself: scaling would give back the same Decimal
    value = number if not mag and "." not in digits else _scaled(plain, mag)
    approx = _APPROX_AFTER[mid] if mid else ""  # 20多万, 30来万
    after = end
    if mid and not mag:
        after = start + len(digits) + len(mid)  # where armid, right after ar, ends
    # month / day: 9月, 10日
    if not mag and not sign and "." not in digits and not mid:
        nxt = folded[after:after + 1]
        if nxt == "月" and 1 <= number <= 12 and not starts_at(folded, "月份", after) and (
                start == 0 or folded[start - 1] != "个"):
            return Fig(start, end + 1, text[start:end + 1], f"--{int(number):02d}", "", "date")
        if nxt and nxt in "日号" and 1 <= number <= 31 and _looks_like_day(folded, start, after):
            return Fig(start, end + 1, text[start:end + 1], f"---{int(number):02d}", "", "date")
    if sign in ("%", "‰"):
        unit = sign
        kind = _percent_kind(folded, start)
    elif sign == "倍":
        unit = "倍"
        kind = "change" if _is_change(folded, start) else "multiple"
    else:
        if not approx:
            a, after = _approx_after(folded, after)
            approx = a if a != "about" or starts_at(folded, "左右", end) else ""
        unit, unit_end = _match_unit(folded, after)
        if unit == "成" and (mag or not _share_of_ten_at(folded, after, value)):
            unit = ""
        if mag and unit in ("万元", "亿元"):
            unit = "元"
        found_kind = _arabic_kind(folded, start, end, unit, number, mag, digits)
        if found_kind is None:
            return None
        kind = found_kind
        if kind == "identifier":
            tail = _LATIN_RUN.match(folded[end:end + 4])
            if tail and not mag:
                end += tail.end()
            return Fig(start, end, text[start:end], text[start:end], "", "identifier")
        if kind == "year":
            return Fig(start, end, text[start:end], value, "年", "year")
        if unit in ("万元", "亿元"):  # (no magnitude here: with one, the unit is 元 already)
            value = shift_point(plain, _MAGNITUDE_POWER[unit[0]])
            unit = "元"
    if not approx:
        a, _ = _approx_after(folded, end)
        if a and a != "about":
            approx = a
        elif starts_at(folded, "左右", end) or starts_at(folded, "左右", after):
            approx = "about"
    approx = _approx_before(folded, start) or approx or "exact"
    if approx == "upper" and kind in ("duration",) and _recent(folded, start):
        approx = "exact"
    if unit == "成" and end == after:
        value, unit = _share_of_ten(value)
        end += 1  # 3成: the share is the number and 成
    if kind in _SIGNED_KINDS and numerals.sign_before(folded, start):
        return Fig(start - 1, end, text[start - 1:end], -value, unit, kind, approx)  # -10.1万, −3.2%
    return Fig(start, end, text[start:end], value, unit, kind, approx)


# The kinds of figure a minus before it makes negative (a year, a date or a rank after a dash is a range's end).
_SIGNED_KINDS: Final = ("count", "percent", "change", "money", "multiple")


def _numeral_goes_on(folded: str, pos: int, mag: str, digits: str) -> bool:
    """Whether the Arabic number that ends at ``pos`` (with its magnitude ``mag``) goes on as a numeral: 3千,
    5百 (a unit after it), 3千万亿 (a second magnitude), 100万三千, 1万2千, 1万600 (a section after a
    magnitude). Not before a measure word that starts with a numeral character (5千克, 3百分点)."""
    n = len(folded)
    if pos >= n or "," in digits or "，" in digits:
        return False
    ch = folded[pos]
    if ch in numerals.UNITS:
        return not numerals.measure_starts(folded, pos)
    if not mag:
        return False
    if ch in numerals.MAGNITUDES or ch in numerals.DIGITS:
        return True
    if ch.isdecimal() and ch.isascii():
        after = _digits_end(folded, pos, n)
        return after - pos >= 2 or after < n and folded[after] in numerals.UNITS
    return False


def _mixed_numeral(text: str, folded: str, start: int, arabic_end: int) -> Fig | None:
    """The figure of a numeral that starts with Arabic digits and goes on in Chinese (100万三千), read by the
    grammar; None where the Chinese part is the start of a word (10万一线民警: 一线)."""
    reading = numerals.read(folded, start)
    if reading is None or reading.end <= arabic_end or _in_idiom(folded, arabic_end, reading.end):
        return None
    return _chinese_parts(text, folded, start, reading)


def _plain_digits(digits: str) -> str:
    """Digits as the token pattern matched them, without their thousands separators."""
    if "," in digits or "，" in digits:
        return digits.replace(",", "").replace("，", "")
    return digits


# The power of ten of each magnitude the ar alternative reads (armag), and of 万 and 亿 alone.
_MAGNITUDE_POWER: Final[dict[str, int]] = {
    mag: magnitude_of(mag).adjusted() for mag in ("", "万亿", "千万", "百万", "十万", "千亿", "百亿", "万", "亿")
}


def _looks_like_day(folded: str, start: int, after: int) -> bool:
    before = folded[max(0, start - 3):start]
    return "月" in before or "每" in before or starts_at(folded, "前", after + 1) or "的" in before[-1:]


def _recent(folded: str, start: int) -> bool:
    return start > 0 and folded[start - 1] == "近"


def _percent_kind(folded: str, start: int) -> str:
    return "change" if _is_change(folded, start) else "percent"


def _is_change(folded: str, start: int) -> bool:
    """Whether the figure at ``start`` is a change (增长9.8%), not a level (占比9.8%): read from the words
    of its clause before it, a short text that comes back again and again (同比下降), so kept."""
    prefix = _strip_clause_prefix(folded, start, 14)
    found = _CHANGES.get(prefix)
    return found if found is not None else remember(_CHANGES, prefix, _prefix_is_change(prefix), _NUMBERS_MAX)


_CHANGES: Final[dict[str, bool]] = {}


def _prefix_is_change(prefix: str) -> bool:
    # The prefix holds no clause stop (no newline): each expression ending in $ is tried only where a
    # match can start, its longest word back from the end, not at every position (see search_end).
    approx = search_end(_APPROX_BEFORE, prefix, _APPROX_BEFORE_REACH)  # 不少于
    if approx is not None:
        prefix = prefix[:approx.start()]
    if search_end(_CHANGE_END, prefix, 3) is not None:  # 降幅达
        return True
    if search_end(_LEVEL_END, prefix, 2) is not None:  # 达到
        return False
    tail = prefix[-8:]
    # the previous figure in a run such as 23.6%11.5% shares its context: the digits, points and % at the
    # end are left out
    return _CHANGE_VERB.search(tail, 0, figure_tail_start(tail, len(tail))) is not None


def search_end(pattern: re.Pattern[str], text: str, reach: int) -> re.Match[str] | None:
    """``pattern.search(text)`` for a pattern whose matches end at the end of ``text`` (``…$``; before a
    final newline too, which ``reach`` then counts) and are at most ``reach`` characters long."""
    return pattern.search(text, max(0, len(text) - reach))


def figure_tail_start(text: str, end: int) -> int:
    """Where the run of digits, points and % signs (``[\\d.%]*``) that ends at ``end`` starts."""
    while end > 0 and (text[end - 1] in ".%" or text[end - 1].isdecimal()):
        end -= 1
    return end


def _arabic_kind(folded: str, start: int, end: int, unit: str, number: Decimal, mag: str,
                 digits: str) -> str | None:
    prev = folded[start - 1] if start else ""
    if prev == "第":
        return _rank_or_ordinal(folded, start - 1, unit, end)
    if prev in ("词", ".", "号") and folded[max(0, start - 4):start].endswith(("关键词", "No.", "NO.", "序号", "编号")):
        return "ordinal"
    is_int = "." not in digits and not mag
    if is_int and len(digits) == 4 and 1900 <= number <= 2100 and (
            unit in ("年", "年度") or _YEAR_RANGE_AFTER.match(folded[end:end + 12])
            or starts_with_any(folded, ("至今", "以来"), end)
            or _COPYRIGHT_BEFORE.search(folded, max(0, start - 12), start)):
        return "year"
    if is_int and not unit and _CODE_BEFORE.search(folded, max(0, start - 8), start):
        return "identifier"
    if (not unit or unit == "次") and _COUNTER_BEFORE.search(folded, max(0, start - 7), start):
        return "identifier"
    if not mag and not unit and (_is_latin(prev) or prev == "-" and start >= 2 and _is_latin(folded[start - 2])):
        return "identifier"  # a model, version or name (IE10, Win7, COVID-19), not an amount
    if not mag and _latin_after(folded, end):
        return "identifier"
    if unit == "号":
        return "identifier"
    if prev in ("“", '"') and is_int:
        label = _is_quoted_label(folded, start, end)
        if label is not None:
            return "identifier"
    if not unit and is_int and len(digits) >= 3 and end < len(folded) and _is_cjk(folded[end]) \
            and not _approx_after(folded, end)[0]:
        return "identifier"
    return _unit_kind(folded, start, unit, number, mag, chinese=False)


def _latin_after(folded: str, end: int) -> bool:
    """``_LATIN_AFTER.match(folded[end:end + 2])``: a Latin letter at ``end``, or after one whitespace."""
    n = len(folded)
    if end >= n:
        return False
    code = ord(folded[end])
    if _is_ascii_letter(code):
        return True
    return end + 1 < n and folded[end].isspace() and _is_ascii_letter(ord(folded[end + 1]))


def _is_ascii_letter(code: int) -> bool:
    return 65 <= code <= 90 or 97 <= code <= 122


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


_HONOUR_AFTER: Final = re.compile(r"(?:荣获|获评|获得|获|被评为|夺得|摘得|捧得|问鼎|折桂|夺魁|入选|捧回|蝉联)")


def _rank_or_ordinal(folded: str, di: int, unit: str, after: int = -1) -> str:
    """For 第X at index ``di``: a streak after 连续/蝉联 (连续第五年: five years running), a count of honours
    (第九次获评, 第九年获评: the ninth win) when ``after``, where the unit starts, is followed by winning,
    rank in a ranking context or before 名/档/位, else ordinal."""
    if unit in ("年", "届", "次") and folded[max(0, di - 2):di] in ("连续", "蝉联"):
        return "streak"
    if unit in ("次", "年", "届") and after >= 0 and _HONOUR_AFTER.match(folded, after + len(unit)):
        return "times"
    if unit in ("名", "档", "位", "等") or not unit:
        return "rank"
    if _RANK_BEFORE.search(folded, max(0, di - 3), di):
        return "rank"
    return "ordinal"


def _unit_kind(folded: str, start: int, unit: str, number: Decimal, mag: str, *, chinese: bool) -> str:
    last = folded[start - 1] if start else ""
    if last in ("续", "联", "连"):
        before = folded[max(0, start - 3):start]
        if before.endswith(("连续", "蝉联")) or (before.endswith("连") and unit in ("年", "届", "次")):
            return "streak"
    if unit in MONEY_UNITS:
        return "money"
    if unit == "百分点":
        return "change"
    if unit in ("星", "档", "等"):
        return "rank"
    if unit == "届" and chinese:
        return "ordinal"
    if unit == "大":
        if last == "的":  # 党的十八大, 的三大
            return "ordinal"
        return "rank" if number == 10 else "count"
    if unit == "次" and not mag and number < 100 and chinese:
        return "times"
    if unit in DURATION_UNITS:
        return "duration"
    if unit in ("年", "年度") and not mag:
        return "duration"
    if unit == "倍":
        return "change" if _is_change(folded, start) else "multiple"
    if unit == "成":
        return "change" if _is_change(folded, start) else "percent"
    return "count"


def _chinese(text: str, folded: str, m: re.Match[str]) -> Fig | None:
    return _chinese_parts(text, folded, m.start())  # m.start(): where cn starts


def _chinese_parts(text: str, folded: str, start: int, reading: numerals.Reading | None = None) -> Fig | None:
    """The figure of the numeral at ``start``, read by the grammar of `numerals` (the cn alternative only says
    where a numeral may start; ``reading``: the grammar's reading there, when the caller has it), then
    placed by the words around it: its unit, kind and approximation, or nothing where the numeral is part
    of a word (一些, 统一) or states no figure."""
    if reading is None:
        reading = numerals.read(folded, start)
    if reading is None:
        return None
    first = reading.start  # a sign (负) or a vague word (数十万, 上万) before the numeral is part of it
    end = reading.end
    run = folded[start:end]
    if run[0] in "万亿" and first == start and not reading.per:
        return None
    after_di = start > 0 and folded[start - 1] == "第"
    if after_di:
        if starts_with_any(folded, ("第三方", "第三者"), start - 1):
            return None
    elif _in_idiom(folded, first, end) and not starts_with_any(folded, ("年来", "年以来"), end):
        return None
    prev2 = folded[max(0, start - 2):start]
    prev = prev2[-1:]
    label = _is_quoted_label(folded, start, end) if prev in ("“", '"', "‘", "「") else None
    if label is not None:
        return Fig(label[0], label[1], text[label[0]:label[1]], text[label[0]:label[1]], "", "identifier")
    if reading.per:
        return _per_part(text, folded, first, end, reading)
    value = reading.value
    if not isinstance(value, Decimal):  # (only a per-part is a fraction)
        return None
    bare = run in ("一", "百", "千", "万", "亿") or (len(run) == 1 and run in "百千")
    if starts_at(folded, "倍", end):
        kind = "change" if _is_change(folded, first) else "multiple"
        approx = reading.approx or _approx_before(folded, first) or "exact"
        return Fig(first, end + 1, text[first:end + 1], value, "倍", kind, approx)
    after_pos = end
    a_after, after_pos2 = _approx_after(folded, end)
    if a_after in ("lower",) and folded[end] in "余多":
        after_pos = after_pos2
    if starts_at(folded, "连冠", end) or starts_at(folded, "连胜", end) or starts_at(folded, "连霸", end):
        return Fig(start, end, text[start:end], value, folded[end:end + 2], "streak")
    unit, _ = _match_unit(folded, after_pos)
    if unit == "年" and starts_at(folded, "年来", after_pos):
        unit = "年"
    if prev == "第":
        return Fig(start - 1, end, text[start - 1:end], value, unit if unit != "大" else "",
                      _rank_or_ordinal(folded, start - 1, unit, after_pos))
    approx_before = _approx_before(folded, first)
    if run in ("百", "千", "万", "亿") and not reading.vague and not approx_before:
        return None  # 百姓, 千年: a bare unit is a figure only after a vague or approximation word (上百, 近千)
    if unit == "成" and not _share_of_ten_at(folded, after_pos, value):
        unit = ""
    if not unit and not (reading.point and _ends_amount(folded, end)
                         or reading.magnitude and (_has_digit(run) or reading.vague)):
        return None  # a numeral with no measure word states a figure only as an amount (三万五, 两个亿, 三点一四)
    if unit in ("年", "年度") and len(run) == 4 and 1900 <= value <= 2100 and all(ch in _CN_DIGIT_CHARS for ch in run):
        return Fig(start, end, text[start:end], value, "年", "year")  # 二〇二三年: a year, digit by digit
    if bare and run == "一" or reading.formal and reading.chars == 1:
        # 一名民警, 一个中心: 一 before a measure word is mostly an article; 陆家, 伍家岗: a financial
        # numeral of one character a word. Each is a count where the count closes its clause (案件一宗。)
        ok = unit in ("倍", "星", "等", "档", "成", "个月", "个多月", "年来") and not reading.formal \
            or prev2.endswith(("连续", "同比")) or starts_at(folded, "年来", end) or starts_at(folded, "年以来", end) \
            or reading.formal and unit in MONEY_UNITS \
            or _counted_at_clause_end(folded, first, unit, after_pos + len(unit))
        if not ok:
            return None
    if run == "十" and unit == "分":
        return None
    if unit == "年" and prev in "上下" and run == "半":
        return None
    if unit == "大" and not (prev2.endswith("的") or run == "十" or starts_at(folded, "大力量", end)
                            or starts_at(folded, "大行业", end) or starts_at(folded, "大领域", end)
                            or starts_at(folded, "大类", end) or starts_at(folded, "大板块", end)
                            or starts_at(folded, "大工程", end) or starts_at(folded, "大专项", end)):
        if not prev2.endswith("党的"):
            return None
    if unit == "年" and not (prev2.endswith(("连续", "近", "过去", "最近")) or starts_with_any(folded, ("年来", "年以来", "年前", "年内", "年间", "年里", "年中", "年后"), end)) and len(run) <= 2:
        # 一年的砥砺奋进, 千年商都: a year-word that states no figure unless it is a span of time
        if run in ("一", "千", "百", "万"):
            return None
    kind = _unit_kind(folded, start, unit, value, "", chinese=True)
    if not a_after and starts_with_any(folded, ("以上", "以下", "左右", "上下"), after_pos + len(unit)):
        a_after, _ = _approx_after(folded, after_pos + len(unit))  # 九成以上
    approx = reading.approx or a_after or approx_before or "exact"
    if approx == "upper" and prev == "近" and unit in ("年", "年来", "个月", "天"):
        approx = "exact"
    if a_after == "about":
        approx = "about"
    value_out: Value = value
    if unit in ("万元", "亿元"):
        value_out = scale(value, magnitude_of(unit[0]))
        unit = "元"
    elif unit in ("元", "圆"):
        value_out, tail_end = _jiao_fen(folded, after_pos + 1, value)  # 玖仟陆佰陆拾伍圆壹角捌分
        unit = "元"
        if tail_end > after_pos + 1:
            end = tail_end
    elif unit == "成":
        value_out, unit = _share_of_ten(value)
        end = after_pos + 1  # 三成: the share is the numeral and 成
    return Fig(first, end, text[first:end], value_out, unit, kind, approx)


# The measure words of things counted, and what stands before an article-like 一 (上一篇, 每一个, 这一次).
_COUNTED: Final = frozenset("宗件起人名个家所处项例户座台辆条")
_BEFORE_ARTICLE: Final = "上下每这那哪第再又仅只就各逐同唯任某去跑换添走看到赞了成有是"


def _counted_at_clause_end(folded: str, start: int, unit: str, unit_end: int) -> bool:
    """Whether 一 (or a one-character financial numeral) is a count: a thing counted after its noun that
    closes the clause (受理案件一宗。), not an article (一名民警, 过去一年, 上一篇)."""
    return unit in _COUNTED and start > 0 and _is_cjk(folded[start - 1]) \
        and folded[start - 1] not in _BEFORE_ARTICLE and _closes_clause(folded, unit_end)


def _closes_clause(folded: str, pos: int) -> bool:
    """Whether a clause ends at ``pos`` (a comma, stop or semicolon, or the end of the text)."""
    return pos >= len(folded) or folded[pos] in "，。；！？,;!?、\n"


def _jiao_fen(folded: str, pos: int, value: Decimal) -> tuple[Decimal, int]:
    """An amount of 元 with its 角 (tenths) and 分 (hundredths) after it, and where they end."""
    for word, tenths in (("角", Decimal("0.1")), ("分", Decimal("0.01"))):
        if pos + 1 < len(folded) and folded[pos] in numerals.DIGITS and folded[pos + 1] == word:
            value = value + tenths * numerals.DIGITS[folded[pos]]
            pos += 2
    return value, pos


def _has_digit(run: str) -> bool:
    """Whether a numeral has a digit (三百万, 100万), not only units and magnitudes (百万, 千万: words too)."""
    for ch in run:
        if (ch in numerals.DIGITS and ch not in numerals.ZEROS) or ch.isdecimal():
            return True
    return False


def _ends_amount(folded: str, end: int) -> bool:
    """Whether a decimal with no measure word ends where an amount can (三点一四。), not before a word it
    belongs to (“一点六院”: one place and six courts)."""
    return end >= len(folded) or not _is_cjk(folded[end]) or folded[end] == "的"


# Words that start with 成 after a numeral: 成 is then no share (这一成绩, 67194成人, 一成不变).
_CHENG_WORDS: Final = ("成人", "成绩", "成为", "成功", "成立", "成效", "成果", "成员", "成本", "成交", "成熟",
                       "成长", "成都", "成就", "成品", "成年", "成型", "成形", "成片", "成规模", "成体系", "成网",
                       "成建制", "成风", "成灾", "成真", "成批", "成套", "成色", "成章", "成行", "成事", "成败",
                       "成分", "成群", "成才", "成材", "成家", "成熟度")


def _share_of_ten_at(folded: str, pos: int, value: Decimal) -> bool:
    """Whether 成 at ``pos`` after a numeral worth ``value`` is tenths of a whole (三成, 七成以上, 九成五):
    at most ten of them, and not the start of a word (成人, 成绩)."""
    return 0 < value <= 10 and not starts_with_any(folded, _CHENG_WORDS, pos)


def _share_of_ten(value: Decimal) -> tuple[Decimal, str]:
    """三成, 七成以上: tenths of a whole, as the percentage they are (30 %)."""
    return scale(value, Decimal(10)), "%"


def _per_part(text: str, folded: str, start: int, end: int, reading: numerals.Reading) -> Fig:
    """百分之八 (8 %), 千分之三 (3 ‰), 三分之一 (1/3): a share, or a change when a change verb leads it."""
    approx = _approx_before(folded, start)
    if not approx:
        a_after, _ = _approx_after(folded, end)
        approx = a_after if a_after in ("lower", "upper") and folded[end] not in "余多来" or \
            starts_with_any(folded, ("左右", "上下"), end) and a_after == "about" else ""
    value = reading.value
    if reading.per == "/":
        fraction = Fraction(value)
        return Fig(start, end, text[start:end], f"{fraction.numerator}/{fraction.denominator}", "", "percent",
                   approx or "exact")
    assert isinstance(value, Decimal)
    return Fig(start, end, text[start:end], value, reading.per, _percent_kind(folded, start), approx or "exact")


_CN_DIGIT_CHARS: Final = "〇零○一二三四五六七八九"  # a year in Chinese numerals is read digit by digit
_INHERIT_GAP: Final = re.compile(r"^(?:[、，,和及与或至到~\-—–]|以及)$")


def _inherit_units(folded: str, figures: list[Fig]) -> list[Fig]:
    """1、3、5分钟: a unitless figure in a list takes the unit and kind of the next one."""
    out = list(figures)
    for i in range(len(out) - 2, -1, -1):
        fig, nxt = out[i], out[i + 1]
        if fig.unit or fig.kind not in ("count",):
            continue
        if nxt.kind == "date" and re.fullmatch(r"(?:--|\d{4}-)\d{2}", str(nxt.value)) and \
                re.fullmatch(r"\s*(?:至|到|-|—|–|~)\s*", folded[fig.end:nxt.start]) and \
                isinstance(fig.value, Decimal) and 1 <= fig.value <= 12 and fig.value == int(fig.value):
            # 1至10月: the first month of a range
            out[i] = Fig(fig.start, fig.end, fig.text, f"--{int(fig.value):02d}", "", "date", fig.approx)
            continue
        if nxt.kind in ("year", "date", "identifier"):
            continue
        gap = folded[fig.end:nxt.start]
        if _INHERIT_GAP.match(gap) and nxt.unit:
            out[i] = Fig(fig.start, fig.end, fig.text, fig.value, nxt.unit, nxt.kind, fig.approx)
    return out


_RANGE_GAP: Final = re.compile(r"^年?(?:度)?\s*(?:至|到|-|—|–|~|、|和|及)\s*$")


_LIST_GAP: Final = re.compile(r"^年?(?:度)?\s*(?:、|和|及)\s*$")


def _link_ranges(folded: str, figures: list[Fig]) -> list[Fig]:
    """2015年至2021年, 2015-2020年, 2019年、2020年: link the two years of a range to each other. Three years
    or more listed (2019年、2020年、2021年) are a list, not a range: none is linked."""
    out = list(figures)
    listed = [False] * len(out)
    for i in range(len(out) - 2):
        a, b, c = out[i], out[i + 1], out[i + 2]
        if a.kind == b.kind == c.kind == "year" and _LIST_GAP.match(folded[a.end:b.start]) \
                and _LIST_GAP.match(folded[b.end:c.start]):
            listed[i] = listed[i + 1] = listed[i + 2] = True
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if listed[i] and listed[i + 1]:
            continue
        if a.kind == "year" and b.kind == "year" and _RANGE_GAP.match(folded[a.end:b.start]):
            out[i] = Fig(a.start, a.end, a.text, a.value, a.unit, a.kind, a.approx, link=i + 1)
            out[i + 1] = Fig(b.start, b.end, b.text, b.value, b.unit, b.kind, b.approx, link=i)
    return out


__all__ = ["find_figures", "find_figures_folded"]
