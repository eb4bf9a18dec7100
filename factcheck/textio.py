"""Read an article file and decode it to text, refusing binary and undecodable input.

Decision order in :func:`decode_bytes`:

1. empty input (0 bytes) is refused;
2. a known binary signature (PNG, JPEG, GIF, PDF, ZIP, gzip, ELF, ...) is refused;
3. a byte-order mark decides: UTF-32 LE/BE (checked before UTF-16, whose LE mark is a prefix of
   UTF-32 LE's), UTF-8, UTF-16 LE/BE; the mark is never part of the returned text;
4. NUL bytes: strict UTF-8 with under 1% control characters is accepted (stray NULs are kept),
   otherwise BOM-less UTF-16/UTF-32 (NULs concentrated on one byte position, clean strict decode,
   plausible text), otherwise, if the NULs are rare, the legacy codecs below get a chance; anything
   else is refused as binary;
5. strict UTF-8 (pure ASCII is UTF-8); a file that is UTF-8 apart from a few broken sequences is
   refused with the offset of the first one rather than misread as GB18030;
6. GB18030 versus Big5 (cp950, then big5hkscs): both are decoded strictly and scored by how
   plausible the result is as Chinese text (:func:`plausibility`); the better one wins, ties go to
   GB18030; if neither is plausible the file is refused.

Every decoded result is also refused when it is blank (empty after a BOM, or whitespace only) or
when it is largely control characters.  The text is otherwise returned exactly as decoded: CR and
CRLF line ends, zero-width characters and NULs are kept, nothing is normalised, so character
offsets into it are stable.
"""

from __future__ import annotations

import codecs
import os
import pathlib
import stat
import unicodedata
from functools import lru_cache

from factcheck.errors import InputError

__all__ = [
    "MAX_BYTES",
    "decode_bytes",
    "plausibility",
    "read_article_bytes",
    "read_text",
]

MAX_BYTES: int = int(os.environ.get("FACTCHECK_MAX_BYTES", 8 * 1024 * 1024))  # a news page is far smaller

TRIED = "utf-8, gb18030, big5"

# Byte-order marks, longest first (UTF-32 LE's mark starts with UTF-16 LE's).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of binary formats someone might pass by mistake (checked at offset 0).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2 data"),  # confirmed below by the block magic
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document (old Office format)"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O file"),
    (b"\xfe\xed\xfa\xce", "Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\x00asm", "WebAssembly module"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"ID3", "MP3 audio"),  # confirmed below by the version bytes
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM media"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)

# Whitespace-like characters that do not make a file non-empty.
_INVISIBLE = frozenset("\ufeff\u200b\u200c\u200d\u2060\x00")

# Control characters that ordinary text contains.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")

# The most frequent simplified characters (general and news vocabulary).
_COMMON_SIMPLIFIED = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出也得里后自会家可下而过天去能对小多然于心学"
    "么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长"
    "儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感见明问力理尔点文几定本公特做外孩"
    "相西果走将月十实向声车全信重三机工物气每并别真打太新比才便夫再书部水像眼等体却加电主界门利海受听表德"
    "少克代员许先口由死安写性马光白或住难望教命花结乐色更拉东神记处让母父应直字场平报友关放至张认接告入笑"
    "内英军候民岁往何度山觉路带万男边风解叫任金快原吃妈变通师立象数四失满战远格士音轻目条呢病始达深完今提"
    "求清王化空业思切怎非找片罗钱吗语元喜曾离飞科言干流欢约各即指合反题必该论交终林请医晚制球决传画保读运"
    "及则房早院量苦火布品近坐产答星精视五连司巴奇管类未朋且婚台夜青北队久乎越观落尽形影红爸百令周吧识步希"
    "亚术留市半热送兴造谈容极随演收首根讲整式取照办强石古华拿计您装似足双妻尼转诉米称丽客南领节衣站黑刻统"
    "断福城故历惊脸选包紧争另建维绝树系伤示愿持千史谁准联妇纪基买志静阿诗独复痛消社算义竟确酒需单治卡幸兰"
    "念举仅钟怕共毛句息功官待究跟穿室易游程号居考突皮哪费倒价图具刚脑永歌响商礼细专黄块脚味灵改据般破引食"
    "仍存众注笔甚某沉血备习校默务土微娘须试怀料调广苏显赛查密议底列富梦错座参八除跑亮假印设线温虽掉京初养"
    "香停际致阳纸李纳验助激够严证帝饭忘趣支春集丈木研班普导顿睡展跳获艺六波察群皇段急庭创区奥器谢弟店否害"
    "草排背止组州朝封睛板角况曲馆育忙质河续哥呼若推境遇雨标姐充围案伦护冷警贝著雪索剧啊船险烟依斗值帮汉慢"
    "佛肯闻唱沙局伯族低玩资屋击速顾泪洲团圣旁堂兵七露园牛哭旅街劳型烈姑陈莫鱼异抱宝权鲁简态级票怪寻杀律胜"
    "份汽右洋范床舞秘午登楼贵吸责例追较职属渐左录丝牙党继托赶章智冲叶胡吉卖坚喝肉遗救修松临藏担戏善卫药悲"
    "敢靠伊村戴词森耳差短祖云规窗散迷油旧适乡架恩投弹铁博雷府压超负勒杂醒洗采毫嘴毕九冰既状乱景席珍童顶派"
    "素脱农疑练野按犯拍征坏骨余承置彩灯巨琴免环姆暗换技翻束增忍餐洛塞缺忆判欧层付阵玛批岛项狗休懂武革良恶"
    "恋委拥娜妙探呀营退摇弄桌熟诺宣银势奖宫忽套康供优课鸟喊降夏困刘罪亡鞋健模败伴守挥鲜财孤枪禁恐伙杰迹妹"
    "遍盖副坦牌江顺秋萨菜划授归浪凡预奶雄升编典袋莱含盛济蒙棋端腿招释介烧误"
    "亿省县镇政府企服务设经统计率截累均涨跌环销售额润营支出收益融贷款币银险疗就户疫患诊染故鼎源汽技研究"
    "布告记透悉续圳沪澳湾委选举调查涉嫌件审判罚处援灾震洪旱粮农贸易港航铁路站网络数字智能芯片电池储测软汇检股苗"
    "年生二零减昨输税绍访频序稳扩配评刑署货互季央略暂订赞惠召贯彻协绿享监督执逮捕讼赔偿损污防汛抗暴姓限胀债"
    "补贴障培训码桩煤炭核伏冠篮览毒愈酸控隔签韩俄织"
)

# Traditional forms of the frequent characters whose simplified form differs, plus news vocabulary.
_COMMON_TRADITIONAL = (
    "這個們來為國說時會過對學發當沒還樣開總從無現動頭經長愛給間兩親進話見問爾點將實聲車別書卻電門員許寫馬難結"
    "樂東記處讓應場報關張認內軍歲覺帶邊風媽變師數滿戰遠輕條達業羅錢嗎語飛歡約題該論終請醫決傳畫讀運則產視連類"
    "隊觀盡紅識亞術熱興談隨講辦強華計裝雙轉訴稱麗領節統斷歷臉選緊爭維絕樹傷誰聯婦紀買靜詩獨義單蘭舉僅鐘號費圖"
    "剛腦響禮細專黃塊腳靈眾筆備習務須試調廣蘇顯賽議夢錯參設線溫雖養際陽紙納驗夠嚴證飯導頓獲藝創區奧謝組況館質"
    "續標圍倫護貝劇險煙幫漢聞資擊顧淚團園勞陳魚寶權魯態級尋殺樓貴責較職屬漸錄絲繼衝葉賣堅遺臨擔戲衛藥詞規舊鄉"
    "彈鐵壓負雜畢狀亂頂脫農練燈環換憶歐層陣瑪島項惡戀擁營搖諾銀勢獎宮課鳥劉敗揮鮮財槍跡蓋順薩歸預編萊濟釋燒誤"
    "億縣鎮漲銷額潤貸幣療戶診滬灣審罰災糧貿絡儲裡後於麼幾幹臺雲鬥準復鬆範價據氣機體種網測軟匯檢颱裏兒與聽萬離"
    "驚係願確懷聖異勝黨趕適優傑劃減澳查佈告圳池晶跌廳貨債稅衆週並佔股苗疫券指率警察院料投行市地震病例"
    "減輸稅紹訪頻穩擴評貨暫訂贊貫徹協綠監執訟賠償損脹債補貼訓碼樁籃覽癒簽韓織訊討"
)

# CJK and full-width punctuation that real Chinese pages are full of.
_COMMON_PUNCT = "\u3000，。、；：？！“”‘’（）《》〈〉【】「」『』—…·％～－"

_COMMON: frozenset[str] = frozenset(_COMMON_SIMPLIFIED + _COMMON_TRADITIONAL + _COMMON_PUNCT)

_PLAUSIBLE = 0.2  # minimum score for a legacy (GB18030/Big5) decode to count
_MARGIN = 0.05  # Big5 must beat GB18030 by this much to win
_SAMPLE = 200_000  # characters scored at the start of a long text (plus two 50k samples)


def _fail(message: str, name: str) -> InputError:
    return InputError(message, path=name)


@lru_cache(maxsize=65536)
def _weight(ch: str) -> float:
    """Plausibility of one non-ASCII character in a Chinese news text."""
    if ch in _COMMON:
        return 1.0
    cp = ord(ch)
    if 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000:  # private use
        return -5.0
    if cp >= 0x20000:  # CJK extension B and later, and anything else astral
        return -5.0
    if 0x3400 <= cp <= 0x4DBF:  # CJK extension A
        return -3.0
    if 0x9FA6 <= cp <= 0x9FFF:  # recent additions to the URO: never in GBK/Big5 text
        return -5.0
    if cp == 0xFFFD:
        return -5.0
    category = unicodedata.category(ch)
    if category in ("Cn", "Co", "Cs", "Cc"):  # unassigned, private use, surrogate, control
        return -5.0
    if 0x4E00 <= cp <= 0x9FA5:  # ordinary ideograph, just not a frequent one
        return 0.0
    if 0xF900 <= cp <= 0xFAFF or 0x2E80 <= cp <= 0x2FDF or 0x3300 <= cp <= 0x33FF:
        return -2.0  # compatibility ideographs, radicals, squared abbreviations
    if (
        0x3040 <= cp <= 0x30FF  # kana
        or 0x3100 <= cp <= 0x312F  # bopomofo
        or 0x31A0 <= cp <= 0x31BF
        or 0x1100 <= cp <= 0x11FF  # hangul
        or 0x3130 <= cp <= 0x318F
        or 0xAC00 <= cp <= 0xD7AF
        or 0x0370 <= cp <= 0x04FF  # Greek, Cyrillic
        or 0x2500 <= cp <= 0x259F  # box drawing, blocks
        or 0xFE10 <= cp <= 0xFE6F  # vertical and small form variants
        or 0xFF61 <= cp <= 0xFFDC  # half-width katakana and hangul
    ):
        return -1.0
    return 0.0


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE + 100_000:
        return text
    middle = len(text) // 2
    return text[:_SAMPLE] + text[middle : middle + 50_000] + text[-50_000:]


def plausibility(text: str) -> float:
    """Score decoded text as Chinese: the mean weight of its non-ASCII characters.

    Frequent simplified/traditional characters and CJK punctuation count +1, other ordinary
    ideographs 0, kana/bopomofo/Greek/box drawing and similar -1 or -2, and private-use,
    CJK-extension, unassigned and control characters -5.  Returns 0.0 if there is nothing to score.
    """
    total = 0.0
    count = 0
    for ch in _sample(text):
        if ch < "\x80":
            continue
        total += _weight(ch)
        count += 1
    return total / count if count else 0.0


def _is_blank(text: str) -> bool:
    return all(ch.isspace() or ch in _INVISIBLE for ch in text)


def _control_ratio(text: str) -> float:
    sample = _sample(text)
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if (ch < "\x20" or "\x7f" <= ch <= "\x9f") and ch not in _TEXT_CONTROLS)
    return controls / len(sample)


def _check_text(text: str, encoding: str, name: str, what: str = "") -> tuple[str, str]:
    """Final checks shared by every successful decode."""
    if _is_blank(text):
        raise _fail(f"empty file ({what or 'only whitespace'})", name)
    limit = 0.01 if "\x00" in text else 0.10
    ratio = _control_ratio(text)
    if ratio >= limit:
        raise _fail(
            f"binary file ({ratio:.0%} control characters when read as {encoding}), not a text article", name
        )
    return text, encoding


def _magic(data: bytes) -> str | None:
    for signature, kind in _MAGIC:
        if data.startswith(signature):
            if signature == b"BZh" and data[4:10] != b"1AY&SY":
                continue
            if signature == b"ID3" and not (len(data) >= 5 and data[3] in (2, 3, 4) and data[4] == 0):
                continue
            return kind
    return None


def _bom_decode(data: bytes, name: str) -> tuple[str, str] | None:
    """Decode by byte-order mark, or return None if there is none."""
    for bom, encoding in _BOMS:
        if not data.startswith(bom):
            continue
        body = data[len(bom) :]
        try:
            text = body.decode("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-32-le":
                # FF FE 00 00 is also a UTF-16 LE mark followed by U+0000: accept that if it decodes.
                fallback = _try_decode(data[2:], "utf-16-le")
                if fallback is not None:
                    return _check_text(fallback, "utf-16-le", name)
            label = encoding.removesuffix("-sig").upper()
            raise _fail(
                f"cannot decode as {label} despite its byte-order mark: "
                f"{exc.reason} at byte offset {exc.start + len(bom)}",
                name,
            ) from None
        return _check_text(text, encoding, name, "" if body else "only a byte-order mark")
    return None


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _bomless_utf16_32(data: bytes) -> tuple[str, str] | None:
    """Recognise UTF-16/UTF-32 without a byte-order mark by where its NUL bytes sit."""
    size = len(data)
    candidates: list[str] = []
    if size % 4 == 0 and size >= 8:
        lanes = [data[i::4].count(0) / (size // 4) for i in range(4)]
        if lanes[3] > 0.95 and lanes[2] > 0.95:
            candidates.append("utf-32-le")
        if lanes[0] > 0.95 and lanes[1] > 0.95:
            candidates.append("utf-32-be")
    if size % 2 == 0 and size >= 4:
        half = size // 2
        even = data[0::2].count(0) / half
        odd = data[1::2].count(0) / half
        if odd > 0.3 and even < 0.05:
            candidates.append("utf-16-le")
        if even > 0.3 and odd < 0.05:
            candidates.append("utf-16-be")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _is_blank(text) or _control_ratio(text) >= 0.01:
            continue
        if any(ch >= "\x80" for ch in text[:_SAMPLE]) and plausibility(text) < _PLAUSIBLE:
            continue
        return text, encoding
    return None


def _mostly_utf8(data: bytes) -> bool:
    """True if a file that failed strict UTF-8 is nevertheless UTF-8 apart from a few bad bytes."""
    text = data[: 4 * _SAMPLE].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch >= "\x80") - bad
    return good >= 4 and good >= 8 * bad


def _best_legacy(data: bytes) -> tuple[float, str, str] | None:
    """The more plausible of the strict GB18030 and Big5 decodes, as (score, codec, text).

    Big5 is tried as cp950 (the Windows/WHATWG mapping real pages use) and big5hkscs (Hong Kong
    characters); it is reported as ``big5`` when plain big5 gives the same text.  Big5 must beat
    GB18030 by ``_MARGIN`` to win, so ties go to GB18030.
    """
    gb_text = _try_decode(data, "gb18030")
    gb = None if gb_text is None else (plausibility(gb_text), "gb18030", gb_text)
    big5: tuple[float, str, str] | None = None
    for codec in ("cp950", "big5hkscs"):
        text = _try_decode(data, codec)
        if text is None:
            continue
        score = plausibility(text)
        if big5 is None or score > big5[0]:
            big5 = (score, codec, text)
    if big5 is not None and _try_decode(data, "big5") == big5[2]:
        big5 = (big5[0], "big5", big5[2])
    if gb is None:
        return big5
    if big5 is None or gb[0] + _MARGIN >= big5[0]:
        return gb
    return big5


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode an article's bytes; returns (text, encoding_name).

    ``encoding_name`` is the Python codec that was used: ``utf-8``, ``utf-8-sig`` (UTF-8 with a
    byte-order mark), ``utf-16-le``/``utf-16-be``/``utf-32-le``/``utf-32-be`` (with or without a
    byte-order mark, which is never part of the text), ``gb18030`` (also for GBK and GB2312 files),
    or ``big5``, ``cp950`` or ``big5hkscs`` (``big5`` whenever plain Big5 gives the same text).
    Raises InputError naming the file (``name``) and, when nothing fits, the encodings tried.
    See the module docstring for the decision order.
    """
    if not data:
        raise _fail("empty file (0 bytes)", name)

    kind = _magic(data)
    if kind is not None:
        raise _fail(f"binary file ({kind}), not a text article", name)

    by_bom = _bom_decode(data, name)
    if by_bom is not None:
        return by_bom

    nul = data.find(b"\x00")
    if nul >= 0:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if _control_ratio(text) < 0.01:
                return _check_text(text, "utf-8", name)
        wide = _bomless_utf16_32(data)
        if wide is not None:
            return wide
        if data.count(0) < 0.01 * len(data):
            legacy = _best_legacy(data)
            if legacy is not None and legacy[0] >= _PLAUSIBLE and _control_ratio(legacy[2]) < 0.01:
                return _check_text(legacy[2], legacy[1], name)
        raise _fail(f"binary file (NUL bytes, first at byte offset {nul}), not a text article", name)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise _fail(
                f"cannot decode: invalid UTF-8 ({exc.reason}) at byte offset {exc.start} "
                f"in an otherwise UTF-8 file",
                name,
            ) from None
    else:
        return _check_text(text, "utf-8", name)

    legacy = _best_legacy(data)
    if legacy is not None and legacy[0] >= _PLAUSIBLE:
        return _check_text(legacy[2], legacy[1], name)
    raise _fail(f"cannot decode: not UTF-8 and not plausible Chinese text (tried {TRIED})", name)


def read_article_bytes(path: pathlib.Path, name: str | None = None) -> bytes:
    """Read a file's bytes, with a clear InputError for a missing file, a directory, an
    unreadable file, a special file, or one larger than MAX_BYTES."""
    label = name if name is not None else str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _fail("file not found", label) from None
    except NotADirectoryError:
        raise _fail("file not found (a parent of it is not a directory)", label) from None
    except PermissionError:
        raise _fail("permission denied", label) from None
    except OSError as exc:
        raise _fail(f"cannot read: {exc.strerror or exc}", label) from None
    if stat.S_ISDIR(info.st_mode):
        raise _fail("is a directory, not a file", label)
    if not stat.S_ISREG(info.st_mode):
        raise _fail("not a regular file", label)
    if info.st_size > MAX_BYTES:
        raise _fail(
            f"file too large ({info.st_size} bytes; the limit is {MAX_BYTES // (1024 * 1024)} MiB)", label
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _fail("file not found", label) from None
    except IsADirectoryError:
        raise _fail("is a directory, not a file", label) from None
    except PermissionError:
        raise _fail("permission denied", label) from None
    except OSError as exc:
        raise _fail(f"cannot read: {exc.strerror or exc}", label) from None
    if len(data) > MAX_BYTES:
        raise _fail(f"file too large (over {MAX_BYTES // (1024 * 1024)} MiB)", label)
    return data


def read_text(path: pathlib.Path, name: str | None = None) -> tuple[str, str]:
    """Read and decode an article: :func:`read_article_bytes` then :func:`decode_bytes`."""
    label = name if name is not None else str(path)
    return decode_bytes(read_article_bytes(path, label), label)
