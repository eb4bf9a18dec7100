"""What a claim is about: the identity of the fact a figure states.

Two figures can only contradict each other when they state the same fact. A fact is

- a **place** (the claim's entity) and the **body** speaking for it, with its level: the place as a
  whole (全市), all its courts (全市法院), one court (市中院, 省高院), its police (市公安局), a national
  average (全国平均) …;
- a **subject**: the thing counted, with the qualifiers that make it a different thing (受理 / 审结,
  一次 / 二次, 求助类, 涉黑恶);
- a **measure**: a count, an amount of money, a share of a whole, a rate, a change against a base
  period, an average, a rank, a score, one end of a range, a target;
- a **period**, with its type: a calendar year, part of a year (1-11月, 上半年), cumulative to a date
  (截至, 以来), a multi-year total (五年来, 2018/2022), the same period of the year before (去年同期), or
  not stated in the sentence (taken from the paragraph or the publication date).

`about(claim)` reads this from the claim's own fields (its sentence, the words around the figure, its
entity, metric and period), so it is a pure function of a registry line. The registry records it in
the ``about`` field (``广州市 · 全市法院 · 受理案件 · count · 2023 (year)``), where grep shows it and a
person can correct it; a corrected line is read back with `parse`. When the identity cannot be
established — the metric is a fragment (至, 占, 平均), the figure is one end of a range, a rule or a
target — the identity carries a ``doubt`` and the checks never treat the claim as the same fact as
another one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from . import dates, lexicon
from .models import Claim
from .numbers import fold

SEP = " · "
NO_BODY = "—"
UNREAD = "?"  # the body of a sentence that continues the one before it: not read, so never known to be one
CONTEXT = " › "  # between the topic a clause continues and the subject of its own: 刑事案件 › 判处罪犯


@dataclass(frozen=True)
class About:
    """The fact a figure states (see the module's docstring)."""

    place: str
    body: str  # "" when the figure speaks for the place as a whole
    subject: str
    measure: str
    period: str
    span: str  # year | part | todate | multiyear | prior | unstated | date | none
    doubt: str = ""  # why the identity is not established ("" when it is)

    @property
    def sure(self) -> bool:
        return not self.doubt

    def render(self) -> str:
        """The registry form: ``place · body · subject · measure · period (span)``, with ``?doubt: `` first
        when the identity is not established."""
        body = self.body or NO_BODY
        text = SEP.join((self.place or NO_BODY, body, self.subject or NO_BODY, self.measure,
                         f"{self.period or NO_BODY} ({self.span})"))
        return f"?{self.doubt}: {text}" if self.doubt else text

    def evidence(self) -> str:
        """What makes two claims the same fact, for a finding's reasoning."""
        parts = [self.place + (f" {self.body}" if self.body else ""), self.subject, self.measure,
                 f"{self.period} ({self.span})"]
        return SEP.join(p for p in parts if p)


_MEASURE = re.compile(r"^[a-z-]+$")
_PERIOD_SPAN = re.compile(r"^(.*) \(([a-z]+)\)$")


@lru_cache(maxsize=1 << 16)
def parse(text: str) -> About | None:
    """An identity from its registry form (`About.render`), or None when it is not of that form."""
    text = text.strip()
    doubt = ""
    if text.startswith("?"):
        doubt, colon, text = text[1:].partition(": ")
        if not colon:
            return None
    parts = text.split(SEP)
    if len(parts) != 5:
        return None
    place, body, subject, measure, timed = parts
    m = _PERIOD_SPAN.match(timed)
    if m is None or not _MEASURE.match(measure):
        return None

    def part(value: str) -> str:
        return "" if value == NO_BODY else value

    return About(place=part(place), body=part(body), subject=part(subject), measure=measure,
                 period=part(m.group(1)), span=m.group(2), doubt=doubt.strip())


def about(claim: Claim) -> About:
    """The identity of ``claim``: as a person recorded it in the registry, else read from its fields."""
    if claim.about:
        recorded = parse(claim.about)
        if recorded is not None:
            return recorded
    return derive(claim.text, claim.kind, claim.unit, claim.entity, claim.metric, claim.period, claim.quote,
                  claim.before, claim.after, dates.published(claim.published).year_text)


# ---------------------------------------------------------------- the words it reads

# What was done to what a figure counts: each a different count of the same things.
ACTIVITIES: tuple[str, ...] = (
    "受理", "审结", "办结", "结案", "新收", "执结", "审执结", "立案", "起诉", "批捕", "逮捕", "判处", "侦破", "破获",
    "抓获", "化解", "调解成功", "排查", "接报", "发放", "走访", "办理", "存案", "查处", "缴获", "打掉", "挽回",
)
# Qualifiers that make two facts of one subject: a subject naming one word of a set and another subject
# naming a different word of the same set (and not the first) count different things.
QUALIFIERS: tuple[tuple[str, ...], ...] = (
    ACTIVITIES,
    ("一次", "二次", "三次"),
    ("一审", "二审", "再审", "终审"),
    ("刑事", "民事", "行政", "民商事", "执行"),
    ("求助", "投诉", "咨询", "建议", "举报", "表扬", "意见"),
    ("涉黑", "涉恶", "黑恶"),
    ("新增", "累计", "现有"),
    ("发案", "破案"),
    ("死亡", "受伤", "事故"),
    ("男", "女"),
    ("城镇", "农村"),
)

# Bodies: an institution named before the figure, with the level its prefix gives.
_INSTITUTIONS = (
    ("法院", r"最高(?:人民)?法院|最高法|(?:高级|中级|基层)?(?:人民)?法院|高院|中院"),
    ("检察", r"最高(?:人民)?检察院|最高检|(?:人民)?检察院|检察机关|检察院"),
    ("公安", r"公安(?:机关|局|厅|部)|派出所"),
    ("司法行政", r"司法(?:局|厅|行政机关|行政部门)"),
    ("信访", r"信访(?:局|部门)"),
    ("热线", r"12345(?:政务服务便民)?热线|12345|热线"),
    ("基金会", r"(?:见义勇为)?基金会"),
    ("调解", r"(?:人民)?调解(?:委员会|组织)"),
    ("综治中心", r"综治中心"),
    ("监狱", r"监狱"),
)
_BODY = re.compile(
    r"(?P<scope>全国|全省|全市|全区|全县|全州|各级|省|市|区|县|州)?(?P<grade>各级|两级|三级|基层)?"
    r"(?P<inst>" + "|".join(f"(?P<i{n}>{body})" for n, (_, body) in enumerate(_INSTITUTIONS)) + ")"
)
_AVERAGE_SCOPE = re.compile(r"(全国|全省|全市|同类城市|省内|各地)(?:的)?平均(?:水平|值|分|得分)?(?:的|为|是)?$")
# 低于全国平均的11.21人, 高于全省的: the figure is the base a place is compared with
_COMPARED_WITH = re.compile(r"(?:低于|高于|超过|超出|优于|好于|多于|少于|快于|慢于)(?:全国|全省|全市|同期|平均|同类)")

# Period types, read from the words of the sentence before the figure.
_PRIOR = re.compile(r"(?:去年|上年|上一年)同期|同期(?:为|是|的)?$")
_PART = re.compile(
    r"(?<!\d)\d{1,2}\s*(?:-|—|－|~|～|至|到)\s*\d{1,2}月|前[一二三四五六七八九十两\d]+(?:个)?月|[上下]?半年|"
    r"[一二三四1-4]季度|前三季度|(?<!\d)\d{1,2}月(?:份|以来)?(?!底|末)|第[一二三四1-4]季度"
)
_TODATE = re.compile(r"截至|截止|以来|至今|迄今|目前|现有|已有|如今|当前|累计达|先后")
_MULTIYEAR = re.compile(
    r"[两二三四五六七八九十\d]+年(?:来|间|中|内|以来)(?!" + "|".join(lexicon.FIRST_IN_YEARS) + ")"
    r"|近[两二三四五六七八九十\d]+年|过去[两二三四五六七八九十\d]+年|"
    r"上(?:一)?个五年|五年来|十年来|这些年|多年来|十八大以来|十九大以来|二十大以来|“?[十][一二三四五]五”?(?:期间|以来|时期)"
)
_STATED_YEAR = re.compile(r"\d{4}\s*年|去年|今年|上年|本年|过去一年|一年来|年度|当年|前年")

# Measures.
_CHANGE_WORDS = re.compile("|".join(lexicon.CHANGE_VERBS))
_CHANGE = re.compile(r"(?:同比|环比|较上年|比上年|较去年|比去年)?(?:分别)?(?:" + _CHANGE_WORDS.pattern + "|"
                     + "|".join(w for w, way in lexicon.CHANGE_NOUNS.items() if way) + r"|多出|少了)(?:了|达|为|至)?$")
_SHARE = re.compile(r"占(?:全[国省市区县])?(?:[^，,；;。占]{0,12}?)(?:的)?(?:比[例重]|总[数量额])?(?:为|达|约|近|超)?$")
_AVERAGE = re.compile(r"(?:平均|人均|均值|场均|日均|户均|年均)[^，,；;。]{0,6}$")
_PER_PERIOD = re.compile(r"每天|每日|每周|每月|每年|每季度|每小时")  # 每天…提供两千多份: a rate, not a total
# 奖励金5万元至20万元: the two ends of one range (not 由45.6%提升至88.1%, a change from one value to another)
_RANGE_AFTER = re.compile(r"^(?:[^\d，,；;。升降增减提涨跌达变]{0,3}?)(?:至|到|-|—|－|~|～)\s*(?:\d|[一二三四五六七八九十两百千万])")
_RANGE_BEFORE = re.compile(r"(?:\d|[一二三四五六七八九十两百千万])[^\d，,；;。升降增减提涨跌达变]{0,3}(?:至|到|-|—|－|~|～)\s*$")
_TARGET = re.compile(r"力争|争取|目标|确保|计划|预计|将达到|将达|不低于|不少于|不超过|要求|必须|应当|原则上")
# 对连续4年考评优秀的县授予…: a streak in the condition of a rule
_RULE_BEFORE = re.compile(r"(?:对|凡|给予|授予|奖励|表彰)[^，,；;。]{0,12}$")
_RULE_AFTER = re.compile(r"^[^，,；;。]{0,16}的(?:县|市|区|单位|地区|集体|个人|镇|街道|乡)")
_LIST_ITEM = re.compile(r"(?P<item>[^\d、，,；;：:（()）\s“”]{2,12})\s*[（(]\s*$")

# The approximation words (lexicon), longest first, as alternatives.
_APPROX_WORDS = lexicon.alternation((*lexicon.APPROX_BEFORE, *lexicon.APPROX_AFTER))
# Words that carry no subject on their own: a metric made only of them is a fragment.
_FUNCTION_WORDS = re.compile(
    r"^(?:至|到|占|为|是|达|达到|" + _APPROX_WORDS + "|共|共计|累计|合计|总计|分别|同比|环比|平均|人均|均|分|其中|另|"
    r"去年同期|同期|去年|今年|全年|上年|比|较|从|由|" + "|".join(lexicon.CHANGE_VERBS) + "|居|居第|位居|排名|名列|"
    r"第|列|位|和|及|与|、|的|了|在|有|向|对|将|被|把|给|以|并|又|再|还|也|就|即|则|"
    r"人次|件|起|个|名|人|万|亿|元|次|项|家|宗|年|月|日|号|时|天|后|前|以后|以前|之后|之前)*$"
)
_DIGITS = re.compile(r"\d")
_CLAUSE_BREAKS = "，,；;。！？!?：:\n"


def _figure_at(quote: str, text: str, before: str) -> int:
    """Where the figure stands in its (squeezed) sentence: after the longest tail of ``before`` found."""
    for keep in range(min(len(before), 6), 0, -1):
        tail = before[-keep:]
        if tail.strip() != tail:
            continue
        i = quote.find(tail + text)
        if i >= 0:
            return i + keep
    return quote.find(text)


_LAST_BREAK = re.compile("[" + re.escape(_CLAUSE_BREAKS) + "][^" + re.escape(_CLAUSE_BREAKS) + "]*$")


def _last_break(text: str) -> int:
    """Where the last clause break of ``text`` is, or -1."""
    m = _LAST_BREAK.search(text)
    return m.start() if m else -1


def _clause(prefix: str) -> str:
    """The clause before the figure: from the last clause break."""
    cut = _last_break(prefix)
    return prefix[cut + 1:]


def _previous_clause(prefix: str) -> str:
    """The clause before the figure's clause, its figures and what follows them dropped."""
    cut = _last_break(prefix)
    if cut < 0:
        return ""
    head = prefix[:cut]
    start = _last_break(head)
    clause = head[start + 1:]
    m = re.search(r"\d", clause)
    return clause[:m.start()] if m else clause


_INSTITUTION_STRIP = re.compile(
    r"(?:全国|全省|全市|全区|全县|各级|两级|三级|省|市|区|县)?(?:" + "|".join(b for _, b in _INSTITUTIONS) + ")"
)
_SUBJECT_LEAD = re.compile(
    r"^(?:其中|此外|另外|同时|全年|去年|今年|当年|共|累计|共计|总计|合计|全市|全省|全区|全县|全国|各级|各类|"
    r"依法|已|新|先后|还|并|均|为|有|共有|现有|已有|\d{4}年(?:度)?|年)+"
)
_SUBJECT_TAIL = re.compile(
    r"(?:共|累计|共计|总计|合计|达到|达|为|是|" + lexicon.alternation(lexicon.APPROX_BEFORE)
    + r"|计|有|同比|环比|分别|已|均|实现|保持|的|了|仅|仅为|高达|突破|增至|降至|提升至|上升至|至)+$"
)


UNCOMPARED = frozenset({"year", "date", "identifier", "ordinal"})  # kinds no check compares as values

# The figures of a sentence share its quote: folded once for all of them.
_fold_quote = lru_cache(maxsize=1 << 10)(fold)


@lru_cache(maxsize=1 << 16)
def derive(text: str, kind: str, unit: str, entity: str, metric: str, period: str, quote: str, before: str,
           after: str, published_year: str = "") -> About:
    """The identity of a figure, read from the words around it (see the module's docstring)."""
    if kind in UNCOMPARED:  # years, dates, labels and ordinals are never values of a fact: named only
        return About(place=entity, body="", subject=_clean(fold(metric), entity), measure=kind, period=period,
                     span=kind if kind in ("year", "date") else "none")
    at = _figure_at(quote, text, before)
    folded = _fold_quote(quote)  # one code point for one: the folded quote's slices are the quote's
    prefix = folded[:at] if at >= 0 else fold(before)
    suffix = folded[at + len(text):] if at >= 0 else fold(after)
    clause = _clause(prefix)
    place = entity
    doubt = ""

    # the body speaking: the last institution named before the figure in its sentence; a sentence that
    # begins with what was done (审结3.5万件，同比上升7.7%) continues the one before, whose body is not read
    body = ""
    for m in _BODY.finditer(prefix):
        body = _body_name(m, prefix[m.start() - 1:m.start()] if m.start() else "")
    if not body and _SUBJECTLESS.match(folded):
        body = UNREAD

    # the measure
    measure = _measure(kind, unit, text, clause, suffix, metric)
    if measure in ("count", "amount") and _PER_PERIOD.search(prefix):
        measure = "average"
    avg = _AVERAGE_SCOPE.search(clause)
    if measure in ("average", "score", "rate", "percent") and avg is not None and avg.group(1) == "全国":
        place, body = "全国", "全国平均"
        measure = "average"

    # the period's type
    span = _span(kind, period, prefix, clause, published_year, suffix)

    # the subject
    subject = _subject(metric, clause, prefix, body, entity)
    context = _topic(prefix, metric, suffix, entity)
    if not subject or (_FUNCTION_WORDS.match(subject) and not share_of_clause(clause)):
        noun = _noun_after(suffix, unit)
        if noun:  # 市法院78个集体和个人: the metric named the body; the thing counted follows the figure
            subject = noun
        elif not subject and _INSTITUTION_STRIP.fullmatch(_SUBJECT_LEAD.sub("", fold(metric))):
            # 公安机关24条、检察机关25条: a list of bodies, each figure counting what its body did
            subject = _SUBJECT_LEAD.sub("", fold(metric))
    after = _predicate_after(metric, suffix)
    if after and subject and after not in subject:
        subject = after + subject  # 149120件纠纷在立案前成功化解: 化解纠纷
    inner = _INNER_ACTIVITY.search(subject)
    if inner is not None and inner.start() >= 2:
        # 见义勇为人员发放慰问金: what was given (发放慰问金) is the subject, to whom is its topic
        context = context or subject[:inner.start()]
        subject = subject[inner.start():]
    share, share_topic = _respectively(prefix, suffix, entity)
    if share:  # the change (or rate) of one of the figures before: their subject, and their topic
        subject, context = share, share_topic
        if unit == "%" and _CHANGE_WORDS.search(clause):
            measure = "change"
    if context and subject and context != subject:
        subject = f"{context}{CONTEXT}{subject}"
    item = _LIST_ITEM.search(prefix)
    if item is not None:  # 甲市(91.2分)、乙市(90.8分): the figure belongs to the item it follows
        subject = f"{item.group('item')}{SEP.strip()}{subject}" if subject else item.group("item")

    base = _BASE_YEAR.search(folded)
    if measure in ("low", "high"):
        doubt = "one end of a range"
    elif base is not None and _YEAR.match(period) and int(period) != int(base.group(1)) + 1 \
            and span in ("year", "unstated") and period not in folded:
        # 比2017年分别增长7.6%: the sentence is about 2018, whatever year the page was dated
        doubt = f"its year ({period}) does not follow the base year it compares with ({base.group(1)})"
    elif _COMPARED_WITH.search(clause):
        doubt = "a base of comparison"
    elif _UNFINISHED.search(quote):
        doubt = "the sentence is cut by a line break before it says what it counts"
    elif len(quote.strip()) <= SHORT_LINE and not _SENTENCE_END.search(quote):
        doubt = "a short line, not a sentence (a list, a label, a page's chrome)"  # 跟贴 31, 21小时前
    elif not _SENTENCE_END.search(quote) and _CHROME.search(folded):
        doubt = "a page's chrome (comments, shares, time stamps), not a sentence"
    elif at > 0 and (_CODE_BEFORE.search(folded, 0, at) or _CLOCK.match(suffix) or _CLOCK_BEFORE.search(prefix)):
        doubt = "part of a code, an address or a time of day"  # guan_1551376…, 12:04
    elif unit == "岁":
        doubt = "an age, of a person"
    elif kind == "rank" and re.match(r"^\s*(?:版|期|条|款|章|节|届|批|季)", suffix):
        doubt = "a label, not a measure"
    elif measure == "target":
        doubt = "a target or rule, not a fact"
    elif kind == "streak" and _RULE_BEFORE.search(clause) and _RULE_AFTER.match(suffix):
        doubt = "a rule, not a fact"
    elif not subject:
        doubt = "no subject"
    elif _DIGITS.search(subject):
        doubt = "subject cut at another figure"
    elif _FUNCTION_WORDS.match(subject):
        doubt = f"fragment {subject}"
    return About(place=place, body=body, subject=subject, measure=measure, period=period, span=span, doubt=doubt)


def _body_name(m: re.Match[str], before: str) -> str:
    """A canonical name of an institution mention: its family, with the level its words give. A one-
    character scope after a name (广州市检察院) is the level of that place's own institution; the 州 of
    广州 is no level at all."""
    family = next(_INSTITUTIONS[n][0] for n in range(len(_INSTITUTIONS)) if m.group(f"i{n}"))
    inst = m.group("inst")
    scope = m.group("scope") or ""
    grade = m.group("grade") or ""
    if len(scope) == 1 and before and "\u4e00" <= before <= "\u9fff" and before not in "本我该各全":
        scope = scope if scope in "省市区县" else ""
    if inst.startswith("最高"):
        return f"最高{family}"  # the supreme court or procuratorate: one body, not the courts of the country
    if family == "法院":
        if "高级" in inst or inst == "高院":
            return "省高院"
        if "中级" in inst or inst == "中院":
            return "中院"
        if grade in ("各级", "两级", "三级") and len(scope) == 1 and scope != "各":
            return f"全{scope}法院"  # 四川省三级法院: every court of the province
        if scope.startswith("全") or grade in ("各级", "两级", "三级") or scope == "各级":
            return f"{scope or '各级'}法院"
        if scope in ("省",):
            return "省高院"
        if scope in ("市", "州"):
            return "中院"
        return f"{scope}法院" if scope else "法院"
    if scope.startswith("全") or grade or scope == "各级":
        return f"{scope}{family}"
    return f"{scope}{family}" if scope else family


def _measure(kind: str, unit: str, text: str, clause: str, suffix: str, metric: str) -> str:
    if kind in ("streak", "times", "ordinal", "year", "date", "identifier"):
        return kind
    if _TARGET.search(clause):
        return "target"
    if _RANGE_AFTER.match(suffix):
        return "low"
    if _RANGE_BEFORE.search(clause):
        return "high"
    if kind == "rank":
        return "rank"
    if kind == "change" or (unit == "%" and _CHANGE.search(clause)):
        return "change"
    if kind in ("count", "money") and _CHANGE.search(clause):
        return "change"
    if unit == "%" or kind == "percent":
        if _SHARE.search(clause):
            return "share"
        if metric.endswith("率") or "率" in clause:
            return "rate"
        return "percent"
    if _AVERAGE.search(clause):
        return "average"
    if unit == "分":
        return "score"
    if kind == "money":
        return "amount"
    return kind


_YEAR = re.compile(r"^\d{4}$")
_BASE_YEAR = re.compile(r"(?:比|较|与|相比)(\d{4})年(?!\d{1,2}月)(?!的)")
_MONTH_SPAN = re.compile(r"^\d{4}-\d{2}/\d{4}-\d{2}$")
_YEARS = re.compile(r"^(\d{4})/(\d{4})$")


# 分别比上个五年上升76.8%: figures compared with the five years before are five-year totals
_MULTIYEAR_BASE = re.compile(r"(?:比|较|相比|与)(?:上|前)一?个?五年|比前五年|较前五年")


def _span(kind: str, period: str, prefix: str, clause: str, published_year: str, suffix: str = "") -> str:
    """The period's type: read from the form extraction gave the period (2023, 2023-01/2023-11,
    2019/2023, 2012/2024-02-01, 2024-06), then from the words of the sentence, which can only narrow it."""
    if not period:
        return "none"
    if kind in ("date", "year"):
        return kind
    if _PRIOR.search(clause) or _PRIOR.search(prefix[-12:]):
        return "prior"
    if _MONTH_SPAN.match(period):
        return "part"
    m = _YEARS.match(period)
    if m:
        return "year" if m.group(1) == m.group(2) else "multiyear"
    if "/" in period:
        return "todate"  # 2012/2024-02-01: since a year, to the date of the report
    if not _YEAR.match(period):
        return "todate"  # 2024-06, 2024-02-01: cumulative to a month or a day (截至, 目前)
    if _MULTIYEAR_BASE.search(suffix):
        return "multiyear"
    # the time words nearest before the figure decide (五年来，…2024年…满意度99.78%: the year)
    nearest, span = -1, ""
    for pattern, name in ((_MULTIYEAR, "multiyear"), (_PART, "part"), (_TODATE, "todate"), (_STATED_YEAR, "year")):
        for m in pattern.finditer(prefix):
            if m.start() > nearest or (m.start() == nearest and name != "year"):
                nearest, span = m.start(), name
    if span and span != "year":
        return span
    if span == "year" or (published_year and period != published_year):
        return "year"  # stated in the sentence, or in its paragraph (a year other than the publication's)
    return "unstated"


def _subject(metric: str, clause: str, prefix: str, body: str, entity: str) -> str:
    """The thing counted: the metric without institution, place and function words; for a clause that
    names nothing (占52.4%, 平均78.2分), the subject of the clause before it."""
    subject = _clean(fold(metric), entity)
    if (not subject or _FUNCTION_WORDS.match(subject)) and _FUNCTION_WORDS.match(_clean(clause, entity) or ""):
        previous = _clean(_previous_clause(prefix), entity)
        if previous and not _FUNCTION_WORDS.match(previous):
            return previous
    own = fold(metric)
    verb = _right_before(_VERB_BEFORE, own, clause)
    if verb is not None and subject and not subject.startswith(verb.group(1)):
        subject = verb.group(1) + subject
    found = _right_before(_QUALIFIER_BEFORE, own, clause) or _right_before(_QUALIFIER_BEFORE, subject, clause)
    qualifier = found.group(0) if found else ""
    if qualifier and subject and not subject.startswith(qualifier):
        subject = qualifier + subject  # 一次退回补充侦查率: the 一次 the figure scan read as a number  # 办理各类案件385135件: what is counted is 办理案件, not 案件
    return subject


def _right_before(pattern: re.Pattern[str], own: str, clause: str) -> re.Match[str] | None:
    """``pattern`` ending right before a figure's metric ``own`` in its clause: words extraction leaves out
    of the metric that still say what is counted — an activity (共办理各类案件: 办理; 办理 and 受理 cases
    are two counts, `_VERB_BEFORE`) or qualifiers (一次, 二审, 刑事, whose 一 was read as a figure,
    `_QUALIFIER_BEFORE`)."""
    at = clause.rfind(own) if own else -1
    return pattern.search(clause, 0, at) if at > 0 else None


_QUALIFIER_BEFORE = re.compile("(?:" + "|".join(sorted({w for words in QUALIFIERS[1:] for w in words}, key=len,
                                                          reverse=True)) + ")+$")
_VERB_BEFORE = re.compile("(" + lexicon.alternation(ACTIVITIES) + r")(?:了)?(?:各类|各种|各项|涉)?$")


_CHROME = re.compile(r"举报|分享|回复|跟贴|跟帖|点赞|收藏|转发|[顶踩赞]\s*\d|\d\s*[顶踩赞]|小时前|分钟前|秒前|\d天前|"
                     r"\d\s*(?:评论|阅读|浏览)|(?:评论|阅读|浏览)\s*\d|⋅")
_CODE_BEFORE = re.compile(r"[A-Za-z_/=&#]$")  # guan_15513761791605, /content_5287353, id=3
_CLOCK = re.compile(r"^\s*[:：]\d{2}")  # 12:04
_CLOCK_BEFORE = re.compile(r"\d{1,2}\s*[:：]\s*$")
SHORT_LINE = 12  # characters of a line without a sentence's ending that cannot state a fact
_SENTENCE_END = re.compile(r"[。！？!?；;…]")
# a line that stops on a verb or a linking word (8名个人和2个群体获⏎“全国见义勇为英雄”称号): the rest is lost
_UNFINISHED = re.compile(r"\d[^，,；;。！？!?\n]{0,6}[获为被向对和与及是的将在]$")
_INNER_ACTIVITY = re.compile("(?:" + lexicon.alternation(ACTIVITIES) + r")[^" +
                             "".join(sorted({w[0] for w in ACTIVITIES})) + r"]{2,}$")
_SUBJECTLESS = re.compile(r"^(?:共|另|并|还|同时|此外|全年)?(?:" + "|".join(ACTIVITIES) + ")")
_FIGURE_RUN = re.compile(r"\d[\d.,]*%?(?:[万亿千百余多]+)?[^\s，,；;。、：:]?")
TOPIC_ALIKE = 70  # rapidfuzz ratio of two topics that name the same thing in other words
TOPIC_UNLIKE = 40  # … below which two articles' topics name different things
MIN_HEAD = 3  # the shortest subject another may end in and count a kind of (案件 is too general)
GENERIC = 3  # a subject this short (案件, 纠纷) counts what its sentence's topic says, not a thing of its own
TOPIC_SAME = 90  # … below which two sentences of one article are about different things
TOPIC_REACH = 24
MIN_TOPIC = 4  # characters a topic needs to say what a figure is of
# who said it (省政法委副书记顾俊介绍, 据统计, 记者从…获悉) is not what the figure is of
_ATTRIBUTION = re.compile(r"^.*?(?:" + "|".join(lexicon.REPORTING_WORDS) + r")(?:[，,:：])?")  # characters of the earlier clauses kept as a figure's topic


def _topic(prefix: str, metric: str, suffix: str, entity: str) -> str:
    """What the sentence says the figure is of, besides its own subject: 严惩毒品犯罪，审结647件 is a
    count of drug cases, 严惩暴力犯罪，审结1209件 one of violent crimes; 通过专案侦查…缴获毒品 a part of
    all the drugs seized. Empty when the figure names its own thing after it (590个村): such a count does
    not depend on what the sentence is about."""
    own = fold(metric)
    if own and own in suffix[:len(own) + 4]:
        return ""
    at = prefix.rfind(own) if own else -1
    if at > 0:
        verb = _VERB_BEFORE.search(prefix, 0, at)
        if verb is not None:
            at = verb.start()
    if at < 0:
        at = _last_break(prefix)
    if at <= 0:
        return ""
    # a clause a semicolon closed (…；结案12778件；法官人均收案159件) gave its own figures their topic
    earlier = _ATTRIBUTION.sub("", _FIGURE_RUN.sub("", prefix[_clause_of_semicolons(prefix, at):at]))
    earlier = _INSTITUTION_STRIP.sub("", _PUNCTUATION.sub("", earlier))
    if entity:
        for name in sorted({entity, entity.rstrip("市区县省"), entity[:2]}, key=len, reverse=True):
            if len(name) >= 2:
                earlier = earlier.replace(name, "")
    earlier = _clean(_TOPIC_NOISE.sub("", earlier)[-TOPIC_REACH:], entity)
    # a word or two (建设, 组建) is how the clause begins, not what it is about
    return "" if len(earlier) < MIN_TOPIC or _FUNCTION_WORDS.match(earlier) else earlier


# Words that say when, or join, not what: dropped from a topic wherever they are.
_TOPIC_NOISE = re.compile(
    r"过去一年|一年来|去年|今年|全年|当年|上年|本年|同期|目前|截至|截止|如今|至今|以来|年度|年|月|日|"
    r"全国|全省|全市|全区|全县|我省|我市|我区|本市|其中|此外|同时|另外|各类|各种|各项|各级|累计|共计|"
    r"^[共向对为在将把被从由和及与并均都也还又再所其该等]+|[的了等]+$"
)


_NOUN_AFTER = re.compile(r"^[^，,；;。、：:\d（(“”\s]{2,10}")
_NOUN_STOP = re.compile(r"(?:获得|获|实现|完成|受到|被|在|的|已|均|共|达|是|为).*$")


def share_of_clause(clause: str) -> bool:
    """占52.4%: the clause names only the share (its subject is the clause before it)."""
    return bool(_SHARE.search(clause))


def _noun_after(suffix: str, unit: str) -> str:
    """The thing a figure counts when it is named after the figure and its unit (78个集体和个人获得…)."""
    rest = suffix[len(unit):] if unit and suffix.startswith(unit) else suffix
    m = _NOUN_AFTER.match(rest)
    if m is None:
        return ""
    noun = _NOUN_STOP.sub("", m.group(0))
    return noun if len(noun) >= 2 and not _FUNCTION_WORDS.match(noun) else ""


def _predicate_after(metric: str, suffix: str) -> str:
    """For a thing named after its figure and then what was done to it (149120件纠纷在立案前成功化解), the
    activity (化解): it qualifies what the figure counts as a verb before the noun would."""
    own = fold(metric)
    if not own:
        return ""
    at = suffix.find(own, 0, len(own) + 4)
    if at < 0:
        return ""
    rest = re.split(r"[，,；;。、]", suffix[at + len(own):], maxsplit=1)[0]
    found = [(rest.rfind(word) + len(word), word) for word in ACTIVITIES if word in rest]
    return max(found)[1] if found else ""  # the last: the predicate (在立案前成功化解: 化解)


_PUNCTUATION = re.compile(r"[“”\"'‘’「」\s·()（）【】，,；;。：:、！？!?]")
_SEGMENT_BREAKS = re.compile(r"[，,；;、]")
_FIGURE = re.compile(r"\d[\d.,]*|[〇零一二三四五六七八九十百千万亿两]+(?=[万亿]?[件人起宗个名%])")


def _respectively(prefix: str, suffix: str, entity: str) -> tuple[str, str]:
    """受理案件25.4万件，办结23.1万件，同比分别上升3.6%和3.1%: the figures after 分别 belong, in order, to
    the subjects of the figures before (3.1% is the change of 办结). The subject of the figure and its topic,
    or two empty strings."""
    clause = _clause(prefix)
    at = clause.find("分别")
    if at < 0:
        return "", ""
    before_us = len(_FIGURE.findall(clause[at + 2:]))
    rest = re.split(r"[，,；;。]", suffix, maxsplit=1)[0]
    after_us = len(_FIGURE.findall(rest))
    listed = before_us + 1 + after_us
    cut = len(prefix) - len(clause) - 1
    segments = [seg for seg in _SEGMENT_BREAKS.split(prefix[:max(cut, 0)]) if _DIGITS.search(seg)]
    if len(segments) < listed or listed < 2:
        return "", ""
    target = segments[len(segments) - listed + before_us]
    figures = list(_FIGURE_RUN.finditer(target))
    own = target[:figures[-1].start()] if figures else target
    subject = _clean(own, entity)
    if not subject or _FUNCTION_WORDS.match(subject):
        return "", ""
    head = prefix[:prefix.rfind(target)] + own
    return subject, _topic(head, own, "", entity)


def _clean(phrase: str, entity: str) -> str:
    phrase = re.sub(r"[“”\"'‘’「」\s·()（）、，,]", "", phrase)
    phrase = _INSTITUTION_STRIP.sub("", phrase)
    if entity:
        for name in sorted({entity, entity.rstrip("市区县省"), entity[:2]}, key=len, reverse=True):
            if len(name) >= 2 and phrase.startswith(name):
                phrase = phrase[len(name):]
    phrase = _SUBJECT_LEAD.sub("", phrase)
    phrase = _SUBJECT_TAIL.sub("", phrase)
    return phrase


# ---------------------------------------------------------------- the same fact?

_SUBJECT_NOISE = re.compile(r"[“”\"'‘’「」\s·()（）、，,的]|各类|各种|各项")


STOCK_SPANS = frozenset({"year", "unstated", "todate", "multiyear"})  # a total at the end of each may be compared


@dataclass(frozen=True)
class Sameness:
    """Why two claims state the same fact, and how sure that is."""

    certain: bool
    evidence: str  # the shared identity: 广州市 · 发放慰问金 · amount · 2023 (year)
    doubts: tuple[str, ...] = ()  # what keeps it from being certain

    def reasoning(self) -> str:
        head = ("same fact: " if self.certain else "likely the same fact: ") + self.evidence
        return head + ("" if self.certain else "; not certain: " + "; ".join(self.doubts))


def subject_key(subject: str) -> str:
    return _SUBJECT_NOISE.sub("", subject)


def _qualifier_clash(a: str, b: str) -> str | None:
    for words in QUALIFIERS:
        in_a = {w for w in words if w in a}
        in_b = {w for w in words if w in b}
        if in_a and in_b and not (in_a & in_b):
            return f"{'/'.join(sorted(in_a))} vs {'/'.join(sorted(in_b))}"
    return None


def _bodies(x: str, y: str) -> str | None:
    """None when the bodies are one (or one is not named), else a doubt, or "differ"."""
    if not x or not y or x == y:
        return None
    families = {name for name, _ in _INSTITUTIONS}
    fx = next((f for f in families if f in x or (f == "法院" and x in ("中院", "省高院"))), x)
    fy = next((f for f in families if f in y or (f == "法院" and y in ("中院", "省高院"))), y)
    if fx != fy:
        return "differ"
    if x == fx or y == fy:
        # 广州法院 against 全市法院: a name without a level means all of its kind in the place (not one court)
        other = y if x == fx else x
        return None if other == fx or other.startswith(("全", "各级")) else "differ"
    return "differ"


def _prints_year(claim: Claim) -> bool:
    """Whether the claim's sentence prints the first year of its period (2023年…), not a relative word."""
    return bool(claim.period[:4]) and claim.period[:4] in claim.quote


SUBJECT_ALIKE = 85  # rapidfuzz ratio of two subjects worded alike (四级公共法律服务实体平台 / 公共法律服务实体平台)


_ACTIVITY_WORDS = re.compile(lexicon.alternation(ACTIVITIES))


def generic(subject: str) -> bool:
    """A subject that says little without its sentence's topic: a short noun, or an activity of one
    (案件, 审结案件, 抓获人员): 审结案件 of drug crimes and of fraud are two counts."""
    return len(_ACTIVITY_WORDS.sub("", subject_key(subject))) <= GENERIC - 1 or len(subject_key(subject)) <= GENERIC


def alike_subjects(x: str, y: str) -> bool:
    """Two subjects that may name one thing: one inside the other (of three characters or more), or
    worded alike."""
    if min(len(x), len(y)) >= 3 and (x in y or y in x):
        return True
    return fuzz.ratio(x, y) >= SUBJECT_ALIKE


SAME_WORDS = 90  # rapidfuzz ratio of two sentences, figures blanked, that print one statement


def blanked(claim: Claim) -> str:
    """The claim's sentence as printed, its own figure blanked out: the clauses a semicolon joins to the
    figure's own are left out (the quote holds them for the body they name), so that a sentence is
    compared with another by the words of its own statement."""
    quote = claim.quote
    if "；" not in quote and ";" not in quote:
        return quote.replace(claim.text, "#", 1)
    at = _figure_at(quote, claim.text, claim.before)
    if at < 0:
        return quote.replace(claim.text, "#", 1)
    end = at + len(claim.text)
    ends = [i for i in (quote.find("；", end), quote.find(";", end)) if i >= 0]
    hi = min(ends) + 1 if ends else len(quote)
    return quote[_clause_of_semicolons(quote, at):at] + "#" + quote[end:hi]


def _clause_of_semicolons(text: str, at: int) -> int:
    """Where the part of ``text`` holding ``at`` starts, the parts being what semicolons separate."""
    return max(text.rfind("；", 0, at), text.rfind(";", 0, at)) + 1


@lru_cache(maxsize=1 << 15)
def fold_sentence(sentence: str) -> str:
    """A sentence folded and without whitespace (once however many figures, reprints and blocks ask)."""
    folded = fold(sentence)
    return "".join(folded.split()) if " " in folded or "\u3000" in folded or "\t" in folded else folded


def masked(claim: Claim) -> str:
    """The claim's sentence with its own figure blanked out, for spotting a restated sentence; folded
    (traditional → simplified, full-width → ASCII) and without spaces, so that a reprint in the other
    script, or a mirror that spaces its figures out (25.4 万件), still matches."""
    return fold_sentence(blanked(claim))


def same_words(a: Claim, b: Claim) -> bool:
    """Whether two claims are printed in one sentence (apart from the figure): one statement restated."""
    wa, wb = masked(a), masked(b)
    if abs(len(wa) - len(wb)) * 100 > (100 - SAME_WORDS) * (len(wa) + len(wb)):
        return False  # lengths this far apart cannot reach the ratio (see checks.values.could_reach)
    return fuzz.ratio(wa, wb, score_cutoff=SAME_WORDS) > 0


def body_total(a: Claim, b: Claim) -> bool:
    """Whether two figures are one named body's total of one activity, said without a topic (全省法院受理
    案件, 陕西法院共受理案件): the count a report gives for the whole body, which two reports word as they
    like. An activity count needs alike sentences to be compared (审结案件 of one kind of case and of
    another); this one does not."""
    x, y = about(a), about(b)
    return bool(x.body) and bool(y.body) and UNREAD not in (x.body, y.body) and _bodies(x.body, y.body) is None \
        and x.subject == y.subject and CONTEXT not in x.subject


def bodies_differ(x: str, y: str) -> bool:
    """Whether two bodies are certainly not one (全省法院 and 省高院; a body against none is not known)."""
    return _bodies(x, y) == "differ"


def qualifiers_clash(x: str, y: str) -> bool:
    """Whether two subjects name different qualifiers of one set (受理 and 审结, 一次 and 二次)."""
    return _qualifier_clash(subject_key(x), subject_key(y)) is not None


def same_fact(a: Claim, b: Claim, similar: bool = True, *, place: bool = True, period: bool = True,
              narrower: bool = False) -> Sameness | None:
    """Whether two claims state the same fact: certainly (every part of their identity is one), likely
    (``similar`` metrics, a period not stated in a sentence, an unqualified body), or not (None: a part
    differs, or an identity is not established). With ``place`` or ``period`` false, that part is left
    out: the same measure of a district and of its city, or of one place in two years. With ``narrower``,
    ``a`` may count a kind of what ``b`` counts (街坊最小应急单元 of 最小应急单元: its subject ends in
    ``b``'s), which is as certain when ``a`` must not exceed ``b``."""
    x, y = about(a), about(b)
    if x.doubt or y.doubt:
        return None
    if x.measure != y.measure or (period and x.period != y.period) or (place and x.place != y.place):
        return None
    doubts: list[str] = []
    if not period:
        pass
    elif x.span != y.span:
        if {x.span, y.span} != {"year", "unstated"}:
            return None
        doubts.append("the year is not stated in one of the sentences")
    elif x.span == "unstated" and a.article != b.article and not (
            dates.published(a.published).year == dates.published(b.published).year and same_words(a, b)):
        # (the same sentence in two reports of one year is of one period, stated or not)
        doubts.append("neither sentence states its year")
    elif x.span == "year" and a.article != b.article and not (_prints_year(a) and _prints_year(b)) \
            and dates.published(a.published).year != dates.published(b.published).year:
        doubts.append("the year is read from 去年/今年 or the paragraph, in reports published in different years")
    one_article = a.article == b.article
    if one_article and x.measure == "rank":
        return None  # 第一…第二… in one report are the places of a list, not two ranks of one thing
    if not period and x.span != y.span and not {x.span, y.span} <= STOCK_SPANS:
        return None  # a year's total and a five-year total, or a part of a year
    if not place and x.body != y.body:
        return None  # 全市法院 of the city and 区法院 of its district are not a whole and its part
    if UNREAD in (x.body, y.body) and x.body != y.body:
        if x.body and y.body:
            return None  # one sentence names a body, the other continues a sentence whose body is not read
        doubts.append("a sentence continues the one before it, whose body is not read")
    elif bool(x.body) != bool(y.body):
        if one_article:
            return None  # an article names the body of one of two figures: two bodies' facts
        doubts.append(f"the body ({x.body or y.body}) is named in one sentence only")
    bodies = _bodies(x.body, y.body)
    if bodies == "differ":
        return None
    if bodies:
        doubts.append(f"bodies {bodies}")
    cx, _, subject_x = x.subject.rpartition(CONTEXT)
    cy, _, subject_y = y.subject.rpartition(CONTEXT)
    named = x.measure in ("rate", "share", "average", "score", "percent")
    if cx != cy and not (named and not one_article):  # a named rate (调解成功率) needs no topic across reports
        alike = fuzz.ratio(cx, cy) if cx and cy else 0
        if one_article and alike < TOPIC_SAME:
            return None  # the same activity of two topics (审结 drug cases, 审结 violent crimes)
        if cx and cy and alike < TOPIC_UNLIKE:
            return None
        if (cx and cy and alike < TOPIC_ALIKE) or (not (cx and cy) and generic(subject_x)):
            # one report says of what a generic count (案件) is, the other does not: a guess
            doubts.append(f"topics {cx or '(none)'} and {cy or '(none)'}")
    sx, sy = subject_key(subject_x), subject_key(subject_y)
    clash = _qualifier_clash(subject_key(x.subject), subject_key(y.subject))
    if clash is not None:
        return None
    if sx != sy and not (narrower and len(sy) >= MIN_HEAD and sx.endswith(sy)):
        if not similar or not alike_subjects(sx, sy):
            return None
        doubts.append(f"subjects worded {subject_x} and {subject_y}")
    if len(doubts) > 1:
        return None  # two uncertainties make a guess, not evidence
    evidence = x.evidence() if len(x.subject) <= len(y.subject) else y.evidence()
    return Sameness(certain=not doubts, evidence=evidence, doubts=tuple(doubts))
