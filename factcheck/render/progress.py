"""A rich progress bar with counts and rate, shown on a terminal only (never on a pipe or in CI)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def start_progress(total: int, label: str) -> tuple[Callable[[str], None], Callable[[], None]]:
    """Start a bar on stderr; returns (advance(item), stop())."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:.1f}/s" if task.speed else "", style="progress.data.speed")

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                        TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    progress.start()
    task = progress.add_task(label, total=total)

    def advance(item: str) -> None:
        progress.update(task, advance=1)

    return advance, progress.stop
