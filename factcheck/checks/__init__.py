"""Every check, concatenated from its family module. Adding a check touches one file."""

from __future__ import annotations

from . import arithmetic, growth, time, totals, values
from .rule import Check, Example, Settings

ALL_CHECKS: tuple[Check, ...] = (*values.CHECKS, *time.CHECKS, *totals.CHECKS, *arithmetic.CHECKS,
                                 *growth.CHECKS)
BY_CODE: dict[str, Check] = {c.code: c for c in ALL_CHECKS}


def select_checks(select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> tuple[Check, ...]:
    """Checks whose code starts with a selected prefix (all when none) and with no ignored prefix."""
    chosen = []
    for check in ALL_CHECKS:
        keys = (check.code, check.name)
        if select and not any(k.startswith(p) for p in select for k in keys):
            continue
        if any(k.startswith(p) for p in ignore for k in keys):
            continue
        chosen.append(check)
    return tuple(chosen)


__all__ = ["ALL_CHECKS", "BY_CODE", "Check", "Example", "Settings", "select_checks"]
