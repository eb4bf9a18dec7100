"""Gazetteer of China: canonical names, aliases, the administrative hierarchy and shared names.

Data: ``data/places.tsv``, every province-, prefecture- and county-level division with its GB/T 2260
code and the townships of the provinces it was generated for (``scripts/gazetteer.py``, from jionlp's
``china_location``), and ``data/place_names.tsv``, kept by hand: one-character abbreviations (穗 沪 蓉),
nicknames (羊城, 鹏城), former names, functional areas and the short forms that are ordinary words.
Both are read on first use, not at import (``factcheck --help`` never pays for them).

Canonical names: a division's full name (杭州市, 从化区) when no other division has it, else the name
qualified by its city (南京市鼓楼区, 福州市鼓楼区, 汕尾市城区, 北京市朝阳区); a township's full name
when no other township or division has it, else qualified by its county or city (从化区太平镇).

Aliases of a place:

* its canonical and full names and its short forms (杭州, 从化, 克州): a short form that is an ordinary
  word or a frequent substring (白云, 新会, 长治 …) is only recognised after its parent (佛山南海,
  江门新会);
* compounds written down the hierarchy (广东省广州市, 南京市鼓楼区, 广州从化温泉镇), which name the
  innermost place (one mention: a name right after its parent's is merged into it);
* nicknames and former names (羊城, 沪上, 襄樊 → 襄阳市, 萝岗区 → 黄埔区).

Some mentions are weak (`Mention`): a county's short form (公安, 资源) or a township's name counts only
in an article of its province or city, a name of one character and its suffix (范县) or a shared name
that is a word too (城区, 郊区) only in one of its city. Names several places share (鼓楼区, 朝阳区, 西湖)
are mentions with several candidates (:func:`find_mentions`); :func:`resolve_mentions` picks one from the
places around them (the parent named in the sentence, the article's place, its outlet, the places it
names), else the mention stays ambiguous: :func:`ambiguous_name` (``鼓楼区（多地同名）``), which lies in
no city and is never compared across articles (see `factcheck.blocking.claim_city`).
Single-character abbreviations are accepted by :func:`normalize_place` but never matched in running text.
Scope words (全省, 全市, 全区) are not places. Lookups and :func:`find_places` fold traditional
characters and full-width forms (廣州 → 广州市); :func:`find_mentions` expects folded text
(`factcheck.numbers.fold`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from .fastpath import COMPILED, pair_starts
from .numbers import fold

__all__ = [
    "AMBIGUOUS", "Place", "ambiguous_name", "ancestors", "city_of", "contains", "find_mentions", "find_places",
    "is_ambiguous", "is_broad", "lookup", "normalize_place", "province_of", "resolve", "resolve_mentions",
]


@dataclass(frozen=True)
class Place:
    """One place: canonical name, kind and the canonical name of its parent (None for 全国), and its
    GB/T 2260 code (empty for townships and the country)."""

    name: str  # canonical name, e.g. "广州市", "从化区", "南京市鼓楼区", "广东省", "全国"
    kind: str  # "country" | "province" | "city" | "district" | "county" | "town"
    parent: str | None
    code: str = field(default="", compare=False)


COUNTRY: Final = "全国"
# The province 全省 means in an article with no place of its own (the registry's articles are 广东's).
PROVINCE: Final = "广东省"
AMBIGUOUS: Final = "（多地同名）"  # appended to a shared name no context resolves: 鼓楼区（多地同名）
_LEVEL: Final[dict[str, int]] = {"country": 0, "province": 1, "city": 2, "district": 3, "county": 3, "town": 4}
_SUFFIXES: Final = ("镇", "街道", "乡", "苏木")
# what a division's name ends with, its short form before (乳源瑶族自治县 → 乳源, 从化区 → 从化)
_DIVISION_SUFFIX: Final = re.compile(r"(.{2,}?)(?:(?:[^族]{1,5}族)*自治(?:县|旗|州)|特别合作区|林区|新区|地区|盟|区|县|市|旗)")
_DATA_DIR: Final = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _read(name: str) -> list[list[str]]:
    try:
        with open(os.path.join(_DATA_DIR, name), encoding="utf-8") as handle:
            text = handle.read()
    except OSError:  # a zipped install: through importlib.resources
        from importlib.resources import files
        text = files("factcheck").joinpath("data/" + name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


# ---------------------------------------------------------------------------------------------------------
# Tables, built on first use.


class _Tables:
    """Every place, the chain up from each, and what each alias names (one or several candidates)."""

    __slots__ = ("places", "chains", "cities", "aliases", "weak", "words", "after", "abbreviations", "by_prefix",
                 "starts", "pair_codes", "pairs")

    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.chains: dict[str, tuple[str, ...]] = {}
        self.cities: dict[str, str | None] = {}  # city_of each place
        self.aliases: dict[str, tuple[str, ...]] = {}  # text → candidates, matched on their own
        # weak names: 1, short forms of districts and counties (从化, 公安, 资源) and township names, which so
        # many other words or places share that they count only in the province or city of their article;
        # 2, only where its city is in context (a name of one character and its suffix: 范县 in 示范县; a
        # shared name that is also a word: 城区, 郊区, 东区, the words, never looked up alone either)
        self.weak: dict[str, int] = {}
        self.words: frozenset[str] = frozenset()
        self.after: dict[str, tuple[str, ...]] = {}  # short forms matched only right after their parent
        self.abbreviations: dict[str, tuple[str, ...]] = {}  # one character: looked up, never matched
        self.by_prefix: dict[str, tuple[int, ...]] = {}  # first two characters → lengths, longest first
        self.starts = b""  # bit 1: a name starts with the character; bit 2: a name's second character
        self.pair_codes: frozenset[int] = frozenset()  # the first two characters of names, as one number
        self.pairs: re.Pattern[str] = re.compile("(?!)")  # where those two can stand (pure Python)


def _town_short(name: str) -> str | None:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _build() -> _Tables:
    rows = _read("places.tsv")
    extra = _read("place_names.tsv")
    words: dict[str, list[tuple[str, list[str]]]] = {}
    for what, where, *rest in extra:
        words.setdefault(what, []).append((where, rest[0].split() if rest and rest[0] != "-" else []))
    short_off = {w for _, ws in words.get("short-off", []) for w in ws}
    compound_only = {w for _, ws in words.get("compound", []) for w in ws}
    renames = {where: ws[0] for where, ws in words.get("rename", [])}

    by_code: dict[str, list[str]] = {row[0]: row for row in rows if row[0] != "-"}
    full_count: dict[str, int] = {}
    for row in rows:
        if row[2] != "town":
            full_count[row[3]] = full_count.get(row[3], 0) + 1

    t = _Tables()
    t.places[COUNTRY] = Place(COUNTRY, "country", None)
    canonical_of: dict[str, str] = {}  # code → canonical
    shorts: dict[str, list[str]] = {}  # canonical → its own short forms
    formers: dict[str, list[str]] = {}

    def city_canonical(code: str) -> str:
        """The canonical name of the city (or province-level unit) a division's name is qualified by."""
        parent = by_code[code][1]
        return canonical_of[parent]

    def add(name: str, kind: str, parent: str, code: str, own_short: list[str]) -> str:
        if name in t.places:
            raise ValueError(f"duplicate place {name!r}")
        t.places[name] = Place(name, kind, parent, code)
        shorts[name] = own_short
        return name

    for code, parent, kind, name, short, former in (row[:6] for row in rows if row[2] != "town"):
        # a shared name, or one that is an ordinary word (城区, 东区), is qualified by its city
        canonical = name if full_count[name] == 1 and name not in compound_only else city_canonical(code) + name
        derived = _DIVISION_SUFFIX.fullmatch(name)
        forms = [s for s in dict.fromkeys([*short.split("/"), derived.group(1) if derived else "-"])
                 if s != "-" and len(s) >= 2 and s != name and s not in short_off]
        if name.endswith("自治州"):  # the press's form of an autonomous prefecture: 恩施州, 凉山州, 延边州
            forms += [s + "州" for s in forms if not s.endswith("州") and s + "州" not in short_off]
        canonical_of[code] = add(canonical, kind, canonical_of[parent] if parent else COUNTRY, code, forms)
        if former != "-":
            formers[canonical] = former.split()

    # townships: their names are shared far more often, and the data holds only some provinces'
    town_rows = [row for row in rows if row[2] == "town"]
    town_count: dict[str, int] = {}
    for row in town_rows:
        row[3] = renames.get(canonical_of[row[1]] + "/" + row[3], row[3])
        town_count[row[3]] = town_count.get(row[3], 0) + 1
    for _, names in words.get("town", []):
        for name in names:
            town_count[name] = town_count.get(name, 0) + 1
    towns: list[tuple[str, str]] = []  # (name, parent canonical)
    quiet_forms: dict[str, set[str]] = {}  # short forms of a place used only after its parent
    for _, parent, _, name, _ in (row[:5] for row in town_rows):
        parent_name = canonical_of[parent]
        towns.append((name, parent_name))
    towns.extend((name, _ref(t, area_parent)) for area_parent, names in words.get("town", []) for name in names)
    for name, parent_name in towns:
        canonical = name if town_count.get(name, 0) == 1 and name not in t.places else parent_name + name
        town_short = _town_short(name)
        # a township's short form is used on its own only where townships are the county level (东莞)
        own = [town_short] if town_short and town_short not in short_off else []
        add(canonical, "town", parent_name, "", list(own))
        if town_short and town_short not in short_off and name.endswith("街道"):
            shorts[canonical].append(town_short + "街")
        if t.places[parent_name].kind != "city":
            quiet_forms[canonical] = set(own)
    for where, names in words.get("area", []):
        for name in names:
            add(name, "district", _ref(t, where), "", [])

    for canonical in t.places:
        t.chains[canonical] = _chain(t.places, canonical)

    # the ways each place is written: on its own, or (ordinary words) only right after its parent
    others = {_ref(t, where): ws for where, ws in words.get("other", [])}
    alone: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}

    def alias(table: dict[str, list[str]], spelling: str, canonical: str) -> None:
        names = table.setdefault(spelling, [])
        if canonical not in names:
            names.append(canonical)

    alias(alone, COUNTRY, COUNTRY)
    strong: set[str] = {COUNTRY}
    word_names: set[str] = set()
    former_shorts: list[tuple[str, str]] = []
    for canonical, place in t.places.items():
        if place.kind == "country":
            continue
        local = _local_name(t, canonical)
        quiet = quiet_forms.get(canonical, ())
        alias(alone, canonical, canonical)
        if place.kind != "town":  # (a name of one character and its suffix is weak: 示范县, 市和县)
            strong.update(form for form in (canonical, local, *others.get(canonical, ())) if len(form) > 2)
        if place.kind in ("province", "city"):
            strong.update(shorts[canonical])
        for form in (local, *shorts[canonical], *others.get(canonical, ())):
            if form == local and form != canonical and form in compound_only:
                alias(alone, form, canonical)  # 城区 of 汕尾市城区: a word as often as a place (see weak)
                word_names.add(form)
            elif form != canonical:
                alias(after if form in compound_only or form in quiet else alone, form, canonical)
        if place.kind == "district" and local.endswith("区") and place.code:  # 撤县设区 (郫县 → 郫都区 aside)
            former_shorts.append((local[:-1], canonical))
    for what in ("nickname", "former"):
        for where, names in words.get(what, []):
            for name in names:
                alias(alone, name, _ref(t, where))
                strong.add(name)
    for canonical, names in formers.items():
        for name in names:
            alias(alone, name, canonical)
            strong.add(name)
            former_short = _strip_suffix(name)
            if former_short and former_short not in alone and former_short not in compound_only:
                alias(alone, former_short, canonical)
    for short, canonical in former_shorts:  # a district was, before, a county of its name (双流县 → 双流区)
        name = short + "县"  # (not 某市: 老城市, 新城市 are words; 平安县 is an honour, 平安 an ordinary word)
        if len(short) >= 2 and short not in compound_only and name not in alone and name not in t.places:
            alias(alone, name, canonical)
            strong.add(name)
    abbreviations: dict[str, list[str]] = {}
    for where, names in words.get("abbr", []):
        for name in names:
            alias(abbreviations, name, _ref(t, where))

    order = {name: (_LEVEL[place.kind], name) for name, place in t.places.items()}

    def frozen(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
        return {k: tuple(v) if len(v) == 1 else tuple(sorted(v, key=order.__getitem__)) for k, v in table.items()}

    t.aliases = frozen(alone)
    t.after = {k: v for k, v in frozen(after).items() if k not in t.aliases}
    t.weak = {spelling: 2 if spelling in word_names or len(spelling) == 2 and spelling[1] in "县区市旗" else 1
              for spelling in t.aliases if spelling not in strong}
    t.words = frozenset(word_names)
    t.abbreviations = frozen(abbreviations)
    by_prefix: dict[str, set[int]] = {}
    starts = bytearray(0x10000)
    for spelling in (*t.aliases, *t.after):
        if len(spelling) < 2:
            continue
        by_prefix.setdefault(spelling[:2], set()).add(len(spelling))
        if ord(spelling[0]) < 0x10000:
            starts[ord(spelling[0])] |= 1
        if ord(spelling[1]) < 0x10000:
            starts[ord(spelling[1])] |= 2
    t.by_prefix = {prefix: tuple(sorted(sizes, reverse=True)) for prefix, sizes in by_prefix.items()}
    t.starts = bytes(starts)
    t.pair_codes = frozenset(ord(prefix[0]) << 16 | ord(prefix[1]) for prefix in t.by_prefix
                             if ord(prefix[0]) < 0x10000 and ord(prefix[1]) < 0x10000)
    firsts = "".join(sorted({prefix[0] for prefix in t.by_prefix}))
    seconds = "".join(sorted({prefix[1] for prefix in t.by_prefix}))
    t.pairs = re.compile(f"(?=[{re.escape(firsts)}][{re.escape(seconds)}])")
    return t


def _strip_suffix(name: str) -> str | None:
    for suffix in ("市", "县", "区"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _local_name(t: _Tables, canonical: str) -> str:
    """The name without its qualifier (南京市鼓楼区 → 鼓楼区)."""
    parent = t.places[canonical].parent
    chain = t.chains.get(parent or "", ())
    for outer in chain:
        if canonical.startswith(outer) and len(canonical) > len(outer):
            return canonical[len(outer):]
    return canonical


def _ref(t: _Tables, where: str) -> str:
    """A place named in place_names.tsv: canonical, or PARENT/NAME."""
    if where in t.places:
        return where
    parent, _, name = where.partition("/")
    if parent + name in t.places:
        return parent + name
    raise ValueError(f"place_names.tsv: unknown place {where!r}")


def _chain(table: dict[str, Place], name: str) -> tuple[str, ...]:
    chain = [name]
    parent = table[name].parent
    while parent is not None:
        chain.append(parent)
        parent = table[parent].parent
    return tuple(chain)


_TABLES: list[_Tables] = []


def _tables() -> _Tables:
    if not _TABLES:
        _TABLES.append(_build())
    return _TABLES[0]


def _fold(name: str) -> str:
    return fold(name.strip())


# ---------------------------------------------------------------------------------------------------------
# Looking places up


def _candidates(name: str) -> tuple[str, ...]:
    """What ``name`` can mean: a place, an alias, an abbreviation, or a chain written down the hierarchy
    (广东省广州市从化区, 南京鼓楼区) read as one mention."""
    t = _tables()
    if name in t.places:
        return (name,)
    if name in t.words:
        return ()  # 城区, 东区 alone: words as often as places
    found = t.aliases.get(name) or t.abbreviations.get(name)
    if found and name not in t.words:
        return found
    mentions = find_mentions(name)
    if len(mentions) == 1 and mentions[0][0] == 0 and mentions[0][1] == len(name):
        return mentions[0][2]
    return ()  # 白云, 城区 alone are not places


def _default(t: _Tables, candidates: Sequence[str]) -> str | None:
    """The one candidate of a higher level than all others (吉林 → 吉林省, not 吉林市), if any."""
    if len(candidates) == 1:
        return candidates[0]
    levels = sorted(_LEVEL[t.places[c].kind] for c in candidates)
    return candidates[0] if levels[0] < levels[1] and levels[0] <= _LEVEL["city"] else None


def lookup(name: str) -> Place | None:
    """The place called ``name`` (canonical name or any alias, traditional or simplified), or None if
    unknown or shared by several places (鼓楼区)."""
    t = _tables()
    place = t.places.get(name)
    if place is not None:
        return place
    for spelling in dict.fromkeys((name.strip(), _fold(name))):
        found = _candidates(spelling)
        if found:
            best = _default(t, found)
            return t.places[best] if best is not None else None
    return None


def normalize_place(name: str) -> str:
    """Canonical name of a known place (广州/穗/羊城/廣州 → 广州市, 广州市从化区 → 从化区, 中国 → 全国,
    襄樊 → 襄阳市); otherwise ``name`` stripped of surrounding whitespace, as written (鼓楼区, 某某市)."""
    place = lookup(name)
    return place.name if place is not None else name.strip()


def is_ambiguous(name: str) -> bool:
    """A shared name no context resolved (鼓楼区（多地同名）)."""
    return name.endswith(AMBIGUOUS)


def ambiguous_name(candidates: Sequence[str]) -> str:
    """How a mention of one of ``candidates`` is recorded when nothing decides which: their common
    local name (鼓楼区) marked ambiguous."""
    t = _tables()
    locals_ = {_local_name(t, c) for c in candidates}
    local = locals_.pop() if len(locals_) == 1 else min(candidates, key=len)
    return local + AMBIGUOUS


def ancestors(name: str) -> tuple[str, ...]:
    """Canonical chain from the place up to 全国 (从化区 → 从化区, 广州市, 广东省, 全国); unknown or
    ambiguous → (name,)."""
    chains = _tables().chains
    chain = chains.get(name)
    if chain is not None:
        return chain
    canonical = normalize_place(name)
    return chains.get(canonical, (canonical,))


def contains(outer: str, inner: str) -> bool:
    """True when ``inner`` lies inside ``outer`` or is it (aliases accepted); unknown and ambiguous places
    contain only themselves, and lie in nothing else."""
    return normalize_place(outer) in ancestors(inner)


def city_of(name: str) -> str | None:
    """The prefecture-level city a place lies in (从化区 → 广州市, 广州市 → 广州市, 朝阳区 of 北京 → 北京市);
    None for a province, the country, or an unknown or ambiguous place."""
    t = _tables()
    known = t.cities.get(name, "")
    if known != "":
        return known
    chain = ancestors(name)
    if chain[0] in t.places:
        known = _city_in(t, chain)
        t.cities[chain[0]] = known
        return known
    return None


def _city_in(t: _Tables, chain: tuple[str, ...]) -> str | None:
    for canonical in chain:
        place = t.places.get(canonical)
        if place is not None and place.kind == "city":
            return canonical
    if len(chain) > 2 and chain[-2].endswith("市"):  # a district of 北京市, 上海市, 天津市, 重庆市
        return chain[-2]
    return None


def province_of(name: str) -> str | None:
    """The province-level unit a place lies in (从化区 → 广东省, 北京市 → 北京市); None if unknown."""
    chain = ancestors(name)
    return chain[-2] if len(chain) >= 2 and chain[-1] == COUNTRY else None


def is_broad(name: str) -> bool:
    """全国 or a province (广东省, 浙江省): not a municipality (北京市), which is a city too."""
    place = _tables().places.get(name)
    return place is not None and (place.kind == "country" or place.kind == "province" and not name.endswith("市"))


# ---------------------------------------------------------------------------------------------------------
# Places in running text


Mention = tuple[int, int, tuple[str, ...], int]
"""A place mention: start, end (exclusive), candidates, and how weak it is: 0 for most; 1 for a district's
or county's short form or a township's name, a place only where its article's province or city is in
context; 2 for a name of one character and its suffix (范县 in 示范县, 和县 in 市和县), only where its city is."""


def find_mentions(text: str) -> list[Mention]:
    """Non-overlapping place mentions ``(start, end_exclusive, candidates)``, leftmost-longest: one
    candidate for most, several for a shared name (鼓楼区, 西湖). A chain written down the hierarchy is one
    mention of its innermost place (广州市从化区 → 从化区, 南京鼓楼区 → 南京市鼓楼区, 佛山南海 → 南海区:
    short forms that are ordinary words count only there). Single-character aliases are not matched.

    One pass: at each position where a name's first two characters can stand, the names starting with
    those two, longest first. Compiled, a loop over the code points finds those positions
    (`fastpath.pair_starts`); in pure Python one expression (``pairs``) does, which is about four times
    faster."""
    t = _tables()
    if COMPILED:
        return _scan(text, pair_starts(text, t.starts, t.pair_codes))
    return _scan(text, [m.start() for m in t.pairs.finditer(text)])


def _scan(text: str, hits: list[int]) -> list[Mention]:
    """`find_mentions`, visiting the positions ``hits`` (ascending: every position that can start a
    name)."""
    t = _tables()
    out: list[Mention] = []
    weak = t.weak
    aliases = t.aliases
    after = t.after
    chains = t.chains
    by_prefix = t.by_prefix
    last_end = -1
    i, n, k = 0, len(text), 0
    while i < n:
        if i == last_end and text[i - 1] == "市":  # 济南市中区: 济南 and its 市中区, not 济南市 and 中区
            split = _child_at(t, text, i - 1, out[-1][2])
            if split is not None:
                out[-1] = (out[-1][0], split[0], split[1], 0)
                i = last_end = split[0]
                continue
        while k < len(hits) and hits[k] < i:
            k += 1
        if k == len(hits):
            break
        i = hits[k]
        sizes = by_prefix.get(text[i:i + 2])
        if sizes is not None:
            found: tuple[str, ...] = ()
            size = 0
            for size in sizes:
                candidate = text[i:i + size]
                if len(candidate) == size and text[i + size:i + size + 1] != "村":  # 南平村 is a village
                    found = aliases.get(candidate, ())
                    if not found and i == last_end:
                        found = after.get(candidate, ())
                    if found:
                        break
            if found:
                if i == last_end:  # right after another place: its parent's (广州市|从化区)?
                    outer = out[-1][2]
                    inner = tuple(c for c in found if len(chains[c]) > 1 and chains[c][1] in outer)
                    if inner:
                        out[-1] = (out[-1][0], i + size, inner, 0)
                        i = last_end = i + size
                        continue
                    if found is after.get(text[i:i + size]):
                        i += 1
                        continue
                out.append((i, i + size, found, weak.get(text[i:i + size], 0)))
                i = last_end = i + size
                continue
        i += 1
    return out


def _child_at(t: _Tables, text: str, j: int, outer: tuple[str, ...]) -> tuple[int, tuple[str, ...]] | None:
    """The end and candidates of the name of a child of ``outer`` starting at ``j``, if any."""
    for size in t.by_prefix.get(text[j:j + 2], ()):
        spelling = text[j:j + size]
        if len(spelling) == size:
            found = t.aliases.get(spelling) or t.after.get(spelling, ())
            inner = tuple(c for c in found if len(t.chains[c]) > 1 and t.chains[c][1] in outer)
            if inner:
                return j + size, inner
    return None


def find_places(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping place mentions ``(start, end_exclusive, canonical)``, leftmost-longest, without
    context: a shared name is its higher-level candidate where there is one (吉林 → 吉林省), else
    :func:`ambiguous_name`; a weak mention (see `Mention`) only in the default province, PROVINCE.
    Traditional characters are read as simplified (廣州市從化區 → 从化区; offsets are the text's).
    See :func:`resolve_mentions` for mentions resolved from their context."""
    t = _tables()
    out: list[tuple[int, int, str]] = []
    for start, end, candidates, weak in find_mentions(fold(text)):
        if weak == 2:
            continue
        if weak:  # without context, only in the province of an article with no place (see PROVINCE)
            candidates = tuple(c for c in candidates if PROVINCE in t.chains[c])
            if not candidates:
                continue
        best = _default(t, candidates)
        out.append((start, end, best if best is not None else ambiguous_name(candidates)))
    return out


def resolve(candidates: Sequence[str], context: Sequence[str], *, strict: bool = False) -> str | None:
    """The candidate the first deciding place of ``context`` points to: one that lies in it or is it
    (朝阳区 after 北京), else one it lies in (吉林 in an article on 长春市 → 吉林省); None if none decides.
    ``strict``: even a single candidate must lie in a place of the context (a township)."""
    t = _tables()
    if len(candidates) == 1 and not strict:
        return candidates[0]
    for place in context:
        if place == COUNTRY or place not in t.places:
            continue
        inside = [c for c in candidates if place in t.chains[c]]
        if len(inside) == 1:
            return inside[0]
        if inside or strict:
            continue
        around = [c for c in candidates if c in t.chains[place]]
        if len(around) == 1:
            return around[0]
    return None


def resolve_mentions(mentions: Sequence[Mention], sentence_starts: Sequence[int], home: str | None = None,
                     outlet: str | None = None) -> list[tuple[int, int, str]]:
    """Each mention's place ``(start, end, canonical)``, a shared name resolved from its context: the
    other places of its sentence (nearest first), ``home`` (the article's place), the places ``outlet``
    names, then the article's other places, most named first. A weak mention (a township, a county's
    short form: 公安, 资源) that no place of the context holds is dropped; any other shared name no
    context decides stays ambiguous (:func:`ambiguous_name`)."""
    t = _tables()
    fixed: list[tuple[int, str]] = []
    counts: dict[str, int] = {}
    for start, _, candidates, weak in mentions:
        if len(candidates) == 1 and not weak:
            fixed.append((start, candidates[0]))
            for outer in t.chains[candidates[0]][:-1]:
                counts[outer] = counts.get(outer, 0) + 1
    article: list[str] = []
    if home:
        article.append(normalize_place(home))
    if outlet:
        article.extend(p for _, _, p in find_places(outlet) if p in t.places)
    article.extend(sorted(counts, key=lambda name: (-counts[name], -_LEVEL[t.places[name].kind], name)))
    out: list[tuple[int, int, str]] = []
    for start, end, candidates, weak in mentions:
        if len(candidates) == 1 and not weak:
            out.append((start, end, candidates[0]))
            continue
        lo, hi = _sentence(sentence_starts, start)
        near = sorted((p for p in fixed if lo <= p[0] < hi and p[0] != start),
                      key=lambda p: (abs(p[0] - start), p[0] > start))
        context = [name for _, name in near] + article
        if weak == 2:
            context = [name for name in context if _LEVEL[t.places[name].kind] >= _LEVEL["city"]]
        best = resolve(candidates, context, strict=weak > 0)
        if best is None and weak:
            continue
        if best is None:
            best = _default(t, candidates)
        out.append((start, end, best if best is not None else ambiguous_name(candidates)))
    return out


def _sentence(starts: Sequence[int], pos: int) -> tuple[int, int]:
    lo_i, hi_i = 0, len(starts)
    while lo_i < hi_i:  # the last sentence start at or before pos
        mid = (lo_i + hi_i) // 2
        if starts[mid] <= pos:
            lo_i = mid + 1
        else:
            hi_i = mid
    k = lo_i - 1
    return (starts[k] if k >= 0 else 0), (starts[k + 1] if k + 1 < len(starts) else 1 << 62)


# ---------------------------------------------------------------------------------------------------------
# One expression for many words (used for keyword tables elsewhere)


class _Node:
    """A trie node over word characters."""

    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.terminal = False


def _trie_pattern(node: _Node) -> str:
    """A regex for the words below ``node``; greedy, so the longest word wins at a given start.

    Equivalent to the alternation of all words sorted longest first, but factored by prefix: at each
    character at most one branch can continue, so matching is linear in the text (times the longest word).
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
