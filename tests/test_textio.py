"""Tests for factcheck.textio: real bytes through the real codecs, no mocks of the codec layer."""

from __future__ import annotations

import codecs
import os
import pathlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import textio
from factcheck.errors import InputError
from factcheck.textio import decode_bytes, read_article_bytes, read_text

GB_FAMILY = {"gb18030"}
BIG5_FAMILY = {"big5", "cp950", "big5hkscs"}

SIMPLIFIED_ARTICLE = (
    "本报广州1月18日电（记者 陈晓明）广州市连续两年获评“平安鼎”，市委政法委18日发布的数据显示，"
    "2023年全市刑事警情同比下降12.6%，群众安全感达到97.4%，创历史新高。据统计，截至2023年底，"
    "全市常住人口1882.7万人，比上年增加9.3万人；全年新增城镇就业33.4万人，城镇调查失业率为5.2%。"
    "全市地区生产总值达30355.73亿元，按不变价格计算，比上年增长4.6%。其中，第三产业增加值"
    "21990.71亿元，增长5.6%。市统计局有关负责人表示，今年将继续推进“百县千镇万村高质量发展工程”，"
    "预计全年固定资产投资增长5%左右，社会消费品零售总额突破1.1万亿元。另据市交通运输局介绍，"
    "地铁日均客运量达到836万人次，较2022年增长38.5%。\n"
)

TRADITIONAL_ARTICLE = (
    "本報廣州1月18日電（記者 陳曉明）廣州市連續兩年獲評「平安鼎」，市委政法委18日發布的數據顯示，"
    "2023年全市刑事警情同比下降12.6%，群眾安全感達到97.4%，創歷史新高。據統計，截至2023年底，"
    "全市常住人口1882.7萬人，比上年增加9.3萬人；全年新增城鎮就業33.4萬人，城鎮調查失業率為5.2%。"
    "全市地區生產總值達30355.73億元，按不變價格計算，比上年增長4.6%。其中，第三產業增加值"
    "21990.71億元，增長5.6%。市統計局有關負責人表示，今年將繼續推進「百縣千鎮萬村高質量發展工程」，"
    "預計全年固定資產投資增長5%左右，社會消費品零售總額突破1.1萬億元。另據市交通運輸局介紹，"
    "地鐵日均客運量達到836萬人次，較2022年增長38.5%。\n"
)

TAIWAN_ARTICLE = (
    "行政院主計總處今天公布最新統計，去年全年經濟成長率為1.31%，平均每人國民所得達新臺幣96萬元，"
    "較前年增加3.2萬元。主計長表示，受到全球景氣趨緩影響，出口衰退9.8%，但民間消費成長8.3%，"
    "為近三十年來最高。"
)

SHORT_SIMPLIFIED = [
    "国家统计局17日发布数据显示，2023年国内生产总值比上年增长5.2%。",
    "记者从市教育局获悉，今年全市高考报名人数达8.6万人，比去年增加3200人。",
    "截至6月底，我国网民规模达10.99亿人，互联网普及率达78.0%。",
    "广州市连续两年获评“平安鼎”，群众安全感达97.4%。",
]

SHORT_TRADITIONAL = [
    "香港特區政府統計處公布，今年首季本地生產總值按年實質上升2.7%。",
    "臺北市政府表示，今年將投入約30億元改善交通，預計受惠民眾超過200萬人次。",
    "立法會今日三讀通過修訂條例，議員以40票贊成、2票反對通過。",
    "廣州市連續兩年獲評「平安鼎」，新增就業33.4萬人。",
]

ALL_SIMPLIFIED = [SIMPLIFIED_ARTICLE, *SHORT_SIMPLIFIED]
ALL_TRADITIONAL = [TRADITIONAL_ARTICLE, TAIWAN_ARTICLE, *SHORT_TRADITIONAL]


def _assert_input_error(excinfo: pytest.ExceptionInfo[InputError], name: str, *words: str) -> str:
    message = str(excinfo.value)
    assert "\n" not in message and "\r" not in message
    assert name in message
    for word in words:
        assert word in message, message
    return message


def test_article_texts_are_long_enough() -> None:
    assert len(SIMPLIFIED_ARTICLE) >= 300
    assert len(TRADITIONAL_ARTICLE) >= 300
    assert all(20 <= len(text) <= 60 for text in SHORT_SIMPLIFIED + SHORT_TRADITIONAL)


# --- Unicode encodings ------------------------------------------------------------------------


def test_utf8() -> None:
    assert decode_bytes(SIMPLIFIED_ARTICLE.encode("utf-8"), "a.txt") == (SIMPLIFIED_ARTICLE, "utf-8")


def test_pure_ascii_is_utf8() -> None:
    assert decode_bytes(b"GDP grew 5.2% in 2023.\n", "a.txt") == ("GDP grew 5.2% in 2023.\n", "utf-8")


def test_utf8_bom_is_stripped() -> None:
    text, encoding = decode_bytes(codecs.BOM_UTF8 + SIMPLIFIED_ARTICLE.encode("utf-8"), "a.txt")
    assert text == SIMPLIFIED_ARTICLE
    assert encoding == "utf-8-sig"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
@pytest.mark.parametrize("original", [SIMPLIFIED_ARTICLE, TRADITIONAL_ARTICLE, "GDP 5.2%\r\n"])
def test_utf16_utf32_with_bom(bom: bytes, codec: str, original: str) -> None:
    text, encoding = decode_bytes(bom + original.encode(codec), "a.txt")
    assert text == original
    assert not text.startswith("\ufeff")
    assert encoding == codec


def test_utf16_le_bom_followed_by_nul_char_is_not_mistaken_for_utf32() -> None:
    original = "\x00" + "增长5.2%，" * 30  # odd number of UTF-16 units: not valid UTF-32
    data = codecs.BOM_UTF16_LE + original.encode("utf-16-le")
    assert data.startswith(codecs.BOM_UTF32_LE)
    assert decode_bytes(data, "a.txt") == (original, "utf-16-le")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_with_ascii(codec: str) -> None:
    original = "Report 2023: GDP up 5.2%, 33.4万人 employed.\r\n" * 5
    assert decode_bytes(original.encode(codec), "a.txt") == (original, codec)


def test_invalid_utf16_after_bom_is_refused() -> None:
    data = codecs.BOM_UTF16_LE + "增长".encode("utf-16-le") + b"\x00"  # odd length
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data, "odd.txt")
    _assert_input_error(excinfo, "odd.txt", "UTF-16")


# --- GB and Big5 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312"])
@pytest.mark.parametrize("original", ALL_SIMPLIFIED)
def test_gb_family(codec: str, original: str) -> None:
    text, encoding = decode_bytes(original.encode(codec), "a.txt")
    assert text == original
    assert encoding in GB_FAMILY


@pytest.mark.parametrize("codec", ["big5", "cp950"])
@pytest.mark.parametrize("original", ALL_TRADITIONAL)
def test_big5(codec: str, original: str) -> None:
    text, encoding = decode_bytes(original.encode(codec), "a.txt")
    assert text == original
    assert encoding in BIG5_FAMILY


@pytest.mark.parametrize("original", ALL_TRADITIONAL)
def test_big5_is_not_read_as_gb18030(original: str) -> None:
    data = original.encode("big5")
    assert data.decode("gb18030") != original  # GB18030 would "succeed" with garbage
    text, encoding = decode_bytes(data, "a.txt")
    assert encoding != "gb18030"
    assert text == original


@pytest.mark.parametrize("original", ALL_SIMPLIFIED + ALL_TRADITIONAL)
def test_gb18030_is_not_read_as_big5(original: str) -> None:
    # Traditional text saved as GB18030 (common for mainland mirrors of Hong Kong/Taiwan news) too.
    text, encoding = decode_bytes(original.encode("gb18030"), "a.txt")
    assert encoding == "gb18030"
    assert text == original


def test_big5_with_common_punctuation_variants() -> None:
    # cp950 maps A1E3 to U+FF5E (as real pages mean it); plain big5 maps it to U+223C.
    original = "預計增長5%～8%，總額約1.1萬億元。" * 3
    text, encoding = decode_bytes(original.encode("cp950"), "a.txt")
    assert (text, encoding) == (original, "cp950")


def test_big5hkscs_article() -> None:
    original = "香港特區政府今日公布，全港失業率維持在2.9%，就業人數增加3.2萬人。佢哋話" + "\u5605" * 2
    data = original.encode("big5hkscs")
    with pytest.raises(UnicodeEncodeError):
        original.encode("cp950")
    assert decode_bytes(data, "hk.txt") == (original, "big5hkscs")


# --- line endings and fidelity -------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "big5", "utf-16-le"])
def test_crlf_and_lone_cr_preserved(codec: str) -> None:
    base = TRADITIONAL_ARTICLE if codec == "big5" else SIMPLIFIED_ARTICLE
    original = base.replace("。", "。\r\n", 3).replace("，", "，\r", 2) + "\n末行\r"
    data = original.encode(codec)
    if codec == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    text, _ = decode_bytes(data, "a.txt")
    assert text == original
    assert text.count("\r\n") == original.count("\r\n")


def test_no_normalisation() -> None:
    original = "数据\u200b显示 Cafe\u0301 ＧＤＰ增长５.２%\u3000完\n"
    assert decode_bytes(original.encode("utf-8"), "a.txt") == (original, "utf-8")


def test_utf8_with_two_stray_nul_bytes_decodes() -> None:
    original = SIMPLIFIED_ARTICLE[:150] + "\x00" + SIMPLIFIED_ARTICLE[150:] + "\x00"
    text, encoding = decode_bytes(original.encode("utf-8"), "scraped.html")
    assert text == original
    assert text.count("\x00") == 2
    assert encoding == "utf-8"


def test_gb18030_with_a_stray_nul_byte_decodes() -> None:
    original = SIMPLIFIED_ARTICLE + "\x00"
    assert decode_bytes(original.encode("gb18030"), "a.txt") == (original, "gb18030")


# --- refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
        codecs.BOM_UTF32_LE,
        codecs.BOM_UTF32_BE,
        b"  \r\n\t\n",
        codecs.BOM_UTF8 + b" \n",
        "\u3000\u3000\r\n".encode("gb18030"),
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
    ],
)
def test_empty_files_are_refused(data: bytes) -> None:
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data, "empty.txt")
    _assert_input_error(excinfo, "empty.txt", "empty file")
    assert excinfo.value.path == "empty.txt"


def test_random_bytes_are_refused() -> None:
    data = random.Random(20240118).randbytes(4096)
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data, "noise.bin")
    _assert_input_error(excinfo, "noise.bin")


def test_random_bytes_without_nul_are_refused_listing_the_encodings() -> None:
    data = random.Random(7).randbytes(4096).replace(b"\x00", b"")
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data, "noise.bin")
    _assert_input_error(excinfo, "noise.bin", "cannot decode", "utf-8", "gb18030", "big5")


def test_random_high_bytes_that_decode_as_gb18030_are_refused() -> None:
    rng = random.Random(11)
    # Pairs that are valid GB18030 and Big5 double-byte codes in rare/user-defined regions.
    data = bytes(b for _ in range(400) for b in (rng.randrange(0xFA, 0xFE), rng.randrange(0xA1, 0xFE)))
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data, "noise.txt")
    _assert_input_error(excinfo, "noise.txt", "cannot decode")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF"),
    ],
)
def test_binary_magic_is_refused(data: bytes, kind: str) -> None:
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data, "image.dat")
    _assert_input_error(excinfo, "image.dat", "binary file", kind)


def test_nul_heavy_file_is_refused_as_binary() -> None:
    data = b"\x00\x01\x02abc\x00\x00\x00\x10\x00" * 50
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data, "blob")
    _assert_input_error(excinfo, "blob", "binary file", "NUL")


def test_mostly_control_characters_are_refused() -> None:
    data = bytes(range(1, 9)) * 100 + b"abc"
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data, "ctrl.bin")
    _assert_input_error(excinfo, "ctrl.bin", "binary file")


def test_broken_utf8_is_refused_with_offset() -> None:
    good = SIMPLIFIED_ARTICLE.encode("utf-8")
    data = good[:300] + b"\xff" + good[300:]
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data, "broken.txt")
    _assert_input_error(excinfo, "broken.txt", "UTF-8", "300")


def test_utf8_truncated_mid_character_is_refused() -> None:
    data = SIMPLIFIED_ARTICLE.encode("utf-8")[:-2]  # cut inside the final "。"
    with pytest.raises(InputError) as excinfo:
        decode_bytes(data, "cut.txt")
    _assert_input_error(excinfo, "cut.txt", "UTF-8")


# --- files -------------------------------------------------------------------------------------------


def test_read_text_round_trip(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(TRADITIONAL_ARTICLE.replace("\n", "\r\n").encode("big5"))
    text, encoding = read_text(path)
    assert text == TRADITIONAL_ARTICLE.replace("\n", "\r\n")
    assert encoding in BIG5_FAMILY
    assert read_article_bytes(path) == path.read_bytes()


def test_read_text_uses_name_in_errors(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError) as excinfo:
        read_text(path, name="articles/empty.txt")
    _assert_input_error(excinfo, "articles/empty.txt", "empty file")
    with pytest.raises(InputError) as excinfo:
        read_text(path)
    _assert_input_error(excinfo, str(path), "empty file")


def test_missing_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError) as excinfo:
        read_text(path)
    _assert_input_error(excinfo, "nope.txt", "not found")


def test_directory(tmp_path: pathlib.Path) -> None:
    with pytest.raises(InputError) as excinfo:
        read_text(tmp_path, name="some/dir")
    _assert_input_error(excinfo, "some/dir", "directory")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file modes")
def test_unreadable_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(b"text")
    path.chmod(0)
    try:
        with pytest.raises(InputError) as excinfo:
            read_text(path)
        _assert_input_error(excinfo, "secret.txt", "permission denied")
    finally:
        path.chmod(0o600)


def test_too_large(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 100)
    monkeypatch.setattr(textio, "MAX_BYTES", 99)
    with pytest.raises(InputError) as excinfo:
        read_article_bytes(path)
    _assert_input_error(excinfo, "big.txt", "too large")
    monkeypatch.setattr(textio, "MAX_BYTES", 100)
    assert read_article_bytes(path) == b"a" * 100


def test_max_bytes_default() -> None:
    assert textio.MAX_BYTES == 8 * 1024 * 1024


# --- property ------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text().filter(lambda s: s.strip() != ""))
def test_any_utf8_text_round_trips_or_is_refused(text: str) -> None:
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return
    try:
        decoded, encoding = decode_bytes(data, "prop.txt")
    except InputError as exc:
        assert "\n" not in str(exc) and "prop.txt" in str(exc)
        return
    if "\x00" in text and encoding.startswith(("utf-16", "utf-32")):
        return  # e.g. "0\x000\x00" is genuinely the same bytes as UTF-16 LE "00"
    expected = text[1:] if text.startswith("\ufeff") else text  # a leading U+FEFF is a BOM
    assert decoded == expected
    assert encoding in {"utf-8", "utf-8-sig"}
