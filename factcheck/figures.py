"""Find every figure in a text: span, exact value, unit, kind and approximation.

A pure function of the text. All patterns run on the folded text (`numbers.fold`), which has the
same length as the original, so every span is a code-point offset into the original text.
Every pattern is linear: no nested quantifiers, bounded look-behinds and look-aheads.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Final, final

from . import fastpath, lexicon, numerals
from .fastpath import (
    CN,
    COMPILED,
    TOKEN,
    ar_token,
    back_to_stop,
    cn_token,
    code_point_flags,
    digits_end,
    latin_after,
    match_at,
    next_token_start,
    only_arabic,
    only_chinese,
    pair_can_start,
    starts_at,
    starts_with_any,
    word_at,
    words_by_first,
)
from .models import Value
from .numbers import (
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
# The words of the lexicon, and what is derived from them.
UNITS: Final = lexicon.MEASURE_WORDS
_UNIT_RE: Final = re.compile(lexicon.alternation(UNITS))
MONEY_UNITS: Final = lexicon.MONEY_UNITS
DURATION_UNITS: Final = lexicon.DURATION_UNITS
IDIOMS: Final = lexicon.IDIOMS
# The idioms longest first at each position, factored by prefix (the plain alternation walked all hundred
# of them at each position of the window around each Chinese numeral).
_IDIOM_RE: Final = compile_words(sorted(set(IDIOMS)))

_APPROX_BEFORE_KIND: Final = lexicon.APPROX_BEFORE
_APPROX_BEFORE: Final = re.compile(
    "(?:" + lexicon.alternation(_APPROX_BEFORE_KIND) + ")$")
_APPROX_BEFORE_REACH: Final = max(map(len, _APPROX_BEFORE_KIND))  # the longest word (不少于)
_CHANGE_VERB: Final = re.compile("|".join((*lexicon.CHANGE_VERBS, *lexicon.CHANGE_MARKS)))
_LEVEL_END: Final = re.compile(r"(?:至|到|的|为|是|占|率|达|达到|约)$")
_CHANGE_END: Final = re.compile("(?:" + "|".join(lexicon.CHANGE_NOUNS) + ")(?:达|为|是)?$")
_RANK_BEFORE: Final = re.compile(r"(?:全国|全省|全市|全区|排名|位居|位列|名列|居|列|获得|荣获|获|夺得|蝉联|考评|评估|评价|排位|排行|位于|保持)$")
_LATIN_RUN: Final = re.compile(r"[A-Za-z]+")
_YEAR_RANGE_AFTER: Final = re.compile(r"\s*[-—–~至到]\s*\d{4}年")
# Web-page chrome: a number after a code's label (网站标识码：4403060000, 邮编510000) is a label, a year after
# the copyright sign (版权所有 © 2024) a year.
_CODE_BEFORE: Final = re.compile(r"(?:标识码|识别码|备案号|编号|代码|邮编|邮政编码|电话|传真|热线|书号|刊号)[：:]?\s*$")
# … and the page's own counters (浏览次数：2,817, 阅读量 1.2万, 点赞 36): how often a page was read, not a
# figure the article states, and different on every mirror and every day.
_COUNTER_BEFORE: Final = re.compile(
    r"(?:浏览次数|浏览量|浏览数|浏览|阅读次数|阅读量|阅读数|阅读|阅览次数|阅览数|阅览量|点击次数|点击量|点击数|点击|访问次数|访问量|"
    r"访问人次|点赞数|点赞|评论数|评论|转发数|转发|分享数|分享|收藏数|收藏|人气|热度)[：:]\s*$"
    r"|(?:浏览次数|浏览量|阅读次数|阅读量|点击次数|点击量|访问量|点赞数|评论数|转发数|收藏数)\s*$"
)
_COPYRIGHT_BEFORE: Final = re.compile(r"(?:©|版权所有|[Cc]opyright)[：:]?\s*$")
_CLAUSE_STOP: Final = "，。；：！？,;:!?\n\r、（）()“”\"「」【】《》 \t"
_CLAUSE_STOPS: Final = code_point_flags(map(ord, _CLAUSE_STOP))


FIGURE_FIELDS: Final = ("start", "end", "text", "value", "unit", "kind", "approx", "link")


@final
class Figure:
    """A number as printed: span into the text, exact value, unit, kind and approximation; ``link`` is the
    index of a linked figure (the other end of a year range).

    Read-only (its fields are Final: mypy refuses an assignment, and compiled, so does the class). A plain
    class rather than a frozen dataclass: mypyc compiles it to a C struct, so that a field read is a load
    and building one is a call, not a dataclass ``__init__``; it compares and hashes by its fields."""

    __slots__ = FIGURE_FIELDS

    start: Final[int]
    end: Final[int]
    text: Final[str]
    value: Final[Value]
    unit: Final[str]
    kind: Final[str]
    approx: Final[str]
    link: Final[int | None]

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

    def fields(self) -> tuple[int, int, str, Value, str, str, str, int | None]:
        return self.start, self.end, self.text, self.value, self.unit, self.kind, self.approx, self.link

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Figure) and self.fields() == other.fields()

    def __hash__(self) -> int:
        return hash(self.fields())

    def __repr__(self) -> str:
        pairs = zip(FIGURE_FIELDS, self.fields(), strict=True)
        return "Figure(" + ", ".join(f"{name}={value!r}" for name, value in pairs) + ")"



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


def _strip_clause_prefix(folded: str, start: int, limit: int = 16) -> str:
    """The text before ``start`` back to the previous clause break (at most ``limit`` characters)."""
    return back_to_stop(folded, start, _CLAUSE_STOPS, limit)


# The measure words by their first character, longest first (what _UNIT_RE tries at a position).
_UNITS_AT: Final = words_by_first(UNITS)


def _match_unit(folded: str, pos: int) -> tuple[str, int]:
    """The measure word at ``pos`` (skipping a closing quote, or one space: 694406 件 on a page that spaces
    its figures out), and where it ends: ``_UNIT_RE.match``."""
    p = pos
    if p < len(folded):
        code = ord(folded[p])
        if code == 0x201D or code == 0x22 or code == 0x2019 or code == 0x300D or code == 0x20 or code == 0xA0:
            p += 1  # ” " ’ 」, a space or a no-break space
    unit = word_at(folded, p, _UNITS_AT)
    if not unit:
        return "", pos
    # 提高2.1个百分点, 两个百分点: a change of a rate, in points, whether counted with 个 or not
    return ("百分点" if unit == "个百分点" else unit), p + len(unit)


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
    if not pair_can_start(folded, lo, end, _IDIOM_FIRSTS, _IDIOM_SECONDS):
        return False
    for m in _IDIOM_RE.finditer(folded, lo, min(len(folded), end + 4)):
        if m.start() < end and m.end() > start and (m.start() < start or m.end() > end):
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


_CN_NUMERALS: Final = fastpath.CN_NUMERALS
_DECIMALS: Final = fastpath.DECIMALS


def find_figures(text: str) -> list[Figure]:
    """Every figure the text states, in order of position. Pure and deterministic."""
    return find_figures_folded(text, fold(text))


def find_figures_folded(text: str, folded: str) -> list[Figure]:
    """`find_figures` when the caller already holds ``fold(text)``."""
    if COMPILED:
        return _find_figures_compiled(text, folded)
    figures: list[Figure] = []
    pos = 0
    while True:
        m = _next_token(folded, pos)
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


def _keep(figures: list[Figure], fig: Figure, pos: int) -> int:
    """Adds ``fig`` unless it overlaps the figure before it; where the scan goes on (``pos``: the token's end)."""
    if figures and fig.start < figures[-1].end:
        return pos
    figures.append(fig)
    return max(pos, fig.end)


def _find_figures_compiled(text: str, folded: str) -> list[Figure]:
    """`find_figures_folded`'s loop for compiled code: a token where only the ar alternative can match (most of
    them) is read by `fastpath.ar_token` (`cn` ones by `cn_token`), without a match object; the others are
    matched by `fastpath.match_at`. The loop of the source, `find_figures_folded`, searches the token pattern
    instead."""
    figures: list[Figure] = []
    pos = 0
    while True:
        at = next_token_start(folded, pos)
        if at < 0:
            break
        code = ord(folded[at])
        if code < 0x10000 and _DECIMALS[code] and only_arabic(folded, at):
            number_end, mid, mag, sign, end = ar_token(folded, at)
            fig = _arabic_parts(text, folded, at, folded[at:number_end], mid, mag, sign, end)
            pos = end if fig is None else _keep(figures, fig, end)
        elif code < 0x10000 and _CN_NUMERALS[code] and only_chinese(folded, at):
            _, _, end = cn_token(folded, at)  # (where the scan resumes; the grammar reads the numeral)
            fig = _chinese_parts(text, folded, at)
            pos = _retry_inside(at, end) if fig is None else _keep(figures, fig, end)
        else:
            m = match_at(folded, at, code)
            if m is None:
                pos = at + 1
                continue
            fig = _classify(text, folded, m)
            pos = _resume_after(m) if fig is None else _keep(figures, fig, m.end())
    return _link_ranges(folded, _inherit_units(folded, figures))


def _next_token(folded: str, pos: int) -> re.Match[str] | None:
    """``TOKEN.search(folded, pos)``, jumping from one possible first character to the next."""
    search = fastpath.TOKEN_START.search
    match = TOKEN.match
    while True:
        c = search(folded, pos)
        if c is None:
            return None
        m = match(folded, c.start())
        if m is not None:
            return m
        pos = c.start() + 1


# Group index of the token pattern → its top-level alternative (`Match.lastindex` names the last group
# that closed: a sub-group such as armag stands for its alternative).
_ALTERNATIVES: Final = ("iso", "ymd", "md", "icp", "combo", "frac", "ar", "cn", "half", "shou")
_ALTERNATIVE_OF: Final[dict[int, str]] = {
    index: next(a for a in reversed(_ALTERNATIVES) if TOKEN.groupindex[a] <= index)
    for index in TOKEN.groupindex.values()
}


def _alternative(m: re.Match[str]) -> str:
    """Which alternative of the token pattern matched."""
    return _ALTERNATIVE_OF[m.lastindex or 0]


def _classify(text: str, folded: str, m: re.Match[str]) -> Figure | None:
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
        return Figure(start, end, text[start:end], text[start:end], "", "identifier")
    if group == "combo":
        return Figure(start, end, text[start:end], text[start:end], "", "identifier")
    if group == "frac":
        if folded[start] in CN:  # 三分之一, 百分之二点一五: the grammar reads the whole of it
            return _chinese_parts(text, folded, start)
        return _fraction(text, folded, m)
    if group == "shou":
        return Figure(start, end, text[start:end], Decimal(1), folded[end], "ordinal")
    if group == "half":
        unit, _ = _match_unit(folded, end)
        if unit == "年" and start > 0 and folded[start - 1] in "上下":
            return None
        return Figure(start, end, text[start:end], Decimal("0.5"), unit, "duration")
    raise AssertionError(f"no figure rule for {group}")


def _iso_date(text: str, m: re.Match[str]) -> Figure | None:
    raw = m.group(0)
    parts = re.split(r"[-/. T:]", raw)
    y, mo, d = int(parts[0]), int(parts[1]), int(parts[2])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    value = f"{y:04d}-{mo:02d}-{d:02d}"
    if len(parts) > 3:
        value += "T" + ":".join(f"{int(p):02d}" for p in parts[3:])
    return Figure(m.start(), m.end(), text[m.start():m.end()], value, "", "date")


def _small_cn_or_ar(s: str) -> int:
    return int(s) if s.isdigit() else parse_chinese_integer(s)


def _cn_date(text: str, folded: str, m: re.Match[str]) -> Figure | None:
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
    return Figure(m.start(), m.end(), text[m.start():m.end()], value, "", "date")


def _fraction(text: str, folded: str, m: re.Match[str]) -> Figure | None:
    try:
        frac = parse_fraction(folded[m.start():m.end()])
    except (ValueError, ZeroDivisionError):
        return None
    value = f"{frac.numerator}/{frac.denominator}"
    return Figure(m.start(), m.end(), text[m.start():m.end()], value, "", "percent",
                  _approx_before(folded, m.start()) or "exact")


# Group numbers of the arabic and Chinese alternatives (one call for several groups by number is the
# cheapest way to read them); each alternative starts with its first group, at the token's start.
_AR: Final = TOKEN.groupindex["ar"]
_ARMID: Final = TOKEN.groupindex["armid"]
_ARMAG: Final = TOKEN.groupindex["armag"]
_ARSIGN: Final = TOKEN.groupindex["arsign"]


def _arabic(text: str, folded: str, m: re.Match[str]) -> Figure | None:
    groups = m.group(_AR, _ARMID, _ARMAG, _ARSIGN)
    # m.start(): where the ar group starts
    return _arabic_parts(text, folded, m.start(), groups[0], groups[1] or "", groups[2] or "", groups[3] or "",
                         m.end())


def _arabic_parts(text: str, folded: str, start: int, digits: str, mid: str, mag: str, sign: str,
                  match_end: int) -> Figure | None:
    """The figure of a match of the ar alternative at ``start``: its groups ("" for none) and its end."""
    if len(digits) > MAX_DIGITS:
        # a run of digits no figure has (a serial number, page garbage): a label, never a value
        end = start + len(digits)
        return Figure(start, end, text[start:end], text[start:end], "", "identifier")
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
            return Figure(start, end + 1, text[start:end + 1], f"--{int(number):02d}", "", "date")
        if nxt and nxt in "日号" and 1 <= number <= 31 and _looks_like_day(folded, start, after):
            return Figure(start, end + 1, text[start:end + 1], f"---{int(number):02d}", "", "date")
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
            return Figure(start, end, text[start:end], text[start:end], "", "identifier")
        if kind == "year":
            return Figure(start, end, text[start:end], value, "年", "year")
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
        return Figure(start - 1, end, text[start - 1:end], -value, unit, kind, approx)  # -10.1万, −3.2%
    return Figure(start, end, text[start:end], value, unit, kind, approx)


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
        after = digits_end(folded, pos, n)
        return after - pos >= 2 or after < n and folded[after] in numerals.UNITS
    return False


def _mixed_numeral(text: str, folded: str, start: int, arabic_end: int) -> Figure | None:
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
    if not mag and latin_after(folded, end):  # a Latin letter at the end, or after one space
        return "identifier"
    if unit == "号":
        return "identifier"
    if prev in ("“", '"') and is_int:
        label = _is_quoted_label(folded, start, end)
        if label is not None:
            return "identifier"
    if not unit and is_int and len(digits) >= 3 and end < len(folded) and is_cjk(folded[end]) \
            and not _approx_after(folded, end)[0]:
        return "identifier"
    return _unit_kind(folded, start, unit, number, mag, chinese=False)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def is_cjk(ch: str) -> bool:
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


def _chinese(text: str, folded: str, m: re.Match[str]) -> Figure | None:
    return _chinese_parts(text, folded, m.start())  # m.start(): where cn starts


def _chinese_parts(text: str, folded: str, start: int, reading: numerals.Reading | None = None) -> Figure | None:
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
        return Figure(label[0], label[1], text[label[0]:label[1]], text[label[0]:label[1]], "", "identifier")
    if reading.per:
        return _per_part(text, folded, first, end, reading)
    value = reading.value
    if not isinstance(value, Decimal):  # (only a per-part is a fraction)
        return None
    bare = run in ("一", "百", "千", "万", "亿") or (len(run) == 1 and run in "百千")
    if starts_at(folded, "倍", end):
        kind = "change" if _is_change(folded, first) else "multiple"
        approx = reading.approx or _approx_before(folded, first) or "exact"
        return Figure(first, end + 1, text[first:end + 1], value, "倍", kind, approx)
    after_pos = end
    a_after, after_pos2 = _approx_after(folded, end)
    if a_after in ("lower",) and folded[end] in "余多":
        after_pos = after_pos2
    if starts_at(folded, "连冠", end) or starts_at(folded, "连胜", end) or starts_at(folded, "连霸", end):
        return Figure(start, end, text[start:end], value, folded[end:end + 2], "streak")
    unit, _ = _match_unit(folded, after_pos)
    if unit == "年" and starts_at(folded, "年来", after_pos):
        unit = "年"
    if prev == "第":
        return Figure(start - 1, end, text[start - 1:end], value, unit if unit != "大" else "",
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
        return Figure(start, end, text[start:end], value, "年", "year")  # 二〇二三年: a year, digit by digit
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
    return Figure(first, end, text[first:end], value_out, unit, kind, approx)


# The measure words of things counted, and what stands before an article-like 一 (上一篇, 每一个, 这一次).
_COUNTED: Final = frozenset("宗件起人名个家所处项例户座台辆条")
_BEFORE_ARTICLE: Final = "上下每这那哪第再又仅只就各逐同唯任某去跑换添走看到赞了成有是"


def _counted_at_clause_end(folded: str, start: int, unit: str, unit_end: int) -> bool:
    """Whether 一 (or a one-character financial numeral) is a count: a thing counted after its noun that
    closes the clause (受理案件一宗。), not an article (一名民警, 过去一年, 上一篇)."""
    return unit in _COUNTED and start > 0 and is_cjk(folded[start - 1]) \
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
    return end >= len(folded) or not is_cjk(folded[end]) or folded[end] == "的"


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


def _per_part(text: str, folded: str, start: int, end: int, reading: numerals.Reading) -> Figure:
    """百分之八 (8 %), 千分之三 (3 ‰), 三分之一 (1/3): a share, or a change when a change verb leads it."""
    approx = _approx_before(folded, start)
    if not approx:
        a_after, _ = _approx_after(folded, end)
        approx = a_after if a_after in ("lower", "upper") and folded[end] not in "余多来" or \
            starts_with_any(folded, ("左右", "上下"), end) and a_after == "about" else ""
    value = reading.value
    if reading.per == "/":
        fraction = Fraction(value)
        return Figure(start, end, text[start:end], f"{fraction.numerator}/{fraction.denominator}", "", "percent",
                   approx or "exact")
    assert isinstance(value, Decimal)
    return Figure(start, end, text[start:end], value, reading.per, _percent_kind(folded, start), approx or "exact")


_CN_DIGIT_CHARS: Final = "〇零○一二三四五六七八九"  # a year in Chinese numerals is read digit by digit
_INHERIT_GAP: Final = re.compile(r"^(?:[、，,和及与或至到~\-—–]|以及)$")


def _inherit_units(folded: str, figures: list[Figure]) -> list[Figure]:
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
            out[i] = Figure(fig.start, fig.end, fig.text, f"--{int(fig.value):02d}", "", "date", fig.approx)
            continue
        if nxt.kind in ("year", "date", "identifier"):
            continue
        gap = folded[fig.end:nxt.start]
        if _INHERIT_GAP.match(gap) and nxt.unit:
            out[i] = Figure(fig.start, fig.end, fig.text, fig.value, nxt.unit, nxt.kind, fig.approx)
    return out


_RANGE_GAP: Final = re.compile(r"^年?(?:度)?\s*(?:至|到|-|—|–|~|、|和|及)\s*$")


_LIST_GAP: Final = re.compile(r"^年?(?:度)?\s*(?:、|和|及)\s*$")


def _link_ranges(folded: str, figures: list[Figure]) -> list[Figure]:
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
            out[i] = Figure(a.start, a.end, a.text, a.value, a.unit, a.kind, a.approx, link=i + 1)
            out[i + 1] = Figure(b.start, b.end, b.text, b.value, b.unit, b.kind, b.approx, link=i)
    return out


__all__ = ["find_figures", "find_figures_folded"]
