"""What a claim is about (factcheck.about): each rule of the identity, on sentences written in the style
of real reports (none is copied from a page), and when two claims are the same fact."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from factcheck import fastpath
from factcheck.about import About, about, parse, same_fact, subject_key
from factcheck.errors import RegistryError
from factcheck.extract import extract_claims
from factcheck.models import Article, Claim
from factcheck.registry import claim_from_dict, claim_to_dict


def claims(text: str, published: str = "2024-01-20", place: str = "广州市", article: str = "a") -> list[Claim]:
    return extract_claims(Article(article, f"{article}.txt", text, published, place=place))


def one(text: str, figure: str, **kw: str) -> About:
    found = [c for c in claims(text, **kw) if c.text == figure]
    assert found, [c.text for c in claims(text, **kw)]
    return about(found[0])


def pair(first: tuple[str, str, str], second: tuple[str, str, str], place: str = "广州市") -> tuple[Claim, Claim]:
    """The claim printed as ``figure`` in each of two articles (text, published, figure)."""
    out = []
    for i, (text, published, figure) in enumerate((first, second)):
        out.append(next(c for c in claims(text, published, place, f"a{i}") if c.text == figure))
    return out[0], out[1]


# ---------------------------------------------------------------- the body speaking, with its level

@pytest.mark.parametrize(("text", "figure", "body"), [
    ("2023年，全市法院受理各类案件25.4万件。", "25.4万", "全市法院"),
    ("2023年，全省法院新收案件180万件。", "180万", "全省法院"),
    ("2023年，省法院新收案件2.9万件。", "2.9万", "省高院"),
    ("2023年，广东省高级人民法院新收案件2.9万件。", "2.9万", "省高院"),
    ("2023年，市中院受理案件2.8万件。", "2.8万", "中院"),
    ("2023年，四川省三级法院受理案件76万件。", "76万", "全省法院"),
    ("2023年，全市检察机关起诉1.2万人。", "1.2万", "全市检察"),
    ("2023年，广州市见义勇为基金会发放慰问金54万元。", "54万", "市基金会"),
    ("2023年，广州法院受理案件58万件。", "58万", "法院"),  # 广州's 州 is no level
    ("2023年，全市受理诉求15万件。", "15万", ""),
])
def test_body_and_level(text: str, figure: str, body: str) -> None:
    assert one(text, figure).body == body


def test_a_national_average_is_the_countrys_figure() -> None:
    got = one("2023年，全市群众安全感得分92.1分，高于全国平均的88.4分。", "88.4")
    assert got.doubt == "a base of comparison"  # never compared as the city's own score


# ---------------------------------------------------------------- the subject and its qualifiers

def test_a_clause_that_names_nothing_takes_the_subject_of_the_one_before() -> None:
    text = "2023年，市12345热线受理诉求15.5万件。其中，求助类诉求8.1万件，占52.4%；投诉类诉求3265件，占2.1%。"
    assert one(text, "52.4%").subject == "求助类诉求"
    assert one(text, "52.4%").measure == "share"
    assert one(text, "2.1%").subject == "投诉类诉求"


def test_respectively_gives_each_change_the_subject_of_its_count() -> None:
    text = "2023年，全市法院受理各类案件25.4万件，审结23.1万件，同比分别上升3.6%和3.1%。"
    assert one(text, "3.6%").subject == "受理各类案件"
    assert one(text, "3.1%").subject.endswith("审结")  # after the topic its list gives it
    assert one(text, "3.1%").measure == "change"


def test_the_activity_before_a_subject_is_part_of_it() -> None:
    assert subject_key(one("2023年，全省检察机关共办理各类案件38万件。", "38万").subject) == "办理案件"


def test_the_predicate_after_a_counted_noun_is_part_of_it() -> None:
    assert one("2023年，深圳法院推动14万件纠纷在立案前成功化解。", "14万").subject == "化解纠纷"


def test_the_topic_of_an_earlier_clause_qualifies_a_generic_count() -> None:
    text = "2023年，全市法院严惩毒品犯罪，审结案件647件；严惩暴力犯罪，审结案件1209件。"
    drugs, violence = one(text, "647"), one(text, "1209")
    assert drugs.subject != violence.subject
    assert "毒品犯罪" in drugs.subject and "暴力犯罪" in violence.subject


# ---------------------------------------------------------------- the measure

@pytest.mark.parametrize(("text", "figure", "measure", "doubt"), [
    ("对见义勇为人员给予奖励金5万元至20万元。", "5万", "low", "one end of a range"),
    ("对见义勇为人员给予奖励金5万元至20万元。", "20万", "high", "one end of a range"),
    ("力争2024年调解成功率保持在97%以上。", "97%", "target", "a target or rule, not a fact"),
    ("2023年，法官人均结案329件。", "329", "average", ""),
    ("2023年，全市刑事警情同比下降12.5%。", "12.5%", "change", ""),
    ("2023年，全市矛盾纠纷化解率为97.4%。", "97.4%", "rate", ""),
    ("全市行政机关负责人出庭应诉率由2019年的45.6%提升至2023年的88.1%。", "45.6%", "rate", ""),  # not a range
])
def test_measure(text: str, figure: str, measure: str, doubt: str) -> None:
    got = one(text, figure)
    assert (got.measure, got.doubt) == (measure, doubt)


def test_a_rule_is_not_a_fact() -> None:
    got = one("根据规定，对连续4年考评优秀的县（市、区）授予“平安杯”。", "4")
    assert got.doubt == "a rule, not a fact"


# ---------------------------------------------------------------- the period and its type

@pytest.mark.parametrize(("text", "published", "figure", "period", "span"), [
    ("2023年1至11月，全市受理诉求14.1万件。", "2023-12-10", "14.1万", "2023-01/2023-11", "part"),
    ("今年前三季度，全市受理诉求11.2万件。", "2023-10-20", "11.2万", "2023-01/2023-09", "part"),
    ("截至6月底，全市共有网格员1.2万名。", "2023-07-03", "1.2万", "2023-06", "todate"),
    ("五年来，全省法院共新收案件1500万件。", "2023-01-15", "1500万", "2019/2023", "multiyear"),
    ("2023年，全市刑事案件立案数为1200件，去年同期为1500件。", "2024-01-10", "1500", "2023", "prior"),
    ("全市法院受理各类案件104.1万件，比上个五年上升76.8%。", "2023-01-12", "104.1万", "2023", "multiyear"),
    ("2017年，全省法院受理案件97万件，比2016年上升7.11%。", "2018-01-20", "7.11%", "2017", "year"),
    ("全市法院受理各类案件25.4万件。", "2023-01-12", "25.4万", "2023", "unstated"),
    ("去年，全市法院受理各类案件25.4万件。", "2023-01-12", "25.4万", "2022", "year"),
    # under a heading that names a year's work, whenever the report is published
    ("2024年主要工作\n全市法院共受理各类案件69.4万件，同比上升8%。", "2025-04-18", "69.4万", "2024", "year"),
    ("一、2023年工作回顾\n过去一年，全市受理诉求15.5万件。\n全市法院审结案件3.2万件。", "2024-03-01", "3.2万", "2023",
     "year"),
    # N年来 in digits is a span; N年来首次 (the first time in N years) is said of one year's figure
    ("30年来，基金会累计资助见义勇为人员1.8万人次。", "2020-12-11", "1.8万", "1991/2020", "multiyear"),
    ("2023年，全市法院新收案件11年来首次同比回落，降幅为2.43%。", "2024-03-01", "2.43%", "2023", "year"),
    ("2019至2021年间，全市受理案件3.2万件。", "2022-01-05", "3.2万", "2019/2021", "multiyear"),
    # a report that opens with the year before its publication is on that year; a base year is no period
    ("2016年，全省法院工作取得新进展。\n全省法院受理刑事案件1.1万件，审结1.08万件。", "2017-02-22", "1.1万", "2016", "year"),
    ("2016年，全省法院受理各类案件15.9万件，是2007年的4.21倍；办结15.4万件，结案率96.61%。", "2017-02-22", "96.61%",
     "2016", "year"),
    # a title naming the year a report is given in is no such heading
    ("2025年政府工作报告\n全市受理诉求15.5万件。", "2025-02-10", "15.5万", "2025", "unstated"),
])
def test_period_and_span(text: str, published: str, figure: str, period: str, span: str) -> None:
    got = one(text, figure, published=published)
    assert (got.period, got.span) == (period, span)


# ---------------------------------------------------------------- the same fact?

def test_the_same_sentence_in_two_reports_is_certainly_the_same_fact() -> None:
    a, b = pair(("2023年，广州市见义勇为基金会向261名见义勇为人员发放慰问金54.55万元。", "2024-01-10", "54.55万"),
                ("2023年，广州市见义勇为基金会向261名见义勇为人员发放慰问金53.15万元。", "2024-02-01", "53.15万"))
    sameness = same_fact(a, b)
    assert sameness is not None and sameness.certain
    assert "发放慰问金" in sameness.reasoning()


def test_the_same_fact_in_other_words_is_the_same() -> None:
    a, b = pair(("2023年，佛山市见义勇为基金会全年向300名见义勇为人员发放慰问金60.5万元。", "2024-01-10", "60.5万"),
                ("2023年，佛山市见义勇为基金会走访慰问见义勇为人员300名，发放慰问金共计61.2万元。", "2024-01-20",
                 "61.2万"), place="佛山市")
    sameness = same_fact(a, b)  # what was given (发放慰问金), and to whom in other words
    assert sameness is not None and sameness.certain
    assert "发放慰问金" in sameness.evidence


def test_a_generic_count_without_the_topic_of_the_other_is_only_likely_the_same() -> None:
    a, b = pair(("2023年，全市法院审结案件2.1万件。", "2024-01-10", "2.1万"),
                ("2023年，全市法院严惩电信网络诈骗犯罪，审结案件3.4万件。", "2024-01-20", "3.4万"))
    sameness = same_fact(a, b)
    assert sameness is not None and not sameness.certain and "topics" in sameness.reasoning()


@pytest.mark.parametrize(("first", "second"), [
    # 受理 and 审结
    (("2023年，全市法院受理案件25.4万件。", "2024-01-10", "25.4万"), ("2023年，全市法院审结案件23.1万件。", "2024-01-12", "23.1万")),
    # 一次 and 二次
    (("2023年，全市检察机关一次退回补充侦查率为12.1%。", "2024-01-10", "12.1%"),
     ("2023年，全市检察机关二次退回补充侦查率为3.4%。", "2024-01-12", "3.4%")),
    # all the courts of the province and the provincial court
    (("2023年，全省法院受理案件185.9万件。", "2024-01-10", "185.9万"), ("2023年，省法院受理案件2.9万件。", "2024-01-12", "2.9万")),
    # the middle court and all the courts of the city
    (("2023年，市中院受理案件2.8万件。", "2024-01-10", "2.8万"), ("2023年，全市法院受理案件25.4万件。", "2024-01-12", "25.4万")),
    # part of a year and the whole year
    (("2023年1至11月，全市受理诉求14.1万件。", "2023-12-10", "14.1万"), ("2023年，全市受理诉求15.5万件。", "2024-01-12", "15.5万")),
    # a five-year total and a year
    (("五年来，全市法院受理各类案件104.1万件。", "2023-01-12", "104.1万"),
     ("2022年，全市法院受理各类案件25.4万件。", "2023-01-15", "25.4万")),
])
def test_different_facts(first: tuple[str, str, str], second: tuple[str, str, str]) -> None:
    a, b = pair(first, second)
    assert same_fact(a, b) is None


def test_one_activity_of_two_topics_in_one_report_is_two_facts() -> None:
    text = "2023年，全市法院严惩毒品犯罪，审结案件647件；严惩暴力犯罪，审结案件1209件。"
    found = {c.text: c for c in claims(text)}
    assert same_fact(found["647"], found["1209"]) is None


def test_a_stock_restated_in_one_report_is_the_same_fact() -> None:
    text = "“粤心安”服务站实现33个镇街、597个村（社区）全覆盖。全市590个村（社区）实现专职人民调解员全覆盖。"
    found = {c.text: c for c in claims(text, "2023-12-27", "东莞市")}
    sameness = same_fact(found["597"], found["590"])
    assert sameness is not None and sameness.certain


# ---------------------------------------------------------------- the registry form

def test_render_and_parse_round_trip() -> None:
    got = one("2023年，全市法院受理各类案件25.4万件。", "25.4万")
    assert parse(got.render()) == got
    assert got.render() == "广州市 · 全市法院 · 受理各类案件 · count · 2023 (year)"
    doubtful = one("对见义勇为人员给予奖励金5万元至20万元。", "5万")
    assert doubtful.render().startswith("?one end of a range: ")
    assert parse(doubtful.render()) == doubtful


def test_the_registry_records_the_identity_and_keeps_a_correction() -> None:
    claim = claims("2023年，全市法院受理各类案件25.4万件。")[-1]
    line = claim_to_dict(claim)
    assert line["about"] == about(claim).render()
    corrected = dict(line, about="广州市 · 市中院 · 受理各类案件 · count · 2023 (year)")
    read = claim_from_dict(corrected, "a", "a.txt", "2024-01-20", "claims/a.yaml", 5)
    assert about(read).body == "市中院"  # as the person wrote it
    assert "?" in read.edited  # the hash tells a person changed the line


def test_a_malformed_identity_is_a_registry_error() -> None:
    claim = claims("2023年，全市法院受理各类案件25.4万件。")[-1]
    bad = dict(claim_to_dict(claim), about="全市法院受理案件")
    with pytest.raises(RegistryError, match="'about' must read"):
        claim_from_dict(bad, "a", "a.txt", "2024-01-20", "claims/a.yaml", 5)


def test_a_correction_of_the_identity_survives_re_extraction(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    assert run_cli("init", str(root)).returncode == 0
    article = tmp_path / "gz.txt"
    article.write_text("2023年，全市法院受理各类案件25.4万件。\n", encoding="utf-8")
    assert run_cli("add", str(article), "--published", "2024-01-20", "--place", "广州市", cwd=root).returncode == 0
    path = root / "claims" / "gz.yaml"
    text = path.read_text(encoding="utf-8")
    machine = "广州市 · 全市法院 · 受理各类案件 · count · 2023 (year)"
    assert machine in text
    path.write_text(text.replace(machine, "广州市 · 市中院 · 受理各类案件 · count · 2023 (year)"), encoding="utf-8")
    assert run_cli("extract", cwd=root).returncode == 0
    kept = path.read_text(encoding="utf-8")
    assert "市中院 · 受理各类案件" in kept and '"edited": ["about"]' in kept


# ---------------------------------------------------------------- the period cues' fast path

@pytest.mark.parametrize("text", [
    "今年截至10月，全市受理诉求12万件。", "今年上半年，全市受理诉求6万件。", "2023年1至11月，受理14万件。",
    "1-11月，全市受理诉求14万件。", "一至三月，全市受理诉求3万件。", "前三季度，全市受理诉求11万件。",
    "第一季度，全市受理诉求3万件。", "前10个月，全市受理诉求12万件。", "截至6月底，全市共有网格员1.2万名。",
    "过去一年，全市受理诉求15万件。", "全年受理诉求15万件。", "去年，全市受理诉求15万件。", "近三年来，受理45万件。",
    "五年来，全市受理诉求70万件。", "三年间，全市受理诉求40万件。", "过去五年，全市受理诉求70万件。",
    "十八大以来，全市受理诉求90万件。", "近十年，全市受理诉求120万件。", "截至目前，全市共有网格员1.2万名。",
])
def test_every_period_cue_is_a_candidate_of_the_compiled_scan(text: str) -> None:
    """Compiled extraction tries the period cues only where `fastpath.scan_text` says one can start (by its first two
    characters, `lexicon.heads`): every match of the cues' expression must be such a place."""
    from factcheck import extract
    from factcheck.numbers import fold

    folded = fold(text)
    candidates = set(fastpath.scan_text(folded, extract._ROLES)[3])
    starts = [m.start() for m in extract._CUE_FIND.finditer(folded)]
    assert starts, "the expression finds the cue"
    assert set(starts) <= candidates
