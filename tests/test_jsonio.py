"""The JSON writer's escaping shortcuts give what its expressions give, for any text."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import fastpath, jsonio

UNSAFE_SAMPLES = "\"\\\x00\x1f\x7f\x85\u061c\u200b\u200e\u2028\u2029\u202e\u2066\ufeff\ud800\udfff\u3000广a "


def test_every_unsafe_character_is_unprintable() -> None:
    """What the shortcuts rest on, checked over every code point, not sampled."""
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if jsonio._ESCAPES.match(ch) and ch not in '"\\':
            assert not ch.isprintable(), hex(code)
        if jsonio._RAW_UNSAFE.match(ch):
            assert not ch.isprintable(), hex(code)
        assert fastpath.holds_any(ch, 0, jsonio._ESCAPED) == (jsonio._ESCAPES.match(ch) is not None), hex(code)  # the compiled table


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(UNSAFE_SAMPLES) | st.characters(), max_size=60))
def test_needs_escape_and_dumps_equal_their_expressions(text: str) -> None:
    assert jsonio.needs_escape(text) == fastpath.holds_any(text, 0, jsonio._ESCAPED) == (jsonio._ESCAPES.search(text) is not None)
    raw = jsonio.json.dumps(text, ensure_ascii=False)
    assert jsonio.dumps(text) == jsonio._RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", raw)


def _object_of_lines(obj: dict[str, object]) -> str:
    """The format ``write_object_of_lines`` writes, built the slow way: one string, list values one
    element per line, indented under their key."""
    parts = []
    for key, value in obj.items():
        if isinstance(value, list):
            body = "[]" if not value else "[\n" + ",\n".join("    " + jsonio.dumps(v) for v in value) + "\n  ]"
        else:
            body = jsonio.dumps(value)
        parts.append(f"  {jsonio.dumps(key)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def test_write_object_of_lines_streams_the_same_text() -> None:
    import io
    import json
    from decimal import Decimal

    many = [{"value": Decimal("97.4"), "text": f"调解成功率{i}%\n\u2028"} for i in range(jsonio.LINES_PER_WRITE * 2 + 3)]
    cases: list[dict[str, object]] = [
        {}, {"a": []}, {"a": [1]}, {"summary": {"claims": 3}, "findings": many, "consistent": 4, "stale": ["x"]},
        {"findings": many[: jsonio.LINES_PER_WRITE]},
    ]
    for obj in cases:
        for lazy in (False, True):
            given_obj = {k: iter(v) if lazy and isinstance(v, list) else v for k, v in obj.items()}
            out = io.StringIO()
            jsonio.write_object_of_lines(given_obj, out)
            text = out.getvalue()
            assert text == _object_of_lines(obj)
            assert json.loads(text, parse_float=Decimal) == obj
            if "findings" in obj:  # escaped, so that one element stays one line
                assert "\u2028" not in text and "\\u2028" in text
