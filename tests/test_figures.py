"""Figure extraction per kind, from real sentences of the seeds and of articles written for the tests."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import lexicon
from factcheck.figures import FIGURE_FIELDS, Figure, find_figures


def figs(text: str) -> list[tuple[str, object, str, str, str]]:
    return [(f.text, f.value, f.unit, f.kind, f.approx) for f in find_figures(text)]


def one(text: str, figure: str) -> tuple[object, str, str, str]:
    found = [f for f in find_figures(text) if f.text == figure]
    assert found, f"{figure!r} not found in {figs(text)}"
    f = found[0]
    assert text[f.start:f.end] == figure
    return f.value, f.unit, f.kind, f.approx


@pytest.mark.parametrize(
    ("sentence", "figure", "value", "unit", "kind", "approx"),
    [
        # counts, magnitudes, approximations
        ("截至目前，广州累计聚合各类群防力量33.4万人", "33.4万", Decimal(334000), "人", "count", "exact"),
        ("组建覆盖全市基层单位的最小应急单元2.3万个", "2.3万", Decimal(23000), "个", "count", "exact"),
        ("近十年来，广州公安累计办理公安行政审批服务事项6500多万件", "6500多万", Decimal(65000000), "件", "count", "lower"),
        ("实名注册60余万人", "60余万", Decimal(600000), "人", "count", "lower"),
        ("参与协助处置各类突发事件1600余起", "1600", Decimal(1600), "起", "count", "lower"),
        ("司法行政部门办理法律援助案件超4.6万件", "4.6万", Decimal(46000), "件", "count", "lower"),
        ("建成近400个平安文化体验点", "400", Decimal(400), "个", "count", "upper"),
        ("共采集办理各类网格事项约137万件", "137万", Decimal(1370000), "件", "count", "about"),
        ("同比增加64人", "64", Decimal(64), "人", "count", "exact"),
        ("着力保护好辖区12万公顷青山", "12万", Decimal(120000), "公顷", "count", "exact"),
        ("系全省两个获评地级市之一", "两", Decimal(2), "个", "count", "exact"),
        # money
        ("发放救助金额合计1350.22万元", "1350.22万", Decimal(13502200), "元", "money", "exact"),
        ("追缴、冻结赃款、赃物价值3.4亿元", "3.4亿", Decimal(340000000), "元", "money", "exact"),
        ("挽回损失约3.6亿元", "3.6亿", Decimal(360000000), "元", "money", "about"),
        # percent, change, multiple
        ("调解成功率达97.4%", "97.4%", Decimal("97.4"), "%", "percent", "exact"),
        ("网格员专职率超过60%", "60%", Decimal(60), "%", "percent", "lower"),
        ("110案件类警情同比下降14.8%", "14.8%", Decimal("14.8"), "%", "change", "exact"),
        ("涉黑恶警情2018-2021年连续4年下降，年均降幅9.7%", "9.7%", Decimal("9.7"), "%", "change", "exact"),
        ("小额诉讼程序适用率提升至56.7%，同比提升15.9%", "56.7%", Decimal("56.7"), "%", "percent", "exact"),
        ("2021年全市电诈预警总数同比上升1.9倍", "1.9倍", Decimal("1.9"), "倍", "change", "exact"),
        ("办理案件7.4万件，占全省七分之一", "七分之一", "1/7", "", "percent", "exact"),
        # streaks, times, ranks
        ("案件类警情从2015年至2021年连续7年下降", "7", Decimal(7), "年", "streak", "exact"),
        ("办案综合质效连续两年全省第一", "两", Decimal(2), "年", "streak", "exact"),
        ("司法透明度指数实现全国“八连冠”", "八", Decimal(8), "连冠", "streak", "exact"),
        ("连续6年获评平安广东建设考评优秀，并三次折桂", "三", Decimal(3), "次", "times", "exact"),
        ("在法治政府评估报告中排名全国第四", "第四", Decimal(4), "", "rank", "exact"),
        ("被授予全省平安建设最高荣誉“一星平安鼎”", "一", Decimal(1), "星", "rank", "exact"),
        ("2022年荣获全省考核评价第一档", "第一", Decimal(1), "档", "rank", "exact"),
        ("获2021年度广州市市域社会治理十大创新项目", "十", Decimal(10), "大", "rank", "exact"),
        # years, dates, durations
        ("2023年，广州市见义勇为基金会共向261名见义勇为人员发放慰问金", "2023", Decimal(2023), "年", "year", "exact"),
        ("2024年6月30日，深中通道正式投入使用", "2024年6月30日", "2024-06-30", "", "date", "exact"),
        ("9月26日，广州市委政法委举行新闻发布会", "9月26日", "--09-26", "", "date", "exact"),
        ("一起涉及380万元工资款的纠纷在72小时内得到圆满化解", "72", Decimal(72), "小时", "duration", "exact"),
        ("十年来，共建成区、镇(街)、村居三级综治中心286个", "十", Decimal(10), "年来", "duration", "exact"),
        ("近三年共侦破各类网络案件16210宗", "三", Decimal(3), "年", "duration", "exact"),
        ("“线上30秒、线下半小时”的公共法律服务生态圈", "半", Decimal("0.5"), "小时", "duration", "exact"),
        # ordinals and identifiers
        ("成功举办首届粤港澳大湾区法治论坛", "首", Decimal(1), "届", "ordinal", "exact"),
        ("作为第二期企业合规改革试点单位之一", "第二", Decimal(2), "期", "ordinal", "exact"),
        ("全面介绍党的十八大以来平安广州法治广州建设所取得的成效", "十八", Decimal(18), "大", "ordinal", "exact"),
        ("承接广州12345政府服务热线事项930多万件", "12345", "12345", "", "identifier", "exact"),
        ("落实省委“1+6+N”基层社会治理工作体系", "1+6+N", "1+6+N", "", "identifier", "exact"),
        ("实行“7×24”运作机制", "7×24", "7×24", "", "identifier", "exact"),
        ("广州政法机关紧扣省委“1310”具体部署", "1310", "1310", "", "identifier", "exact"),
        ("全年接报110案件类警情同比下降14.8%", "110", "110", "", "identifier", "exact"),
        # the chrome of a scraped page: labels and a copyright year, not amounts
        ("粤ICP备12345678号　网站标识码：4403060000", "4403060000", "4403060000", "", "identifier", "exact"),
        ("建议使用1920×1080分辨率、IE10以上版本浏览器浏览本站", "10", "10", "", "identifier", "exact"),
        ("受COVID-19疫情影响", "19", "19", "", "identifier", "exact"),
        ("版权所有 © 2024 深圳市宝安区人民政府", "2024", Decimal(2024), "年", "year", "exact"),
        # a year in Chinese numerals, digit by digit, as in traditional or formal texts
        ("二〇二三年度平安建设考评", "二〇二三", Decimal(2023), "年", "year", "exact"),
        ("一九九八年成立", "一九九八", Decimal(1998), "年", "year", "exact"),
        ("历时二十年", "二十", Decimal(20), "年", "duration", "exact"),
        # points, counted with 个 or not, in either kind of numeral
        ("同比提高2.1个百分点", "2.1", Decimal("2.1"), "百分点", "change", "exact"),
        ("提高两个百分点", "两", Decimal(2), "百分点", "change", "exact"),
        ("发布时间：2024-03-15 10:23　　浏览次数：2,817", "2,817", "2,817", "", "identifier", "exact"),
        ("阅读量 1.2万", "1.2万", "1.2万", "", "identifier", "exact"),
        ("浏览：356次", "356", "356", "", "identifier", "exact"),
        # … but a counter the article reports on is an amount
        ("全市普法网站累计浏览量达1.2万次", "1.2万", Decimal(12000), "次", "count", "exact"),
        ("群众评论3条", "3", Decimal(3), "条", "count", "exact"),
        # … which leave amounts next to Latin letters alone
        ("全市5G基站达1.2万个", "1.2万", Decimal(12000), "个", "count", "exact"),
        ("地区生产总值GDP3.1万亿元", "3.1万亿", Decimal(3100000000000), "元", "money", "exact"),
    ],
)
def test_kinds_from_seed_sentences(sentence: str, figure: str, value: object, unit: str, kind: str,
                                   approx: str) -> None:
    assert one(sentence, figure) == (value, unit, kind, approx)


@pytest.mark.parametrize(("sentence", "word"), [
    ("打造基层社会治理“一站式”实体化平台", "一站式"),
    ("广大政法干警深入一线“解剖麻雀”", "一线"),
    ("压实部门、镇街党政“一把手”责任", "一把手"),
    ("系全省两个获评地级市之一", "之一"),
    ("一体推进理论学习、调查研究", "一体"),
    ("由属地统一指挥", "统一"),
    ("一起涉及380万元工资款的纠纷", "一起"),
    ("守护全市的万家灯火", "万家"),
    ("社会治理千头万绪", "千头万绪"),
    ("实施“一部门一品牌 一区域一亮点”计划", "一部门一品牌 一区域一亮点"),
    ("为千年商都广州实现老城市新活力", "千年"),
    ("涌现出一批先进集体和个人", "一批"),
])
def test_words_with_numerals_are_not_figures(sentence: str, word: str) -> None:
    lo = sentence.index(word)
    hi = lo + len(word)
    overlapping = [f.text for f in find_figures(sentence) if f.start < hi and f.end > lo]
    assert overlapping == []


def test_traditional_and_full_width() -> None:
    text = "２０２３年，廣州市連續兩年獲評第一，聚合群防力量３３.４萬人，調解成功率達９８％，共１，２３４件。"
    found = {f.text: (f.value, f.kind) for f in find_figures(text)}
    assert found["２０２３"] == (Decimal(2023), "year")
    assert found["兩"] == (Decimal(2), "streak")
    assert found["３３.４萬"] == (Decimal(334000), "count")
    assert found["９８％"] == (Decimal(98), "percent")
    assert found["１，２３４"] == (Decimal(1234), "count")


def test_a_page_that_spaces_its_figures_out() -> None:
    """E-paper and PDF pages put a space between a number and its magnitude or measure word (25.4 万件,
    2023 年 2 月): one space is read through, and the figure's text keeps it."""
    text = "2022 年，全市法院受理各类案件 25.4 万件，审结一审刑事案件 1,874\xa0件，执行到位 7.8 亿元。"
    assert figs(text) == [
        ("2022", Decimal(2022), "年", "year", "exact"),
        ("25.4 万", Decimal(254000), "件", "count", "exact"),
        ("1,874", Decimal(1874), "件", "count", "exact"),
        ("7.8 亿", Decimal(780000000), "元", "money", "exact"),
    ]
    assert [f[0] for f in figs("依次为 2 3 4 号")] == ["2", "3", "4"]  # numbers a space apart stay apart


def test_run_together_percentages_are_two_figures() -> None:
    assert [f.text for f in find_figures("同比分别上升23.6%11.5%")] == ["23.6%", "11.5%"]


def test_year_ranges_are_linked() -> None:
    for text in ("案件类警情从2015年至2021年连续7年下降", "盗窃警情2015-2020年连续6年下降", "广州2019年、2020年连续2年"):
        years = [f for f in find_figures(text) if f.kind == "year"]
        assert len(years) == 2
        assert years[0].link == 1 and years[1].link == 0


def test_recent_is_not_an_approximation() -> None:
    (fig,) = [f for f in find_figures("近三年共侦破各类网络案件") if f.text == "三"]
    assert fig.approx == "exact"


def test_spans_index_the_original_text() -> None:
    text = "\ufeff截至目前，廣州累計聚合各類群防力量３３.４萬人。\r\n"
    for f in find_figures(text):
        assert text[f.start:f.end] == f.text


@pytest.mark.parametrize("seed", ["000_d3f61c0c3655bc9a", "003_48855871b9f6b08f"])
def test_traditional_page_gives_the_same_claims(seed: str) -> None:
    """tests/data/trad_*.txt: seeds converted to traditional characters (OpenCC s2t, at authoring time)."""
    from pathlib import Path

    from factcheck.extract import extract_claims
    from factcheck.models import Article

    root = Path(__file__).resolve().parent
    simplified = (root.parent / "seeds" / f"{seed}.txt").read_text(encoding="utf-8")
    traditional = (root / "data" / f"trad_{seed}.txt").read_text(encoding="utf-8")
    assert traditional != simplified

    def key(text: str) -> list[tuple[object, ...]]:
        article = Article(id=seed, path="x.txt", text=text, published="2024-02-01", place="广州市")
        from factcheck.numbers import fold

        # labels keep their literal text (號 stays 號); everything else must be identical
        return [(c.start, c.end, fold(str(c.value)), c.unit, c.kind, c.approx, c.entity, c.period)
                for c in extract_claims(article)]

    assert key(traditional) == key(simplified)


def test_mirror_page_pinyin_and_invisible_characters() -> None:
    from factcheck.extract import extract_claims
    from factcheck.models import Article

    text = "廣(guǎng)州(zhōu)連(lián)續(xù)7年下降，聚合群防力量33.\u200b4萬(wàn)人，市、區(qū)兩(liǎng)級(jí)法院。"
    claims = extract_claims(Article(id="m", path="m.txt", text=text, published="2024-01-01"))
    got = {c.text: (c.value, c.unit, c.kind, c.entity) for c in claims}
    assert got["7"] == (Decimal(7), "年", "streak", "广州市")
    assert got["33.\u200b4萬"] == (Decimal(334000), "人", "count", "广州市")
    assert got["兩"] == (Decimal(2), "级", "count", "广州市")
    for c in claims:
        assert text[c.start:c.end] == c.text


def test_an_unseen_style_of_report() -> None:
    """Written for the tests: month ranges, 成, thousands separators, 余 after a magnitude."""
    from factcheck.extract import extract_claims
    from factcheck.models import Article

    text = ("2024年1至10月，全市刑事警情同比下降12.3%，破获电信网络诈骗案件3,456宗，抓获犯罪嫌疑人1.2万余名，"
            "为群众挽回经济损失逾5亿元。宝安区110接警量较去年同期减少两成，覆盖率达到九成以上。")
    claims = {c.text: c for c in extract_claims(Article(id="sz", path="sz.txt", text=text,
                                                        published="2024-11-06", place="深圳市"))}
    assert (claims["1"].kind, claims["1"].value) == ("date", "--01")
    assert (claims["10月"].kind, claims["10月"].value) == ("date", "--10")
    assert (claims["3,456"].value, claims["3,456"].unit) == (Decimal(3456), "宗")
    assert (claims["1.2万"].value, claims["1.2万"].unit, claims["1.2万"].approx) == (Decimal(12000), "名", "lower")
    assert (claims["5亿"].kind, claims["5亿"].approx) == ("money", "lower")
    assert (claims["两成"].kind, claims["两成"].entity) == ("change", "宝安区")
    assert (claims["两成"].value, claims["两成"].unit) == (Decimal(20), "%")  # 成: tenths, as a percentage
    assert claims["两成"].period != "2023"  # 较去年同期 is the base of the change, not its period
    assert (claims["九成"].kind, claims["九成"].approx, claims["九成"].value) == ("percent", "lower", Decimal(90))
    assert claims["110"].kind == "identifier"


def test_scope_words_point_to_the_place_their_sentence_names() -> None:
    """全区 after a named district is that district, 全市 after a named city that city; without one, 全区 is
    the district the article names most. An article without a place in its metadata that names one
    district of a city more than the rest of it is about that district (宝安区, not 深圳市)."""
    from factcheck.extract import extract_claims
    from factcheck.models import Article

    text = ("1月17日，深圳市宝安区召开政法工作会议。2023年，宝安区全区各级调解组织共受理矛盾纠纷36,011件，"
            "调解成功率97.4%。全区刑事治安警情同比下降12.5%。宝安共有调解员1,200余名。群众安全感达98.6%。"
            "肇慶市公安局披露，2023年全市刑事警情同比下降16.2%。")
    claims = {c.text: c for c in extract_claims(Article(id="ba", path="ba.txt", text=text, published="2024-01-18"))}
    assert claims["36,011"].entity == "宝安区"
    assert claims["97.4%"].entity == "宝安区"
    assert claims["12.5%"].entity == "宝安区"  # no place in its sentence: the article's district
    assert claims["16.2%"].entity == "肇庆市"  # 全市 after 肇慶市, not the article's city
    assert claims["98.6%"].entity == "宝安区"  # nothing named: the article is about the district it names most
    county = ("台山市司法局通报，全市共受理矛盾纠纷2,300件。", "2024-01-05")
    (figure,) = [c for c in extract_claims(Article("ts", "ts.txt", county[0], county[1])) if c.text == "2,300"]
    assert figure.entity == "台山市"  # a county-level city's 全市 is itself, not 江门市
    prefecture = "恩施州利川市今年受理矛盾纠纷300件，我州受理矛盾纠纷4,100件。我州调解员达1,500名。"
    claims = {c.text: c for c in extract_claims(Article("es", "es.txt", prefecture, "2024-01-05"))}
    assert claims["300"].entity == "利川市" and claims["4,100"].entity == "恩施土家族苗族自治州"  # 我州: its prefecture
    assert claims["1,500"].entity == "恩施土家族苗族自治州"  # (no place in its sentence: the article's prefecture)
    assert claims["300"].metric == claims["4,100"].metric == "矛盾纠纷"  # the scope word is not the metric
    city_wide = ("惠州警方会同区检察院、区法院建立机制，上半年已有203名电诈犯罪嫌疑人被提起公诉。"
                 "博罗县新建调解室12个。惠州市公安局通报，全市刑事警情下降9.1%。")
    claims = {c.text: c for c in extract_claims(Article("hz", "hz.txt", city_wide, "2024-07-01", place="惠州市"))}
    assert claims["203"].entity == "惠州市"  # a district named once does not make the report a district's


def test_a_person_named_like_a_county_is_not_a_place() -> None:
    """A title, a surname and a given name that is a county's short form (副院长田平利: 平利县) name a
    person; the figure's place is the article's."""
    from factcheck.extract import extract_claims
    from factcheck.models import Article

    text = "省高院副院长田平利在发布会上介绍，2021年全省法院共受理案件41.2万件。平利县法院受理案件3200件。"
    claims = {c.text: c for c in extract_claims(Article("sx", "sx.txt", text, "2022-02-01", place="陕西省"))}
    assert claims["41.2万"].entity == "陕西省"
    assert claims["3200"].entity == "平利县"  # the county named as such is still the county


def test_an_organisation_leading_a_clause_is_the_subject_of_the_next() -> None:
    """市中级人民法院受理…，审执结…: the second figure is the court's, so it is not compared with what all
    the city's courts 审执结; a noun-led clause, a list item or courts in general carry nothing."""
    from factcheck.extract import extract_claims
    from factcheck.models import Article

    text = ("2023年，全市两级法院共受理各类案件11.6万件，审执结10.97万件。"
            "市中级人民法院受理案件1.38万件，审执结1.31万件，结案率94.9%。"
            "市消防救援支队开展演练86场，园区现有专职消防员1,600余名。"
            "市公安局189个集体、市司法行政系统15个集体获得表彰。")
    claims = {c.text: c for c in extract_claims(Article("jm", "jm.txt", text, "2024-02-27", place="江门市"))}
    assert claims["10.97万"].metric == "审执结"
    assert claims["1.31万"].metric == "中级人民法院审执结"
    assert claims["1.31万"].entity == claims["10.97万"].entity == "江门市"
    assert not claims["1,600"].metric.startswith("消防")  # 园区…: a subject of its own
    assert not claims["15"].metric.startswith("公安局")  # a list item has its own subject


def test_the_place_of_an_evaluation_frames_the_ranking() -> None:
    """在佛山市…考评中排名第一: the district ranked first in its city's evaluation; the frame's place is not
    the subject, and a place outside such a frame still is."""
    from factcheck.extract import extract_claims
    from factcheck.models import Article

    text = ("2021年至2023年，顺德连续三年在佛山市打击治理电信网络诈骗工作考评中排名第一，实现“三次折桂”。"
            "宝安在二〇二三年度深圳市平安建设考评中位居全市前列，区内两个街道入选全省首批“枫桥式”单位。"
            "在佛山市开展的专项行动中，警方共破案1,024宗。")
    claims = {c.text: c for c in extract_claims(Article("sd", "sd.txt", text, "2024-01-10"))}
    assert claims["第一"].entity == claims["三"].entity == "顺德区"
    assert (claims["二〇二三"].kind, claims["二〇二三"].value) == ("year", Decimal(2023))
    assert (claims["两"].entity, claims["两"].period) == ("宝安区", "2023")
    assert claims["1,024"].entity == "佛山市"  # 在…行动中 is no evaluation: its place is the subject


def test_a_change_after_a_count_is_of_what_the_count_counts() -> None:
    """事故1,047起，同比下降9.8%: the thousands separator is no clause break, and the change's metric is the
    clause before it up to its figure, not the unit and comma left after it."""
    from factcheck.extract import extract_claims
    from factcheck.models import Article

    text = ("全市共发生一般程序道路交通事故1,047起，同比下降9.8%。造成直接财产损失约3,280万元，同比下降22.1%。"
            "查处各类交通违法行为128.6万宗，同比上升6.7%。")
    claims = {c.text: c for c in extract_claims(Article("zh", "zh.txt", text, "2023-12-07", place="珠海市"))}
    assert claims["9.8%"].metric == "发生一般程序道路交通事故下降"
    assert claims["22.1%"].metric == "造成直接财产损失下降"
    assert claims["6.7%"].metric == "交通违法行为上升"  # 行为 keeps its 为
    assert claims["128.6万"].metric == "交通违法行为"


def test_points_and_the_phrase_between_two_figures() -> None:
    """提高2.1个百分点 is a change in points, not a count of 个; 为2,600余名农民工追回劳动报酬约8,900万元: the
    people's metric stops before the money, and the money's metric starts after 余名."""
    from factcheck.extract import extract_claims
    from factcheck.models import Article

    text = "民商事案件一审服判息诉率92.6%，同比提高2.1个百分点。为2,600余名农民工追回劳动报酬约8,900万元。"
    claims = {c.text: c for c in extract_claims(Article("jm", "jm.txt", text, "2024-02-27", place="江门市"))}
    assert (claims["2.1"].kind, claims["2.1"].unit) == ("change", "百分点")
    assert claims["2.1"].metric == "民商事案件一审服判息诉率提高"
    assert claims["2,600"].metric == claims["8,900万"].metric == "农民工追回劳动报酬"
    (count,) = extract_claims(Article("gz", "gz.txt", "共向261名见义勇为人员发放慰问金。", "2024-02-01", place="广州市"))
    assert count.metric == "见义勇为人员"  # the 为 of 见义勇为 is no verb that ends the phrase
    text = "将677名民警充实到基层。确认见义勇为人员91人，同比增长近一倍。"
    claims = {c.text: c for c in extract_claims(Article("zs", "zs.txt", text, "2024-02-01", place="中山市"))}
    assert claims["677"].metric == "民警充实到基层"  # 将 leads the object, as a verb does
    assert claims["一倍"].metric == "同比增长"  # the direction is not repeated


def test_a_change_against_a_base_year_is_of_the_clause_before() -> None:
    """共受理警情4878宗，较2012年的13748宗下降64.5%: the change is of 警情, not of 较…的…宗; a year's topic
    stops before the next figure but keeps a span of years (连续7年下降)."""
    from factcheck.extract import extract_claims
    from factcheck.models import Article

    text = "2021年全区共受理刑事治安案件类警情4878宗，较2012年的13748宗下降64.5%。2015年至2021年连续7年下降。"
    claims = {c.text: c for c in extract_claims(Article("ch", "ch.txt", text, "2022-09-26", place="从化区"))}
    assert claims["64.5%"].metric == "刑事治安案件类警情下降"
    first_year = next(c for c in extract_claims(Article("ch", "ch.txt", text, "2022-09-26", place="从化区")))
    assert (first_year.text, first_year.metric) == ("2021", "全区共受理刑事治安案件类警情")
    assert "连续7年下降" in [c.metric for c in claims.values() if c.kind == "year"]


def test_absurd_digit_runs_are_labels_not_values() -> None:
    text = "１２３４５６７８９０" * 1000 + "，共33.4万人。"
    figures = find_figures(text)
    assert figures[0].kind == "identifier" and figures[0].end == 10000
    assert figures[-1].value == Decimal(334000)


def test_fast_constructors_build_what_the_dataclass_init_builds() -> None:
    import dataclasses
    import pickle

    from factcheck.extract import extract_claims
    from factcheck.models import Article, Claim, new_claim

    assert not hasattr(Claim, "__post_init__")
    assert all(f.default_factory is dataclasses.MISSING for f in dataclasses.fields(Claim))
    values = ("c1", "a", "seeds/a.txt", 3, 7, "33.4万", Decimal("334000"), "人", "count", "lower", "广州市",
              "群防力量", "2023", "quote", "b", "a", 1, 4, "c2", "note", (("FC101", "why"),), ("metric",), "2023-11-01")
    built, reference = new_claim(*values), Claim(*values)
    assert built == reference and hash(built) == hash(reference) and repr(built) == repr(reference)
    assert pickle.loads(pickle.dumps(built)) == reference
    assert dataclasses.replace(built, metric="x") == dataclasses.replace(reference, metric="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.metric = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        new_claim(*values[:-1])  # every field is required, in order
    extracted = extract_claims(Article("a", "seeds/a.txt", "全市共有最小应急单元2.3万个。", "2023-11-01"))
    assert type(extracted[0]) is Claim and extracted[0] == Claim(*dataclasses.astuple(extracted[0]))
    # a figure (figures.Figure, a C struct when compiled) compares, hashes and prints by its fields
    one, same = (Figure(0, 5, "2015年", Decimal(2015), "年", "year", "exact", 1) for _ in range(2))
    assert one == same and hash(one) == hash(same) and one != Figure(0, 5, "2015年", Decimal(2015), "年", "year")
    assert repr(one) == "Figure(start=0, end=5, text='2015年', value=Decimal('2015'), unit='年', kind='year', " \
        "approx='exact', link=1)"
    assert one.fields() == tuple(getattr(one, name) for name in FIGURE_FIELDS)


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.sampled_from(list("全国省市区县我本委法院政府第1，") + ["检察院", "前列", "全市委"]), max_size=16))
def test_scope_words_from_the_article_scan_equal_a_scan_of_the_range(parts: list[str]) -> None:
    from factcheck import extract
    from factcheck.models import Article

    text = "".join(parts)
    ctx = extract._build_context(Article(id="a", path="a.txt", text=text), text, [])
    for lo in range(len(text) + 1):
        for hi in range(lo, len(text) + 1):
            assert extract._scope_words_between(ctx, lo, hi) == extract._scope_words(text, lo, hi)[1][::-1]




@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.sampled_from(["(", "（", ")", "）", "qū", "jí", "a", "區", "两", "\u200b", "\ufeff", "\u00ad",
                                       "\u2066", "1", " "]), max_size=12))
def test_noise_is_looked_for_only_where_it_can_start(parts: list[str]) -> None:
    from factcheck import cleanup

    text = "".join(parts)
    assert cleanup._has_noise(text) == (cleanup._NOISE.search(text) is not None)




@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(["个", "百分点", "月", "多", "年", "度", "来", "”", "\"", "’", "」", "平方", "公里", "米", "万元", "人次",
                                       "次", "1", "a", " ", "\xa0", "\u3000"] + list(lexicon.MEASURE_WORDS)), max_size=6))
def test_measure_words_are_looked_up_as_the_expression_matches_them(parts: list[str]) -> None:
    from factcheck import figures

    text = "".join(parts)
    for pos in range(len(text) + 1):
        m = figures._UNIT_RE.match(text, pos + (text[pos:pos + 1] in "”\"’」 \xa0" and pos < len(text)))
        expected = (("百分点" if m.group(0) == "个百分点" else m.group(0)), m.end()) if m else ("", pos)
        assert figures._match_unit(text, pos) == expected




@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(["一", "体", "化", "一体化", "站", "式", "统一", "三位一体", "万", "千家万户", "家", "进一步",
                                       "一个个", "个", "1"] + list(lexicon.IDIOMS)), max_size=10))
def test_idioms_are_found_as_the_longest_first_alternation_finds_them(parts: list[str]) -> None:

    from factcheck import figures

    text = "".join(parts)
    plain = re.compile("|".join(re.escape(w) for w in sorted(figures.IDIOMS, key=len, reverse=True)))
    assert [m.span() for m in figures._IDIOM_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]




@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.sampled_from(["同比", "环比", "分别", "下降", "增长", "高出", "幅度", "了", "达", "至", "1", "٣", ".", "%",
                                       "\n", "警情", "下", "降"]), max_size=10))
def test_a_change_is_stripped_as_the_expression_strips_it(parts: list[str]) -> None:
    from factcheck import extract

    text = "".join(parts)
    assert extract._strip_change(text) == extract._CHANGE_TAIL.sub("", text)


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.sampled_from(list(lexicon.APPROX_BEFORE) + ["降幅", "增幅", "达", "为", "是", "达到", "至", "的", "率",
                                       "占", "下降", "同比", "较", "1", "٣", ".", "%", "，", "警情"]), max_size=10))
def test_a_change_is_told_from_a_level_as_the_expressions_tell_it(parts: list[str]) -> None:

    from factcheck import figures

    def by_expressions(folded: str, start: int) -> bool:  # _is_change as it read before it searched from the end
        prefix = figures._APPROX_BEFORE.sub("", figures._strip_clause_prefix(folded, start, 14))
        if figures._CHANGE_END.search(prefix):
            return True
        if figures._LEVEL_END.search(prefix):
            return False
        return bool(figures._CHANGE_VERB.search(re.sub(r"[\d.%]+$", "", prefix[-8:])))

    text = "".join(parts) + "5%"
    for start in range(len(text)):
        assert figures._is_change(text, start) == by_expressions(text, start)




@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.sampled_from(["规范设置", "设置", "建成", "了", "超过", "累计", "约", "\n", "全市", "1", "置", "计"]),
                      max_size=8))
def test_a_verb_ending_a_phrase_is_found_as_the_expression_finds_it(parts: list[str]) -> None:
    from factcheck import extract

    text = "".join(parts)
    assert extract._verb_ends(text) == (extract._VERB_END.search(text) is not None)


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(st.sampled_from(["年", "度", "月", "号", " ", "\n", "至", "2023", "2023年", "的", "“", "全年", "今年", "上半年",
                                       "建成", "共", "累计", "警情", "1"]), max_size=8))
def test_a_head_is_stripped_as_the_anchored_expressions_strip_it(parts: list[str]) -> None:
    from factcheck import extract

    text = "".join(parts)
    for pattern in (extract._LEADING_TIME, extract._VERB_HEAD, extract._AFTER_LEAD, extract._DATE_WORDS_LEAD,
                    extract._RANGE_END_LEAD):
        assert pattern.pattern.startswith("^") and not pattern.match("")
        assert extract._strip_head(pattern, text) == pattern.sub("", text)


