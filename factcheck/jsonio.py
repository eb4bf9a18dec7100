"""JSON with exact numbers: Decimals are written with all their digits, never through float."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import islice
from typing import Any, Final, TextIO

from .fastpath import COMPILED, code_point_flags, holds_any
from .numbers import format_value

# Characters escaped in every string we write, whatever the format: C0/C1 controls, line and
# paragraph separators, bidi controls, zero-width characters and BOM, lone surrogates.
_UNSAFE = set(range(0x00, 0x20)) | set(range(0x7F, 0xA0)) | {
    0x2028, 0x2029, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
    0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x061C,
}


_ESCAPES = re.compile("[\"\\\\" + "".join(chr(c) for c in sorted(_UNSAFE)) + chr(0xD800) + "-" + chr(0xDFFF) + "]")


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch == '"':
        return '\\"'
    if ch == "\\":
        return "\\\\"
    return f"\\u{ord(ch):04x}"


# _ESCAPES as a table of code points (it holds none above U+FFFF), for compiled code.
_ESCAPED: Final = code_point_flags([ord('"'), ord("\\"), *_UNSAFE, *range(0xD800, 0xE000)])


def needs_escape(text: str) -> bool:
    """Whether `quote` would escape anything in ``text``. Every unsafe character is unprintable (a
    control, format, separator or surrogate code point), so printable text needs only the quote and
    backslash checks: C loops, cheaper than the expression's search. Compiled, a loop over the code
    points (_ESCAPED) is cheaper still: no method call."""
    if COMPILED:
        return holds_any(text, 0, _ESCAPED)
    if text.isprintable():
        return '"' in text or "\\" in text
    return _ESCAPES.search(text) is not None


def quote(text: str) -> str:
    """A double-quoted string valid both as JSON and as a YAML double-quoted scalar, on one line."""
    return '"' + _ESCAPES.sub(_escape, text) + '"'


def json_number(value: Decimal) -> int | float | str:
    """A Decimal as JSON writes it: an int, a float that prints exactly its digits, or else a string."""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) == value:
        return as_float  # repr gives back exactly the printed digits
    return format_value(value)  # more digits than a double holds: keep them, as a string


def _number(value: Any) -> Any:
    """json's ``default`` hook: a Decimal as an int or a float that prints exactly its digits."""
    if isinstance(value, Decimal):
        return json_number(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


_RAW_UNSAFE = re.compile("[" + "".join(chr(c) for c in sorted(_UNSAFE) if c >= 0x7F) + chr(0xD800) + "-" + chr(0xDFFF) + "]")


def dumps(obj: Any, indent: int | None = None) -> str:
    """JSON with exact numbers and every unsafe character escaped (one line when ``indent`` is None)."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent, default=_number, check_circular=False)
    if text.isprintable():  # no unsafe character is printable (see needs_escape)
        return text
    return _RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def dumps_lines(items: list[Any]) -> str:
    """A JSON array with one compact element per line: readable, greppable, and written by the C encoder."""
    if not items:
        return "[]"
    return "[\n" + ",\n".join("  " + dumps(item) for item in items) + "\n]"


LINES_PER_WRITE: Final = 512


def write_object_of_lines(obj: dict[str, Any], out: TextIO, encoded: tuple[str, ...] = ()) -> None:
    """A JSON object whose list values are written one element per line (see ``dumps_lines``), and a
    newline, to ``out`` a few hundred elements at a time: a report of a large registry is never held as
    one string (nor copied whole by each join). A list value may also be given as an iterator, whose
    elements are then made only as they are written. The elements of the lists under the keys in
    ``encoded`` are given as JSON text already, one line each."""
    out.write("{\n")
    for n, (key, value) in enumerate(obj.items()):
        out.write((",\n" if n else "") + f"  {dumps(key)}: ")
        if not isinstance(value, (list, Iterator)):
            out.write(dumps(value))
            continue
        items = iter(value)
        written = 0
        while True:
            chunk = list(islice(items, LINES_PER_WRITE)) if key in encoded else \
                [dumps(item) for item in islice(items, LINES_PER_WRITE)]
            if not chunk:
                break
            out.write(("[\n    " if not written else ",\n    ") + ",\n    ".join(chunk))
            written += len(chunk)
        out.write("\n  ]" if written else "[]")
    out.write("\n}\n")


def loads(text: str) -> Any:
    """Parse JSON with exact Decimal numbers."""
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)
