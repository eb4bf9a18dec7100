"""Numerals → exact values, and the one-to-one folding that lets one set of patterns read every script.

`fold` maps full-width digits and punctuation to ASCII and traditional characters to simplified ones,
one code point for one, so every offset into the folded text is an offset into the original.
"""

from __future__ import annotations

import os
import re
from decimal import Context, Decimal
from fractions import Fraction
from typing import Final, TypeVar

from . import numerals
from .fastpath import COMPILED, code_point_flags, translate_runs

_FULLWIDTH: Final = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({
    "．": ".", "％": "%", "＋": "+", "－": "-", "～": "~", "／": "/", "：": ":", "﹪": "%",
    "＊": "*", "Ｘ": "X", "ｘ": "x", "Ｎ": "N", "ｎ": "n", "Ｇ": "G", "　": " ", "‰": "‰",
})
# Traditional → simplified, only characters that matter to numerals, units, keywords and places.
_T2S_PAIRS: Final = (
    "萬万 億亿 兩两 參参 貳贰 陸陆 點点 餘余 幾几 個个 連连 續续 項项 屆届 級级 區区 縣县 鎮镇 歲岁 張张 "
    "約约 過过 達达 與与 將将 為为 從从 來来 佔占 較较 長长 減减 們们 場场 條条 戶户 蟬蝉 聯联 獲获 "
    "總总 數数 計计 註注 險险 億亿 東东 廣广 門门 陽阳 遠远 雲云 關关 頭头 慶庆 莊庄 華华 灣湾 "
    "圍围 黃黄 劃划 屬属 檢检 察察 醫医 療疗 衛卫 務务 辦办 處处 審审 訴诉 調调 決决 案案 件件 "
    "類类 種种 項项 噸吨 畝亩 頃顷 時时 鐘钟 週周 歷历 屆届 第第 冠冠 增增 幅幅 漲涨 升升 舉举 "
    "單单 隊队 組组 團团 觀观 點点 網网 絡络 號号 線线 熱热 臺台 台台 億亿 萬万 實实 現现 機机 "
    "構构 設设 經经 濟济 營营 業业 產产 歸归 還还 證证 據据 專专 門门 會会 議议 員员 導导 書书 "
    "記记 鄉乡 鎮镇 街街 莞莞 穗穗 輛辆 間间 層层 筆笔 宗宗 樁桩 覽览 標标 準准 級级 擊击 詐诈 "
    "騙骗 罪罪 犯犯 偵侦 破破 盜盗 搶抢 騷骚 擾扰 亂乱 聯联 勢势 黨党 選选 舉举 權权 責责 紀纪 "
    "律律 規规 範范 園园 館馆 區区 級级 餘余 許许 萬万 發发 減减 驗验 應应 急急 災灾 難难 險险 "
    "稱称 號号 優优 秀秀 獎奖 勵励 榮荣 譽誉 創创 評评 選选 錄录 億亿 額额 資资 金金 費费 貸贷 "
    "價价 值值 贓赃 揮挥 損损 補补 償偿 稅税 報报 覆复 蓋盖 屆届 輪轮 則则 條条 款款 篇篇 次次 "
    "倍倍 頁页 碼码 兒儿 萬万"
)
def _traditional_only(ch: str) -> bool:
    """A character simplified text never uses (outside GB2312): safe to fold (覆 and 著 are not)."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


_T2S: Final = {pair[0]: pair[1] for pair in _T2S_PAIRS.split()
        if len(pair) == 2 and pair[0] != pair[1] and _traditional_only(pair[0])}


def _load_t2s() -> dict[str, str]:
    """The generated table in factcheck/data/t2s.txt (2,500 pairs); the short table above is its core.

    Read beside this module; `importlib.resources` (which costs ≈ 30 ms to import, a tenth of the gate's
    start-up) only when the package is not a directory, e.g. inside a zip."""
    try:
        with open(os.path.join(os.path.dirname(__file__), "data", "t2s.txt"), encoding="utf-8") as handle:
            raw = handle.read()
    except OSError:
        try:
            from importlib.resources import files

            raw = files("factcheck").joinpath("data/t2s.txt").read_text(encoding="utf-8")
        except (OSError, ModuleNotFoundError):  # pragma: no cover - a broken install still folds numerals
            return {}
    body = "".join(line for line in raw.splitlines() if not line.startswith("#"))
    return {body[i]: body[i + 1] for i in range(0, len(body) - 1, 2)}


_FOLD_TABLE: Final = str.maketrans({**_load_t2s(), **_FULLWIDTH, **_T2S})
# Runs of characters the table changes, captured (most pages have a few: punctuation, a traditional word).
_FOLDABLE_SPLIT: Final = re.compile(
    "([" + "".join(re.escape(chr(c)) for c in sorted(_FOLD_TABLE) if _FOLD_TABLE[c] != chr(c)) + "]+)")
_FOLD_CHAR: Final[dict[str, str]] = {chr(c): v for c, v in _FOLD_TABLE.items()}


_V = TypeVar("_V")


def remember(cache: dict[str, _V], key: str, value: _V, limit: int) -> _V:
    """Stores ``value`` under ``key`` in a dict that keeps the results of a pure function of a string, which
    is emptied at once when it holds ``limit`` entries (the whole of the bounding: no order kept); returns
    ``value``. A dict, not ``functools.lru_cache``, whose wrapper compiled code calls as a Python object."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value


# The characters the table changes, as flags (none above U+10000 is changed), and what each code point below
# U+10000 folds to ("" where it is not changed).
_FOLDS: Final = code_point_flags(c for c, to in _FOLD_TABLE.items() if to != chr(c))


def _fold_targets() -> list[str]:
    targets = [""] * 0x10000
    for code, to in _FOLD_CHAR.items():
        if to != code:
            targets[ord(code)] = to
    return targets


_FOLDS_TO: Final = _fold_targets()


def fold(text: str) -> str:
    """Full-width → ASCII and traditional → simplified, one code point for one (offsets stay valid).

    Only the runs of characters the table changes are translated: ``str.translate`` looks every
    character up in the table (a dictionary miss raising and clearing KeyError for each unchanged
    one), and nearly every page has some (a full-width colon, an ideographic space). Splitting on the
    runs is one C loop; a run of one character, the usual case, is one dictionary lookup."""
    if COMPILED:  # the runs found in a table of code points (_FOLDS): faster, compiled, than the class
        return translate_runs(text, _FOLDS, _FOLDS_TO)
    parts = _FOLDABLE_SPLIT.split(text)
    if len(parts) == 1:
        return text
    for i in range(1, len(parts), 2):  # the runs, between unchanged text
        run = parts[i]
        parts[i] = _FOLD_CHAR[run] if len(run) == 1 else run.translate(_FOLD_TABLE)
    return "".join(parts)


def parse_chinese_integer(text: str) -> int:
    """A Chinese integer numeral, read by the grammar of `numerals`: 十一 → 11, 两 → 2, 一百零五 → 105,
    二〇二三 → 2023, 三万五 → 35000. ValueError for text that is not one whole integer numeral."""
    folded = fold(text)
    if not folded or any(ch not in numerals.CHARS for ch in folded):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    value = numerals.value_of(folded)
    if not isinstance(value, Decimal) or value != value.to_integral_value():
        raise ValueError(f"not an integer: {text!r}")
    return int(value)


_MAGNITUDE: Final = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000),
                     "百": Decimal(100), "十": Decimal(10)}


def magnitude_of(suffix: str) -> Decimal:
    """Multiplier of a magnitude suffix such as 万, 亿, 千万, 万亿 (empty → 1)."""
    result = Decimal(1)
    for ch in suffix:
        result *= _MAGNITUDE[ch]
    return result


_ARABIC: Final = re.compile(r"^\d+(?:[,，]\d{3})*(?:\.\d+)?$")


def parse_arabic(text: str) -> Decimal:
    """Arabic digits with optional thousands separators and decimals: ``1,234.5`` → Decimal('1234.5')."""
    folded = fold(text).strip()
    if not _ARABIC.match(folded):
        raise ValueError(f"not an Arabic number: {text!r}")
    return Decimal(folded.replace(",", "").replace("，", ""))


def parse_number(text: str) -> Decimal:
    """Any integer or decimal numeral, Arabic or Chinese, with a magnitude: 33.4万 → 334000, 3.4亿, 十一."""
    folded = fold(text).strip()
    m = re.match(r"^(\d+(?:[,，]\d{3})*(?:\.\d+)?)(多|余)?([十百千万亿]*)$", folded)
    if m:
        return scale(parse_arabic(m.group(1)), magnitude_of(m.group(3)))
    value = numerals.value_of(folded)  # 六十余万, 三万五, 三点一四
    if not isinstance(value, Decimal):
        raise ValueError(f"not a number: {text!r}")
    return value


def parse_fraction(text: str) -> Fraction:
    """``七分之一`` → Fraction(1, 7); ``3/4`` → Fraction(3, 4)."""
    folded = fold(text)
    if "分之" in folded:  # 七分之一; 百分之五 is 5/100
        reading = numerals.read(folded, 1 if folded[:1] in numerals.SIGNS else 0)
        if reading is None or reading.end != len(folded) or not reading.per:
            raise ValueError(f"not a fraction: {text!r}")
        per = {"/": 1, "%": 100, "‰": 1000, "‱": 10000}[reading.per]
        return Fraction(reading.value) / per
    num, _, den = folded.partition("/")
    return Fraction(int(num), int(den))


EXACT: Final = Context(prec=400)  # wide enough that no printed figure is ever rounded


def shift_point(digits: str, power: int) -> Decimal:
    """``scale(Decimal(digits), 10 ** power)`` for plain digits with at most one point (33.4, 4 → 334000),
    by moving the point in the text and reading it once: the Decimal arithmetic and normalisation cost
    several calls each. Digits other than ASCII (٣) are scaled as Decimals."""
    if not digits.isascii():
        return scale(Decimal(digits), Decimal(10) ** power)
    whole, _, fraction = digits.partition(".")
    if power:
        moved = fraction[:power]
        whole = whole + moved + "0" * (power - len(moved))
        fraction = fraction[power:]
    fraction = fraction.rstrip("0")
    whole = whole.lstrip("0") or "0"
    return Decimal(whole + "." + fraction if fraction else whole)


def scale(value: Decimal, factor: Decimal) -> Decimal:
    """``value × factor`` exactly (33.4 × 10⁴ → 334000)."""
    return normalize_decimal(EXACT.multiply(value, factor))


def normalize_decimal(value: Decimal) -> Decimal:
    """Drop a meaningless exponent or trailing zeros after multiplying by a magnitude: 3.40E+5 → 340000."""
    if value == EXACT.to_integral_value(value):
        return EXACT.quantize(value, Decimal(1))
    return EXACT.normalize(value)


def format_value(value: Decimal | str) -> str:
    """Exact digits of a value, never in exponent form."""
    if isinstance(value, str):
        return value
    return format(value, "f")
