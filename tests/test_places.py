"""Gazetteer: aliases, traditional spellings, hierarchy and place mentions in running text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import places
from factcheck.places import Place, ancestors, city_of, contains, find_places, lookup, normalize_place

CITIES = "广州 深圳 珠海 汕头 佛山 韶关 湛江 肇庆 江门 茂名 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮".split()


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("广州", "广州市"), ("穗", "广州市"), ("羊城", "广州市"), ("花城", "广州市"), ("广州市", "广州市"),
        ("廣州", "广州市"), ("廣州市", "广州市"), (" 广州市 ", "广州市"), ("鹏城", "深圳市"), ("莞", "东莞市"),
        ("东莞", "东莞市"), ("東莞", "东莞市"), ("東莞市", "东莞市"), ("从化", "从化区"), ("從化", "从化区"),
        ("從化區", "从化区"), ("天河", "天河区"), ("天河區", "天河区"), ("黃埔區", "黄埔区"), ("广州市从化区", "从化区"),
        ("广东省广州市", "广州市"), ("广东省广州市从化区", "从化区"), ("广州从化温泉镇", "温泉镇"),
        ("广东", "广东省"), ("粤", "广东省"), ("廣東", "广东省"), ("廣東省", "广东省"),
        ("全国", "全国"), ("中国", "全国"), ("我国", "全国"), ("全國", "全国"),
        ("城郊街", "城郊街道"), ("东区街道", "东区街道"), ("中山市东区街道", "东区街道"), ("松山湖", "松山湖"),
        ("乳源", "乳源瑶族自治县"), ("乳源县", "乳源瑶族自治县"), ("汕尾市城区", "汕尾市城区"), ("汕尾城区", "汕尾市城区"),
        ("从化市", "从化区"), ("萝岗区", "黄埔区"), ("佛山南海", "南海区"), ("台山", "台山市"),
    ],
)
def test_normalize_aliases(alias: str, canonical: str) -> None:
    assert normalize_place(alias) == canonical


@pytest.mark.parametrize(
    "traditional",
    "廣州 深圳 珠海 汕頭 佛山 韶關 湛江 肇慶 江門 茂名 惠州 梅州 汕尾 河源 陽江 清遠 東莞 中山 潮州 揭陽 雲浮".split(),
)
def test_traditional_city_names(traditional: str) -> None:
    place = lookup(traditional)
    assert place is not None and place.kind == "city"
    assert lookup(traditional + "市") == place


def test_all_cities_present() -> None:
    for short in CITIES:
        place = lookup(short)
        assert place == Place(short + "市", "city", "广东省")


@pytest.mark.parametrize("word", ["全省", "全市", "全区", "城区", "东区", "西区", "南区", "香山", "白云", "新会", "民众"])
def test_not_places(word: str) -> None:
    assert lookup(word) is None
    assert normalize_place(word) == word
    assert find_places(word) == []


def test_unknown_kept_as_written() -> None:
    assert normalize_place("唐山市") == "唐山市"
    assert normalize_place("  唐山市\u3000") == "唐山市"
    assert lookup("唐山市") is None
    assert ancestors("唐山市") == ("唐山市",)
    assert contains("唐山市", "唐山市")
    assert not contains("唐山市", "广州市")
    assert not contains("广东省", "唐山市")
    assert city_of("唐山市") is None


def test_lookup() -> None:
    assert lookup("从化") == Place("从化区", "district", "广州市")
    assert lookup("台山市") == Place("台山市", "county", "江门市")
    assert lookup("南澳县") == Place("南澳县", "county", "汕头市")
    assert lookup("虎门") == Place("虎门镇", "town", "东莞市")
    assert lookup("石岐街道") == Place("石岐街道", "town", "中山市")
    assert lookup("火炬开发区") == Place("火炬开发区", "town", "中山市")
    assert lookup("鳌头镇") == Place("鳌头镇", "town", "从化区")
    assert lookup("广东省") == Place("广东省", "province", "全国")
    assert lookup("全国") == Place("全国", "country", None)


def test_hierarchy() -> None:
    assert ancestors("从化区") == ("从化区", "广州市", "广东省", "全国")
    assert ancestors("從化") == ("从化区", "广州市", "广东省", "全国")
    assert ancestors("温泉镇") == ("温泉镇", "从化区", "广州市", "广东省", "全国")
    assert ancestors("全国") == ("全国",)
    assert contains("广州市", "从化区")
    assert contains("广东省", "广州市")
    assert contains("广东", "从化")
    assert contains("广州市", "天河区")
    assert contains("穗", "天河")
    assert contains("从化区", "城郊街")
    assert contains("从化区", "从化区")
    assert not contains("广州市", "南山区")
    assert not contains("从化区", "广州市")
    assert contains("深圳市", "南山区")
    assert contains("东莞市", "长安镇")
    assert contains("中山市", "东区街道")


def test_country_contains_every_place() -> None:
    for name in places._PLACES:
        assert contains("全国", name)
        assert contains("中国", name)


def test_city_of() -> None:
    assert city_of("从化区") == "广州市"
    assert city_of("广州市") == "广州市"
    assert city_of("穗") == "广州市"
    assert city_of("温泉镇") == "广州市"
    assert city_of("虎门镇") == "东莞市"
    assert city_of("广东省") is None
    assert city_of("全国") is None


def test_every_place_has_a_known_parent() -> None:
    kinds = {"country", "province", "city", "district", "county", "town"}
    for name, place in places._PLACES.items():
        assert place.name == name and place.kind in kinds
        assert place.parent is None or place.parent in places._PLACES
        assert ancestors(name)[-1] == "全国"
        assert normalize_place(name) == name


def test_district_counts() -> None:
    counts: dict[str, int] = {}
    for place in places._PLACES.values():
        if place.kind in ("district", "county"):
            counts[place.parent or ""] = counts.get(place.parent or "", 0) + 1
    assert counts["广州市"] == 11
    assert counts["汕头市"] == 7
    assert counts["清远市"] == 8
    assert "东莞市" not in counts and "中山市" not in counts
    for name in "从化区 天河区 黄埔区 花都区 荔湾区 南沙区 海珠区 白云区 越秀区 番禺区 增城区".split():
        assert places._PLACES[name].parent == "广州市"
    for name in "南山区 宝安区 福田区 罗湖区 龙岗区 龙华区".split():
        assert places._PLACES[name].parent == "深圳市"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("广州市天河区还被授予“二星平安鼎”", [(0, 6, "天河区")]),
        ("在广州市黄埔区社会治理综合服务中心", [(1, 7, "黄埔区")]),
        ("城郊街西和村获得", [(0, 3, "城郊街道")]),
        ("城郊街道西和村", [(0, 4, "城郊街道")]),
        ("来穗人员", []),
        ("莞邑", []),
        ("粤港澳大湾区", []),
        ("全省全市全区", []),
        ("全国第一", [(0, 2, "全国")]),
        ("广东省广州市", [(0, 6, "广州市")]),
        ("广东省公安厅", [(0, 3, "广东省")]),
        ("廣州市從化區", [(0, 6, "从化区")]),
        ("从化区温泉镇南平村", [(0, 6, "温泉镇")]),
        ("中山市东区街道", [(0, 7, "东区街道")]),
        ("汕尾市城区", [(0, 5, "汕尾市城区")]),
        ("中山大学", [(0, 2, "中山市")]),
        ("佛山南海与南海", [(0, 4, "南海区")]),
        ("加入新会员", []),
        ("公开平台", []),
        ("广州、深圳和东莞", [(0, 2, "广州市"), (3, 5, "深圳市"), (6, 8, "东莞市")]),
        ("羊城大地", [(0, 2, "广州市")]),
    ],
)
def test_find_places(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert find_places(text) == expected


def test_find_places_offsets_in_longer_text() -> None:
    text = "2023年，从化区鳌头镇、东莞市虎门镇和深圳南山的案件数均下降。"
    found = find_places(text)
    assert [text[s:e] for s, e, _ in found] == ["从化区鳌头镇", "东莞市虎门镇", "深圳南山"]
    assert [name for _, _, name in found] == ["鳌头镇", "虎门镇", "南山区"]


def test_single_character_aliases_never_in_text() -> None:
    assert [normalize_place(a) for a in ("穗", "莞", "粤")] == ["广州市", "东莞市", "广东省"]
    for text in ("穗", "莞", "粤", "穗莞粤"):
        assert find_places(text) == []


def test_matches_longest_first_alternation() -> None:
    """The factored expression gives the same mentions as the plain longest-first alternation."""
    words = sorted((a for a in places._ALIASES if len(a) >= 2), key=len, reverse=True)
    plain = re.compile("|".join(map(re.escape, words)))
    text = (
        "广东省广州市从化区温泉镇、广州从化、从化区、從化區、东莞市长安镇、中山火炬开发区、中山港街道、汕尾城区、"
        "深圳市大鹏新区、佛山高明、清远市连山壮族瑶族自治县、乳源县、全国、中国、花城广场、江门台山、湛江坡头区"
    )
    expected = [(m.start(), m.end(), places._ALIASES[m.group()]) for m in plain.finditer(text)]
    assert find_places(text) == expected
    assert len(expected) >= 15


def _both_ways(text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """find_places by character lookups and by the compiled expression."""
    by_regex = [(m.start(), m.end(), places._ALIASES[m.group()])
                for m in places.compile_words(sorted(places._MULTI)).finditer(text)]
    return places._scan_places(text), by_regex


def test_lookup_scan_finds_what_the_expression_finds_in_real_articles() -> None:
    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "tests" / "data").glob("trad_*.txt"))]
    assert texts
    for text in texts:
        scanned, matched = _both_ways(text)
        assert scanned == matched
        assert scanned, "every article names a place"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted(places._MULTI)[:400] + ["市", "区", "，", "1", "省", "县城", "中"]),
                max_size=30))
def test_lookup_scan_agrees_on_runs_of_place_names(parts: list[str]) -> None:
    scanned, matched = _both_ways("".join(parts))
    assert scanned == matched
