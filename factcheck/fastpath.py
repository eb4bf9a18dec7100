"""The fast paths: every hand-written reader extraction uses, and the one switch that chooses them.

Extraction's rules (`figures`, `extract`, `places`, `cleanup`, `jsonio`) are written with regular
expressions and string methods. Compiled by mypyc, a loop over code points is often faster than the
expression it stands in for: ``ord(text[i])`` makes no string, a table lookup by code point replaces a
character class, and no match object is made. Each such loop lives here, and nowhere else:

* each reader's docstring starts with what it equals (``Equals …``): an expression, a library call, or
  the source-only branch beside it;
* ``tests/test_fastpath.py`` holds every reader equal to that on random text drawn from the characters
  that matter (the lexicon's words, numerals, punctuation, characters above U+FFFF), and
  ``tests/test_compiled.py`` compares the compiled package with the source on the corpora;
* the tables are built from what the rules define (`lexicon`, `numerals`, the word lists passed in),
  so adding a word never means editing this module.

`COMPILED` is the switch: True when this module runs compiled. Rules call a reader; where a reader's
pure-Python form is slower than the expression (a Python loop over characters is), the reader itself
falls back to the expression, so callers do not test the switch. The two callers that do are the two
scans whose whole loop differs (`figures.find_figures_folded`, `extract._build_context`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from types import FunctionType
from typing import Final, final

from . import lexicon, numerals


def _compiled() -> bool:
    """Whether this module runs compiled (mypyc): its functions are then not Python functions."""
    return not isinstance(_compiled, FunctionType)


COMPILED: Final = _compiled()


# ---------------------------------------------------------------------------------------------------------
# Code-point tables

def code_point_flags(codes: Iterable[int]) -> bytes:
    """A table over the code points below U+10000, 1 at each of ``codes`` and 0 elsewhere: what a compiled
    loop over a text looks a character up in (``table[ord(ch)]``), in place of an expression's class."""
    table = bytearray(0x10000)
    for code in codes:
        table[code] = 1
    return bytes(table)


def code_points(char_class: str) -> list[int]:
    """The code points below U+10000 that the one-character expression ``char_class`` matches (one scan of
    them all: a table of them built from the very expression a loop stands in for)."""
    return [m.start() for m in re.finditer(char_class, _BMP)]


_BMP: Final = "".join(map(chr, range(0x10000)))


def words_by_first(words: Iterable[str]) -> list[tuple[str, ...]]:
    """The words by the code point of their first character (below U+10000), longest first: what an
    alternation of them, longest first, tries at a position (see word_at)."""
    by_first: list[tuple[str, ...]] = [()] * 0x10000
    for word in sorted(set(words), key=len, reverse=True):
        by_first[ord(word[0])] = (*by_first[ord(word[0])], word)
    return by_first


# ---------------------------------------------------------------------------------------------------------
# Small readers

def starts_at(text: str, word: str, pos: int) -> bool:
    """Equals ``text.startswith(word, pos)``. Compiled, ``startswith`` with a position is a method call
    that parses its arguments as a tuple, most of the cost of looking up a word or two next to a figure:
    the code points are compared in a loop instead."""
    if pos < 0 or not COMPILED:
        return text.startswith(word, pos)
    n = len(word)
    if pos + n > len(text):
        return False
    for i in range(n):  # the words are a few characters: compared as code points, no string made
        if ord(text[pos + i]) != ord(word[i]):
            return False
    return True


def starts_with_any(text: str, words: tuple[str, ...], pos: int) -> bool:
    """Equals ``text.startswith(words, pos)`` (see starts_at)."""
    for word in words:
        if starts_at(text, word, pos):
            return True
    return False


def word_at(text: str, pos: int, by_first: list[tuple[str, ...]]) -> str:
    """Equals ``m.group() if (m := re.compile("|".join(longest first)).match(text, pos)) else ""`` for the
    words of ``by_first`` (see words_by_first), without walking every alternative."""
    if pos >= len(text):
        return ""
    code = ord(text[pos])
    # (compiled, ord makes no string, and the table is a list: no one-character string to hash)
    for word in by_first[code] if code < 0x10000 else ():
        if starts_at(text, word, pos):
            return word
    return ""


def bisect_left(a: list[int], x: int) -> int:
    """Equals ``bisect.bisect_left(a, x)``; compiled, a loop over unboxed integers, cheaper than calling
    the C function through the module (each claim looks up a dozen positions)."""
    if not COMPILED:
        return bisect.bisect_left(a, x)
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def bisect_right(a: list[int], x: int) -> int:
    """Equals ``bisect.bisect_right(a, x)`` (see bisect_left)."""
    if not COMPILED:
        return bisect.bisect_right(a, x)
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


def holds_any(text: str, start: int, table: bytes) -> bool:
    """Equals ``any(table[ord(ch)] for ch in text[start:] if ord(ch) < 0x10000)``: whether a character of
    ``text`` from ``start`` on is one of a code-point table's."""
    for i in range(start, len(text)):
        code = ord(text[i])  # (compiled, this makes no string)
        if code < 0x10000 and table[code]:
            return True
    return False


def may_hold(text: str, start: int, table: bytes) -> bool:
    """A filter before an expression whose every match holds a character of ``table`` (from ``start``):
    compiled, `holds_any`; in pure Python always True, where the expression's own search is the faster
    test. Equals True wherever the expression can match."""
    return holds_any(text, start, table) if COMPILED else True


def has_digit(part: str) -> bool:
    """Equals ``any(map(str.isdigit, part))``; compiled, a loop over code points (no character is made
    but past ASCII)."""
    if not COMPILED:
        return any(map(str.isdigit, part))
    for i in range(len(part)):
        code = ord(part[i])
        if 48 <= code <= 57 or (code >= 128 and part[i].isdigit()):
            return True
    return False


_SPACES: Final = code_point_flags(code_points(r"\s"))  # (none above U+FFFF)


def squeeze(part: str) -> str:
    """Equals ``" ".join(part.split())``: whitespace runs made one space, none at the ends. Without
    whitespace inside (the usual sentence, every whitespace character but the space being unprintable),
    the stripped text as it is, without a list of words to join."""
    if COMPILED:  # no whitespace at all: the text itself (a loop over code points, no method calls)
        return " ".join(part.split()) if holds_any(part, 0, _SPACES) else part
    inner = part.strip()
    if inner.isprintable() and " " not in inner:
        return inner
    return " ".join(part.split())


def back_to_stop(text: str, start: int, stops: bytes, limit: int) -> str:
    """Equals ``re.search("[^" + stops + "]*$", text[max(0, start - limit):start]).group()``: the text
    before ``start`` back to the previous character of ``stops`` (a code-point table), at most ``limit``
    characters."""
    lo = max(0, start - limit)
    for i in range(start - 1, lo - 1, -1):
        code = ord(text[i])  # (compiled, this makes no string)
        if code < 0x10000 and stops[code]:
            return text[i + 1:start]
    return text[lo:start]


def pair_can_start(text: str, lo: int, end: int, firsts: bytes, seconds: bytes) -> bool:
    """A filter before an expression of words of two characters or more: whether a word can start in
    [lo, end), a character of ``firsts`` followed by one of ``seconds`` (a superset of where the
    expression matches). In pure Python always True (the expression is the faster test)."""
    if not COMPILED:
        return True
    n = len(text)
    for q in range(lo, min(end, n - 1)):
        first = ord(text[q])
        second = ord(text[q + 1])
        if first < 0x10000 and second < 0x10000 and firsts[first] and seconds[second]:
            return True
    return False


def pair_starts(text: str, starts: bytes, pairs: frozenset[int]) -> list[int]:
    """Equals ``[i for i in range(len(text) - 1) if ord(text[i]) << 16 | ord(text[i + 1]) in pairs]`` for
    pairs of characters below U+10000 (``starts``: bit 1 where a pair's first character is, bit 2 where
    its second is): every position where a word of the pairs can start. The two characters are read as
    one number: no string is made for a pair that starts no word."""
    out: list[int] = []
    n = len(text)
    for i in range(n - 1):
        code = ord(text[i])
        if code < 0x10000 and starts[code] & 1 != 0:
            second = ord(text[i + 1])
            if second < 0x10000 and starts[second] & 2 != 0 and (code << 16 | second) in pairs:
                out.append(i)
    return out


def search_at_flags(pattern: re.Pattern[str], text: str, starts: bytes) -> bool:
    """Equals ``pattern.search(text) is not None`` where ``starts`` flags every character a match can
    start with: the expression is tried only there (its look-behinds still see the text before)."""
    for i in range(len(text)):
        code = ord(text[i])  # (compiled, this makes no string)
        if code < 0x10000 and starts[code] and pattern.match(text, i) is not None:
            return True
    return False


def matches_at(pattern: re.Pattern[str], text: str, candidates: list[int]) -> list[re.Match[str]]:
    """Equals ``list(pattern.finditer(text))`` when ``candidates`` (ascending) holds every position where
    ``pattern`` can match and it matches nothing empty: the expression is tried there only."""
    out: list[re.Match[str]] = []
    end = 0
    for pos in candidates:
        if pos < end:
            continue
        m = pattern.match(text, pos)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def translate_runs(text: str, changed: bytes, to: list[str]) -> str:
    """Equals ``text.translate(table)`` for a table that maps one code point to one (``to[code]`` where
    ``changed[code]``, none above U+FFFF): the runs to change are found in a table of code points, not by
    an expression's class of thousands of characters, and nothing is copied when there is none."""
    parts: list[str] = []
    last = 0
    n = len(text)
    i = 0
    while i < n:
        code = ord(text[i])
        if code >= 0x10000 or not changed[code]:
            i += 1
            continue
        j = i + 1
        while j < n:
            code = ord(text[j])
            if code >= 0x10000 or not changed[code]:
                break
            j += 1
        parts.append(text[last:i])
        for k in range(i, j):  # each changed character as a string the table holds: nothing to make or hash
            parts.append(to[ord(text[k])])
        last = j
        i = j + 1  # text[j] (if any) is not changed
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def groups_digits(text: str, pos: int) -> bool:
    """Equals ``re.compile(r"(?<=[0-9])[,，][0-9]{3}(?![0-9])").match(text, pos) is not None``: the comma at
    ``pos`` separates thousands (1,047起)."""
    code = ord(text[pos])
    if (code != 0x2C and code != 0xFF0C) or pos == 0 or not _is_ascii_digit(text, pos - 1) or pos + 4 > len(text):
        return False
    return _is_ascii_digit(text, pos + 1) and _is_ascii_digit(text, pos + 2) and _is_ascii_digit(text, pos + 3) \
        and not (pos + 4 < len(text) and _is_ascii_digit(text, pos + 4))


def latin_after(text: str, end: int) -> bool:
    r"""Equals ``re.compile(r"\s?[A-Za-z]").match(text, end) is not None``: a Latin letter at ``end``, or
    after one whitespace character."""
    n = len(text)
    if end >= n:
        return False
    if _is_ascii_letter(ord(text[end])):
        return True
    return end + 1 < n and text[end].isspace() and _is_ascii_letter(ord(text[end + 1]))


def _is_ascii_letter(code: int) -> bool:
    return 65 <= code <= 90 or 97 <= code <= 122


def _is_ascii_digit(text: str, i: int) -> bool:
    return 0x30 <= ord(text[i]) <= 0x39  # (compiled, ord(text[i]) makes no string)


# ---------------------------------------------------------------------------------------------------------
# Cutting a phrase: the first character or word of a set

@final
class Cuts:
    """Where a phrase is cut: at any of ``chars`` (a character class of its own too), at the start of any
    of ``words``, and at ``guarded`` unless one of ``guard`` stands before it. `expression` is what
    `first_cut` equals; ``roles`` its table of code points (1 a character that cuts, 2 the first
    character of a word that cuts, 4 ``guarded``)."""

    __slots__ = ("expression", "roles", "words", "guard")

    expression: re.Pattern[str]
    roles: bytes
    words: tuple[str, ...]
    guard: str

    def __init__(self, chars: str, char_class: str, words: tuple[str, ...], guarded: str, guard: str) -> None:
        self.expression = re.compile(
            char_class + "|[" + re.escape(chars) + "]|" + "|".join(words) + f"|(?<![{guard}]){guarded}")
        roles = bytearray(0x10000)
        for ch in chars:
            roles[ord(ch)] |= 1
        for code in code_points(char_class):
            roles[code] |= 1
        for word in words:
            roles[ord(word[0])] |= 2
        roles[ord(guarded)] |= 4
        self.roles = bytes(roles)
        self.words = words
        self.guard = guard


def first_cut(text: str, cuts: Cuts) -> int:
    """Equals ``m.start() if (m := cuts.expression.search(text)) else -1``; compiled, a loop over code
    points (the expression has no class to skip ahead by, and tries its alternatives at every position).
    The character class must be one that `str.isdecimal` or `str.isspace` answers above U+FFFF."""
    if not COMPILED:
        m = cuts.expression.search(text)
        return m.start() if m is not None else -1
    roles = cuts.roles
    for i in range(len(text)):
        code = ord(text[i])
        if code >= 0x10000:
            if text[i].isdecimal() or text[i].isspace():
                return i
            continue
        role = roles[code]
        if not role:
            continue
        if role & 1:
            return i
        if role & 4 and (i == 0 or text[i - 1] not in cuts.guard):
            return i
        if role & 2:
            for word in cuts.words:
                if starts_at(text, word, i):
                    return i
    return -1


# ---------------------------------------------------------------------------------------------------------
# The context of an article: clause breaks, sentences, paragraphs, and where three word lists can start

_BREAK: Final = 1
_SENTENCE_END: Final = 2
_NEWLINE: Final = 4
_COMMA: Final = 8
_SCOPE_START: Final = 16  # the first character of a scope word of two characters (its second: bit 1 below)
_SUBJECT_START: Final = 32  # … of an organisation (second: bit 2)
_CUE_START: Final = 64  # … of a period cue (second: bit 4)
_SCOPE_WORD: Final = 128  # a scope word of one character (市, 区)
_CANDIDATE: Final = _SCOPE_START | _SUBJECT_START | _CUE_START | _SCOPE_WORD


@final
class TextRoles:
    """Each code point's roles in the scan of an article (`scan_text`): a clause break, a sentence end, a
    newline, a comma; the first character of a scope word, of an organisation, of a period cue (and, in
    ``seconds``, the characters they have second); a scope word of one character. Built from the rules'
    own lists."""

    __slots__ = ("roles", "seconds", "scope_pairs", "scope_singles")

    roles: bytes
    seconds: bytes
    scope_pairs: dict[str, str]
    scope_singles: list[str]

    def __init__(self, clause_breaks: str, sentence_ends: str, scope_words: tuple[str, ...],
                 subject_words: tuple[str, ...], cue_heads: tuple[str, str]) -> None:
        roles = bytearray(0x10000)
        seconds = bytearray(0x10000)
        for ch in clause_breaks:
            roles[ord(ch)] = _BREAK | (_SENTENCE_END if ch in sentence_ends else 0) | \
                (_NEWLINE if ch == "\n" else 0) | (_COMMA if ch in ",，" else 0)
        singles = [""] * 0x10000
        for word in scope_words:
            if len(word) == 1:
                roles[ord(word)] |= _SCOPE_WORD
                singles[ord(word)] = word
            else:
                roles[ord(word[0])] |= _SCOPE_START
                seconds[ord(word[1])] |= 1
        for word in subject_words:
            roles[ord(word[0])] |= _SUBJECT_START
            seconds[ord(word[1])] |= 2
        for ch in cue_heads[0]:
            roles[ord(ch)] |= _CUE_START
        for ch in cue_heads[1]:
            seconds[ord(ch)] |= 4
        self.roles = bytes(roles)
        self.seconds = bytes(seconds)
        # the scope words of two characters (none starts another, none is longer), and of one
        self.scope_pairs = {word: word for word in scope_words if len(word) == 2}
        self.scope_singles = singles


def scan_text(folded: str, roles: TextRoles) -> tuple[tuple[list[int], list[int], list[int]], list[int], list[int],
                                                       list[int]]:
    """Equals ``extract._find_breaks(folded)`` (clause breaks but commas grouping digits, sentence starts,
    paragraph starts), and gives where a scope word, an organisation and a period cue can start (each a
    superset of where its expression matches, by the first two characters), in one loop over code points:
    compiled, about three times as fast as the expression's scan (in CPython, four times as slow)."""
    breaks: list[int] = []
    sentence_starts = [0]
    paragraph_starts = [0]
    scope_at: list[int] = []
    subject_at: list[int] = []
    cue_at: list[int] = []
    table = roles.roles
    seconds = roles.seconds
    n = len(folded)
    for pos in range(n):
        code = ord(folded[pos])
        if code >= 0x10000:
            continue
        role = table[code]
        if not role:
            continue
        if role & _CANDIDATE:
            if role & _SCOPE_WORD:
                scope_at.append(pos)
            if pos + 1 < n and (after := ord(folded[pos + 1])) < 0x10000:
                second = seconds[after]
                if role & _SCOPE_START and second & 1:
                    scope_at.append(pos)
                if role & _SUBJECT_START and second & 2:
                    subject_at.append(pos)
                if role & _CUE_START and second & 4:
                    cue_at.append(pos)
        if not role & _BREAK or (role & _COMMA and groups_digits(folded, pos)):
            continue
        breaks.append(pos)
        if role & _SENTENCE_END:
            sentence_starts.append(pos + 1)
            if role & _NEWLINE:
                paragraph_starts.append(pos + 1)
    return (breaks, sentence_starts, paragraph_starts), scope_at, subject_at, cue_at


def scope_words_at(folded: str, candidates: list[int], roles: TextRoles) -> list[tuple[int, int, str]]:
    """Equals ``[(m.start(), m.end(), m.group()) for m in re.finditer("|".join(scope words), folded)]`` read
    at ``candidates`` (`scan_text`'s) by hand: a word of two characters is looked up, else one of one
    character; no match object is made."""
    out: list[tuple[int, int, str]] = []
    end = 0
    n = len(folded)
    pairs = roles.scope_pairs
    singles = roles.scope_singles
    for pos in candidates:
        if pos < end:
            continue
        word = pairs.get(folded[pos:pos + 2]) if pos + 1 < n else None
        if word is None:
            code = ord(folded[pos])
            word = singles[code] if code < 0x10000 else ""
            if not word:
                continue
        end = pos + len(word)
        out.append((pos, end, word))
    return out


# ---------------------------------------------------------------------------------------------------------
# Tokens: where a figure can start, and what kind of token stands there

_NUM_AR: Final = r"(?:\d{1,3}(?:[,，]\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)"
CNX: Final = numerals.CHARS  # the characters of Chinese numerals, magnitudes included …
CN: Final = "".join(ch for ch in CNX if ch not in numerals.MAGNITUDES)  # … and without them
# armag's words in the order of its alternation (the first that matches is taken)
AR_MAGNITUDES: Final = ("万亿", "千万", "百万", "十万", "千亿", "百亿", "万", "亿")
# The token expression's alternatives, in order (at one position the first that matches wins). `figures`
# classifies each match; the readers below stand in for it where only one alternative can match.
TOKEN_ALTERNATIVES: Final = (
    r"(?P<iso>(?<![\d.])\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?![\d]))",
    r"(?P<ymd>(?<![\d.])(?:\d{4}|[〇零○一二三四五六七八九]{4})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?)",
    r"(?P<md>(?<![\d.个])(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号])",
    r"(?P<icp>(?<=ICP备)\d+号(?:-\d+)?|(?<=ICP证)\d+号)",
    r"(?P<combo>(?<![\d.])\d+(?:[ ]?[+×xX*][ ]?(?:\d+|[NnXx](?![A-Za-z])))+)",
    r"(?P<frac>[" + CN + r"]{1,4}分之[" + CN + r"]{1,4}|(?<![\d.])\d+/\d+(?![\d/]))",
    r"(?P<ar>" + _NUM_AR + r")(?P<armid>" + "|".join(map(re.escape, lexicon.INSIDE_NUMBER)) + r")?"
    r"(?:[ \xa0](?=" + "|".join(AR_MAGNITUDES) + r"))?(?P<armag>" + "|".join(AR_MAGNITUDES) + r")?(?P<arsign>%|‰|倍)?",
    r"(?P<cn>[" + CNX + r"]{1,12})(?P<cnsign>倍)?",
    r"(?P<half>半)(?=小时|个月|天|年|分钟)",
    r"(?P<shou>首)(?=[个届次批轮份部家例条单笔位座所项期台只张篇场款套])",
)
TOKEN: Final = re.compile("|".join(TOKEN_ALTERNATIVES))
# Every first character a token can start with: the token pattern starts with named groups, which keeps
# `re` from skipping ahead by a character class, so candidates are found first, then matched.
TOKEN_START: Final = re.compile(r"[\d" + CNX + r"半首]")


def _alternative_alone(name: str) -> re.Pattern[str]:
    """The token pattern's alternative ``name`` on its own, its groups numbered as in the token pattern
    (empty groups repeated zero times stand before it), so that its matches read as the token
    pattern's: for a position where no other alternative can match (see match_at)."""
    source = next(a for a in TOKEN_ALTERNATIVES if a.startswith(f"(?P<{name}>"))
    return re.compile("(?:" + "()" * (TOKEN.groupindex[name] - 1) + "){0}" + source)


TOKEN_AR: Final = _alternative_alone("ar")
TOKEN_CN: Final = _alternative_alone("cn")
# What may follow a run of digits where an alternative before ar can match (a date, an ICP number, 1+6+N,
# a fraction); a point only after four digits (2023.5.1), a space only before the operator of 1 + 6.
_AFTER_DIGITS_NOT_AR: Final = "-/年月号+×xX*"
_COMBO_OPERATORS: Final = "+×xX*"
# … and what may follow a run of Chinese numerals where an alternative before cn can match (二〇二三年,
# 三月五日, 三分之一).
_AFTER_CN_NOT_CN: Final = "年月分"
_CN_BEFORE_WORD_MAX: Final = 4  # numerals before 年 (ymd), 月 (md: three) or 分之 (frac)

_TOKEN_STARTS: Final = code_point_flags(code_points(TOKEN_START.pattern))
# 1 at the code points ``\d`` matches, and at the Chinese numerals (CNX): where a token of ar or cn starts.
DECIMALS: Final = code_point_flags(code_points(r"\d"))
CN_NUMERALS: Final = code_point_flags(map(ord, CNX))
_INSIDE_NUMBER_AT: Final = words_by_first(lexicon.INSIDE_NUMBER)
_MAGNITUDES_AT: Final = words_by_first(AR_MAGNITUDES)


def next_token_start(folded: str, pos: int) -> int:
    """Equals ``m.start() if (m := TOKEN_START.search(folded, pos)) else -1``: the first position from
    ``pos`` on where a token can start (_TOKEN_STARTS, or a decimal digit above U+FFFF)."""
    starts = _TOKEN_STARTS
    n = len(folded)
    while pos < n:
        code = ord(folded[pos])
        if code >= 0x10000:
            if folded[pos].isdecimal():
                return pos
        elif starts[code]:
            return pos
        pos += 1
    return -1


def match_at(folded: str, pos: int, code: int) -> re.Match[str] | None:
    """Equals ``TOKEN.match(folded, pos)`` for the character ``code`` at ``pos``: where only one
    alternative can match, it alone is tried (half the time of the whole pattern)."""
    if code < 0x10000:
        if DECIMALS[code]:
            return (TOKEN_AR if only_arabic(folded, pos) else TOKEN).match(folded, pos)
        if CN_NUMERALS[code]:
            return (TOKEN_CN if only_chinese(folded, pos) else TOKEN).match(folded, pos)
    return TOKEN.match(folded, pos)


def ar_token(folded: str, pos: int) -> tuple[int, str, str, str, int]:
    """Equals ``TOKEN_AR.match(folded, pos)`` at a decimal digit, read by hand: where the number (group ar)
    ends, armid, armag and arsign ("" for none) and where the match ends."""
    n = len(folded)
    run_end = digits_end(folded, pos, n)
    end = -1
    if run_end - pos <= 3 and run_end < n and _is_comma(ord(folded[run_end])):
        # \d{1,3}(?:[,，]\d{3})+(?!\d): as many groups of three as there are; one fewer when a digit follows
        # the last (none then is no match of this branch)
        groups = 0
        i = run_end
        while i < n and _is_comma(ord(folded[i])) and digits_end(folded, i + 1, min(n, i + 4)) == i + 4:
            i += 4
            groups += 1
        if groups and is_decimal(folded, i, n):
            groups -= 1
            i -= 4
        if groups:
            end = i
    if end < 0:
        end = run_end
    if end + 1 < n and ord(folded[end]) == 0x2E and is_decimal(folded, end + 1, n):  # a point, a digit
        end = digits_end(folded, end + 1, n)
    number_end = end
    mid = word_at(folded, end, _INSIDE_NUMBER_AT)  # armid: 多 余 来 (lexicon.INSIDE_NUMBER)
    end += len(mid)
    if end + 1 < n and (ord(folded[end]) == 0x20 or ord(folded[end]) == 0xA0) and word_at(folded, end + 1, _MAGNITUDES_AT):
        end += 1  # 25.4 万: one space (or a no-break space) before the magnitude, on a page that spaces it out
    mag = word_at(folded, end, _MAGNITUDES_AT)  # armag, longest first as its alternation (万亿 before 万)
    end += len(mag)
    sign = ""
    if end < n:
        code = ord(folded[end])
        if code == 0x25 or code == 0x2030 or code == 0x500D:  # % ‰ 倍
            sign = folded[end]
            end += 1
    return number_end, mid, mag, sign, end


def cn_token(folded: str, pos: int) -> tuple[int, str, int]:
    """Equals ``TOKEN_CN.match(folded, pos)`` at a Chinese numeral, read by hand: where its run of at most
    twelve numerals (group cn) ends, cnsign ("" or 倍) and where the match ends."""
    n = len(folded)
    end = pos + 1
    limit = min(n, pos + 12)
    while end < limit:
        code = ord(folded[end])
        if code >= 0x10000 or not CN_NUMERALS[code]:
            break
        end += 1
    if end < n and ord(folded[end]) == 0x500D:  # 倍
        return end, "倍", end + 1
    return end, "", end


def _is_comma(code: int) -> bool:
    return code == 0x2C or code == 0xFF0C  # , ，


def is_decimal(folded: str, i: int, n: int) -> bool:
    """Equals ``i < n and folded[i].isdecimal()`` (what ``\\d`` matches)."""
    if i >= n:
        return False
    code = ord(folded[i])
    return bool(DECIMALS[code]) if code < 0x10000 else folded[i].isdecimal()


def digits_end(folded: str, pos: int, limit: int) -> int:
    """Equals ``re.compile(r"\\d*").match(folded, pos, limit).end()``: where the run of decimal digits
    from ``pos`` ends (at most ``limit``)."""
    while pos < limit and is_decimal(folded, pos, limit):
        pos += 1
    return pos


def only_arabic(folded: str, pos: int) -> bool:
    """Equals ``TOKEN.match(folded, pos)`` matching the ar alternative or nothing, where a digit is: no
    alternative before ar can match. Each needs one of _AFTER_DIGITS_NOT_AR (or a point after four
    digits, an operator after a space) right after the run of digits that starts there."""
    n = len(folded)
    end = pos + 1
    while end < n:
        code = ord(folded[end])
        if not (DECIMALS[code] if code < 0x10000 else folded[end].isdecimal()):
            break
        end += 1
    if end >= n:
        return True
    after = folded[end]
    if after == ".":
        return end - pos != 4
    if after == " ":
        return end + 1 >= n or folded[end + 1] not in _COMBO_OPERATORS
    if after == "年":  # a date (ymd) needs four digits, 年 and a month's numeral: 2023年5月, not 2023年全市
        return end - pos != 4 or not _month_numeral_at(folded, end + 1)
    if after == "月":  # … (md) one or two digits, 月 and a day's numeral: 5月1日, not 12月份
        return end - pos > 2 or not _month_numeral_at(folded, end + 1)
    if after == "号":  # an ICP number (icp) follows ICP备 or ICP证
        return pos == 0 or folded[pos - 1] not in "备证"
    return after not in _AFTER_DIGITS_NOT_AR


def _month_numeral_at(folded: str, i: int) -> bool:
    """Whether a month's or a day's numeral (``\\d`` or one of 一…十) can start at ``i``."""
    if i >= len(folded):
        return False
    code = ord(folded[i])
    return folded[i].isdecimal() if code >= 0x10000 else bool(DECIMALS[code]) or folded[i] in "一二三四五六七八九十"


def only_chinese(folded: str, pos: int) -> bool:
    """Equals ``TOKEN.match(folded, pos)`` matching the cn alternative or nothing, where a Chinese numeral
    is: no alternative before cn can match. Each needs one of _AFTER_CN_NOT_CN right after the run of
    numerals that starts there, and a run of at most four (二〇二三年, 十二月, 三分之一). The run is read no
    further than that: a page-long run of numerals is retried at each of its positions (see
    figures.find_figures_folded), and reading it to its end each time made the scan quadratic."""
    n = len(folded)
    end = pos + 1
    while end < n and end - pos <= _CN_BEFORE_WORD_MAX:
        code = ord(folded[end])
        if code >= 0x10000 or not CN_NUMERALS[code]:
            break
        end += 1
    if end - pos > _CN_BEFORE_WORD_MAX:
        return True
    return end >= n or folded[end] not in _AFTER_CN_NOT_CN
