"""Options shared by every command (sqlite-utils style): --root, --output, --color, --progress."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

RootOpt = Annotated[str | None, typer.Option("--root", help="Workspace directory (default: the one holding the current directory).")]
ColorOpt = Annotated[str, typer.Option("--color", help="Colour output: auto, always or never (NO_COLOR is honoured).")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the output to FILE instead of stdout.")]
ProgressOpt = Annotated[bool | None, typer.Option("--progress/--no-progress", help="Progress on stderr: a bar on a terminal (default), plain lines on a pipe or in CI when asked.", show_default=False)]
