"""Feedback on long runs: a rich progress bar with counts and rate on a terminal; on a pipe or in CI
nothing, unless asked (``--progress``), and then plain lines a log keeps readable."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

PLAIN_EVERY = 5.0  # seconds between two plain progress lines


def progress_mode(asked: bool | None, stream: TextIO | None = None) -> str | None:
    """"live" (a rich bar), "plain" (lines) or None (nothing): a bar on a terminal outside CI; on a
    pipe or in CI only when asked; never when ``--no-progress``."""
    if asked is False:
        return None
    stream = stream or sys.stderr
    live = stream.isatty() and not os.environ.get("CI")
    if live:
        return "live"
    return "plain" if asked else None


def start_counter(total: int, label: str, mode: str, stream: TextIO | None = None
                  ) -> tuple[Callable[[int], None], Callable[[], None]]:
    """Count ``total`` items on stderr; returns (advance(n), stop())."""
    stream = stream or sys.stderr
    if mode == "plain":
        return _plain_counter(total, label, stream)
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
            return Text(f"{task.speed:,.0f}/s" if task.speed else "", style="progress.data.speed")

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                        TimeRemainingColumn(), console=Console(file=stream), transient=True)
    progress.start()
    task = progress.add_task(label, total=total)

    def advance(n: int) -> None:
        progress.update(task, advance=n)

    return advance, progress.stop


def _plain_counter(total: int, label: str, stream: TextIO) -> tuple[Callable[[int], None], Callable[[], None]]:
    started = last = time.monotonic()
    done = 0

    def line() -> None:
        elapsed = max(time.monotonic() - started, 1e-9)
        stream.write(f"factcheck: {label}: {done:,}/{total:,} ({done / elapsed:,.0f}/s, {elapsed:.1f}s)\n")
        stream.flush()

    def advance(n: int) -> None:
        nonlocal done, last
        done += n
        now = time.monotonic()
        if now - last >= PLAIN_EVERY:
            last = now
            line()

    return advance, line


def start_progress(total: int, label: str, mode: str = "live") -> tuple[Callable[[str], None], Callable[[], None]]:
    """Count items by name (extraction: one call per article); returns (advance(item), stop())."""
    advance, stop = start_counter(total, label, mode)

    def advance_item(item: str) -> None:
        advance(1)

    return advance_item, stop


def start_status(message: str, mode: str, stream: TextIO | None = None) -> Callable[[], None]:
    """A spinner with ``message`` until stop() (live), or the message once (plain)."""
    stream = stream or sys.stderr
    if mode == "plain":
        stream.write(f"factcheck: {message}\n")
        stream.flush()
        return lambda: None
    from rich.console import Console

    status = Console(file=stream).status(message)
    status.start()
    return status.stop
