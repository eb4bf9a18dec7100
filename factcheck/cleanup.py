"""Seeing through mirror-page noise without moving a single offset.

Scraped mirrors insert pinyin after characters (區(qū)兩級(jí)) and invisible characters inside
numbers (33.\u200b4万). Extraction runs on a compressed copy without them; every span is mapped back
to the original text, so spans always index the article as stored.
"""

from __future__ import annotations

import re
from typing import Final

from .fastpath import COMPILED, code_point_flags, code_points, search_at_flags

_TONED: Final = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN: Final = r"[(（][a-zü]*[" + _TONED + r"][a-zü]*[)）]"
_INVISIBLE: Final = r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u00ad\ufeff\u0000]"
_NOISE: Final = re.compile(r"(?<=[\u3400-\u9fff])" + _PINYIN + "|" + _INVISIBLE)  # pinyin after a character, invisibles
# Where a match of _NOISE can start: an invisible character, or the bracket a pinyin annotation opens
# with. One character class, which `re` skips ahead by (_NOISE starts with a look-behind, so its search
# tries every position); most pages have none but a few brackets, each tried by _NOISE in place.
_NOISE_START: Final = re.compile(_INVISIBLE[:-1] + "(（]")
_NOISE_STARTS: Final = code_point_flags(code_points(_NOISE_START.pattern))  # (all below U+10000)


def compress(text: str) -> tuple[str, list[int] | None]:
    """The text without annotation noise, and for each kept character its offset in ``text``.

    Returns ``(text, None)`` when there is nothing to remove (the common case, no copy made).
    """
    if not _has_noise(text):
        return text, None
    kept: list[str] = []
    positions: list[int] = []
    last = 0
    for m in _NOISE.finditer(text):
        kept.append(text[last:m.start()])
        positions.extend(range(last, m.start()))
        last = m.end()
    kept.append(text[last:])
    positions.extend(range(last, len(text)))
    return "".join(kept), positions


def _has_noise(text: str) -> bool:
    """``_NOISE.search(text) is not None``, trying _NOISE only where it can start (_NOISE_START); compiled,
    those places are found by a loop over code points (_NOISE_STARTS), cheaper than the class's search."""
    if COMPILED:
        return search_at_flags(_NOISE, text, _NOISE_STARTS)
    for start in _NOISE_START.finditer(text):
        if _NOISE.match(text, start.start()) is not None:  # its look-behind sees the text before
            return True
    return False


def map_span(positions: list[int], start: int, end: int) -> tuple[int, int]:
    """A span of the compressed text as a span of the original (end exclusive)."""
    return positions[start], positions[end - 1] + 1
