"""Making article text safe for terminals and logs: no ANSI escapes, no control or bidi characters."""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\u061c]"
)


def safe(text: str) -> str:
    """Replace control, bidi and zero-width characters (ESC included) with visible ``\\uXXXX``."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def one_line(text: str) -> str:
    """Safe text on a single line (tabs and newlines shown as spaces)."""
    return safe(text.replace("\t", " ").replace("\n", " ").replace("\r", " "))
