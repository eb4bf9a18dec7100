"""The words extraction reads, each class defined once, as data.

Every pattern, table, reach and fast-path set that extraction uses for these words is derived from this
module when `figures`, `numerals` and `extract` are imported: adding a word is one edit here, and it is
read by the pure-Python and the compiled builds alike (this module is never compiled, so the tables are
built from it in both). `docs/extraction.md` shows a worked example; `tests/test_lexicon.py` adds a word of
each class and sees it extracted.

The numeral grammar's own alphabet (digits, units, magnitudes) lives with the grammar in `numerals`.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterable
from typing import Any, Final

# The parser of `re` (re._parser, sre_parse before Python 3.11), to read what a period cue can start with.
_sre_parse: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")

# --- approximation --------------------------------------------------------------------------------------
# The kinds: "lower" (at least: 超过5万), "upper" (at most: 近5万), "about" (约5万).

# Words right before a figure that bound it.
APPROX_BEFORE: Final[dict[str, str]] = {
    "超过": "lower", "超出": "lower", "超": "lower", "逾": "lower", "多达": "lower", "至少": "lower",
    "不少于": "lower", "将近": "upper", "接近": "upper", "近": "upper", "不到": "upper", "不足": "upper",
    "大约": "about", "约": "about",
}
# Words right after a figure that bound it (no one-character word starts a two-character one).
APPROX_AFTER: Final[dict[str, str]] = {
    "以上": "lower", "以下": "upper", "左右": "about", "上下": "about", "余": "lower", "多": "lower", "来": "about",
}
# The words of APPROX_AFTER that also stand inside a number, between it and its magnitude: 20多万, 1000余万,
# 30来万, 三个多亿. Each is one character.
INSIDE_NUMBER: Final[tuple[str, ...]] = ("多", "余", "来")

# --- measure words ----------------------------------------------------------------------------------------
# Measure words and units after a figure. Longer words win over their prefixes (人次 over 人, 个月 over 个).
MEASURE_WORDS: Final[tuple[str, ...]] = (
    "个百分点", "百分点", "平方公里", "平方米", "个多月", "个半月", "人次", "场次", "户次", "件次", "个月", "小时", "分钟",
    "公里", "公顷", "万元", "亿元", "美元", "港元", "年度", "年来", "多年", "余年", "周年", "季度", "公斤", "千克",
    "个", "名", "人", "件", "宗", "起", "项", "次", "年", "月", "天", "日", "周", "家", "所", "条", "场",
    "批", "类", "种", "级", "届", "部", "座", "套", "户", "台", "辆", "倍", "成", "星", "路", "处", "间",
    "栋", "份", "篇", "轮", "期", "层", "位", "款", "只", "张", "米", "亩", "吨", "支", "块", "例", "单",
    "笔", "枚", "片", "组", "队", "档", "等", "岁", "度", "元", "号", "大", "秒", "克", "斤", "封", "本", "道",
    "册", "株", "棵", "口", "头", "匹", "架", "艘", "列", "段", "点", "床", "员", "圆",
)
MONEY_UNITS: Final[frozenset[str]] = frozenset({"元", "万元", "亿元", "美元", "港元", "圆"})
DURATION_UNITS: Final[frozenset[str]] = frozenset(
    {"小时", "分钟", "天", "个月", "个多月", "个半月", "周", "秒", "年来", "多年", "余年"})

# Words that qualify a rate's numerator (法定审限内结案率: cases closed within the statutory limit, of the
# cases closed): such a rate is not the plain ratio of the counts printed beside it.
RATE_QUALIFIERS: Final[tuple[str, ...]] = (
    "审限内", "按期", "当庭", "当年", "一审", "二审", "服判息诉", "及时", "线上", "网上", "诉前", "首次",
)

# The units of a streak counted in years (连续7年, 八连冠): only these are placed on a timeline of years;
# 连续14个月 and 连续3届 (a term of several years) are not.
YEARLY_STREAK_UNITS: Final[frozenset[str]] = frozenset({"年", "年度", "连冠", "连胜", "连霸"})

# --- words that look like numerals ------------------------------------------------------------------------
# A numeral that is part of one of these states no figure (一站式, 统一, 万一发生); one wholly inside a
# numeral (万一 in 一万一千) never splits it.
IDIOMS: Final[tuple[str, ...]] = (
    "一站式", "一线", "一体", "一把手", "统一", "之一", "唯一", "一起", "一致", "一直", "一步", "一样",
    "一切", "一定", "一般", "一些", "一同", "一道", "一流", "一心", "一手", "一面", "一律", "一旦", "万一",
    "十分", "十足", "三位一体", "四面八方", "千头万绪", "万家灯火", "一呼百应", "千家万户", "一带一路",
    "一五一十", "三番五次", "一举", "一并", "一代", "一号文件", "五湖四海", "七嘴八舌", "一目了然",
    "一系列", "一体化", "一批批", "一个个", "一项项", "一次次", "一场场", "一件件", "一桩桩", "一方",
    "进一步", "一时", "一生", "一环", "一家人", "一条龙", "一盘棋", "一张网", "一张图", "一网", "一屏",
    "一码", "一门", "一窗", "一次性", "一对一", "一揽子", "一级响应", "一如既往", "一以贯之", "一往无前",
    "九牛", "百姓", "千万不", "万众", "千方百计", "百花", "百舸", "千里", "万里", "一马当先", "独一",
    "一端", "一地", "一扇", "一把", "一片", "一席", "一角", "一隅", "一览", "一言", "一身", "一路",
    "第三方", "第三者", "三不", "一成不变", "成千上万", "成百上千", "千千万万", "万万", "十万火急", "两点一线",
    "一点一滴", "一点点",
)

# --- changes ----------------------------------------------------------------------------------------------
# Verbs that state a change (同比下降8.8%, 增长12%): a figure right after one is a change, not a level, and
# the verb is part of what changes (下降 of 警情下降).
CHANGE_VERBS: Final[tuple[str, ...]] = (
    "下降", "上升", "增长", "提升", "提高", "降低", "减少", "增加", "上涨", "下跌", "回落", "高出",
)
# Nouns that name the size of a change (降幅达8.8%), with the direction they give ("" for none: 幅度).
CHANGE_NOUNS: Final[dict[str, str]] = {"降幅": "down", "增幅": "up", "涨幅": "up", "跌幅": "down", "幅度": ""}
# Words that make a figure a change only as the last words before it (增5%, 同比12%, 较上年下降): the
# short verbs and the words of a comparison.
CHANGE_MARKS: Final[tuple[str, ...]] = ("攀升", "低于", "增", "降", "涨", "跌", "同比", "环比", "较")

# --- reported speech ------------------------------------------------------------------------------------
# Words that report who said what (副院长在发布会上谈到，…受理案件): the words up to one say who spoke, not
# what a figure after it is of.
REPORTING_WORDS: Final[tuple[str, ...]] = (
    "介绍", "表示", "指出", "透露", "通报", "说", "获悉", "了解到", "显示", "称", "据统计", "据悉", "据了解",
    "谈到", "提到", "强调", "宣布", "坦言",
)

# --- people ---------------------------------------------------------------------------------------------
# Titles before a person's name (副院长田平利, 局长王资阳): after one, a surname and a place's short form
# name a person, not a place (平利, 资阳).
PERSON_TITLES: Final[tuple[str, ...]] = (
    "院长", "庭长", "检察长", "书记", "局长", "厅长", "处长", "科长", "所长", "队长", "主任", "部长", "主席",
    "省长", "市长", "区长", "县长", "镇长", "委员", "政委", "法官", "检察官", "民警", "警官", "记者", "通讯员",
    "同志", "先生", "女士",
)

# --- scope words ------------------------------------------------------------------------------------------
# Words that point a figure to a place without naming it (全市受理…), with the level they point to: the
# country, the province, the city (全市 after a county-level city is that city), the prefecture (我州 after
# a county of 恩施州 is 恩施州) or the district of the sentence or the article, or the article's own place
# ("home": 全县, 全镇). A bare 市 or 区 counts only where it starts an organisation (市委, 区法院). The
# two-character words come first, and none starts another. (Not 全州: also a county of 广西.)
SCOPE_WORDS: Final[dict[str, str]] = {
    "全国": "country", "全省": "province", "全市": "city", "全区": "district", "全县": "home", "全镇": "home",
    "全街": "home", "我市": "city", "我区": "district", "我县": "home", "我省": "province", "本市": "city",
    "本区": "district", "本县": "home", "我州": "prefecture", "我盟": "prefecture", "市": "city", "区": "district",
}

# --- period cues --------------------------------------------------------------------------------------------
# Words that give a figure its period, resolved against the article's publication date. Each is
# (name, expression, how it resolves), tried in this order. The ways a cue resolves (extract._resolve_cue):
#   "year+N"   the publication's year plus N (去年: year-1)
#   "years-N"  the N years up to the publication's year, N from the group ``n`` (近三年, 五年来)
#   "span-N"   the publication's year less N, to it (十年来: year-10/year)
#   "cut"      from January to the month of group ``m`` (今年截至10月)
#   "h1"       the first half of the year
#   "months"   the months of groups ``from`` and ``to`` (1至11月), of the year printed before, else the year's
#   "quarter"  January to the end of the quarter or months named (前三季度, 一季度, 前5个月)
#   "todate"   up to the month of group ``m`` (截至6月)
#   "fullyear" the year printed before, else the year (the year before in a first-quarter report)
#   "now"      the publication date (目前, 截至目前)
#   "since2012" from 2012 to the publication date (十八大以来)
# Group names are prefixed with the cue's name where the expression is compiled.
# Words after N年来 that make it no span: 11年来首次回落 is the first fall in eleven years, said of one year.
FIRST_IN_YEARS: Final[tuple[str, ...]] = ("首次", "第一次", "首度", "最")
PERIOD_CUES: Final[tuple[tuple[str, str, str], ...]] = (
    ("cut", r"今年截至(?P<m>\d{1,2})月", "cut"),
    ("h1", r"今年上半年|上半年", "h1"),
    ("months", r"(?P<from>[1一])\s*(?:-|—|–|－|至|到|~|～)\s*(?P<to>1[0-2]|[2-9]|十[一二]?|[二三四五六七八九])\s*月份?",
     "months"),
    ("quarter", r"前三季度|第?一季度|前(?P<n>[二两三四五六七八九十\d]{1,2})个?月", "quarter"),
    ("todate", r"截至(?P<m>\d{1,2})月(?:底|末|份)?", "todate"),
    ("last", r"过去一年|去年|上年|上一年|一年来", "year-1"),
    ("fullyear", r"全年", "fullyear"),
    ("this", r"今年|本年|年内", "year+0"),
    ("now", r"截至目前|截止目前|目前|如今|至今|现有|当前|截至今年", "now"),
    ("dec", r"近十年来|十年来|近十年|十年间", "span-10"),
    ("eighteen", r"十八大以来", "since2012"),
    ("recentn", r"近(?P<n>[两二三四五六七八九\d])年", "years-N"),
    # (N年来 in digits is a figure, 30年来: extract reads it as a cue of this kind from the figure)
    ("years", r"(?P<n>[两二三四五六七八九])年(?:以来|来|间)(?!" + "|".join(FIRST_IN_YEARS) + ")"
              r"|过去(?P<p>[两二三四五六七八九十\d])年", "years-N"),
)


def alternation(words: Iterable[str]) -> str:
    """The words as the alternatives of an expression, longest first (a word wins over its prefixes: 人次
    over 人), each escaped."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


def period_cue_expression() -> str:
    """The cues as one expression, each alternative in a group named by its cue, its own groups prefixed by
    the cue's name (months_from): one match tells the cue and its numbers."""
    names = [name for name, _, _ in PERIOD_CUES]
    return "|".join(f"(?P<{name}>{body})" for name, body in zip(names, period_cue_bodies(), strict=True))


def period_cue_bodies() -> list[str]:
    """Each cue's expression, its groups prefixed by the cue's name (see period_cue_expression)."""
    return [_prefix_groups(name, body) for name, body, _ in PERIOD_CUES]


def period_cue_resolutions() -> dict[str, str]:
    """How each cue resolves, by its name."""
    return {name: how for name, _, how in PERIOD_CUES}



def _prefix_groups(name: str, body: str) -> str:
    return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{name}_{m.group(1)}>", body)


def heads(expressions: list[str]) -> tuple[str, str]:
    """The characters a match of any of ``expressions`` can start with, and those it can have second: what
    a scan over code points looks for before trying the expressions (a superset of where they match).
    Read from the parsed expressions; each must match at least two characters."""
    firsts: set[str] = set()
    seconds: set[str] = set()
    for expression in expressions:
        for first, second in _first_two(list(_sre_parse.parse(expression))):
            firsts |= first
            seconds |= second
    return "".join(sorted(firsts)), "".join(sorted(seconds))


_Item = tuple[Any, Any]
_CharSet = set[str]


def _first_two(items: list[_Item]) -> list[tuple[_CharSet, _CharSet]]:
    """The (first characters, second characters) pairs a sequence of parsed items can begin with."""
    out: list[tuple[_CharSet, _CharSet]] = []
    for first, rest in _firsts(items):
        seconds: _CharSet = set()
        for second, _ in _firsts(rest):
            seconds |= second
        if not seconds:
            raise ValueError("a period cue must match at least two characters")
        out.append((first, seconds))
    return out


def _firsts(items: list[_Item]) -> list[tuple[_CharSet, list[_Item]]]:
    """Each way ``items`` can begin: the set of characters of its first one, and the items after it."""
    if not items:
        return []
    op, arg = items[0]
    rest = items[1:]
    name = str(op)
    if name == "LITERAL":
        return [({chr(arg)}, rest)]
    if name == "IN":
        return [(_class_chars(arg), rest)]
    if name == "SUBPATTERN":
        return _firsts(list(arg[-1]) + rest)
    if name == "BRANCH":
        return [way for branch in arg[1] for way in _firsts(list(branch) + rest)]
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        low: int = arg[0]
        high: int = arg[1]
        body: Any = arg[2]
        ways: list[tuple[_CharSet, list[_Item]]] = []
        if high:
            once = list(body) + ([(op, (max(low - 1, 0), high - 1 if high != _sre_parse.MAXREPEAT else high, body))]
                                 if high != 1 else [])
            ways += _firsts(once + rest)
        if low == 0:
            ways += _firsts(rest)
        return ways
    if name in ("AT", "ASSERT", "ASSERT_NOT"):  # (a look-around consumes nothing: the rest starts here)
        return _firsts(rest)
    raise ValueError(f"a period cue cannot use {name}")


def _class_chars(items: Any) -> _CharSet:
    """The characters below U+10000 a character class matches."""
    pattern = _class_pattern(items)
    return {m.group(0) for m in re.finditer(pattern, _BMP)}


def _class_pattern(items: Any) -> str:
    parts = []
    negate = False
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            parts.append(re.escape(chr(arg)))
        elif name == "RANGE":
            parts.append(re.escape(chr(arg[0])) + "-" + re.escape(chr(arg[1])))
        elif name == "CATEGORY":
            parts.append({"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w",
                          "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_NOT_SPACE": r"\S",
                          "CATEGORY_NOT_WORD": r"\W"}[str(arg)])
        elif name == "NEGATE":
            negate = True
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


_BMP: Final = "".join(map(chr, range(0x10000)))
