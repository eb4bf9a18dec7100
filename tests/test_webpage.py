"""Saved web pages: `factcheck.webpage` on real pages (tests/data/html, see its README) and `add page.html`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from factcheck.errors import InputError
from factcheck.webpage import decode_page, read_webpage

PAGES = ROOT / "tests" / "data" / "html"

# what each page shows a reader: its date, headline, outlet, address, sentences of the article and
# strings of the page around it (related links, share bars, dates of other stories)
EXPECTED = {
    "ltn_finance.html": dict(
        published="2020-04-01", title="是你嗎？ 1-2月期發票千萬獎開出18張", url="https://ec.ltn.com.tw/article/breakingnews/3119452",
        sentences=["本期千萬中獎張數為18張；200萬特獎中獎張數則為14張", "千萬發票仍有4張未領"],
        chrome=["自由財經", "不用抽 不用搶"]),
    "sina_tw_sports.html": dict(
        published="2020-01-21", title="9年來第1次戰勝詹姆斯!NBA歷史第二差紀錄終結",
        url="https://news.sina.com.tw/article/20200121/34046328.html",
        sentences=["凱爾特人在主場以139-107大勝湖人", "沃克出場30分鐘，13投8中"],
        chrome=["李澤楷梁洛施分手9年罕見合體", "【北京新浪網】", "【東森新聞】"]),
    "upmedia_83141.html": dict(
        published="2020-03-12", title="稱「憂鬱症是不知足」挨轟 吳宗憲：鼓勵患者別只往負面想",
        url="https://www.upmedia.mg/news_info.php?SerialNo=83141",
        sentences=["時代力量立委王婉諭12日於臉書直批", "應該要更為自律、謹慎才是"],
        chrome=["熱門點閱", "星期四"]),
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_pages_give_article_text_date_title_and_address(name: str) -> None:
    want = EXPECTED[name]
    page = read_webpage((PAGES / name).read_bytes(), name)
    assert page.published == want["published"]
    assert page.published_from and page.published_from.startswith("<meta")
    assert page.title == want["title"]
    assert page.url == want["url"]
    text = _squash(page.text)
    for sentence in want["sentences"]:
        assert _squash(sentence) in text, sentence
    for chrome in want["chrome"]:
        assert _squash(chrome) not in text, chrome
    assert page.text.endswith("\n") and "\n\n" not in page.text
    assert "trafilatura" in page.extractor and "htmldate" in page.extractor


def test_extraction_is_the_same_bytes_in_a_fresh_process() -> None:
    name = "upmedia_83141.html"
    here = read_webpage((PAGES / name).read_bytes(), name).text.encode("utf-8")
    code = ("import sys; from pathlib import Path; from factcheck.webpage import read_webpage; "
            f"sys.stdout.buffer.write(read_webpage(Path({str(PAGES / name)!r}).read_bytes(), 'x').text.encode())")
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout
    assert here == there


def test_gbk_page_is_read_from_its_charset() -> None:
    page = (PAGES / "ltn_finance.html").read_bytes().decode("utf-8")
    page = re.sub(r'charset="?utf-8"?', "charset=gbk", page, flags=re.I)
    encoded = page.encode("gb18030", errors="replace")  # traditional characters GBK lacks are few
    text, codec = decode_page(encoded, "gbk.html")
    assert codec == "gb18030" and "財政部" in text
    utf8 = read_webpage((PAGES / "ltn_finance.html").read_bytes(), "u.html")
    gbk = read_webpage(encoded, "gbk.html")
    assert gbk.published == utf8.published
    assert "本期千萬中獎張數為18張" in gbk.text


def test_a_declared_charset_that_is_wrong_does_not_win_over_utf8() -> None:
    data = '<html><head><meta charset="gb2312"><title>标题</title></head><body><p>广州市</p></body></html>'
    text, codec = decode_page(data.encode("utf-8"), "x.html")
    assert codec == "utf-8" and "广州市" in text


_ARTICLE = ("<p>" + "广州市2023年地区生产总值30355.73亿元，比上年增长4.6%。" * 3 + "</p>") * 4

BAD_PAGES = {
    "not HTML": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not an HTML page"),
    "plain text": ("广州市统计局发布数据，地区生产总值增长4.6%。".encode(), "not an HTML page"),
    "only script": (b"<html><head><script>var a = 1;</script></head><body><div id='app'></div>"
                    b"<script src='app.js'></script></body></html>", "only script"),
    "no article text": (b"<html><head><title>x</title></head><body><div><img src='a.png'></div></body></html>",
                        "no article text"),
    "list page": (("<html><head><title>新闻列表</title></head><body><ul>" + "".join(
        f"<li><a href='/news/{i}.html'>广州市第{i}条新闻标题：地区生产总值增长</a> 2023-12-{i % 28 + 1:02d}</li>"
        for i in range(40)) + "</ul></body></html>").encode(), "list or index page"),
    "list page with teasers": (("<html><head><title>经济新闻</title></head><body>" + "".join(
        f"<div><h3><a href='/n/{i}.html'>广州市第{i}期经济运行情况通报</a></h3><p>据广州市统计局消息，{i}月份全市"
        f"规模以上工业增加值同比增长{i}.5%，社会消费品零售总额增长{i}.2%。</p><span>2023-12-{i:02d}</span></div>"
        for i in range(1, 21)) + "</body></html>").encode(), "list or index page"),
}


def test_a_real_front_page_of_teasers_is_an_index_page() -> None:
    with pytest.raises(InputError, match="list or index page"):
        read_webpage((PAGES / "index_stuttgart.html").read_bytes(), "index_stuttgart.html")


@pytest.mark.parametrize("kind", sorted(BAD_PAGES))
def test_bad_pages_are_refused_with_one_line(kind: str) -> None:
    data, message = BAD_PAGES[kind]
    with pytest.raises(InputError, match=message):
        read_webpage(data, "bad.html")


def _init(tmp_path: Path) -> Path:
    desk = tmp_path / "desk"
    assert run_cli("init", str(desk)).returncode == 0
    return desk


def test_add_page_keeps_it_beside_the_text_and_records_where_the_date_came_from(tmp_path: Path) -> None:
    desk = _init(tmp_path)
    page = PAGES / "ltn_finance.html"
    result = run_cli("add", str(page), "--place", "全国", "--no-check", cwd=desk)
    assert result.returncode == 0, result.stderr
    assert 'published 2020-04-01 (from <meta property="article:published_time">)' in result.stderr
    assert (desk / "seeds" / "ltn_finance.html").read_bytes() == page.read_bytes()
    text = (desk / "seeds" / "ltn_finance.txt").read_text(encoding="utf-8")
    assert text == read_webpage(page.read_bytes(), "p").text
    manifest = (desk / "seeds" / "manifest.yaml").read_text(encoding="utf-8")
    assert 'html: "seeds/ltn_finance.html"' in manifest
    assert 'url: "https://ec.ltn.com.tw/article/breakingnews/3119452"' in manifest
    assert 'title: "是你嗎？ 1-2月期發票千萬獎開出18張"' in manifest
    assert re.search(r'extractor: "trafilatura [\d.]+, htmldate [\d.]+"', manifest)
    assert run_cli("verify", cwd=desk).returncode == 0
    again = run_cli("extract", cwd=desk)
    assert again.returncode == 0 and "unchanged" in again.stdout
    from factcheck.workspace import Workspace, load_manifest

    entry = load_manifest(Workspace(desk))[0]
    assert entry.html == "seeds/ltn_finance.html" and entry.extractor and entry.published == "2020-04-01"


def test_add_directory_of_pages_and_text(tmp_path: Path) -> None:
    desk = _init(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in EXPECTED:
        (inbox / name).write_bytes((PAGES / name).read_bytes())
    (inbox / "notes.md").write_text("not an article", encoding="utf-8")
    result = run_cli("add", str(inbox), "--no-check", cwd=desk)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (desk / "seeds").glob("*.txt")) == sorted(
        Path(n).with_suffix(".txt").name for n in EXPECTED)
    assert result.stderr.count("added seeds/") == len(EXPECTED)


def test_a_page_without_a_date_asks_for_published_and_writes_nothing(tmp_path: Path) -> None:
    desk = _init(tmp_path)
    page = tmp_path / "undated.html"
    page.write_text("<html><head><title>广州市经济运行情况</title></head><body><article>" + _ARTICLE
                    + "</article></body></html>", encoding="utf-8")
    before = sorted(p.name for p in (desk / "seeds").iterdir())
    result = run_cli("add", str(page), cwd=desk)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--published" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (desk / "seeds").iterdir()) == before
    dated = run_cli("add", str(page), "--published", "2024-01-20", "--no-check", cwd=desk)
    assert dated.returncode == 0, dated.stderr
    assert "published 2024-01-20 (--published)" in dated.stderr


@pytest.mark.parametrize("kind", sorted(BAD_PAGES))
def test_add_of_a_bad_page_exits_2_and_writes_nothing(tmp_path: Path, kind: str) -> None:
    desk = _init(tmp_path)
    good = tmp_path / "good.html"
    good.write_bytes((PAGES / "upmedia_83141.html").read_bytes())
    bad = tmp_path / "bad.html"
    bad.write_bytes(BAD_PAGES[kind][0])
    before = (desk / "seeds" / "manifest.yaml").read_bytes()
    result = run_cli("add", str(good), str(bad), "--published", "2024-01-01", cwd=desk)
    assert result.returncode == 2
    assert result.stderr.startswith("factcheck: error: ") and result.stderr.count("\n") == 1
    assert (desk / "seeds" / "manifest.yaml").read_bytes() == before
    assert sorted(p.name for p in (desk / "seeds").iterdir()) == ["manifest.yaml"]


def test_text_files_still_need_published(tmp_path: Path) -> None:
    desk = _init(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text("广州市2023年地区生产总值30355.73亿元。\n", encoding="utf-8")
    result = run_cli("add", str(article), cwd=desk)
    assert result.returncode == 2 and "--published" in result.stderr
    assert sorted(p.name for p in (desk / "seeds").iterdir()) == ["manifest.yaml"]


def test_chinese_date_rules_in_page_text() -> None:
    body = "<h1>广州市经济运行情况</h1><div>发布时间：2023-12-27 来源：广州市统计局</div>" + _ARTICLE
    page = read_webpage(f"<html><head><title>广州市经济运行情况</title></head><body>{body}</body></html>"
                        .encode(), "x.html")
    assert page.published == "2023-12-27" and page.published_from == "the page text: 发布时间：2023-12-27"
    body = "<h1>广州市经济运行情况</h1><div>2023年12月27日 14:17 来源：广州日报</div>" + _ARTICLE
    page = read_webpage(f"<html><head><title>广州市经济运行情况</title></head><body>{body}</body></html>"
                        .encode(), "x.html")
    assert page.published == "2023-12-27" and "2023年12月27日 14:17" in (page.published_from or "")


def test_mirror_page_with_pinyin_keeps_its_figures() -> None:
    from decimal import Decimal

    from factcheck.extract import extract_claims
    from factcheck.models import Article

    mirror = "廣(guǎng)州(zhōu)連(lián)續(xù)7年下降，聚合群防力量33.\u200b4萬(wàn)人，市、區(qū)兩(liǎng)級(jí)法院。"
    body = "".join(f"<p>{mirror}</p>" for _ in range(3))
    html = (f"<html><head><meta charset='utf-8'><title>廣州</title>"
            f"<meta property='article:published_time' content='2024-01-02T08:00:00+08:00'></head>"
            f"<body><nav><a href='/'>首页</a></nav><article>{body}</article></body></html>")
    page = read_webpage(html.encode("utf-8"), "mirror.html")
    assert mirror.replace("\u200b", "") in page.text  # the pinyin stays for extraction to see through
    claims = extract_claims(Article(id="m", path="m.txt", text=page.text, published=page.published or ""))
    got = {c.text: (c.value, c.unit, c.entity) for c in claims}
    assert got["33.4萬"] == (Decimal(334000), "人", "广州市")
    assert got["7"][0] == Decimal(7) and got["兩"][0] == Decimal(2)
    assert all(page.text[c.start:c.end] == c.text for c in claims)


def test_manifest_round_trip_with_page_fields(tmp_path: Path) -> None:
    from factcheck.errors import RegistryError
    from factcheck.index import _decode_entries, _encode_entries
    from factcheck.workspace import Entry, Workspace, format_manifest, load_manifest, write_manifest

    ws = Workspace(tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "claims").mkdir()
    entries = [
        Entry(id="a", file="seeds/a.txt", published="2024-01-01", sha256="ab" * 32),
        Entry(id="b", file="seeds/b.txt", published="2020-04-01", title="是你嗎？ \"18張\"", outlet="自由時報",
              sha256="cd" * 32, html="seeds/b.html", url="https://ec.ltn.com.tw/article/3119452",
              extractor="trafilatura 2.3.1, htmldate 1.11.0"),
    ]
    data = write_manifest(ws, entries)
    assert load_manifest(ws) == entries  # the fast reader
    assert b"  html:" not in data.split(b"- id: \"b\"")[0]  # a text article's entry is as before
    (tmp_path / "seeds" / "manifest.yaml").write_bytes(data.replace(b"articles:\n", b"articles:  # edited\n"))
    assert load_manifest(ws) == entries  # the YAML reader
    assert format_manifest(entries) == data
    assert _decode_entries(_encode_entries(entries, True)) == (entries, True)
    bad = data.replace(b'html: "seeds/b.html"', b'html: "../b.html"')
    (tmp_path / "seeds" / "manifest.yaml").write_bytes(bad)
    with pytest.raises(RegistryError, match="leaves the workspace"):
        load_manifest(ws)


def test_two_files_that_would_share_an_id_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    desk = _init(tmp_path)
    for site in ("a", "b"):
        (tmp_path / "inbox" / site).mkdir(parents=True)
        (tmp_path / "inbox" / site / "1.html").write_bytes((PAGES / f"{sorted(EXPECTED)[site == 'b']}").read_bytes())
    result = run_cli("add", str(tmp_path / "inbox"), cwd=desk)
    assert result.returncode == 2 and "would both be article '1'" in result.stderr
    assert sorted(p.name for p in (desk / "seeds").iterdir()) == ["manifest.yaml"]


_PARAS = "<p>" + "广州市地区生产总值增长4.6%。" * 20 + "</p>"


@pytest.mark.parametrize("data", [
    ("<html><body>" + _PARAS + "</body></html>").encode("utf-16"),  # a byte-order mark, no charset
    b"<html><body>\x00" + _PARAS.encode() + b"</body></html>",  # a stray NUL
    b"<?xml version='1.0' encoding='utf-8'?><html xmlns='http://www.w3.org/1999/xhtml'><body>"
    + _PARAS.encode() + b"</body></html>",
    b"<html><head><meta charset='gbk'></head><body>" + _PARAS.encode("gbk") + b"\x81</body></html>",  # a cut character
])
def test_odd_but_readable_pages(data: bytes) -> None:
    assert "广州市地区生产总值增长4.6%" in read_webpage(data, "odd.html").text


@pytest.mark.parametrize("data", [
    ("<html><body>" + "<div>" * 50000 + _PARAS + "</div>" * 50000 + "</body></html>").encode(),
    b"<html><frameset><frame src='a.html'></frameset></html>",
    b"",
])
def test_hostile_pages_are_refused_without_a_traceback(data: bytes) -> None:
    with pytest.raises(InputError):
        read_webpage(data, "hostile.html")


def test_verify_checks_the_text_against_its_page(tmp_path: Path) -> None:
    desk = _init(tmp_path)
    page = tmp_path / "up.html"
    page.write_bytes((PAGES / "upmedia_83141.html").read_bytes())
    assert run_cli("add", str(page), "--no-check", cwd=desk).returncode == 0
    assert run_cli("verify", cwd=desk).returncode == 0
    text = desk / "seeds" / "up.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("吳宗憲", "吳宗宪"), encoding="utf-8")
    assert run_cli("extract", cwd=desk).returncode == 0  # the registry follows the edited text
    edited = run_cli("verify", cwd=desk)
    assert edited.returncode == 1 and "differs from the text seeds/up.html gives" in edited.stdout
    (desk / "seeds" / "up.html").unlink()
    missing = run_cli("verify", cwd=desk)
    assert missing.returncode == 1 and "saved page of seeds/up.txt is missing" in missing.stdout


def test_a_big5_page_declared_as_gbk_is_read_as_big5() -> None:
    page = (PAGES / "upmedia_83141.html").read_bytes().decode("utf-8")
    page = re.sub(r"<meta[^>]*charset[^>]*>", "", page, flags=re.I)
    page = page.replace("<head>", "<head><meta charset='gbk'>", 1)
    data = page.encode("big5hkscs", errors="replace")
    text, codec = decode_page(data, "big5.html")
    assert codec in ("cp950", "big5hkscs") and "憂鬱症" in text
    assert "時代力量立委王婉諭12日於臉書直批" in read_webpage(data, "big5.html").text


def test_article_sentences_that_mention_chrome_words_stay() -> None:
    article = "".join(f"<p>{s}</p>" for s in [
        "据“广州发布”微信公众号消息，2023年全市地区生产总值30355.73亿元，比上年增长4.6%。",
        "登录“穗好办”即可查询，全年网上办件量超过2000万件，同比增长12.5%。",
        "市统计局有关负责人表示，全市经济运行总体平稳，主要指标好于预期，发展质量稳步提升。",
    ])
    chrome = "<p>分享到：</p><p>版权所有 © 广州市统计局</p><p>网友评论仅供其表达个人看法，并不表明本站立场。</p><p>这是一条评论。</p>"
    page = read_webpage(("<html><head><title>广州市经济运行情况_广州市统计局</title>"
                         "<meta name='PubDate' content='2024-01-20 09:00'></head><body><h1>广州市经济运行情况</h1>"
                         f"<div>{article}{chrome}</div></body></html>").encode(), "x.html")
    assert page.published == "2024-01-20" and page.published_from == '<meta name="PubDate">'
    assert page.title == "广州市经济运行情况" and page.outlet == "广州市统计局"
    for kept in ("微信公众号消息，2023年全市地区生产总值30355.73亿元", "登录“穗好办”即可查询", "主要指标好于预期"):
        assert kept in page.text
    for dropped in ("分享到", "版权所有", "网友评论", "这是一条评论"):
        assert dropped not in page.text


def test_a_page_that_names_no_outlet_is_credited_to_the_site_its_links_come_from() -> None:
    body = "".join(f"<p>全市法院今年共受理各类案件{1000 + i}件，同比增长{i}.5%，审结率达到9{i}%。</p>" for i in range(8))
    links = "".join(f'<a href="https://www.toutiao.com/article/{i}/">相关阅读{i}</a>' for i in range(5))
    page = (f'<html><head><title>法院工作报告</title><meta name="publishdate" content="2024-01-05"></head>'
            f'<body><h1>法院工作报告</h1><article>{body}</article><img src="https://p3.pstatp.com/x.png">'
            f"<div>{links}</div></body></html>").encode()
    assert read_webpage(page, "t.html").outlet == "今日头条"
