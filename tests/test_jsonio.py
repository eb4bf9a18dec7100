"""The JSON writer's escaping shortcuts give what its expressions give, for any text."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import jsonio

UNSAFE_SAMPLES = "\"\\\x00\x1f\x7f\x85\u061c\u200b\u200e\u2028\u2029\u202e\u2066\ufeff\ud800\udfff\u3000广a "


def test_every_unsafe_character_is_unprintable() -> None:
    """What the shortcuts rest on, checked over every code point, not sampled."""
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if jsonio._ESCAPES.match(ch) and ch not in '"\\':
            assert not ch.isprintable(), hex(code)
        if jsonio._RAW_UNSAFE.match(ch):
            assert not ch.isprintable(), hex(code)


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(UNSAFE_SAMPLES) | st.characters(), max_size=60))
def test_needs_escape_and_dumps_equal_their_expressions(text: str) -> None:
    assert jsonio.needs_escape(text) == (jsonio._ESCAPES.search(text) is not None)
    raw = jsonio.json.dumps(text, ensure_ascii=False)
    assert jsonio.dumps(text) == jsonio._RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", raw)
