"""Options shared by every command (sqlite-utils style): --root, --output, --color, --progress, and what
--output and --color do (every command that prints reads them through here)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer

from .errors import FactcheckError

RootOpt = Annotated[str | None, typer.Option("--root", help="Workspace directory (default: the one holding the current directory).")]
ColorOpt = Annotated[str, typer.Option("--color", help="Colour output: auto, always or never (NO_COLOR is honoured).")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the output to FILE instead of stdout.")]
ProgressOpt = Annotated[bool | None, typer.Option("--progress/--no-progress", help="Progress on stderr: a bar on a terminal (default), plain lines on a pipe or in CI when asked.", show_default=False)]


def want_color(color: str, stream: TextIO) -> bool:
    if color not in ("auto", "always", "never"):
        raise FactcheckError(f"--color {color!r}: expected auto, always or never")
    if color == "always":
        return True
    if color == "never" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


@contextmanager
def output_stream(path: Path | None) -> Iterator[TextIO]:
    """stdout, or FILE written atomically when the command succeeds."""
    if path is None:
        yield sys.stdout
        return
    import io

    buffer = io.StringIO()
    yield buffer
    from .workspace import atomic_write

    try:
        if path.exists() and not path.is_file():
            # a device or a pipe (-o /dev/null, -o /dev/stderr): write to it, never replace it
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(buffer.getvalue())
        else:
            atomic_write(path, buffer.getvalue())
    except OSError as exc:
        raise FactcheckError(f"-o {path}: {exc.strerror}") from None
