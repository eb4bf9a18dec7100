"""The whole country through what a user sees: the place of each figure (extract), `grep --entity`,
and the checks that compare places (part inside whole, one fact stated twice).

Short articles from every region: districts that share a name, abbreviations, renamed cities,
institutions, lists of districts and national figures in a local article; then real sentences from the
pages of tests/data/real from ten provinces other than 广东."""

from __future__ import annotations

import pytest

from factcheck.checks import Settings
from factcheck.core import GrepQuery, grep_claims
from factcheck.engine import run_checks
from factcheck.extract import extract_claims
from factcheck.models import Article, Claim


def _claims(text: str, *, place: str | None = None, outlet: str | None = None, aid: str = "a") -> list[Claim]:
    return extract_claims(Article(aid, f"{aid}.txt", text, "2024-01-10", outlet=outlet, place=place))


def _entity(claims: list[Claim], figure: str) -> str:
    found = [c.entity for c in claims if c.text == figure]
    assert found, f"no claim {figure!r} in {[c.text for c in claims]}"
    return found[0]


def _grep(claims: list[Claim], entity: str) -> set[str]:
    return {c.text for c, _ in grep_claims(claims, GrepQuery("", entity=entity))}


# ------------------------------------------------------------------------ short articles, every region

NANJING = _claims("2023年，南京市鼓楼区人民法院受理案件1.2万件。", place="南京市", aid="nanjing")
FUZHOU = _claims("2023年，鼓楼区人民法院受理案件1.5万件。", outlet="福州日报", aid="fuzhou")
NOWHERE = _claims("2023年，鼓楼区人民法院受理案件1.8万件。", aid="nowhere")
XUZHOU = _claims("徐州市召开政法工作会议。2023年，鼓楼区人民法院受理案件0.9万件。", aid="xuzhou")
BEIJING = _claims("2023年，朝阳区人民检察院批准逮捕犯罪嫌疑人3000人。", place="北京市", aid="beijing")
CHANGCHUN = _claims("2023年，长春朝阳区法院审结案件8000件。", aid="changchun")
SHANGHAI = _claims("2023年，沪上法院受理案件100万件。", aid="shanghai")
XIANGYANG = _claims("2009年，襄樊市中级人民法院审结案件1.1万件。", aid="xiangyang")
ALL = NANJING + FUZHOU + NOWHERE + XUZHOU + BEIJING + CHANGCHUN + SHANGHAI + XIANGYANG


def test_districts_that_share_a_name_are_found_in_their_city_only() -> None:
    assert _entity(NANJING, "1.2万") == "南京市鼓楼区"  # the parent named in the sentence
    assert _entity(FUZHOU, "1.5万") == "福州市鼓楼区"  # the outlet
    assert _entity(XUZHOU, "0.9万") == "徐州市鼓楼区"  # the city the article names
    assert _entity(NOWHERE, "1.8万") == "鼓楼区（多地同名）"  # nothing decides: ambiguous
    assert _grep(ALL, "南京市") == {"2023", "1.2万"}
    assert _grep(ALL, "江苏省") == {"2023", "1.2万", "0.9万"} | (_grep(XUZHOU, "徐州市"))
    assert "1.5万" in _grep(ALL, "福建省") and "1.2万" not in _grep(ALL, "福州市")
    assert "1.8万" not in _grep(ALL, "南京市") | _grep(ALL, "福州市") | _grep(ALL, "徐州市") | _grep(ALL, "开封市")
    assert {"1.2万", "1.5万", "1.8万", "0.9万"} <= _grep(ALL, "鼓楼区")  # every 鼓楼区, resolved or not


def test_chaoyang_of_beijing_and_of_changchun() -> None:
    assert _entity(BEIJING, "3000") == "北京市朝阳区"
    assert _entity(CHANGCHUN, "8000") == "长春市朝阳区"
    assert "3000" in _grep(ALL, "北京") and "3000" not in _grep(ALL, "吉林省")
    assert "8000" in _grep(ALL, "吉林省") and "8000" not in _grep(ALL, "北京市")


def test_abbreviations_and_renamed_cities() -> None:
    assert _entity(SHANGHAI, "100万") == "上海市"
    assert "100万" in _grep(ALL, "沪")
    assert _entity(XIANGYANG, "1.1万") == "襄阳市"
    assert "1.1万" in _grep(ALL, "襄阳") and "1.1万" in _grep(ALL, "襄樊") and "1.1万" in _grep(ALL, "湖北省")


@pytest.mark.parametrize(
    ("text", "place", "figure", "entity"),
    [
        ("2023年，浙江省高级人民法院审结案件1.3万件。", "杭州市", "1.3万", "浙江省"),
        ("2023年，全省法院受理案件180万件。", "杭州市", "180万", "浙江省"),
        ("2023年，市中级人民法院审结案件5.2万件。", "杭州市", "5.2万", "杭州市"),
        ("2023年，区人民检察院起诉犯罪嫌疑人3100人。", "余杭区", "3100", "余杭区"),
        ("2023年，市公安局破获刑事案件4200起。", "成都市", "4200", "成都市"),
        ("2023年，全国法院受理案件4557万件。", "成都市", "4557万", "全国"),
        ("2023年，郑州市金水区人民法院受理案件6.1万件。", None, "6.1万", "金水区"),
        ("2023年，武侯区调解纠纷1200件，锦江区调解纠纷980件。", "成都市", "1200", "武侯区"),
        ("2023年，武侯区调解纠纷1200件，锦江区调解纠纷980件。", "成都市", "980", "锦江区"),
    ],
)
def test_institutions_carry_their_place(text: str, place: str | None, figure: str, entity: str) -> None:
    assert _entity(_claims(text, place=place), figure) == entity


@pytest.mark.parametrize(
    ("text", "place", "expected"),
    [
        ("2023年，武侯区、锦江区、青羊区分别受理案件1200件、980件、760件。", "成都市",
         {"1200": "武侯区", "980": "锦江区", "760": "青羊区"}),
        ("2023年，杭州、宁波、温州三市法院受理案件分别为30万件、20万件和18万件。", "浙江省",
         {"30万": "杭州市", "20万": "宁波市", "18万": "温州市"}),
        ("2023年，南京市鼓楼区和福州市鼓楼区分别调解纠纷500件和600件。", None,
         {"500": "南京市鼓楼区", "600": "福州市鼓楼区"}),
    ],
)
def test_lists_of_places_with_their_figures(text: str, place: str | None, expected: dict[str, str]) -> None:
    claims = _claims(text, place=place)
    assert {figure: _entity(claims, figure) for figure in expected} == expected


def test_a_province_finds_its_cities_and_districts() -> None:
    claims = (_claims("2023年，杭州市西湖区人民法院受理案件3.2万件。", aid="x1")
              + _claims("2023年，余杭区人民法院受理案件4.1万件。", place="杭州市", aid="x2")
              + _claims("2023年，宁波市中级人民法院受理案件7.7万件。", aid="x3")
              + _claims("2023年，南昌市西湖区人民法院受理案件1.1万件。", aid="x4"))
    assert {"3.2万", "4.1万", "7.7万"} <= _grep(claims, "浙江省")
    assert "1.1万" not in _grep(claims, "浙江省") and "1.1万" in _grep(claims, "江西省")
    assert _grep(claims, "杭州市") >= {"3.2万", "4.1万"} and "7.7万" not in _grep(claims, "杭州市")


# ------------------------------------------------------------------------ checks

@pytest.mark.parametrize(("city", "district"), [("杭州", "余杭区"), ("成都", "武侯区"), ("郑州", "金水区"),
                                              ("北京", "海淀区"), ("福州", "福州市鼓楼区")])
def test_part_exceeding_its_whole_anywhere_in_the_country(city: str, district: str) -> None:
    claims = (_claims(f"2022年，{city}组建最小应急单元2.3万个。", place=city, aid="p1")
              + _claims(f"2022年，{district}建设最小应急单元31129个。", place=district, aid="p2"))
    outcome = run_checks(claims, Settings(select=("FC302",)))
    assert [sorted(c.text for c in f.claims) for f in outcome.findings] == [["2.3万", "31129"]]


def test_a_shared_name_no_context_resolves_is_inside_no_city() -> None:
    claims = (_claims("2022年，福州组建最小应急单元2.3万个。", place="福州市", aid="p1")
              + _claims("2022年，鼓楼区建设最小应急单元31129个。", aid="p2"))
    assert _entity(claims, "31129") == "鼓楼区（多地同名）"
    assert not run_checks(claims, Settings(select=("FC302",))).findings


def test_places_that_only_share_a_name_are_never_compared() -> None:
    claims = (_claims("2023年，鼓楼区人民法院受理案件1.8万件。", aid="n1")
              + _claims("2023年，鼓楼区人民法院受理案件2.6万件。", aid="n2")
              + _claims("2023年，南京市鼓楼区人民法院受理案件1.2万件。", aid="n3")
              + _claims("2023年，福州市鼓楼区人民法院受理案件3.4万件。", aid="n4")
              + _claims("2023年，南京市法院受理案件1万件。", aid="n5"))
    outcome = run_checks(claims, Settings())
    errors = [f for f in outcome.findings if f.severity == "error"]
    shared = [f for f in errors if any("鼓楼区" in c.entity for c in f.claims)]
    # the only contradiction: 南京's 鼓楼区 (1.2万) inside 南京市 (1万); never 1.8万 against 2.6万 or 3.4万
    assert all({c.article for c in f.claims} <= {"n3", "n5"} for f in shared), [f.message for f in shared]


# ------------------------------------------------------------------------ real sentences, ten provinces

REAL = [
    # (province, article place, sentence from tests/data/real, figure, place of the figure)
    ("北京市", "北京市", "今年上半年,北京市东城区接收骑手类诉求2305件,其中不少都反映停车难、找餐难、换电池难。",
     "2305", "东城区"),
    ("浙江省", "嘉兴市", "经考核评审,省委、省政府决定,授予嘉兴市、舟山市、丽水市和杭州市上城区等38个市、县(市、区)"
     "“二星平安金鼎”。", "38", "上城区"),
    ("江苏省", "江苏省", "南京海事法院全年受理各类案件4224件,审执结3561件,收、结案数均位列全国海事法院第3位。",
     "4224", "南京市"),
    ("陕西省", "陕西省", "为最大程度维护老年人权益,西安市碑林区人民法院先后多次与公安、检察机关开展会谈会商,"
     "经多方努力终于将 5000 余万元赃款全部追回。", "5000", "碑林区"),
    ("重庆市", "重庆市", "魏大兴,男,汉族,1956年2月生,牺牲前系重庆市万州区白羊镇大石村1组居民。", "1", "万州区"),
    ("湖北省", "湖北省", "审结行政案件22814件,推进行政机关负责人出庭应诉工作,出庭应诉率为84.1%,荆门、天门等地"
     "应诉率达100%。", "100%", "天门市"),
    ("四川省", "四川省", "其中,成都市、德阳市、遂宁市、达州市、资阳市、凉山彝族自治州6个百城禁毒会战主要参战市州"
     "取得较大战果。", "6", "凉山彝族自治州"),
    ("山西省", "山西省", "·山西吕梁市检察院今年1月立查贪贿案18件", "18", "吕梁市"),
    ("湖南省", "湖南省", "湘潭市检察机关推动公司总部合规整改,6个月后经第三方严格评估、确认合格,依法决定不起诉。",
     "6", "湘潭市"),
    ("广西壮族自治区", "兴宁区", "法官人均结案数是全区法官人均结案数的2.16倍,比全市法官人均结案数多138.9件。",
     "138.9", "南宁市"),
    ("河南省", "河南省", "分省辖市来看,南阳和平顶山两市的居民幸福感指数远高于其他省辖市,分别为3.96和3.89;",
     "3.96", "南阳市"),
    ("天津市", "天津市", "审结涉北京非首都功能疏解等案件29839件。", "29839", "天津市"),
    ("浙江省", "开化县", "3月29日上午,全省建设平安浙江工作会议在杭州召开,我县荣获2018年度“平安县”称号,勇夺平安建设"
     "“十四连冠”。", "十四", "开化县"),
    ("全国", "全国", "新华社北京3月8日电 最高人民法院受理案件15985件。", "15985", "全国"),
]


@pytest.mark.parametrize(("province", "place", "sentence", "figure", "entity"), REAL)
def test_real_sentences_from_ten_provinces(province: str, place: str, sentence: str, figure: str,
                                           entity: str) -> None:
    claims = _claims(sentence, place=place)
    assert _entity(claims, figure) == entity
    assert figure in _grep(claims, province)


def test_the_real_sentences_cover_ten_provinces() -> None:
    assert len({province for province, *_ in REAL} - {"全国"}) >= 10
