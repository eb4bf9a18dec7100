"""Gazetteer: aliases, traditional spellings, hierarchy, shared names and place mentions in running text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import places
from factcheck.numbers import fold
from factcheck.places import (
    Place,
    ancestors,
    city_of,
    contains,
    find_mentions,
    find_places,
    lookup,
    normalize_place,
    province_of,
    resolve_mentions,
)

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


@pytest.mark.parametrize("word", ["全省", "全市", "全区", "城区", "东区", "西区", "南区", "香山", "白云", "新会", "民众",
                                  "郊区", "长治"])
def test_not_places(word: str) -> None:
    assert lookup(word) is None
    assert normalize_place(word) == word
    assert find_places(word) == []


def test_unknown_kept_as_written() -> None:
    assert normalize_place("哥谭市") == "哥谭市"
    assert normalize_place("  哥谭市\u3000") == "哥谭市"
    assert lookup("哥谭市") is None
    assert ancestors("哥谭市") == ("哥谭市",)
    assert contains("哥谭市", "哥谭市")
    assert not contains("哥谭市", "广州市")
    assert not contains("广东省", "哥谭市")
    assert city_of("哥谭市") is None


def test_lookup() -> None:
    assert lookup("从化") == Place("从化区", "district", "广州市")
    assert lookup("台山市") == Place("台山市", "county", "江门市")
    assert lookup("南澳县") == Place("南澳县", "county", "汕头市")
    assert lookup("虎门") == Place("虎门镇", "town", "东莞市")
    assert lookup("石岐街道") == Place("石岐街道", "town", "中山市")
    assert lookup("火炬开发区") == Place("火炬开发区", "town", "中山市")
    assert lookup("从化区鳌头镇") == Place("从化区鳌头镇", "town", "从化区")  # 鳌头镇 is 从化's and 顺德's
    assert lookup("广东省") == Place("广东省", "province", "全国")
    assert lookup("全国") == Place("全国", "country", None)
    assert lookup("唐山市") == Place("唐山市", "city", "河北省")
    place = lookup("杭州")
    assert place is not None and place.code == "330100"


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
    assert not contains("广州市", "深圳市南山区")
    assert not contains("从化区", "广州市")
    assert contains("深圳市", "深圳市南山区")
    assert contains("东莞市", "东莞市长安镇")
    assert contains("中山市", "东区街道")


def test_the_whole_country() -> None:
    t = places._tables()
    kinds = [p.kind for p in t.places.values()]
    assert kinds.count("province") == 34  # 23 provinces, 5 autonomous regions, 4 municipalities, 2 SARs
    assert 330 <= kinds.count("city") <= 360
    assert kinds.count("district") + kinds.count("county") > 2800
    assert ancestors("余杭区") == ("余杭区", "杭州市", "浙江省", "全国")
    assert ancestors("海淀区") == ("海淀区", "北京市", "全国")
    assert city_of("海淀区") == "北京市"  # a municipality is its districts' city
    assert province_of("郫都区") == "四川省"
    assert province_of("北京市") == "北京市"
    assert contains("浙江省", "杭州市") and not contains("浙江", "西湖区")
    assert contains("浙江省", "杭州市西湖区") and not contains("浙江省", "南昌市西湖区")
    assert contains("湖北省", "仙桃市")  # a county-level city under its province
    assert city_of("仙桃市") == "仙桃市"


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("京", "北京市"), ("沪", "上海市"), ("津", "天津市"), ("渝", "重庆市"), ("蓉", "成都市"), ("甬", "宁波市"),
        ("榕", "福州市"), ("深", "深圳市"), ("浙", "浙江省"), ("鄂", "湖北省"), ("沪上", "上海市"), ("蓉城", "成都市"),
        ("冰城", "哈尔滨市"), ("泉城", "济南市"),
        # an autonomous prefecture as the press names it: its short form and 州
        ("恩施州", "恩施土家族苗族自治州"), ("凉山州", "凉山彝族自治州"), ("黔东南州", "黔东南苗族侗族自治州"),
        ("延边州", "延边朝鲜族自治州"),
    ],
)
def test_abbreviations_and_nicknames(alias: str, canonical: str) -> None:
    assert normalize_place(alias) == canonical


@pytest.mark.parametrize(
    ("former", "canonical"),
    [("襄樊", "襄阳市"), ("襄樊市", "襄阳市"), ("萝岗区", "黄埔区"), ("滦县", "滦州市"), ("海门市", "海门区"),
     ("江干区", "上城区"), ("从化市", "从化区"), ("郫县", "郫都区"), ("双流县", "双流区")],
)
def test_renamed_places_map_to_todays(former: str, canonical: str) -> None:
    assert normalize_place(former) == canonical
    assert [name for _, _, name in find_places(f"2009年{former}法院受理案件")] == [canonical]


@pytest.mark.parametrize(
    ("name", "qualified"),
    [
        ("鼓楼区", ["南京市鼓楼区", "开封市鼓楼区", "徐州市鼓楼区", "福州市鼓楼区"]),
        ("朝阳区", ["北京市朝阳区", "长春市朝阳区"]),
        ("西湖区", ["南昌市西湖区", "杭州市西湖区"]),
        ("市中区", ["乐山市市中区", "内江市市中区", "枣庄市市中区", "济南市市中区"]),
        ("城区", ["晋城市城区", "汕尾市城区", "阳泉市城区"]),
        ("郊区", ["佳木斯市郊区", "铜陵市郊区", "阳泉市郊区"]),
    ],
)
def test_shared_names_are_qualified_by_their_city(name: str, qualified: list[str]) -> None:
    t = places._tables()
    assert sorted(c for c in t.places if c.endswith(name) and places._local_name(t, c) == name) == qualified
    assert lookup(name) is None and normalize_place(name) == name  # which one is not known
    for canonical in qualified:
        city = canonical[: -len(name)]
        assert normalize_place(city + name) == canonical
        assert normalize_place(city.removesuffix("市") + name) == canonical  # 南京鼓楼区
        assert contains(city, canonical) and city_of(canonical) == city
        assert all(not contains(other[: -len(name)], canonical) for other in qualified if other != canonical)


def _resolved(text: str, home: str | None = None, outlet: str | None = None) -> list[str]:
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch in "。！？\n"]
    return [name for _, _, name in resolve_mentions(find_mentions(text), starts, home, outlet)]


def test_shared_names_resolved_from_context() -> None:
    # the parent named in the sentence, before or after
    assert _resolved("南京市今年新增法官，鼓楼区法院受理案件1.2万件。") == ["南京市", "南京市鼓楼区"]
    assert _resolved("鼓楼区法院受理案件1.2万件，居福州市前列。") == ["福州市鼓楼区", "福州市"]
    # the article's place, its outlet, or the places the article names
    assert _resolved("朝阳区受理案件3万件。", home="北京市") == ["北京市朝阳区"]
    assert _resolved("朝阳区受理案件3万件。", home="吉林省") == ["长春市朝阳区"]
    assert _resolved("朝阳区受理案件3万件。", outlet="长春日报") == ["长春市朝阳区"]
    assert _resolved("西湖区调解纠纷500件。", home="杭州") == ["杭州市西湖区"]
    assert _resolved("杭州市召开会议。\n西湖区调解纠纷500件。") == ["杭州市", "杭州市西湖区"]
    assert _resolved("济南市中区调解纠纷500件。") == ["济南市市中区"]
    assert _resolved("今年阳泉郊区受理案件") == ["阳泉市郊区"]
    # 城区, 郊区, 东区 are words as often as places: only where their city is in context
    assert _resolved("城区法院受理案件900件。", home="汕尾市") == ["汕尾市城区"]
    assert _resolved("郊区法院受理案件900件。", home="铜陵市") == ["铜陵市郊区"]
    assert _resolved("中心城区常住人口900万。", home="广州市") == []
    assert _resolved("城关区调解纠纷1100件。", home="兰州市") == ["兰州市城关区"]
    # nothing decides: recorded as ambiguous, inside no city
    assert _resolved("鼓楼区法院受理案件1.2万件。") == ["鼓楼区（多地同名）"]
    assert _resolved("朝阳区受理案件3万件。", home="广东省") == ["朝阳区（多地同名）"]
    assert places.is_ambiguous("鼓楼区（多地同名）")
    assert city_of("鼓楼区（多地同名）") is None
    assert not contains("南京市", "鼓楼区（多地同名）") and not contains("福州市", "鼓楼区（多地同名）")


def test_short_forms_of_counties_need_their_province() -> None:
    # 公安 (公安县, 湖北), 资源 (资源县, 广西), 振兴 (振兴区, 辽宁): ordinary words elsewhere
    assert _resolved("协助公安机关处置事件48起。", home="广州市") == []
    assert _resolved("公安法院受理案件。", home="荆州市") == ["公安县"]
    assert _resolved("整合信访、法院等部门资源，配置干部48人。", home="从化区") == []
    assert _resolved("助力乡村振兴。", home="从化区") == []
    # a name of one character and its suffix only where its city is named: 示范县 is no mention of 范县
    assert _resolved("授牌命名建设示范县160个。", home="河南省") == []
    assert _resolved("范县法院受理案件。", home="濮阳市") == ["范县"]
    # a township's name only in its city or province
    assert _resolved("温泉镇调解纠纷。", home="从化区") == ["温泉镇"]
    assert _resolved("温泉镇调解纠纷。", home="杭州市") == []


def test_country_contains_every_place() -> None:
    for name in places._tables().places:
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
    t = places._tables()
    for name, place in t.places.items():
        assert place.name == name and place.kind in kinds
        assert place.parent is None or place.parent in t.places
        assert ancestors(name)[-1] == "全国"
        assert normalize_place(name) == name


def test_district_counts() -> None:
    counts: dict[str, int] = {}
    t = places._tables()
    for place in t.places.values():
        if place.kind in ("district", "county") and place.code:
            counts[place.parent or ""] = counts.get(place.parent or "", 0) + 1
    assert counts["广州市"] == 11
    assert counts["汕头市"] == 7
    assert counts["清远市"] == 8
    assert "东莞市" not in counts and "中山市" not in counts
    for name in "从化区 天河区 黄埔区 花都区 荔湾区 广州市南沙区 海珠区 广州市白云区 越秀区 番禺区 增城区".split():
        assert t.places[name].parent == "广州市"
    for name in "深圳市南山区 宝安区 福田区 罗湖区 龙岗区 深圳市龙华区".split():
        assert t.places[name].parent == "深圳市"


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
        ("南京市鼓楼区与福州鼓楼", [(0, 6, "南京市鼓楼区"), (7, 11, "福州市鼓楼区")]),
        ("沪上法院", [(0, 2, "上海市")]),
        ("浙江省杭州市余杭区", [(0, 9, "余杭区")]),
        ("长治久安", []),
        ("协助公安机关", []),
        ("恩施州利川市", [(0, 6, "利川市")]),
    ],
)
def test_find_places(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert find_places(text) == expected


def test_find_places_offsets_in_longer_text() -> None:
    text = "2023年，从化区鳌头镇、东莞市虎门镇和深圳南山的案件数均下降。"
    found = find_places(text)
    assert [text[s:e] for s, e, _ in found] == ["从化区鳌头镇", "东莞市虎门镇", "深圳南山"]
    assert [name for _, _, name in found] == ["从化区鳌头镇", "虎门镇", "深圳市南山区"]


def test_single_character_aliases_never_in_text() -> None:
    assert [normalize_place(a) for a in ("穗", "莞", "粤")] == ["广州市", "东莞市", "广东省"]
    for text in ("穗", "莞", "粤", "穗莞粤", "沪", "京津冀"):
        assert find_places(text) == []


def _check_mentions(text: str) -> None:
    """Mentions are in order, do not overlap, and each names what its text looks up to."""
    found = find_mentions(text)
    end = 0
    for start, stop, candidates, _ in found:
        assert end <= start < stop <= len(text)
        end = stop
        assert candidates
        assert all(c in places._tables().places for c in candidates)


def test_mentions_in_real_articles() -> None:
    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "tests" / "data" / "real").glob("*.txt"))[:60]]
    assert texts
    for text in map(fold, texts):
        _check_mentions(text)
        assert find_mentions(text), "every article names a place"


def test_gazetteer_is_loaded_on_first_use_only() -> None:
    import subprocess
    import sys
    code = "import factcheck.cli, factcheck.figures, factcheck.places as p; print(len(p._TABLES))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(places._tables().aliases)[:400] + ["市", "区", "，", "1", "省", "县城", "中", "村"]),
                max_size=30))
def test_mentions_on_runs_of_place_names(parts: list[str]) -> None:
    _check_mentions("".join(parts))


def _both_scans(text: str) -> tuple[list[places.Mention], list[places.Mention]]:
    """Mentions found visiting the positions `fastpath.pair_starts` gives (as compiled) and those of one
    expression (as in pure Python)."""
    from factcheck import fastpath

    t = places._tables()
    hits = [m.start() for m in t.pairs.finditer(text)]
    return places._scan(text, fastpath.pair_starts(text, t.starts, t.pair_codes)), places._scan(text, hits)


def test_both_scans_agree_on_real_articles() -> None:
    root = Path(__file__).resolve().parent.parent
    paths = sorted((root / "seeds").glob("*.txt")) + sorted((root / "tests" / "data" / "real").glob("*.txt"))
    for path in paths:
        every, hits = _both_scans(fold(path.read_text(encoding="utf-8")))
        assert every == hits


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(places._tables().aliases)[:300] + sorted(places._tables().after)[:100]
                                + ["市", "区", "，", "1", "省", "县城", "中", "村", "中区"]), max_size=30))
def test_both_scans_agree_on_runs_of_place_names(parts: list[str]) -> None:
    every, hits = _both_scans("".join(parts))
    assert every == hits
