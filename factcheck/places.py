"""Gazetteer of Guangdong places: canonical names, aliases and the administrative hierarchy.

Covers 全国, 广东省, its 21 prefecture-level cities, every district / county-level city / county, the
towns and 街道 of 东莞 and 中山 (which have no districts) and the towns of 从化区.

Aliases of a place:

* its canonical name and its short form without the suffix (广州市 → 广州, 从化区 → 从化), unless the
  short form is an ordinary word or a frequent substring of other words (白云, 高明, 新会, 开平 …):
  such short forms are only recognised after their city (佛山南海, 江门新会);
* compounds written down the hierarchy (广东省广州市, 广州市从化区, 广州从化温泉镇 …), which name the
  innermost place;
* nicknames (穗 羊城 花城, 鹏城, 莞, 粤 …), former names of merged or re-graded units (从化市, 萝岗区),
  ``XX街`` for a 街道 (城郊街), and the traditional-character spelling of all of these (廣州, 從化區).

Single-character aliases (穗, 莞, 粤) are accepted by :func:`normalize_place` but never matched in running
text by :func:`find_places` (来穗人员 is not a mention of 广州). Scope words (全省, 全市, 全区) are not places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import FunctionType
from typing import Final

__all__ = ["Place", "ancestors", "city_of", "contains", "find_places", "lookup", "normalize_place"]


@dataclass(frozen=True)
class Place:
    """One place: canonical name, kind and the canonical name of its parent (None for 全国)."""

    name: str  # canonical name, e.g. "广州市", "从化区", "广东省", "全国"
    kind: str  # "country" | "province" | "city" | "district" | "county" | "town"
    parent: str | None


COUNTRY = "全国"
PROVINCE = "广东省"

# ---------------------------------------------------------------------------------------------------------
# Data. Divisions ending in 区 are districts; 市 (county-level cities), 县 and 自治县 are counties.
# 汕尾's 城区 is qualified by its city (canonical 汕尾市城区): a bare 城区 is not a place.
# 大鹏新区 and 深汕特别合作区 are functional areas administered by 深圳 (the latter lies in former 海丰县).
_DIVISIONS: dict[str, str] = {
    "广州市": "荔湾区 越秀区 海珠区 天河区 白云区 黄埔区 番禺区 花都区 南沙区 从化区 增城区",
    "深圳市": "罗湖区 福田区 南山区 宝安区 龙岗区 盐田区 龙华区 坪山区 光明区 大鹏新区 深汕特别合作区",
    "珠海市": "香洲区 斗门区 金湾区",
    "汕头市": "龙湖区 金平区 濠江区 潮阳区 潮南区 澄海区 南澳县",
    "佛山市": "禅城区 南海区 顺德区 三水区 高明区",
    "韶关市": "武江区 浈江区 曲江区 乐昌市 南雄市 始兴县 仁化县 翁源县 新丰县 乳源瑶族自治县",
    "湛江市": "赤坎区 霞山区 坡头区 麻章区 廉江市 雷州市 吴川市 遂溪县 徐闻县",
    "肇庆市": "端州区 鼎湖区 高要区 四会市 广宁县 怀集县 封开县 德庆县",
    "江门市": "蓬江区 江海区 新会区 台山市 开平市 鹤山市 恩平市",
    "茂名市": "茂南区 电白区 高州市 化州市 信宜市",
    "惠州市": "惠城区 惠阳区 博罗县 惠东县 龙门县",
    "梅州市": "梅江区 梅县区 兴宁市 平远县 蕉岭县 大埔县 丰顺县 五华县",
    "汕尾市": "城区 陆丰市 海丰县 陆河县",
    "河源市": "源城区 东源县 和平县 龙川县 紫金县 连平县",
    "阳江市": "江城区 阳东区 阳春市 阳西县",
    "清远市": "清城区 清新区 英德市 连州市 佛冈县 阳山县 连山壮族瑶族自治县 连南瑶族自治县",
    "东莞市": "",
    "中山市": "",
    "潮州市": "湘桥区 潮安区 饶平县",
    "揭阳市": "榕城区 揭东区 普宁市 揭西县 惠来县",
    "云浮市": "云城区 云安区 罗定市 新兴县 郁南县",
}
_QUALIFIED = frozenset({"城区"})  # canonical name = city + local name

# Towns, 街道 and town-level functional areas (kind "town").
_TOWNS: dict[str, str] = {
    "东莞市": "莞城街道 南城街道 东城街道 万江街道 石碣镇 石龙镇 茶山镇 石排镇 企石镇 横沥镇 桥头镇 谢岗镇 东坑镇 "
              "常平镇 寮步镇 樟木头镇 大朗镇 黄江镇 清溪镇 塘厦镇 凤岗镇 大岭山镇 长安镇 虎门镇 厚街镇 沙田镇 "
              "道滘镇 洪梅镇 麻涌镇 望牛墩镇 中堂镇 高埗镇 松山湖 滨海湾新区",
    "中山市": "石岐街道 东区街道 西区街道 南区街道 五桂山街道 中山港街道 民众街道 南朗街道 火炬开发区 小榄镇 "
              "古镇镇 横栏镇 东凤镇 南头镇 阜沙镇 黄圃镇 三角镇 港口镇 沙溪镇 大涌镇 坦洲镇 三乡镇 板芙镇 神湾镇",
    "从化区": "江埔街道 城郊街道 街口街道 温泉镇 良口镇 吕田镇 太平镇 鳌头镇",
}

# Suffixes stripped to get a short form, longest first.
_SUFFIXES = ("壮族瑶族自治县", "瑶族自治县", "特别合作区", "开发区", "新区", "街道", "区", "县", "市", "镇")
# Short forms never used, not even after the city (东区 only as 东区街道; 中山民众 reads as "people").
_NO_SHORT = frozenset("东区 西区 南区 民众 深汕".split())
# Short forms that are ordinary words or frequent substrings (新会员, 公开平台, 不良口碑, 独占鳌头):
# recognised only after their city or district (佛山南海, 江门新会, 从化温泉), never alone.
_NO_BARE = frozenset(
    "城区 白云 光明 大鹏 南海 高明 高要 四会 江海 新会 开平 封开 龙门 坡头 和平 紫金 江城 阳春 清新 新兴 "
    "长安 南城 东城 常平 茶山 桥头 清溪 沙田 中堂 古镇 港口 三角 南头 火炬 滨海湾 "
    "温泉 太平 鳌头 良口 城郊 街口".split()
)
# Other names, usable alone and in compounds.
_OTHER_NAMES: dict[str, str] = {
    "乳源瑶族自治县": "乳源县",
    "连山壮族瑶族自治县": "连山县",
    "连南瑶族自治县": "连南县",
    "深汕特别合作区": "深汕合作区",
    "松山湖": "松山湖高新区 松山湖园区",
    "火炬开发区": "火炬高技术产业开发区",
}
# Nicknames and former names (of merged or re-graded units): alone only.
_NICKNAMES: dict[str, str] = {
    COUNTRY: "中国 我国 中华人民共和国",
    PROVINCE: "粤",
    "广州市": "穗 羊城 花城",
    "深圳市": "鹏城",
    "东莞市": "莞",
    "汕头市": "鮀城",
    "惠州市": "鹅城",
    "从化区": "从化市",
    "增城区": "增城市",
    "番禺区": "番禺市",
    "花都区": "花都市",
    "黄埔区": "萝岗区",
    "澄海区": "澄海市",
    "潮阳区": "潮阳市",
    "顺德区": "顺德市",
    "曲江区": "曲江县",
    "电白区": "电白县",
    "惠阳区": "惠阳市",
    "阳东区": "阳东县",
    "潮安区": "潮安县",
    "揭东区": "揭东县",
    "云安区": "云安县",
}

# Simplified → traditional for the characters of the names above (one code point for one).
_TRADITIONAL: dict[int, str] = str.maketrans({pair[0]: pair[1] for pair in (
    "广廣 东東 关關 庆慶 门門 头頭 阳陽 远遠 云雲 从從 区區 县縣 镇鎮 湾灣 黄黃 罗羅 宝寶 龙龍 岗崗 盐鹽 "
    "华華 鹏鵬 禅禪 顺順 浈湞 乐樂 兴興 丰豐 瑶瑤 吴吳 闻聞 会會 宁寧 怀懷 开開 鹤鶴 电電 岭嶺 陆陸 连連 "
    "冈岡 壮壯 桥橋 饶饒 来來 郁鬱 温溫 鳌鰲 吕呂 长長 厦廈 万萬 横橫 沥瀝 谢謝 凤鳳 众眾 榄欖 栏欄 乡鄉 "
    "发發 国國 鹅鵝 别別 术術 产產 业業 园園 滨濱 萝蘿"
).split()})


# ---------------------------------------------------------------------------------------------------------
# Tables built once at import.


def _short(local: str) -> str | None:
    """The name without its suffix, if at least two characters are left and it is not banned."""
    for suffix in _SUFFIXES:
        if local.endswith(suffix) and len(local) - len(suffix) >= 2:
            short = local[: -len(suffix)]
            return None if short in _NO_SHORT else short
    return None


def _forms(local: str) -> list[str]:
    """The ways a place is written on its own or inside a compound (bare-word checks come later)."""
    forms = [local]
    short = _short(local)
    if short is not None:
        forms.append(short)
        if local.endswith("街道"):
            forms.append(short + "街")
    forms.extend(_OTHER_NAMES.get(local, "").split())
    return forms


def _build() -> tuple[dict[str, Place], dict[str, str]]:
    places: dict[str, Place] = {COUNTRY: Place(COUNTRY, "country", None), PROVINCE: Place(PROVINCE, "province", COUNTRY)}
    chained: dict[str, list[str]] = {PROVINCE: ["广东省", "广东"]}  # all ways to write a place, as a prefix
    written: dict[str, list[str]] = {COUNTRY: ["全国"], PROVINCE: ["广东省", "广东"]}  # its aliases

    def add(local: str, kind: str, parent: str) -> None:
        name = parent + local if local in _QUALIFIED else local
        if name in places:
            raise ValueError(f"duplicate place {name!r} under {parent!r} and {places[name].parent!r}")
        places[name] = Place(name, kind, parent)
        own = _forms(local)
        compounds = [prefix + form for prefix in chained[parent] for form in own]
        chained[name] = own + compounds
        written[name] = [name] + [form for form in own if form not in _NO_BARE] + compounds

    for city, divisions in _DIVISIONS.items():
        add(city, "city", PROVINCE)
        for local in divisions.split():
            add(local, "district" if local.endswith("区") else "county", city)
    for parent, towns in _TOWNS.items():
        for local in towns.split():
            add(local, "town", parent)

    aliases: dict[str, str] = {}
    conflicts: list[str] = []

    def alias(text: str, name: str) -> None:
        for spelling in (text, text.translate(_TRADITIONAL)):
            known = aliases.setdefault(spelling, name)
            if known != name:
                conflicts.append(f"{spelling}: {known} / {name}")

    for name in places:
        for text in written[name] + _NICKNAMES.get(name, "").split():
            alias(text, name)
    if conflicts:
        raise ValueError("ambiguous place aliases: " + "; ".join(conflicts))
    return places, aliases


class _Node:
    """A trie node over alias characters."""

    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.terminal = False


def _trie_pattern(node: _Node) -> str:
    """A regex for the words below ``node``; greedy, so the longest word wins at a given start.

    Equivalent to the alternation of all words sorted longest first, but factored by prefix: at each
    character at most one branch can continue, so matching is linear in the text (times the longest alias).
    """
    branches = [re.escape(ch) + _trie_pattern(sub) for ch, sub in sorted(node.children.items()) if sub.children]
    leaves = [re.escape(ch) for ch, sub in sorted(node.children.items()) if not sub.children]
    if len(leaves) > 1:
        branches.append("[" + "".join(leaves) + "]")
    else:
        branches.extend(leaves)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if node.terminal else body


def compile_words(words: list[str]) -> re.Pattern[str]:
    """One expression for the words, factored by prefix (a trie): at a position it matches the longest
    word there, as the alternation of the words sorted longest first does, without walking them all."""
    root = _Node()
    for word in words:
        node = root
        for ch in word:
            node = node.children.setdefault(ch, _Node())
        node.terminal = True
    return re.compile(_trie_pattern(root))


_PLACES, _ALIASES = _build()


def _chain(name: str) -> tuple[str, ...]:
    chain = [name]
    parent = _PLACES[name].parent
    while parent is not None:
        chain.append(parent)
        parent = _PLACES[parent].parent
    return tuple(chain)


_CHAINS: dict[str, tuple[str, ...]] = {name: _chain(name) for name in _PLACES}
# Aliases of two characters or more (single characters only by lookup), found in a text by lookups from
# each character that can start an alias (_scan_places) or by one expression over all of them. Compiled
# (mypyc), the lookups are the faster of the two: a loop over code points that does nothing at most
# characters. In pure Python the loop costs about four times the expression's scan, but compiling the
# expression costs about 0.1 s, which a command that reads one article (the gate of `add`) would mostly
# spend waiting: there, the lookups run until enough text has been read to repay the compilation.
_MULTI: Final = frozenset(text for text in _ALIASES if len(text) >= 2)
# an alias's first two characters → the lengths of the aliases starting with them, longest first
_BY_PREFIX: Final[dict[str, tuple[int, ...]]] = {}
for _alias in _MULTI:
    _BY_PREFIX[_alias[:2]] = tuple(sorted({*_BY_PREFIX.get(_alias[:2], ()), len(_alias)}, reverse=True))
# 1 at the code point of every character an alias starts with (all of them below U+10000) …
_starts = bytearray(0x10000)
for _alias in _MULTI:
    _starts[ord(_alias[0])] |= 1
    _starts[ord(_alias[1])] |= 2  # … and 2 at that of every second character
_STARTS: Final = bytes(_starts)
_COMPILE_AFTER: Final = 50_000  # characters read by lookups before the expression is compiled (pure Python)
_mention: re.Pattern[str] | None = None
_read = 0


def _compiled() -> bool:
    """Whether this module runs compiled (mypyc): its functions are then not Python functions."""
    return not isinstance(_compiled, FunctionType)


_COMPILED: Final = _compiled()


# ---------------------------------------------------------------------------------------------------------
# API


def lookup(name: str) -> Place | None:
    """The place called ``name`` (canonical name or any alias), or None if unknown."""
    canonical = _ALIASES.get(name.strip())
    return _PLACES[canonical] if canonical is not None else None


def normalize_place(name: str) -> str:
    """Canonical name of a known place (广州/穗/羊城/廣州 → 广州市, 广州市从化区 → 从化区, 中国 → 全国);
    otherwise ``name`` stripped of surrounding whitespace, as written (唐山市 → 唐山市)."""
    stripped = name.strip()
    return _ALIASES.get(stripped, stripped)


def ancestors(name: str) -> tuple[str, ...]:
    """Canonical chain from the place up to 全国 (从化区 → 从化区, 广州市, 广东省, 全国); unknown → (name,)."""
    canonical = normalize_place(name)
    return _CHAINS.get(canonical, (canonical,))


def contains(outer: str, inner: str) -> bool:
    """True when ``inner`` lies inside ``outer`` or is it (aliases accepted); unknown places contain only
    themselves."""
    return normalize_place(outer) in ancestors(inner)


def city_of(name: str) -> str | None:
    """The prefecture-level city a place lies in (从化区 → 广州市, 广州市 → 广州市, 广东省 → None)."""
    for canonical in ancestors(name):
        place = _PLACES.get(canonical)
        if place is not None and place.kind == "city":
            return canonical
    return None


def find_places(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping place mentions ``(start, end_exclusive, canonical)``, leftmost-longest.

    Compounds name the innermost place (广州市从化区 → 从化区); single-character aliases are not matched.
    """
    global _mention, _read
    if _COMPILED:
        return _scan_places(text)
    if _mention is None:
        _read += len(text)
        if _read <= _COMPILE_AFTER:
            return _scan_places(text)
        _mention = compile_words(sorted(_MULTI))
    return [(m.start(), m.end(), _ALIASES[m.group()]) for m in _mention.finditer(text)]


def _scan_places(text: str) -> list[tuple[int, int, str]]:
    """`find_places` by lookups: at each character that can start an alias, the longest alias starting
    there, left to right (the aliases sharing its first two characters, longest first)."""
    out: list[tuple[int, int, str]] = []
    starts = _STARTS
    i, n = 0, len(text)
    while i < n:
        code = ord(text[i])
        if code < 0x10000 and starts[code] & 1 and i + 1 < n and (second := ord(text[i + 1])) < 0x10000 \
                and starts[second] & 2:
            sizes = _BY_PREFIX.get(text[i:i + 2])
            if sizes is not None:
                found = False
                for size in sizes:
                    candidate = text[i:i + size]
                    if len(candidate) == size and candidate in _MULTI:
                        out.append((i, i + size, _ALIASES[candidate]))
                        i += size
                        found = True
                        break
                if found:
                    continue
        i += 1
    return out
