"""Article → claims: each figure with what it is about (entity, metric, period) and its sentence.

`extract_claims` is a pure function of one article (text + metadata): the same input always gives
the same claims, so extraction can run in any process or on any machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal
from typing import Final, final

from . import dates, lexicon, places
from .cleanup import compress, map_span
from .fastpath import (
    COMPILED,
    Cuts,
    TextRoles,
    bisect_left,
    bisect_right,
    code_point_flags,
    first_cut,
    groups_digits,
    has_digit,
    matches_at,
    may_hold,
    scan_text,
    scope_words_at,
    squeeze,
    starts_at,
)
from .figures import Figure, figure_tail_start, find_figures_folded, is_cjk, search_end
from .models import Article, Claim, ClaimLayout
from .numbers import fold, parse_chinese_integer, remember

CONTEXT: Final = 8  # characters of anchor context kept on each side of a figure
QUOTE_MAX: Final = 90  # longest sentence quoted in the registry

_SENTENCE_END_CHARS: Final = "。！？!?；;\n\r"
_CLAUSE_BREAK: Final = "，。；：！？,;:!?\n\r、（）()【】《》…—"  # holds every sentence end
_CLAUSE_BREAK_RE: Final = re.compile("[" + re.escape(_CLAUSE_BREAK) + "]")
_SCOPE_RANK_WORDS: Final = "第|首|前列|前茅|率先|领先|唯一|一等|最|范围|性|各地|地级市|同类|平均"
_SCOPE_RANK_AFTER: Final = re.compile("(?:" + _SCOPE_RANK_WORDS + ")")
_ORG_WORDS: Final = "委|政府|法院|中级人民法院|人民法院|检察院|人民检察院|公安局|司法局|法学会|政法委|综治中心|仲裁委|工商联"
_ORG_PREFIX: Final = re.compile("(?:市|区|县)(?:" + _ORG_WORDS + ")")


def _first_chars(words: str) -> str:
    """The characters the alternatives ``words`` (a|b|…) start with: where the next character is none of
    them, an expression made of them cannot match, and is not run."""
    return "".join(sorted({word[0] for word in words.split("|")}))


_SCOPE_RANK_FIRST: Final = _first_chars(_SCOPE_RANK_WORDS)
_ORG_PREFIX_NEXT: Final = _first_chars(_ORG_WORDS)  # after the 市/区/县 of _ORG_PREFIX

# Period cues (lexicon.PERIOD_CUES), resolved against the publication date.
_PERIOD_CUE: Final = re.compile(lexicon.period_cue_expression())
# The same alternatives without the cue groups: every one starts with a literal, which lets `re` skip
# ahead by first character; a cue found is matched again by _PERIOD_CUE (same start, same end) for its name.
_CUE_FIND: Final = re.compile("|".join(lexicon.period_cue_bodies()))
_CUE_RESOLVES: Final = lexicon.period_cue_resolutions()
# The approximation words before a figure (lexicon.APPROX_BEFORE), longest first, as alternatives.
_APPROX_WORDS: Final = lexicon.alternation(lexicon.APPROX_BEFORE)
_VERB_HEAD_WORDS: Final = (
    "共|累计|共计|总计|合计|先后|依法|全部|均|已|新|再|又|还|并|同时|实现|完成|推动|推进|开展|组织|"
    "组建|建成|建立|建设|创建|创设|设立|成立|打造|培育|打掉|聚合|凝聚|汇集|汇聚|发放|帮助|办理|受理|"
    "承接|处置|排查|摸查|发现|上报|审批|救助|起诉|判决|查处|查封|冻结|追缴|挽回|挽损|侦办|侦破|破获|"
    "抓获|刑拘|举办|举行|召开|出台|制定|修订|发出|移送|解决|服务|提供|培训|确认|配备|配置|整治|治理|"
    "修复|清理|督促|惩处|接收|处理|接报|开展|挂牌|实名注册|实名制注册登记|注册|登记|招募|吸纳|惠及|"
    "形成|获得|获评|荣获|获颁|获|达到|达|为|是|有|共有|拥有|现有|" + _APPROX_WORDS + "|计|划分|精细划分|"
    "优化调整为|调整为|增至|降至|升至|提升至|上升至|涉及|新收|审结|结案|人均结案|协助|参与|诉前|驻点|"
    "成功|实现了|完成了|各类|各级|各种|" + "|".join(w for w in lexicon.SCOPE_WORDS if len(w) > 1) + "|全年|当地|本地|"
    "其中|另外|此外|以及|和|及"
)
_VERB_HEAD: Final = re.compile("^(?:" + _VERB_HEAD_WORDS + ")+")
_TAIL_FUNCTION_WORDS: Final = (
    "共|累计|共计|总计|合计|达到|达|(?<![行作认成称])为|是|" + _APPROX_WORDS + "|计|有|共有|增至|降至|提升至|上升至|"
    "同比|环比|分别|较|比|从|由|已|均|都|全部|实现|保持|等|的|了|在|中|里|后|内|首|第|全国|全省|全市|"
    "连续|连|蝉联|接连|已有|仅用|用|耗时"
)
_TAIL_FUNCTION: Final = re.compile("(?:" + _TAIL_FUNCTION_WORDS + ")+$")
_AFTER_CUT_CHARS: Final = "的和及与等已均被在向获达是，。、；：（(“”\"《》"
_AFTER_CUT_WORDS: Final = "全部|实现|完成|获得|参与|进行|提供|办理|开展|发放|累计|免于|重获"
# Where the phrase after a figure ends: at a digit (where the next figure starts), a space, one of the
# characters or the words, or 为 (unless in 勇为, 行为, 作为, 认为, 成为, 称为).
_AFTER_CUT: Final = Cuts(_AFTER_CUT_CHARS, r"[\d\s]", tuple(_AFTER_CUT_WORDS.split("|")), "为", "勇行作认成称")
_LEADING_TIME_WORDS: Final = (
    "今年|去年|过去一年|全年|目前|如今|截至目前|截至|近年来|当年|同期|其中|此外|同时|另外|以来|至今|年来|年|来"
)
_LEADING_TIME: Final = re.compile(r"^(?:\d{4}年(?:度)?(?:\d{1,2}月)?|" + _LEADING_TIME_WORDS + ")+")
# The characters a match of each pattern can start (or end) with: a phrase without one is left as it is,
# without running the pattern (``\d`` of the leading-time pattern is checked with ``str.isdecimal``).
_VERB_HEAD_FIRST: Final = frozenset(word[0] for word in _VERB_HEAD_WORDS.split("|"))
_TAIL_FUNCTION_LAST: Final = frozenset(word[-1] for word in _TAIL_FUNCTION_WORDS.split("|"))
_LEADING_TIME_FIRST: Final = frozenset(word[0] for word in _LEADING_TIME_WORDS.split("|"))
_QUOTES_SPACE: Final = re.compile(r"[“”\"'‘’「」\s·、]")
_AFTER_LEAD_CHARS: Final = "的“”\"‘’"  # and whitespace (``\s`` is ``str.isspace``)
_AFTER_LEAD: Final = re.compile("^[" + _AFTER_LEAD_CHARS + r"\s]+")
_AFTER_QUOTES: Final = re.compile(r"[“”\"‘’\s]")
_CHANGE_TAIL: Final = re.compile(r"(?:同比|环比)?(?:分别)?(?:" + "|".join(lexicon.CHANGE_VERBS) + r")"
                                 r"(?:幅度)?(?:了|达|为|至)?[\d.%]*$")
# The characters its verbs start with: a match holds one (compiled code looks for one before searching).
_CHANGE_TAIL_FIRSTS: Final = code_point_flags(ord(verb[0]) for verb in lexicon.CHANGE_VERBS)
_CHANGE_TAIL_REACH: Final = 2 + 2 + 2 + 2 + 1  # 同比, 分别, the verb, 幅度, 了: the longest match before its digits
_DATE_WORDS_LEAD: Final = re.compile(r"^[年度月日号\s]+")
_RANGE_END_LEAD: Final = re.compile(r"^(?:至|到|-|—|~|、)?\d{4}年?")
_YEAR_RANGE: Final = re.compile(r"\d{4}-\d{4}")
_SINCE: Final = re.compile(r"年?(?:以来|至今)")
# The words that give a change its direction: a verb, or a noun with a direction (降幅).
_CHANGE_WORD: Final = re.compile(
    "(" + "|".join((*lexicon.CHANGE_VERBS, *(w for w, way in lexicon.CHANGE_NOUNS.items() if way))) + ")")


@final
class _Context:
    """Per-article lookups computed once: folded text, sentences, places and period cues (a plain class,
    which mypyc compiles to a C struct: every claim reads these fields many times)."""

    __slots__ = (
        "folded", "sentence_starts", "place_starts", "place_list", "cue_starts", "cues", "paragraph_starts",
        "breaks", "scope_spans", "scope_span_ends", "scopes", "scope_starts", "scope_ends", "home", "home_city",
        "home_district", "subject_starts", "subjects", "published", "pub_year", "default_period", "headings",
        "heading_starts", "dated", "text",
        "article_id", "path", "quoted_start", "quoted_end", "quoted",
    )


    folded: str
    sentence_starts: list[int]
    place_starts: list[int]
    place_list: list[tuple[int, int, str]]
    cue_starts: list[int]
    cues: list[tuple[int, int, str]]
    paragraph_starts: list[int]
    breaks: list[int]  # positions of clause breaks (_CLAUSE_BREAK)
    scope_spans: list[tuple[int, int]]  # every scope word (_SCOPE) …
    scope_span_ends: list[int]
    scopes: list[tuple[int, int, str]]  # … and those a figure can take (see _scope_words)
    scope_starts: list[int]
    scope_ends: list[int]
    home: str
    home_city: str | None
    home_district: str | None  # the district (or county) 全区/本区 means when the sentence names none
    subject_starts: list[int]  # organisations leading a clause (see _subjects) …
    subjects: list[tuple[int, str]]  # … with their name, the scope prefix (市, 区) dropped
    published: str
    pub_year: int | None
    default_period: str  # see _default_period
    headings: list[str]  # the years of the headings that name a year's work (see _year_headings) …
    heading_starts: list[int]  # … and where the text under each starts
    dated: list[int]  # the indices of the figures that are a year or a date (see _explicit_year)
    text: str  # the article's text, id and path, read once (Article is not a compiled class)
    article_id: str
    path: str
    # the last quote made (see _quote) and the span it quotes: a sentence's figures share one string
    quoted_start: int
    quoted_end: int
    quoted: str

    def __init__(
        self, *, folded: str,
        sentence_starts: list[int],
        place_starts: list[int],
        place_list: list[tuple[int, int, str]],
        cue_starts: list[int],
        cues: list[tuple[int, int, str]],
        paragraph_starts: list[int],
        breaks: list[int],
        scope_spans: list[tuple[int, int]],
        scope_span_ends: list[int],
        scopes: list[tuple[int, int, str]],
        scope_starts: list[int],
        scope_ends: list[int],
        home: str,
        home_city: str | None,
        home_district: str | None,
        subject_starts: list[int],
        subjects: list[tuple[int, str]],
        published: str,
        pub_year: int | None,
        default_period: str,
        headings: list[str],
        heading_starts: list[int],
        dated: list[int],
        text: str,
        article_id: str,
        path: str,
    ) -> None:
        self.folded = folded
        self.sentence_starts = sentence_starts
        self.place_starts = place_starts
        self.place_list = place_list
        self.cue_starts = cue_starts
        self.cues = cues
        self.paragraph_starts = paragraph_starts
        self.breaks = breaks
        self.scope_spans = scope_spans
        self.scope_span_ends = scope_span_ends
        self.scopes = scopes
        self.scope_starts = scope_starts
        self.scope_ends = scope_ends
        self.home = home
        self.home_city = home_city
        self.home_district = home_district
        self.subject_starts = subject_starts
        self.subjects = subjects
        self.published = published
        self.pub_year = pub_year
        self.default_period = default_period
        self.headings = headings
        self.heading_starts = heading_starts
        self.dated = dated
        self.text = text
        self.article_id = article_id
        self.path = path
        self.quoted_start = -1
        self.quoted_end = -1
        self.quoted = ""


def extract_claims(article: Article) -> list[Claim]:
    """Every figure of the article as a claim, with stable sequential ids (``c1``, ``c2`` …).

    Mirror-page noise (pinyin after characters, invisible characters) is read through: claims are
    extracted from a compressed copy and their spans mapped back onto the original text.
    """
    clean, positions = compress(article.text)
    if positions is None:
        ctx, rows = _extract_rows(article)
        return [_claim_of(ctx, row) for row in rows]
    ctx, rows = _extract_rows(replace(article, text=clean))
    claims = [_claim_of(ctx, row) for row in rows]
    line_starts = [0] + [m.end() for m in re.finditer("\n", article.text)]
    return [_remap(article.text, positions, line_starts, c) for c in claims]


def _remap(text: str, positions: list[int], line_starts: list[int], claim: Claim) -> Claim:
    start, end = map_span(positions, claim.start, claim.end)
    line = bisect_right(line_starts, start)
    col = start - line_starts[line - 1] + 1
    return replace(claim, start=start, end=end, text=text[start:end], before=text[max(0, start - CONTEXT):start],
                   after=text[end:end + CONTEXT], line=line, col=col)


def extract_rows(article: Article) -> list[Row] | None:
    """`extract_claims` as Rows, for a caller that only writes the claims out (``extract --dry-run --format
    json``: see render.claims), or None for a mirror page, whose claims' spans are mapped back onto its
    text (`extract_claims` then)."""
    if compress(article.text)[1] is not None:
        return None
    return _extract_rows(article)[1]


def extraction_rows(articles: Iterable[Article]) -> Iterator[tuple[Article, list[Row] | None, list[Claim]]]:
    """Each article with what `extract_claims` finds in it, for a caller that only writes the claims out
    (``extract --dry-run --format json``: see render.claims.write_extraction_json): as Rows, or for a mirror
    page, whose claims' spans are mapped back onto its text, as Claims (its Rows None)."""
    for article in articles:
        rows = extract_rows(article)
        yield article, rows, (extract_claims(article) if rows is None else [])


def _extract_rows(article: Article) -> tuple[_Context, list[Row]]:
    folded = fold(article.text)
    figures = find_figures_folded(article.text, folded)
    ctx = _build_context(article, folded, figures)
    rows: list[Row] = []
    for index, fig in enumerate(figures):
        rows.append(_to_row(ctx, figures, index, fig))
    return ctx, rows


def _build_context(article: Article, folded: str, figures: list[Figure]) -> _Context:
    if COMPILED:  # one loop over the code points finds the breaks, and where the words can start
        (breaks, sentence_starts, paragraph_starts), scope_at, subject_at, cue_at = scan_text(folded, _ROLES)
        scope_found = scope_words_at(folded, scope_at, _ROLES)
        subject_matches = matches_at(_ORG_SUBJECT, folded, subject_at)
        cue_matches = matches_at(_CUE_FIND, folded, cue_at)
    else:
        breaks, sentence_starts, paragraph_starts = _find_breaks(folded)
        scope_found = _words_of(_SCOPE.finditer(folded))
        subject_matches = list(_ORG_SUBJECT.finditer(folded))
        cue_matches = list(_CUE_FIND.finditer(folded))
    mentions = [m for m in places.find_mentions(folded) if _is_entity_mention(folded, m[0], m[1])]
    found = places.resolve_mentions(mentions, sentence_starts, article.place, article.outlet)
    year = _pub_year(article.published)
    cues = [_cue(folded, m.start(), article.published, year) for m in cue_matches
            if not _compares_with(folded, m.start())]
    spans = [cue for cue in _year_span_cues(folded, figures, year) if not _compares_with(folded, cue[0])]
    if spans:
        cues = sorted(cues + spans)
    if article.place:
        home = places.normalize_place(article.place)
        home_district = _home_district(home, found)
    else:  # the city it names most, or the district of it that holds most of the city's mentions
        city = _most_frequent_city(found)
        home_district = _home_district(city, found)
        home = home_district or city
    scope_spans, scopes = _scope_words_of(folded, scope_found)
    headings = _year_headings(folded, paragraph_starts)
    subjects = _subjects(folded, breaks, found, subject_matches)
    return _Context(
        folded=folded,
        sentence_starts=sentence_starts,
        place_starts=[p[0] for p in found],
        place_list=found,
        cue_starts=[c[0] for c in cues],
        cues=cues,
        paragraph_starts=paragraph_starts,
        breaks=breaks,
        scope_spans=scope_spans,
        scope_span_ends=[end for _, end in scope_spans],
        scopes=scopes,
        scope_starts=[start for start, _, _ in scopes],
        scope_ends=[end for _, end, _ in scopes],
        home=home,
        home_city=_city_scope(home) if home else None,
        home_district=home_district,
        subject_starts=[start for start, _ in subjects],
        subjects=subjects,
        published=article.published,
        pub_year=year,
        default_period=_default_period(article, year, folded, paragraph_starts),
        headings=[year for _, year in headings],
        heading_starts=[start for start, _ in headings],
        dated=[j for j, fig in enumerate(figures) if fig.kind == "year" or fig.kind == "date"],
        text=article.text,
        article_id=article.id,
        path=article.path,
    )


def _find_breaks(folded: str) -> tuple[list[int], list[int], list[int]]:
    """Clause breaks (every _CLAUSE_BREAK character but a comma grouping digits), and where sentences
    and paragraphs start: after each sentence end (_SENTENCE_END_CHARS, also clause breaks) and newline."""
    breaks = [m.start() for m in _CLAUSE_BREAK_RE.finditer(folded) if not groups_digits(folded, m.start())]
    sentence_starts = [0]
    paragraph_starts = [0]
    for pos in breaks:
        ch = folded[pos]
        if ch in _SENTENCE_END_CHARS:
            sentence_starts.append(pos + 1)
            if ch == "\n":
                paragraph_starts.append(pos + 1)
    return breaks, sentence_starts, paragraph_starts


# The words of the article's context whose places `fastpath.scan_text` notes as it finds the breaks (compiled,
# the expressions are then tried there only): scope words, organisations leading a clause, period cues.
_SCOPE_WORDS: Final = "|".join(lexicon.SCOPE_WORDS)
_ORG_SUBJECT_WORDS: Final = (
    "中级人民法院|中级法院|中院|人民法院|法院|人民检察院|检察院|公安分局|公安局|司法局|"
    "仲裁委|信访局|应急管理局|消防救援支队|消防救援大队|交警支队|交警大队"
)
_SCOPE: Final = re.compile(_SCOPE_WORDS)
_ROLES: Final = TextRoles(_CLAUSE_BREAK, _SENTENCE_END_CHARS, tuple(_SCOPE_WORDS.split("|")),
                          tuple(_ORG_SUBJECT_WORDS.split("|")), lexicon.heads(lexicon.period_cue_bodies()))


# Organisations that lead a clause as its subject and stay the subject of the clauses after it:
# 市中级人民法院受理案件1.38万件，审执结1.31万件 (the second figure is the court's, not the city's courts').
# The names alone: every alternative starts with a literal, so `re` skips ahead by first character (with
# the optional 市/区/县 in front it tried every position: the slowest pass over the text). The scope prefix
# is taken by hand (_subjects), as `(?:市|区|县)?` would: no name starts with one of those characters.
_ORG_SUBJECT: Final = re.compile(_ORG_SUBJECT_WORDS)
_ORG_SCOPE: Final = "市区县"
_GENERAL_ORGS: Final = frozenset({"法院", "人民法院"})
# A clause carries the subject of an earlier one only when it starts with what such a body does; a clause
# starting with a noun (园区现有…) has a subject of its own.
_CARRY_VERB: Final = re.compile(
    r"(?:共|累计|同比|另|还|并|已|又|全年|依法)?(?:审执结|审结|执结|结案|受理|新收|收案|办理|办结|起诉|提起公诉|批捕|"
    r"批准逮捕|判决|判处|查处|侦破|破获|抓获|打掉|刑拘|化解|调解|止付|冻结|追缴|挽回|返还|出动|排查|整改|"
    r"督办|立案|接报|处置|执行|发出|制发|开展|举办|组织|救助|帮助|追回)"
)
_SUBJECT_LEAD: Final = re.compile(r"(?:\d{4}年(?:度)?|今年|去年|全年|上半年|目前|其中|此外|同时|另外|全市|全区|全县|\s)+")


def _subjects(folded: str, breaks: list[int], found: list[tuple[int, int, str]],
              matches: list[re.Match[str]]) -> list[tuple[int, str]]:
    """Every organisation (_ORG_SUBJECT) that leads its clause: nothing but places, time and scope words
    before it since the last clause break (2023年，江门市中级人民法院受理…). Courts in general (全市法院)
    are not carried: they are what a figure without a subject is about anyway."""
    out: list[tuple[int, str]] = []
    place_ends = {end: start for start, end, _ in found}
    taken = 0  # where the previous organisation ends: a scope prefix never overlaps it
    for m in matches:  # of _ORG_SUBJECT
        name, start = m.group(0), m.start()
        pos = start
        if start > taken and folded[start - 1] in _ORG_SCOPE:
            start -= 1  # 市中级人民法院: the organisation's match starts at its scope word …
            if start + 1 not in place_ends:  # … which leads it, unless it ends a place (江门市|中级人民法院)
                pos = start
        taken = m.end()
        if name in _GENERAL_ORGS:
            continue
        k = bisect_left(breaks, pos)
        if not _holds_figure(folded[m.end():breaks[k] if k < len(breaks) else len(folded)]):
            continue  # a subject with no figure of its own (市公安局、市检察院联合…): nothing to carry
        lo = breaks[k - 1] + 1 if k else 0  # every sentence end is a clause break too
        while pos > lo:
            if pos in place_ends and place_ends[pos] >= lo:
                pos = place_ends[pos]
                continue
            lead = _SUBJECT_LEAD.fullmatch(folded, lo, pos)
            if lead is None:
                break
            pos = lo
        if pos == lo:
            out.append((start, name))
    return out


_ORG_AFTER_WORDS: Final = "社会科学院|科学院|大学|日报|银行|中心支行|分行|支行|集团|公司|协会|出版|长安网|网|报社|报|电视台|广播|共产党|街坊"
_ORG_AFTER: Final = re.compile("(?:" + _ORG_AFTER_WORDS + ")")
_ORG_AFTER_FIRST: Final = _first_chars(_ORG_AFTER_WORDS)
_DATELINE: Final = re.compile(r"\s?(?:\d{1,2}月\d{1,2}日\s?电|讯)")
_CAMPAIGN_BEFORE: Final = ("平安", "法治", "数字", "美丽", "健康", "幸福", "智慧")


def _is_entity_mention(folded: str, start: int, end: int) -> bool:
    """A place named as the subject, not inside a name (中国社会科学院, 平安广东, “广州街坊”), nor a
    dateline (新华社北京3月8日电, 今报南宁讯) or what cases involve (审结涉北京非首都功能疏解等案件)."""
    if end < len(folded) and folded[end] in _ORG_AFTER_FIRST and _ORG_AFTER.match(folded, end):
        return False
    if start and folded[start - 1] == "涉" or _DATELINE.match(folded, end):
        return False
    if folded[max(0, start - 2):start] in _CAMPAIGN_BEFORE:
        return False
    if end - start == 2 and start > 2 and folded[start - 2] in _TITLE_LAST and is_cjk(folded[start - 1]) \
            and folded.endswith(lexicon.PERSON_TITLES, max(0, start - 4), start - 1):
        return False  # 副院长田平利: a title, a surname and a given name that is a county's short form
    # inside a short quoted name (“广州街坊”): an opening quote shortly before, its close shortly after
    open_q = folded.rfind("“", max(0, start - 6), start)
    if open_q >= 0 and "”" not in folded[open_q:start]:
        close_q = folded.find("”", end, end + 8)
        if close_q >= 0:
            return False
    return True


_TITLE_LAST: Final = frozenset(title[-1] for title in lexicon.PERSON_TITLES)  # (before the surname)
_LOCAL_KINDS: Final = ("district", "county")


def _is_local(name: str) -> bool:
    """A district or county (从化区, 增城区, 博罗县, 台山市), the unit 全区/本区 refers to."""
    place = places.lookup(name)
    return place is not None and place.kind in _LOCAL_KINDS


def _city_scope(name: str) -> str | None:
    """The city 全市 means after ``name``: a county-level city itself (台山市), else the city it lies in."""
    return name if name.endswith("市") and _is_local(name) else places.city_of(name)


def _home_district(home: str, found: list[tuple[int, int, str]]) -> str | None:
    """The district the article's 全区 means: its place when that is one, else the district of its city
    that holds more than half of the city's mentions (a report on 宝安区 names 深圳市 once and 宝安
    throughout; an article without a place in its metadata is then about that district); None for a
    city-wide report, whose 区检察院 is some district's, not one it names once."""
    if _is_local(home):
        return home
    city = places.city_of(home)
    of_city = [name for _, _, name in found if places.city_of(name) == city]
    counts: dict[str, int] = {}
    for name in of_city:
        if _is_local(name):
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    best = max(sorted(counts), key=lambda d: counts[d])
    return best if 2 * counts[best] > len(of_city) else None


def _most_frequent_city(found: list[tuple[int, int, str]]) -> str:
    counts: dict[str, int] = {}
    for _, _, name in found:
        city = places.city_of(name)
        if city:
            counts[city] = counts.get(city, 0) + 1
    if not counts:
        return "未知"
    return max(sorted(counts), key=lambda c: counts[c])


_COMPARISON_BASE: Final = re.compile(r"(?:较|比|与|同|于|相比)$")  # 较去年同期: the base of a change, not its period


def _pub_year(published: str) -> int | None:
    return dates.published(published).year


def _compares_with(folded: str, start: int) -> bool:
    """``_COMPARISON_BASE`` ends at ``start`` (较去年同期): looked for only when the character before can end it."""
    return start > 0 and folded[start - 1] in "较比与同于" and \
        _COMPARISON_BASE.search(folded, max(0, start - 2), start) is not None


# 30年来, 10年间, 5年以来 in digits (the figure), not 11年来首次 (the first time in eleven years)
_YEAR_SPAN_AFTER: Final = re.compile("年?(?:以来|来|间)(?!" + "|".join(lexicon.FIRST_IN_YEARS) + ")")


def _year_span_cues(folded: str, figures: list[Figure], year: int | None) -> list[tuple[int, int, str]]:
    """The period cues a count of years in digits makes (30年来 in 2020: 1991/2020), as the cue ``years``
    of `lexicon.PERIOD_CUES` reads 五年来: found among the figures, not by the scan of cues, which would
    try every pair of digits."""
    out: list[tuple[int, int, str]] = []
    if year is None:
        return out
    for fig in figures:
        if fig.kind != "duration" or not fig.unit.startswith("年") or not isinstance(fig.value, Decimal) \
                or not fig.text.isdigit():
            continue
        n = int(fig.value)
        m = _YEAR_SPAN_AFTER.match(folded, fig.end)
        if m is not None and 0 < n < 100:
            out.append((fig.start, m.end(), f"{year - n + 1}/{year}"))
    return out


def _cue(folded: str, start: int, published: str, year: int | None) -> tuple[int, int, str]:
    m = _PERIOD_CUE.match(folded, start)
    assert m is not None  # _CUE_FIND matched here
    return m.start(), m.end(), _resolve_cue(m, published, year)


def _resolve_cue(m: re.Match[str], published: str, year: int | None) -> str:
    """The period a cue means, given the publication date and its year (``_pub_year(published)``): by how
    its cue resolves (lexicon.PERIOD_CUES)."""
    if year is None:
        return ""
    name = m.lastgroup or ""
    how = _CUE_RESOLVES[name]
    if how.startswith(("year+", "year-")):  # year+0, year-1
        return str(year + int(how[4:]))
    if how.startswith("span-"):
        return f"{year - int(how[5:])}/{year}"
    if how == "years-N":
        raw = _group(m, name, "n") or _group(m, name, "p")
        return f"{year - _count(raw) + 1}/{year}"
    if how == "cut":
        return f"{year}-01/{year}-{int(_group(m, name, 'm')):02d}"
    if how == "h1":
        return f"{year}-01/{year}-06"
    if how == "months":
        y = _year_printed_before(m) or year
        return f"{y}-{_count(_group(m, name, 'from')):02d}/{y}-{_count(_group(m, name, 'to')):02d}"
    if how == "quarter":
        y = _year_printed_before(m) or year
        body = m.group(name)
        last = 9 if "三季" in body else 3 if "季" in body else _count(_group(m, name, "n"))
        return f"{y}-01/{y}-{last:02d}"
    if how == "todate":
        return f"{year}-{int(_group(m, name, 'm')):02d}"
    if how == "fullyear":
        printed = _year_printed_before(m)
        if printed:
            return str(printed)  # 2018年全年
        month = dates.published(published).month
        return str(year - 1) if month is not None and month <= 3 else str(year)
    if how == "now":
        return published
    if how == "since2012":
        return f"2012/{published}"
    return ""


def _group(m: re.Match[str], cue: str, group: str) -> str:
    """A cue's own group (lexicon.period_cue_expression names it ``cue_group``), "" when it matched nothing."""
    key = f"{cue}_{group}"
    if key not in m.re.groupindex:
        return ""
    return m.group(key) or ""


_YEAR_BEFORE: Final = re.compile(r"(\d{4})年(?:度)?\s*$")


def _year_printed_before(m: re.Match[str]) -> int:
    """The year printed right before a cue (2023年1至11月, 2018年全年), or 0."""
    printed = _YEAR_BEFORE.search(m.string, max(0, m.start() - 6), m.start())
    return int(printed.group(1)) if printed else 0


def _count(raw: str) -> int:
    """A month's or a count of years' number, printed in digits or in Chinese numerals (十一, 五)."""
    return int(raw) if raw.isdigit() else parse_chinese_integer(raw)


SENTENCE_REACH: Final = 240  # a "sentence" never extends further than this from its figure (run-on pages)
PARAGRAPH_REACH: Final = 2000  # how far back a paragraph's period cue or year still applies


def _quote_bounds(ctx: _Context, pos: int, s_start: int, s_end: int) -> tuple[int, int]:
    """The span a figure's quote is taken from: its sentence, with the clauses a semicolon joins to it
    (中院本级受理…；结案…；法官人均收案159件: the body is named in the first), within SENTENCE_REACH."""
    starts, folded = ctx.sentence_starts, ctx.folded
    i = bisect_right(starts, pos) - 1
    j = i + 1
    while i > 0 and folded[starts[i] - 1] in "；;":
        i -= 1
    while j < len(starts) and folded[starts[j] - 1] in "；;":
        j += 1
    end = starts[j] if j < len(starts) else len(folded)
    return max(min(starts[i], s_start), pos - SENTENCE_REACH), min(max(end, s_end), pos + SENTENCE_REACH)


def _sentence_bounds(ctx: _Context, pos: int) -> tuple[int, int]:
    i = bisect_right(ctx.sentence_starts, pos) - 1
    start = ctx.sentence_starts[i]
    end = ctx.sentence_starts[i + 1] if i + 1 < len(ctx.sentence_starts) else len(ctx.folded)
    return max(start, pos - SENTENCE_REACH), min(end, pos + SENTENCE_REACH)


@final
class Row:
    """A claim's fields as extraction finds them, in a plain class that mypyc compiles to a C struct: a
    Claim (frozen, slotted, not compiled) is built by a Python-level ``__init__`` and read through attribute
    lookups, which cost more than the JSON line written from it (see render.claims.write_extraction_json).
    `_claim_of` makes the Claim; ``link`` is the id of the claim its figure's range links it to."""

    __slots__ = ("cid", "fig", "entity", "metric", "period", "quote", "line", "col", "link")

    cid: str
    fig: Figure
    entity: str
    metric: str
    period: str
    quote: str
    line: int
    col: int
    link: str | None

    def __init__(self, cid: str, fig: Figure, entity: str, metric: str, period: str, quote: str, line: int,
                 col: int) -> None:
        self.cid = cid
        self.fig = fig
        self.entity = entity
        self.metric = metric
        self.period = period
        self.quote = quote
        self.line = line
        self.col = col
        self.link = f"c{fig.link + 1}" if fig.link is not None else None


def _to_row(ctx: _Context, figures: list[Figure], index: int, fig: Figure) -> Row:
    s_start, s_end = _sentence_bounds(ctx, fig.start)
    line = bisect_right(ctx.paragraph_starts, fig.start)
    col = fig.start - ctx.paragraph_starts[line - 1] + 1
    c_start = _clause_start(ctx, fig.start, s_start)
    return Row(
        f"c{index + 1}", fig,
        _respective_place(ctx, figures, index, s_start) or _entity(ctx, fig, s_start, c_start),
        _metric(ctx, fig, s_start, s_end, c_start, _previous_end(ctx.folded, figures, index),
                figures[index - 1].start if index else -1),
        _period(ctx, figures, index, fig, s_start),
        _quote(ctx, fig, *_quote_bounds(ctx, fig.start, s_start, s_end)),
        line, col,
    )


def _claim_of(ctx: _Context, row: Row) -> Claim:
    fig = row.fig
    text = ctx.text
    # every field, in field order (see models.Claim and models.new_claim, done here from compiled code)
    claim = ClaimLayout(
        row.cid, ctx.article_id, ctx.path, fig.start, fig.end, fig.text, fig.value, fig.unit, fig.kind, fig.approx,
        row.entity, row.metric, row.period, row.quote,
        text[max(0, fig.start - CONTEXT):fig.start],
        text[fig.end:fig.end + CONTEXT],
        row.line, row.col, row.link, None, (), (), ctx.published,
    )
    claim.__class__ = Claim  # type: ignore[assignment]
    return claim  # type: ignore[return-value]


def _quote(ctx: _Context, fig: Figure, s_start: int, s_end: int) -> str:
    """The sentence holding the figure, trimmed around it to at most QUOTE_MAX characters. Figures of
    one sentence share the string (made once; the JSON writer checks it once, see render.claims)."""
    lo, hi = s_start, s_end
    if hi - lo > QUOTE_MAX:
        room = max(0, QUOTE_MAX - (fig.end - fig.start))
        lo = max(s_start, fig.start - room // 2)
        hi = min(s_end, lo + QUOTE_MAX)
        lo = max(s_start, min(lo, hi - QUOTE_MAX))
    if lo != ctx.quoted_start or hi != ctx.quoted_end:
        ctx.quoted_start, ctx.quoted_end, ctx.quoted = lo, hi, squeeze(ctx.text[lo:hi])
    return ctx.quoted


# ---------------------------------------------------------------- entity

_LIST_JOIN: Final = re.compile(r"\s*(?:、|和|及|与|以及)\s*")


def _respective_place(ctx: _Context, figures: list[Figure], index: int, s_start: int) -> str:
    """The place of a figure in a 分别 list: the k-th of the places listed before 分别 for the k-th of
    as many figures of one kind after it (武侯区、锦江区分别受理案件1200件、980件 → 锦江区 for 980件);
    "" when the figure is not in such a list."""
    folded = ctx.folded
    fig = figures[index]
    at = folded.rfind("分别", s_start, fig.start)
    if at < 0:
        return ""
    i = bisect_left(ctx.place_starts, at) - 1
    listed: list[str] = []
    while i >= 0 and ctx.place_list[i][0] >= s_start:
        start, end, name = ctx.place_list[i]
        if listed and not _LIST_JOIN.fullmatch(folded, end, ctx.place_list[i + 1][0]):
            break
        listed.append(name)
        i -= 1
    if len(listed) < 2:
        return ""
    s_end = _sentence_bounds(ctx, fig.start)[1]
    after = [f for f in figures if at < f.start < s_end and f.kind == fig.kind and f.unit == fig.unit]
    if len(after) != len(listed) or fig not in after:
        return ""
    return listed[::-1][after.index(fig)]


def _entity(ctx: _Context, fig: Figure, s_start: int, c_start: int) -> str:
    """The place the figure is about: the nearest place named before it in its sentence
    (``c_start``: the start of the figure's clause)."""
    folded = ctx.folded
    i = bisect_left(ctx.place_starts, fig.start) - 1
    best: tuple[int, str] | None = None
    while i >= 0 and ctx.place_list[i][0] >= s_start:
        start, end, name = ctx.place_list[i]
        if end <= fig.start and not (places.is_broad(name) and _is_scope(folded, start, end, fig, c_start)) \
                and not _in_frame(folded, s_start, start, end, fig.start):
            best = (end, name)
            break
        i -= 1
    # a scope word after the last named place (全市, 市检察院) points back to the article's place;
    # 全省/全国 only when they lead the figure's own clause (see _is_scope)
    scope = _nearest_scope(ctx, fig, c_start, best[0] if best else s_start, named=best[1] if best else None)
    if scope is not None:
        return scope
    if best is not None:
        return best[1]
    return ctx.home


# 顺德连续三年在佛山市…工作考评中排名第一: the place of an evaluation the figure is a result of frames it; the
# subject is named before the frame.
_FRAME_OPEN: Final = re.compile(r"在(?:\d{4}|[〇零○一二三四五六七八九]{4})?(?:年度|年)?(?:全国|全省|全市)?$")
_FRAME_CLOSE: Final = re.compile(
    r"[^，。；;,]{0,24}?(?:考评|考核|评比|评估|评选|测评|排名|排行|竞赛|比赛|评价|检查|督查|大比武)[^，。；;,]{0,4}?中"
)


def _in_frame(folded: str, floor: int, start: int, end: int, fig_start: int) -> bool:
    """The place at [start, end) opens an evaluation frame (在佛山市…考评中) that closes before the figure."""
    lo = max(floor, start - 9)
    return (folded.find("在", lo, start) >= 0 and _FRAME_OPEN.search(folded, lo, start) is not None
            and (m := _FRAME_CLOSE.match(folded, end, fig_start)) is not None and m.end() <= fig_start)


_HONOUR_BEFORE: Final = ("获评", "荣获", "获得", "获颁", "评为", "位居", "排名", "位列", "名列", "中华", "居", "获")


def _is_scope(folded: str, start: int, end: int, fig: Figure, c_start: int) -> bool:
    """全国/全省 as the frame of a ranking or honour (排名全国第一, 获评全省优秀, 全国“八连冠”),
    or outside the figure's clause: not the place the figure is about."""
    if start < c_start:
        return True
    if _strip_leading_time(folded[c_start:start]).strip("，,、：: "):
        return True  # not leading its clause: a modifier (拥有全国千名…人才), not the subject
    if fig.start - end <= 2:
        return True
    if folded[max(0, start - 2):start].endswith(_HONOUR_BEFORE):
        return True
    return bool(_SCOPE_RANK_AFTER.match(folded, end + (folded[end:end + 1] in ("“", '"'))))


def _nearest_scope(ctx: _Context, fig: Figure, c_start: int, after: int, *, named: str | None) -> str | None:
    """全市/全区/市检察院 …: a scope word after the last named place (``named``) of the sentence points to
    that place's city or district (宝安区…全区 → 宝安区, 黄埔区…全市 → 广州市), else to the article's."""
    folded = ctx.folded
    word = ""
    for start, end, candidate in _scope_words_between(ctx, after, fig.start):
        level = lexicon.SCOPE_WORDS[candidate]
        if candidate.startswith("全") and level in ("country", "province") \
                and _is_scope(folded, start, end, fig, c_start):
            continue
        if named and level in ("country", "province"):
            continue  # 广州市被授予全省…荣誉: a modifier, the subject is the named place
        word = candidate
        break
    if not word:
        return None
    level = lexicon.SCOPE_WORDS[word]
    if level == "country":
        return "全国"
    if level == "province":
        return _province_scope(ctx.home)
    if level == "city":
        return (_city_scope(named) if named else None) or ctx.home_city or ctx.home
    if level == "prefecture":  # 我州 after 利川市, or in an article about it: its prefecture, not the city
        return places.city_of(named or ctx.home) or ctx.home_city or ctx.home
    if level == "district":
        if named and _is_local(named):
            return named
        return ctx.home_district or ctx.home
    return ctx.home


def _province_scope(home: str) -> str:
    """The province 全省 means: the article's place when it is a province, else the province of the
    article's place (从化区 → 广东省, 余杭区 → 浙江省), 广东省 for an article with no place, else the
    province of an unknown place named through it (某某市所在省): never a bare 全省 that articles of two
    provinces would share."""
    if home.endswith(("省", "自治区")) or home in ("广西", "内蒙古", "西藏", "宁夏", "新疆"):
        return home
    if not home:
        return places.PROVINCE
    return places.province_of(home) or f"{home}所在省"


def _scope_words(folded: str, lo: int, hi: int) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """Every match of `_SCOPE` in [lo, hi), and those of them a figure can take as its scope: not a bare
    市/区 that does not start an organisation (市委, 区法院), nor a word that frames a ranking."""
    return _scope_words_of(folded, _words_of(_SCOPE.finditer(folded, lo, hi)))


def _words_of(matches: Iterable[re.Match[str]]) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in matches]


def _scope_words_of(folded: str, found: list[tuple[int, int, str]]) -> tuple[list[tuple[int, int]],
                                                                              list[tuple[int, int, str]]]:
    """`_scope_words` of the given matches of `_SCOPE` (start, end, word)."""
    spans, usable = [], []
    for item in found:
        start, end, word = item
        spans.append((start, end))
        if word in ("市", "区") and not (end < len(folded) and folded[end] in _ORG_PREFIX_NEXT
                                         and _ORG_PREFIX.match(folded, start)):
            continue
        if end < len(folded) and folded[end] in _SCOPE_RANK_FIRST and _SCOPE_RANK_AFTER.match(folded, end):
            continue
        usable.append(item)
    return spans, usable


def _scope_words_between(ctx: _Context, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The usable scope words inside [lo, hi), last first: from the article's scan (`_Context.scopes`),
    or from a scan starting at ``lo`` when a word of the article's scan crosses ``lo``."""
    k = bisect_right(ctx.scope_span_ends, lo)  # the first word ending after lo
    if k < len(ctx.scope_spans) and ctx.scope_spans[k][0] < lo:
        return _scope_words(ctx.folded, lo, hi)[1][::-1]
    i = bisect_left(ctx.scope_starts, lo)
    j = bisect_right(ctx.scope_ends, hi)
    return ctx.scopes[i:j][::-1] if j > i else []


# ---------------------------------------------------------------- metric

def _clause_start(ctx: _Context, pos: int, floor: int) -> int:
    """Start of the clause holding ``pos`` (at or after ``floor``): a 、 ends it only when the part
    before it holds a figure.

    反诈打击人数、破案数同比分别上升 is one clause (a list of subjects); 下降8.8%、破案数 is two.
    """
    folded, breaks = ctx.folded, ctx.breaks
    k = bisect_left(breaks, pos) - 1
    while k >= 0:
        brk = breaks[k]
        if brk < floor:
            break
        if folded[brk] != "、":
            return brk + 1
        part_start = max(breaks[k - 1] + 1 if k else 0, floor)
        if _holds_figure(folded[part_start:brk]):
            return brk + 1
        k -= 1
    return floor


def _holds_figure(part: str) -> bool:
    return "%" in part or has_digit(part)


def _clause_end(ctx: _Context, pos: int, ceiling: int) -> int:
    """The first clause break at or after ``pos``, or ``ceiling`` (``pos`` itself when past it)."""
    if pos >= ceiling:
        return pos
    k = bisect_left(ctx.breaks, pos)
    return min(ctx.breaks[k], ceiling) if k < len(ctx.breaks) else ceiling


_FIGURE_IN_METRIC: Final = re.compile(
    r"(?:从|自)?\d{4}年?(?:度)?(?:\s*(?:至|到|-|—|~)\s*\d{4}年?)?(?:以来)?"
    r"|(?:连续|连)?(?:\d+|[一二两三四五六七八九十]+)(?:年度|年|次|届)"
    r"|[\d.]+(?:[,，]\d{3})*(?:\.\d+)?%?"
)
# A character every match of _FIGURE_IN_METRIC holds: without one, the phrase has no figure to drop.
_FIGURE_IN_METRIC_CHAR: Final = re.compile(r"[\d.一二两三四五六七八九十]")


_CLEANED: Final[dict[str, str]] = {}  # _clean's results: phrases come back again and again
_CLEANED_MAX: Final = 8192


def _clean(phrase: str) -> str:
    """Normalise a metric phrase: drop places, figures, time words, leading verbs and trailing particles.

    A step that would leave fewer than two characters is not taken (处置率 stays 处置率). Results are
    kept (up to _CLEANED_MAX, then forgotten at once): a dict, not lru_cache, whose wrapper a compiled
    caller calls as a Python object.
    """
    cleaned = _CLEANED.get(phrase)
    return cleaned if cleaned is not None else remember(_CLEANED, phrase, _clean_phrase(phrase), _CLEANED_MAX)


def _clean_phrase(phrase: str) -> str:
    phrase = _QUOTES_SPACE.sub("", phrase)
    for start, end, _ in reversed(places.find_places(phrase)):
        phrase = phrase[:start] + phrase[end:]
    if _FIGURE_IN_METRIC_CHAR.search(phrase):
        phrase = _FIGURE_IN_METRIC.sub("", phrase)
    prev = None
    while prev != phrase:
        prev = phrase
        for strip in (_strip_tail_function, _strip_leading_time, _strip_verb_head):
            shorter = strip(phrase)
            if len(shorter) >= 2 or len(phrase) < 2:
                phrase = shorter
    if not (_strip_leading_time(phrase) and _strip_verb_head(phrase) and _strip_tail_function(phrase)):
        return ""  # only scope, time or function words (全市, 共, 完成处置): no metric of its own
    if "的" in phrase[:-1]:
        tail = phrase.rsplit("的", 1)[1]
        if len(tail) >= 2:
            phrase = tail
    return phrase[-16:]


def _strip_head(pattern: re.Pattern[str], text: str) -> str:
    """``pattern.sub("", text)`` for a pattern anchored at the start (``^…``, matching no empty string):
    one match at position 0, where ``sub`` would try every position of the text."""
    m = pattern.match(text)
    return text[m.end():] if m is not None else text


def _strip_tail_function(phrase: str) -> str:
    """``_TAIL_FUNCTION.sub("", phrase)``, skipped when no function word can end the phrase."""
    if not phrase or phrase[-1] not in _TAIL_FUNCTION_LAST:
        return phrase
    return _TAIL_FUNCTION.sub("", phrase)


def _strip_leading_time(phrase: str) -> str:
    """``_LEADING_TIME.sub("", phrase)``, skipped when no time word can start the phrase."""
    if not phrase or (phrase[0] not in _LEADING_TIME_FIRST and not phrase[0].isdecimal()):
        return phrase
    return _strip_head(_LEADING_TIME, phrase)


def _strip_verb_head(phrase: str) -> str:
    """``_VERB_HEAD.sub("", phrase)``, skipped when no verb can start the phrase."""
    if not phrase or phrase[0] not in _VERB_HEAD_FIRST:
        return phrase
    return _strip_head(_VERB_HEAD, phrase)


def _previous_end(folded: str, figures: list[Figure], index: int) -> int:
    """Where the previous figure and its unit end (0 when there is none)."""
    if index == 0:
        return 0
    prev = figures[index - 1]
    end = prev.end
    while end < len(folded) and folded[end] in "余多":  # 2,600余名
        end += 1
    if prev.unit and starts_at(folded, prev.unit, end):
        end += len(prev.unit)
    return end


def _metric(ctx: _Context, fig: Figure, s_start: int, s_end: int, c_start: int, prev_end: int = 0,
            prev_start: int = -1) -> str:
    """What the figure counts, as a short normalised phrase (``c_start``: the start of its clause), led by
    the organisation an earlier clause of the sentence names as its subject (see _carried_subject);
    ``prev_start`` and ``prev_end``: where the previous figure starts and where it and its unit end."""
    phrase = _metric_phrase(ctx, fig, s_start, s_end, c_start, prev_end, prev_start)
    if fig.kind in _CARRY_KINDS and ctx.subject_starts and c_start > s_start:
        subject = _carried_subject(ctx, fig, s_start, c_start)
        if subject and not phrase.startswith(subject):
            return subject + phrase
    return phrase


_CARRY_KINDS: Final = frozenset({"count", "money", "percent", "change", "multiple"})


def _carried_subject(ctx: _Context, fig: Figure, s_start: int, c_start: int) -> str:
    """The organisation leading an earlier clause of the figure's sentence (市中级人民法院受理案件1.38万件，
    审执结1.31万件 → 中级人民法院), unless the figure's own clause names a place or organisation."""
    i = bisect_left(ctx.subject_starts, c_start) - 1
    if i < 0 or ctx.subject_starts[i] < s_start:
        return ""
    folded = ctx.folded
    if folded[c_start - 1] not in "，,；;" or not _CARRY_VERB.match(folded, c_start):
        return ""  # a list item (、), or a clause with a subject of its own
    if _ORG_SUBJECT.search(folded, c_start, fig.start):
        return ""  # an organisation of the figure's own clause
    k = bisect_left(ctx.place_starts, c_start)
    if k < len(ctx.place_starts) and ctx.place_starts[k] < fig.start:
        return ""
    return ctx.subjects[i][1]


def _metric_phrase(ctx: _Context, fig: Figure, s_start: int, s_end: int, c_start: int, prev_end: int,
                   prev_start: int = -1) -> str:
    folded = ctx.folded
    if fig.kind in ("year", "date"):
        return _year_topic(ctx, fig, s_start, s_end)
    before_raw = folded[c_start:fig.start]
    unit_end = fig.end + len(fig.unit) if starts_at(folded, fig.unit, fig.end) else fig.end
    while unit_end < s_end and folded[unit_end] in "余多”\"":
        unit_end += 1
    if starts_at(folded, fig.unit, unit_end):
        unit_end += len(fig.unit)
    c_end = _clause_end(ctx, unit_end, s_end)
    after_raw = folded[unit_end:c_end]
    if fig.kind in ("percent", "change", "multiple"):
        stripped = _strip_change(before_raw)
        # 较2012年的13748宗下降64.5%: the base of the comparison, not what changes
        before = "" if _COMPARISON_LEAD.match(stripped) else _clean(stripped)
        if not before:  # 事故1,047起，同比下降9.8%: the change is of what the clause before counts
            before = _previous_clause_topic(ctx, s_start, c_start, prev_start)
        direction = _CHANGE_WORD.findall(before_raw[-8:])
        if fig.kind == "change" and direction and not before.endswith(direction[-1]):
            return f"{before}{direction[-1]}"
        return before
    if fig.kind in ("streak", "times", "rank", "duration"):
        before = _clean(before_raw)
        if len(before) < 2 and c_start - 1 > s_start:
            # 连续6年获评…优秀，并三次折桂: the honour is named in the clause before
            prev_start = _clause_start(ctx, c_start - 1, s_start)
            before = _clean(folded[prev_start:c_start - 1]) + before
        after = _clean_after(after_raw, keep_verbs=True)
        joined = f"{before}{after}" if before and after else before or after
        return joined[-20:]
    clause_before = before_raw
    if prev_end > c_start and prev_end <= fig.start:
        before_raw = folded[prev_end:fig.start]  # 共向261名见义勇为人员发放慰问金: after the previous figure
    after = _clean_after(after_raw, keep_verbs=False)
    before = _clean(before_raw)
    if after and (not before or _verb_ends(before_raw) or fig.kind == "ordinal"):
        return after
    if before or after:
        return before or after
    # nothing but verbs around the figure (实名注册60余万人, 完成处置11235宗): keep them, they still
    # tell this measure from others
    return _QUOTES_SPACE.sub("", before_raw or clause_before)[-8:]


_VERB_END_WORDS: Final = (
    "建成|建立|组建|创建|设立|成立|打造|形成|推出|出台|举办|发放|帮助|为|有|共有|拥有|培育|创新|"
    "实施|提供|涌现|入选|打掉|获颁|共获颁|向|对|配备|配置|规范设置|办理|举行|开展|建设|汇集|覆盖|实现|"
    "达到|包括|设有|设置|拥有|新增|增加|减少|培训|组织|动员|发动|吸纳|招募|聘请|选派|派驻|进驻|推动|将|把"
)
_VERB_END_AMOUNT: Final = _APPROX_WORDS + "|共|累计"
_VERB_END: Final = re.compile("(?:" + _VERB_END_WORDS + ")(?:了)?(?:" + _VERB_END_AMOUNT + ")?$")
# Characters _VERB_END can end with (and a newline: ``$`` also matches before one).
_VERB_END_LAST: Final = frozenset(word[-1] for word in f"{_VERB_END_WORDS}|了|{_VERB_END_AMOUNT}".split("|")) | {"\n"}
# The longest match: the longest verb, 了 and the longest amount word, and a final newline after it.
_VERB_END_REACH: Final = max(map(len, _VERB_END_WORDS.split("|"))) + 1 + max(map(len, _VERB_END_AMOUNT.split("|"))) + 1


def _previous_clause_topic(ctx: _Context, s_start: int, c_start: int, prev_start: int) -> str:
    """The metric of the clause before ``c_start``: its words up to its figure (全市共发生交通事故1,047起 →
    发生交通事故), else the whole clause cleaned."""
    lo = _clause_start(ctx, max(s_start, c_start - 1), s_start)
    cut = prev_start if lo <= prev_start < c_start else -1
    if cut < 0:  # the figure before is further on (较2012年的13748宗下降): the clause's own last number
        last = _LAST_NUMBER.search(ctx.folded, lo, c_start)
        cut = last.start() if last else -1
    if cut >= 0:
        topic = _clean(ctx.folded[lo:cut])
        if len(topic) >= 2:
            return topic
    return _clean(ctx.folded[lo:c_start])


def _verb_ends(phrase: str) -> bool:
    """``_VERB_END.search(phrase)``, skipped when the phrase cannot end with a verb, and tried only where a
    match can start: at most _VERB_END_REACH characters back from the end."""
    return bool(phrase) and phrase[-1] in _VERB_END_LAST and search_end(_VERB_END, phrase, _VERB_END_REACH) is not None


def _clean_after(after: str, *, keep_verbs: bool) -> str:
    if after and (after[0] in _AFTER_LEAD_CHARS or after[0].isspace()):
        after = _strip_head(_AFTER_LEAD, after)
    if keep_verbs:  # up to the next figure (2021年共受理警情4878宗 → 共受理警情), a span of years kept (连续7年下降)
        figure = _FIGURE_AHEAD.search(after)
        return _AFTER_QUOTES.sub("", after[:figure.start()] if figure else after)[:14]
    cut = first_cut(after, _AFTER_CUT)
    phrase = after[:cut] if cut >= 0 else after
    if cut >= 0 and after[cut].isdigit():  # 追回工资报酬约|1.2亿元: no 约 left dangling
        shorter = _strip_tail_function(phrase)
        if len(shorter) >= 2:
            phrase = shorter
    return phrase[:14]


_FIGURE_AHEAD: Final = re.compile(r"\d(?![\d.,]*[年+])")  # not a span of years, nor a label (1+6+N)
_LAST_NUMBER: Final = re.compile(r"\d[\d.,]*(?!.*\d)", re.DOTALL)
_COMPARISON_LEAD: Final = re.compile(r"(?:较|比|与|同)(?:\d{4}年|去年|上年|上一年|前年|往年)")


def _strip_change(before: str) -> str:
    """``_CHANGE_TAIL.sub("", before)``, tried only where a match can start: the expression ends with
    ``[\\d.%]*$``, so a match takes the whole run of those characters at the end (before a final
    newline, where ``$`` also matches) and at most _CHANGE_TAIL_REACH characters before it. A search
    from the start tries every position of the clause."""
    end = len(before)
    if end and before[end - 1] == "\n":
        end -= 1
    lo = max(0, figure_tail_start(before, end) - _CHANGE_TAIL_REACH)
    if not may_hold(before, lo, _CHANGE_TAIL_FIRSTS):
        return before  # no verb of a change: no match
    m = _CHANGE_TAIL.search(before, lo)
    if m is None:
        return before
    return before[:m.start()] + before[m.end():]


def _year_topic(ctx: _Context, fig: Figure, s_start: int, s_end: int) -> str:
    folded = ctx.folded
    c_end = _clause_end(ctx, fig.end + 1, s_end)
    after = folded[fig.end:c_end]
    after = _strip_head(_DATE_WORDS_LEAD, after)
    after = _strip_head(_RANGE_END_LEAD, after)
    return _clean_after(after, keep_verbs=True)


# ---------------------------------------------------------------- period

def _period(ctx: _Context, figures: list[Figure], index: int, fig: Figure, s_start: int) -> str:
    """The time the figure refers to: a year, an ISO interval, or the publication date."""
    if fig.kind == "year":
        if fig.link is not None:
            other = figures[fig.link]
            lo, hi = sorted((str(fig.value), str(other.value)))
            return f"{lo}/{hi}"
        return str(fig.value)
    if fig.kind == "date":
        value = str(fig.value)
        year = ctx.pub_year
        if value.startswith("--") and year is not None:
            return _date_in_context(ctx, fig, year, value)
        return value[:10]
    # an explicit year or range in the same sentence, before the figure (or right after it)
    explicit = _explicit_year(ctx, figures, index, s_start)
    cue = _nearest_cue(ctx, fig.start, s_start)
    if explicit is not None and (cue is None or explicit[0] >= cue[0]):
        return explicit[1]
    if cue is not None:
        return cue[1]
    # the paragraph's leading cue (过去一年，…) carries over to its later sentences
    p = bisect_right(ctx.paragraph_starts, fig.start) - 1
    p_start = max(ctx.paragraph_starts[p], fig.start - PARAGRAPH_REACH)
    # else the nearest period named earlier in its paragraph: a cue (五年来) or a year (2017年)
    para_cue = _nearest_cue(ctx, fig.start, p_start)
    prev_year = _explicit_year(ctx, figures, index, p_start)
    if para_cue is not None and (prev_year is None or para_cue[0] > prev_year[0]):
        return para_cue[1]
    if prev_year is not None:
        return prev_year[1]
    # else the year of the section it stands in (2024年主要工作 …)
    h = bisect_right(ctx.heading_starts, fig.start) - 1
    if h >= 0:
        return ctx.headings[h]
    return ctx.default_period


# A heading that names a year's work (2024年主要工作, 一、2023年工作回顾): the figures under it without a
# year of their own are of that year, whenever the report is published. (Not a title such as 2025年政府工作
# 报告, which reviews the year before it.)
_YEAR_HEADING: Final = re.compile(
    r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])?\s*(\d{4})\s?年度?的?"
    r"(?:主要工作|工作回顾|工作总结|主要成绩|工作情况|重点工作)(?:回顾|情况|和成效)?\s*")
_HEADING_MAX: Final = 24  # characters of a heading line


def _year_headings(folded: str, paragraph_starts: list[int]) -> list[tuple[int, str]]:
    """Where the text under each heading that names a year's work starts, and the year."""
    out: list[tuple[int, str]] = []
    for k, start in enumerate(paragraph_starts):
        end = paragraph_starts[k + 1] - 1 if k + 1 < len(paragraph_starts) else len(folded)
        if end - start <= _HEADING_MAX:
            m = _YEAR_HEADING.fullmatch(folded, start, end)
            if m is not None:
                out.append((end, m.group(1)))
    return out


def _default_period(article: Article, year: int | None, folded: str, paragraph_starts: list[int]) -> str:
    """The period of a figure with no cue of its own: what the article reports on; else the year before its
    publication when an opening paragraph begins with it (2016年，全省法院… in a report given in 2017: the
    year the report is on); else the year of its publication."""
    if article.reports_on:
        return article.reports_on.replace("-", "/") if _YEAR_RANGE.fullmatch(article.reports_on) \
            else article.reports_on
    if year is None:
        return ""
    for start in paragraph_starts:
        if start > _OPENING_REACH:
            break
        m = _OPENING_YEAR.match(folded, start)
        if m is not None and int(m.group(1)) == year - 1:
            return m.group(1)
    return str(year)


_OPENING_YEAR: Final = re.compile(r"[ \t]*(\d{4})\s?年度?[，,]")
_OPENING_REACH: Final = 1200  # characters of the article's opening a reporting year is looked for in


def _date_in_context(ctx: _Context, fig: Figure, year: int, value: str) -> str:
    before = ctx.folded[max(0, fig.start - 4):fig.start]
    if "去年" in before:
        year -= 1
    if value.startswith("---"):
        return str(year)  # a day of some month (每个月的10日): the year is all that is known
    return f"{year}{value[1:]}"


def _explicit_year(ctx: _Context, figures: list[Figure], index: int, floor: int) -> tuple[int, str] | None:
    """The nearest year figure before ``index`` that starts at or after ``floor``."""
    folded = ctx.folded
    fig_start = figures[index].start
    dated = ctx.dated  # (only years and dates can be one: the others are passed over without a look)
    for k in range(bisect_left(dated, index) - 1, -1, -1):
        j = dated[k]
        other = figures[j]
        if other.start < floor:
            break
        if other.kind == "year":
            if _multiple_of_year(folded, other.end):
                continue  # 是2007年的4.21倍: the base of a multiple, the period of neither figure
            if _is_base_year(folded, other.start) and not _BASE_VALUE.match(folded, other.end, fig_start):
                continue  # 比2016年上升7.11%: the base of a comparison, not the period of the figure
            if other.link is not None and other.link < j:
                first = figures[other.link]
                return first.start, f"{first.value}/{other.value}"
            tail = folded[other.end:other.end + 6]
            if _SINCE.match(tail):
                return other.start, f"{other.value}/{ctx.published}".rstrip("/")
            return other.start, str(other.value)
        if other.kind == "date" and len(str(other.value)) >= 7 and not str(other.value).startswith("-"):
            return other.start, str(other.value)[:7]
    return None


# 较2012年的13748宗: the figure right after a base year is the base value, of that year
_BASE_VALUE: Final = re.compile(r"年?度?(?:的|同期的?|为|是)?$")


# 是2007年的4.21倍, 相当于2012年的两倍: a year whose figure the one after it is a multiple of
_MULTIPLE_OF_YEAR: Final = re.compile(r"年?度?的\s?(?:[\d.]+|[一二三四五六七八九十两]+(?:点[一二三四五六七八九零〇]+)?)\s?倍")


def _multiple_of_year(folded: str, year_end: int) -> bool:
    return "的" in folded[year_end:year_end + 3] and _MULTIPLE_OF_YEAR.match(folded, year_end) is not None


def _is_base_year(folded: str, start: int) -> bool:
    """A year introduced by 比/较/与/相比/同 (the base a change is measured against)."""
    return start > 0 and (folded[start - 1] in "比较与同" or folded[max(0, start - 2):start] in ("相比", "对比"))


def _nearest_cue(ctx: _Context, pos: int, floor: int) -> tuple[int, str] | None:
    i = bisect_left(ctx.cue_starts, pos) - 1
    while i >= 0:
        start, _, value = ctx.cues[i]
        if start < floor:
            return None
        if value:
            return start, value
        i -= 1
    return None
