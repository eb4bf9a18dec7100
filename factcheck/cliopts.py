"""Options shared by every command (sqlite-utils style): --root, --output, --color."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

RootOpt = Annotated[str | None, typer.Option("--root", help="Workspace directory (default: the one holding the current directory).")]
ColorOpt = Annotated[str, typer.Option("--color", help="Colour output: auto, always or never (NO_COLOR is honoured).")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the output to FILE instead of stdout.")]
