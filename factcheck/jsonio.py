"""JSON with exact numbers: Decimals are written with all their digits, never through float."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .numbers import format_value

# Characters escaped in every string we write, whatever the format: C0/C1 controls, line and
# paragraph separators, bidi controls, zero-width characters and BOM, lone surrogates.
_UNSAFE = set(range(0x00, 0x20)) | set(range(0x7F, 0xA0)) | {
    0x2028, 0x2029, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
    0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x061C,
}


def quote(text: str) -> str:
    """A double-quoted string valid both as JSON and as a YAML double-quoted scalar, on one line."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code in _UNSAFE or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def dumps(obj: Any, indent: int | None = None, _level: int = 0) -> str:
    """Serialise dicts, lists, strings, ints, Decimals, bools and None; Decimals keep their digits."""
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, Decimal):
        return format_value(obj)
    if isinstance(obj, int):
        return str(obj)
    if isinstance(obj, float):
        return json.dumps(obj)
    if isinstance(obj, str):
        return quote(obj)
    pad = "" if indent is None else "\n" + " " * (indent * (_level + 1))
    end = "" if indent is None else "\n" + " " * (indent * _level)
    sep = ", " if indent is None else ","
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{pad}{quote(str(k))}: {dumps(v, indent, _level + 1)}" for k, v in obj.items()]
        return "{" + sep.join(items) + end + "}"
    if isinstance(obj, (list, tuple)):
        if not obj:
            return "[]"
        items = [f"{pad}{dumps(v, indent, _level + 1)}" for v in obj]
        return "[" + sep.join(items) + end + "]"
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def loads(text: str) -> Any:
    """Parse JSON with exact Decimal numbers."""
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)
