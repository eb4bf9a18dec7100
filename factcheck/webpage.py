"""Read a saved web page: its main text, title, outlet, canonical address and publication date.

trafilatura finds the main text and htmldate the dates in the page's markup; this module decodes the
page from its bytes and its ``charset``, prunes what those libraries keep on Chinese news pages (comment
threads, related-link lists, copyright and disclaimer lines, share bars), and reads the dates Chinese pages
print (``发布时间：2023-12-27``, ``2023年12月27日 14:17``, a date on the ``来源：…`` line).

Both libraries are imported on first use only: ``factcheck --help`` and ``add`` of a text file never load
them. The extraction settings are fixed here, so the same page gives the same text byte for byte with the
same library versions (recorded in :attr:`WebPage.extractor`).
"""

from __future__ import annotations

import codecs
import datetime
import re
from dataclasses import dataclass
from typing import Any

from .errors import InputError

__all__ = ["HTML_SUFFIXES", "WebPage", "extractor_versions", "is_html_file", "read_webpage"]

HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".shtml", ".xhtml")

# At least this much article text (characters, not counting whitespace) or the page is refused.
MIN_TEXT = 40


@dataclass(frozen=True)
class WebPage:
    """What a saved page says about its article. ``text`` is the article text claim spans index."""

    text: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None  # YYYY-MM-DD
    published_from: str | None  # where the date was found: '<meta name="PubDate">', 'the page text: 发布时间：…'
    encoding: str  # the codec the page was decoded with
    extractor: str  # "trafilatura 2.3.1, htmldate 1.11.0"


def is_html_file(name: str) -> bool:
    """Whether a file name says web page (``.html``, ``.htm``, ``.shtml``, ``.xhtml``)."""
    return name.lower().endswith(HTML_SUFFIXES)


def extractor_versions() -> str:
    """The versions of the libraries that read pages (recorded with every page added)."""
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for name in ("trafilatura", "htmldate"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} (not installed)")
    return ", ".join(parts)


def _need_libraries(name: str) -> None:
    try:
        import htmldate  # noqa: F401
        import trafilatura  # noqa: F401
    except ImportError as exc:
        raise InputError(f"{name}: reading web pages needs trafilatura and htmldate ({exc}); "
                         "install them with `pip install trafilatura htmldate lxml_html_clean`") from None


# ---------------------------------------------------------------- decoding

_HTML_SIGNS = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|script)[\s>/]", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CODEC_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                  "big5": "big5hkscs", "cp936": "gb18030"}


def looks_like_html(data: bytes) -> bool:
    """Markup in the first 64 KiB: a doctype, <html>, <head>, <body> or common tags."""
    head = data[:65536]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    elif head[:4096].count(b"\x00") * 100 > len(head[:4096]):  # binary data, not a page with a stray NUL
        return False
    return _HTML_SIGNS.search(head) is not None


def declared_charset(data: bytes) -> str | None:
    """The codec the page's ``<meta charset>`` (or http-equiv Content-Type) names, if Python knows it."""
    m = _META_CHARSET.search(data[:65536])
    if m is None:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    name = _CODEC_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(data: bytes, name: str) -> tuple[str, str]:
    """The page as text, and the codec: a byte-order mark, then strict UTF-8, then the declared charset,
    then the project's detection for text files (GB18030 versus Big5 by plausibility). Pages often declare
    a charset that is not their encoding, so a declaration never wins over bytes that decode as UTF-8."""
    from .textio import decode_bytes

    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    as_declared = None
    if declared is not None and declared != "utf-8":
        try:
            as_declared = data.decode(declared)
        except UnicodeDecodeError:
            pass
    try:
        detected = decode_bytes(data, name)
    except InputError:
        detected = None
    if as_declared is not None and declared is not None:
        # GB18030 decodes almost any bytes: a Big5 page declared as GBK decodes without error, as
        # nonsense. The declaration wins unless the detected reading is clearly better Chinese.
        if detected is not None and detected[1] != declared and \
                _chinese_score(detected[0]) > _chinese_score(as_declared) + 0.2:
            return detected
        return as_declared, declared
    if detected is not None:
        return detected
    # a page with a few broken bytes (truncated multi-byte characters are common in saved pages): the
    # declared codec, or UTF-8, when only a handful of characters are lost
    for codec in (declared or "utf-8", "utf-8", "gb18030"):
        text = data.decode(codec, errors="replace")
        if text.count("\ufffd") <= max(3, len(text) // 2000):
            return text, codec
    raise InputError(f"{name}: cannot decode the page (tried utf-8, its charset {declared or 'none'}, gb18030, big5)")


def _chinese_score(html: str) -> float:
    """How plausible the page's text (markup removed) is as Chinese (textio's score)."""
    from .textio import plausibility

    return plausibility(re.sub(r"<[^>]*>", "", html))


# ---------------------------------------------------------------- page clean-up before extraction

# a closing </body> or </html> before the end of the page (a header template included whole): parsers
# stop reading there and the article after it is lost
_EARLY_END = re.compile(r"</(?:body|html)\s*>", re.I)


def _parse(html: str) -> Any:
    from lxml import html as lxml_html

    cleaned = _EARLY_END.sub("", html)
    cleaned = re.sub(r"^\s*<\?xml[^>]*>", "", cleaned)  # lxml refuses an encoding declaration in a str
    try:
        return lxml_html.document_fromstring(cleaned)
    except Exception:  # lxml raises ParserError or ValueError on empty or hostile documents
        return None


def _unlist_layout(tree: Any) -> None:
    """Some templates lay the page out in a list (the article is one <li> of a <ul>): a list item
    that holds paragraphs is a layout block, not a list entry, and would come out as one line."""
    for item in tree.xpath("//li[count(.//p) >= 2]"):
        parent = item.getparent()
        item.tag = "div"
        if parent is not None and parent.tag in ("ul", "ol"):
            parent.tag = "div"


# ---------------------------------------------------------------- text clean-up after extraction

# a line from which the rest is comments, related links or recommendations (once 40 % of the text or
# 300 characters are past; before that only the line itself goes, when short)
_TAIL = re.compile(
    r"^(?:网友评论仅供其表达个人看法|目前没有(?:热门)?跟贴|热门跟贴|最新跟贴|相关(?:推荐|新闻|阅读|文章|报道|链接)|"
    r"推荐阅读|热门推荐|热点推荐|为您推荐|猜你喜欢|延伸阅读|精彩推荐|大家都在看|更多精彩|关键词\s*>>|已收藏|"
    r"感谢您的反馈|小编最近文章|热门评论|网友评论|我要评论|发表评论|查看评论|全部评论|返回顶部|上一篇|下一篇|"
    r"推荐新闻|新闻评论|点击排行|排行榜|加载更多|更多新闻|热门文章|最新文章|今日推荐|编辑推荐|"
    r"[\[【(（]?(?:责任编辑|责编|编辑)\s*[:：]|"
    r"[\[【]\s*(?:熱門|热门|相關|相关|延伸|推薦|推荐|更多)\S{0,4}\s*[\]】]\s*$)")
# a line that is page chrome wherever it is and however long (unless a long sentence)
_CHROME_LINE = re.compile(
    r"(?:版权所有|版權所有|版权声明|copyright|all rights reserved|©|免责声明|^声明[:：]|本文仅代表作者|未经授权不得转载|"
    r"未经书面授权|转载请注明|举报电话|举报邮箱|违法和不良信息|^[\[【(（]?责任编辑|^[\[【(（]?编辑[:：]|您(?:所在|当前)的位置|"
    r"^当前位置|^首页\s*[>＞]|现在位置|打印本页|关闭窗口|浏览次数|阅读次数|点击数[:：]|<\$\[|【点击[^】]{0,6}】|"
    r"扫描\S{0,4}二维码|^\d+人参与|^\d+条评论|^APP专享)",
    re.I,
)
# a short line (CHROME_SHORT_LEN characters at most) that is page chrome: buttons, labels, prompts,
# which an article sentence may also mention ("据广州发布微信公众号消息，…")
_CHROME_SHORT = re.compile(
    r"(?:^字号|扫一扫|关注\S{0,12}微信|分享到|微信公众号|^点击(?:进入|查看)|^登录|快速登录|免注册|^我有话说|"
    r"^\S{1,8}[:：]$|^(?:图片|圖片)(?:均)?(?:来自|來自)网络|"
    r"^(?:推荐|推薦|图集|圖集|分享|收藏|打印|关闭|返回|更多|展开全文|阅读全文|查看原文|评论|評論|视频|相关)$)",
    re.I,
)
CHROME_SHORT_LEN = 30
_SOURCE_LINE = re.compile(r"^(?:图片|圖片|文章|信息|資料|资料)?(?:来源|來源|来源于)\s*[:：]")
_DATE_ONLY = re.compile(r"^[\d\s:：年月日/.\-—]+(?:(?:星期|周|週)[一二三四五六日天])?$")
_BYLINE_DATE = re.compile(r"^\S{0,20}\s*(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d\d(?::\d\d)?\s*(?:来源|$)")
_RELATED_ITEM = re.compile(r"(?:19|20)\d\d-\d\d-\d\d(?:\s*\d\d:\d\d(?::\d\d)?)?\s*\S{0,8}$")
_SENTENCE_END = re.compile(r"[。！？!?；;…”」』）)]\s*$")


_BACK_HOME = re.compile(r"\s*返回\S{0,8}首页\s*[>＞》]*\s*$")


def _drop_link_tail(lines: list[str], anchors: frozenset[str]) -> list[str]:
    """Cut a trailing block of related links (headlines, each maybe with a one-line summary): from the
    first line that is a link's text, past the first third of the text, after which at least 40 % of
    the lines are links' texts. Link-text lines elsewhere without sentence punctuation go too."""
    if not anchors:
        return lines
    prefixes = tuple(a for a in anchors if len(a) >= 8)

    def linked(line: str) -> bool:  # a link's text, or a link's text followed by its source 【北京新浪網】
        return line in anchors or (len(line) <= 80 and line.startswith(prefixes))

    is_link = [linked(line) for line in lines]
    total = sum(len(line) for line in lines)
    seen = 0
    for i, line in enumerate(lines):
        if is_link[i] and seen >= total / 3 and sum(is_link[i:]) * 5 >= 2 * (len(lines) - i):
            lines = lines[:i]
            break
        seen += len(line)
    return [line for line, link in zip(lines, is_link, strict=False)
            if not (link and len(line) <= 40 and not _SENTENCE_END.search(line))]


def _clean_text(raw: str, anchors: frozenset[str] = frozenset()) -> str:
    lines = [_clean_line(line) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    total = sum(len(line) for line in lines)
    kept: list[str] = []
    seen = 0
    for line in lines:
        if _TAIL.match(line):
            if seen >= min(total * 0.4, 300):
                break
            if len(line) <= 12:
                continue
        seen += len(line)
        if _is_chrome(line):
            continue
        kept.append(_BACK_HOME.sub("", line))
    kept = _drop_menus(kept)
    kept = _drop_link_tail(kept, anchors)
    # a paragraph repeated verbatim (a page printing its lead twice) stays once
    out: list[str] = []
    seen_lines: set[str] = set()
    for line in kept:
        if len(line) >= 20 and line in seen_lines:
            continue
        seen_lines.add(line)
        out.append(line)
    return "\n".join(out) + ("\n" if out else "")


def _clean_line(line: str) -> str:
    line = line.strip().strip("\ufeff\u200b").strip()
    if line.startswith(("- ", "* ")):
        line = line[2:].strip()
    if line.startswith("|") or line.endswith("|"):
        line = line.strip("|").strip()
    if not re.search(r"[^\s|]", line):  # an empty table row: | | |
        return ""
    return line


def _is_chrome(line: str) -> bool:
    if _CHROME_LINE.search(line) and (len(line) < 120 or not _SENTENCE_END.search(line)):
        return True
    if len(line) <= CHROME_SHORT_LEN and _CHROME_SHORT.search(line):
        return True
    if _DATE_ONLY.match(line) or _BYLINE_DATE.match(line):
        return True
    if len(line) <= 30 and _SOURCE_LINE.match(line) and not _SENTENCE_END.search(line):
        return True
    # an item of a related-links list: a short headline ending in its date
    return len(line) <= 60 and _RELATED_ITEM.search(line) is not None and not _SENTENCE_END.search(line)


def _drop_menus(lines: list[str]) -> list[str]:
    """Runs of three or more very short lines without punctuation are menus (推荐 / 娱乐 / 体育 …)."""
    def short(line: str) -> bool:
        return len(line) <= 6 and not re.search(r"[，。！？、：；,.!?:;]", line)

    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and short(lines[j]):
            j += 1
        if j - i >= 3:
            i = j
            continue
        out.extend(lines[i:j + 1] if j > i else [lines[i]])
        i = max(j + 1, i + 1)
    return out


# ---------------------------------------------------------------- dates

_DATE = re.compile(
    r"((?:19|20)\d\d)\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?:[T\s]|上午|下午)?\s*(\d{1,2})[:：](\d\d))?")
# <meta> names and properties that hold the publication date, in the order they are trusted
_DATE_METAS: tuple[tuple[str, str], ...] = (
    ("property", "article:published_time"), ("itemprop", "datePublished"), ("name", "PubDate"),
    ("name", "publishdate"), ("name", "firstpublishedtime"), ("property", "og:release_date"),
    ("name", "publish_time"), ("name", "pubdate"), ("name", "publishtime"), ("name", "og:time"),
    ("property", "og:time"), ("name", "article:published_time"), ("name", "dc.date.issued"),
    ("name", "dc.date"), ("name", "date"), ("name", "date.available"), ("itemprop", "dateUpdate"),
)
# a label before a date in the page text
_DATE_LABEL = re.compile(r"(?:发布时间|发布日期|发表时间|发表日期|发布于|发稿时间|更新时间|时间|日期)\s*[:：]?\s*$")


def _iso(m: re.Match[str]) -> str | None:
    try:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        value = datetime.date(year, month, day)
    except ValueError:
        return None
    if not 1990 <= year or value > datetime.date.today() + datetime.timedelta(days=1):
        return None
    return value.isoformat()


def _parse_date(value: str) -> str | None:
    m = _DATE.search(value)
    return _iso(m) if m else None


def _meta_date(tree: Any) -> tuple[str, str] | None:
    metas: dict[tuple[str, str], str] = {}
    for node in tree.iter("meta"):
        content = node.get("content")
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = node.get(attr)
            if key:
                metas.setdefault((attr, key.strip().lower()), content)
    for attr, key in _DATE_METAS:
        content = metas.get((attr, key.lower()))
        if content is None and attr != "name":
            content = metas.get(("name", key.lower()))
        if content is not None:
            iso = _parse_date(content)
            if iso is not None:
                return iso, f'<meta {attr}="{key}">'
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        m = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.text or "")
        if m:
            iso = _parse_date(m.group(1))
            if iso is not None:
                return iso, "the page's JSON-LD datePublished"
    return None


# how far after the headline the dateline of an article is looked for (characters of page text)
_DATELINE_WINDOW = 3000


def _text_date(text: str, title: str | None) -> tuple[str, str] | None:
    """A date the page prints near its headline: after a label (发布时间：2023-12-27), on the 来源：… line,
    with a time of day (2023年12月27日 14:17) or alone on its line. A label wins over a 来源 line, which
    wins over the others; among equals the first after the headline. Dates before the headline or far
    below it (lists of other stories, comments) count only when there is no other."""
    start = 0
    if title:
        at = text.find(title[:12])
        if at >= 0:
            start = at
    best: tuple[int, int, str, str] | None = None
    for m in _DATE.finditer(text):
        iso = _iso(m)
        if iso is None:
            continue
        before = text[max(0, m.start() - 12):m.start()]
        after = text[m.end():m.end() + 20]
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        label = _DATE_LABEL.search(before)
        shown = " ".join(m.group(0).split())
        if label is not None:
            rank = 0
            shown = " ".join((label.group(0) + m.group(0)).split())
        elif "来源" in after[:12] or "来源" in before or "來源" in after[:12] or "來源" in before:
            rank = 1
            shown = " ".join(text[m.start():m.end() + after.find("源") + 1].split()) + "…" if "源" in after[:12] \
                else shown
        elif m.group(4) is not None or line.strip() == m.group(0).strip():
            rank = 2
        else:
            continue
        near = start <= m.start() <= start + _DATELINE_WINDOW
        key = (rank if near else rank + 3, m.start() if m.start() >= start else len(text) + m.start())
        if best is None or key < best[:2]:
            best = (*key, iso, shown)
    if best is None:
        return None
    return best[2], f"the page text: {best[3]}"


def _htmldate(tree: Any) -> str | None:
    import htmldate

    try:
        found = htmldate.find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is defensive, but a hostile page must not end the run with a traceback
        return None
    return found if isinstance(found, str) else None


def _visible_text(tree: Any) -> str:
    import copy as copying

    copy = copying.deepcopy(tree)
    for node in copy.xpath("//script|//style|//noscript|//template|//head"):
        node.drop_tree()
    return "\n".join(t.strip() for t in copy.itertext() if t.strip())


# ---------------------------------------------------------------- title, outlet

_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|-{1,2}|—|－)\s*")


def _meta(tree: Any, *keys: str) -> str | None:
    for key in keys:
        for node in tree.xpath(f'//meta[@property="{key}" or @name="{key}"]'):
            value = (node.get("content") or "").strip()
            if value:
                return value
    return None


def _title(tree: Any, meta_title: str | None) -> str | None:
    """The headline: the <h1> that the page's <title> or og:title contains, else og:title, else the
    <title> without the site's name after it (_ - | —)."""
    page_title = " ".join((tree.findtext(".//title") or "").split())
    og = " ".join((_meta(tree, "og:title") or "").split())
    for head in tree.xpath("//h1"):
        text = " ".join(head.text_content().split())
        if 4 <= len(text) <= 120 and (text in page_title or text in og or (len(og) >= 6 and text.startswith(og))):
            return text
    raw = page_title or og or " ".join((meta_title or "").split())
    if not raw:
        return None
    parts = _TITLE_SPLIT.split(raw)
    if len(parts) > 1 and len(parts[0]) >= 6:
        return parts[0]
    return raw


_OUTLET_LIKE = re.compile(r"(?:网|網|报|報|社|台|新闻|新聞|频道|頻道|在线|時報|时报|日报|日報|观察|觀察)$")
_COPYRIGHT_NAME = re.compile(
    r"([\u3400-\u9fff]{2,12})\s*(?:版权所有|版權所有)|"
    r"(?:copyright|©)\s*(?:©\s*)?(?:\d{4}\s*(?:[-~–—]\s*\d{4})?\s*)?([\u3400-\u9fff]{2,12})", re.I)


def _outlet(tree: Any, title_raw: str, sitename: str | None, visible: str) -> str | None:
    """The outlet: og:site_name, else the site's name trafilatura found (in Chinese), else the site's
    name at the end of the <title> (新华网, 澎湃新闻), else the name on the copyright line, else the
    name trafilatura found (a domain)."""
    name = _meta(tree, "og:site_name", "application-name", "SiteName", "sitename")
    if name:
        return name.strip()
    cleaned = None
    if sitename:
        cleaned = re.sub(r"(?:版权所有|版權所有|copyright|all rights reserved|©|\d{4}(?:-\d{4})?|inc\.?)", " ", sitename,
                         flags=re.I)
        cleaned = " ".join(cleaned.split()).strip(" .,") or None
        if cleaned is not None and not 2 <= len(cleaned) <= 30:
            cleaned = None
    if cleaned is not None and re.search(r"[\u3400-\u9fff]", cleaned):
        return cleaned
    parts = [part for part in _TITLE_SPLIT.split(title_raw) if part]
    if len(parts) == 2 and 2 <= len(parts[1]) <= 12 and not re.search(r"\d", parts[1]):
        return parts[1]
    for part in reversed(parts[1:]):
        if 2 <= len(part) <= 12 and _OUTLET_LIKE.search(part) and not re.search(r"\d", part):
            return part
    for m in _COPYRIGHT_NAME.finditer(visible[-3000:]):
        found = m.group(1) or m.group(2)
        if found:
            return found
    return _outlet_by_domain(tree) or cleaned


# Sites whose pages often name no outlet in their markup (platforms, portals), by registrable domain: the
# outlet a desk cites for them.
_OUTLET_OF_DOMAIN = {
    "toutiao.com": "今日头条", "baidu.com": "百家号", "xinhuanet.com": "新华网", "news.cn": "新华网",
    "people.com.cn": "人民网", "huanqiu.com": "环球网", "thepaper.cn": "澎湃新闻", "sina.com.cn": "新浪网",
    "163.com": "网易", "qq.com": "腾讯网", "sohu.com": "搜狐", "ifeng.com": "凤凰网", "chinanews.com.cn": "中国新闻网",
    "chinanews.com": "中国新闻网", "cctv.com": "央视网", "gov.cn": "中国政府网", "guancha.cn": "观察者网",
    "chinadaily.com.cn": "中国日报网", "youth.cn": "中国青年网", "cyol.com": "中青在线", "chinacourt.org": "中国法院网",
    "spp.gov.cn": "最高人民检察院", "court.gov.cn": "最高人民法院", "chinapeace.gov.cn": "中国长安网",
}
_HOST = re.compile(r"^(?:https?:)?//([a-z0-9.-]+)", re.I)


def _outlet_by_domain(tree: Any) -> str | None:
    """The outlet of the site most of the page's links and images come from, when it is one of
    _OUTLET_OF_DOMAIN (a page of 今日头条 links to toutiao.com throughout)."""
    counts: dict[str, int] = {}
    for link in tree.xpath("//@href | //@src"):
        m = _HOST.match(str(link))
        if m is None:
            continue
        labels = m.group(1).lower().rstrip(".").split(".")
        for size in (3, 2):  # chinanews.com.cn before com.cn
            domain = ".".join(labels[-size:])
            if domain in _OUTLET_OF_DOMAIN:
                counts[domain] = counts.get(domain, 0) + 1
                break
    if not counts:
        return None
    return _OUTLET_OF_DOMAIN[max(sorted(counts), key=lambda d: counts[d])]


# ---------------------------------------------------------------- the page

def read_webpage(data: bytes, name: str) -> WebPage:
    """Read a saved page's article; an InputError (one line) for a file that is not HTML, a page with no
    article text, a page that is only script, or a list or index page."""
    if not looks_like_html(data):
        raise InputError(f"{name}: not an HTML page (no <html>, <head>, <body> or other markup)")
    _need_libraries(name)
    html, encoding = decode_page(data, name)
    tree = _parse(html)
    if tree is None:
        raise InputError(f"{name}: the page cannot be parsed as HTML")
    visible = _visible_text(tree)
    if len(re.sub(r"\s", "", visible)) < MIN_TEXT:
        scripts = len(tree.xpath("//script"))
        if scripts:
            raise InputError(f"{name}: the page is only script ({scripts} <script> elements, no text): save the "
                             "page after it has loaded in a browser")
        raise InputError(f"{name}: no article text in the page")
    import trafilatura
    from trafilatura.metadata import extract_metadata

    # its own date search off: the dates are read below, and the extensive search costs seconds (dateparser)
    meta = extract_metadata(tree, date_config={"extensive_search": False, "original_date": True}, extensive=False)
    meta_title = meta.title if meta is not None else None
    title_raw = " ".join((tree.findtext(".//title") or meta_title or "").split())
    title = _title(tree, meta_title)
    _unlist_layout(tree)
    raw = trafilatura.extract(
        tree, output_format="txt", include_comments=False, include_tables=True, include_images=False,
        include_links=False, include_formatting=False, deduplicate=False, favor_precision=False,
        favor_recall=True, with_metadata=False, config=_config(),
    ) or ""
    text = _clean_text(raw, _anchor_texts(tree))
    if len(re.sub(r"\s", "", text)) < MIN_TEXT:
        raise InputError(f"{name}: no article text found in the page (a list or index page, or an empty article?)")
    if _is_list_page(tree, text):
        raise InputError(f"{name}: looks like a list or index page, not an article (its text is links to "
                         "stories, or teasers under them)")
    text = _with_headline(text, title)
    found = _meta_date(tree)
    if found is None:
        found = _text_date(visible, title)
    if found is None:
        date = _htmldate(tree)
        if date is not None:
            found = (date, "htmldate's reading of the page markup")
    url = meta.url if meta is not None and meta.url else None
    return WebPage(
        text=text, title=title, outlet=_outlet(tree, title_raw, meta.sitename if meta is not None else None, visible),
        url=url, published=found[0] if found else None, published_from=found[1] if found else None,
        encoding=encoding, extractor=extractor_versions(),
    )


def _with_headline(text: str, title: str | None) -> str:
    """The text with the headline as its first line (figures in headlines are claims too), unless one
    of its first lines already is the headline or holds it."""
    if not title or len(title) < 6:
        return text
    squashed = re.sub(r"\s", "", title)
    head = [re.sub(r"\s", "", line) for line in text.split("\n", 3)[:3]]
    if any(squashed in line or (len(line) >= 6 and line in squashed) for line in head):
        return text
    return f"{title}\n{text}"


def _anchor_texts(tree: Any) -> frozenset[str]:
    """The texts of the page's links (six characters or more), as extracted lines show them."""
    texts = (" ".join(a.text_content().split()) for a in tree.iter("a"))
    return frozenset(t for t in texts if len(t) >= 6)


_MORE = re.compile(r"^\W*(?:更多|详细|详情|全文|阅读全文|查看全文|more|read more|mehr|weiter|suite|lire la suite)\W*$", re.I)


def _links_a_story(node: Any, content: str) -> bool:
    """A teaser block: it opens with a link headline, or ends with a 'more' link."""
    for link in node.iter("a"):
        label = re.sub(r"\s", "", link.text_content())
        if not label or not link.get("href"):
            continue
        if _MORE.match(label) and content.endswith(label):
            return True
        if len(label) >= 8 and 0 <= content.find(label) <= 30 and len(label) * 2 < len(content):
            return True
    return False


def _teaser_share(tree: Any, text: str) -> tuple[int, int]:
    """How many of the text's paragraphs the page shows as story teasers (a link headline over them or
    inside their block, a 'more' link after them), and how many paragraphs were found in the page."""
    # compared without whitespace: blocks' texts join without it where the extracted lines have spaces
    lines = [re.sub(r"\s", "", line) for line in text.split("\n") if len(line) >= 20]
    best: dict[str, tuple[int, Any, str]] = {}  # line -> the smallest block holding it
    for node in tree.iter("p", "div", "li", "dd", "span", "article", "section", "td"):
        content = re.sub(r"\s", "", node.text_content())
        if len(content) < 20 or len(content) > 3000:
            continue
        for line in lines:
            if len(content) <= len(line) * 3 // 2 + 40 and line in content:
                known = best.get(line)
                if known is None or len(content) < known[0]:
                    best[line] = (len(content), node, content)
    teasers = 0
    for _, node, content in best.values():
        if _links_a_story(node, content):
            teasers += 1
            continue
        before = node.getprevious()
        if before is None and node.getparent() is not None:
            before = node.getparent().getprevious()
        if before is None or not isinstance(before.tag, str):
            continue
        label = re.sub(r"\s", "", before.text_content())
        links = [re.sub(r"\s", "", a.text_content()) for a in before.iter("a")]
        if label and any(len(link) >= 8 and len(link) * 2 >= len(label) for link in links):
            teasers += 1
    return teasers, len(best)


def _is_list_page(tree: Any, text: str) -> bool:
    """Most of the extracted text is the text of links, or most of its paragraphs follow a link
    headline each (story teasers): a list or index page."""
    teasers, found = _teaser_share(tree, text)
    if teasers >= 4 and teasers * 2 >= found:
        return True
    anchors = _anchor_texts(tree)
    lines = [line for line in text.split("\n") if line]
    total = sum(len(line) for line in lines)
    linked = sum(len(line) for line in lines if line in anchors)
    return total > 0 and linked * 2 > total and len(lines) >= 5


_CONFIG: Any = None


def _config() -> Any:
    """trafilatura's settings, pinned: the values of its defaults that shape the text, set explicitly."""
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config

        config = use_config()
        section = config["DEFAULT"]
        section["MIN_EXTRACTED_SIZE"] = "250"
        section["MIN_OUTPUT_SIZE"] = "1"
        section["MIN_OUTPUT_COMM_SIZE"] = "1"
        section["MAX_TREE_SIZE"] = ""
        section["MIN_DUPLCHECK_SIZE"] = "100"
        section["MAX_REPETITIONS"] = "2"
        section["EXTENSIVE_DATE_SEARCH"] = "off"
        section["EXTRACTION_TIMEOUT"] = "0"
        _CONFIG = config
    return _CONFIG

