"""Publication dates: checked once where they enter (the command line, the manifest), read as a value
everywhere else.

A publication date is written YYYY, YYYY-MM or YYYY-MM-DD (the registry and the manifest keep it as
written). `check` is the one place a date a person typed is validated; `published` is the one place a
recorded date is read into its parts, for the stages that resolve periods (extraction), compare years
(the identity of a claim) or measure distances in time (which copies of a statement a finding lists).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import FactcheckError

_FORM = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_PARTS = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


@dataclass(frozen=True)
class Published:
    """A recorded publication date, in parts (None where the date does not say: 2023 has no month)."""

    text: str
    year: int | None
    month: int | None
    day: int | None

    @property
    def year_text(self) -> str:
        """The year as printed (2023), or "" when the date is unknown."""
        return str(self.year) if self.year is not None else ""

    @property
    def ordinal(self) -> int:
        """A day number for distances between dates (months of 31 days, years of 12 such months)."""
        return (self.year or 0) * 372 + (self.month or 1) * 31 + (self.day or 1)


@lru_cache(maxsize=1 << 12)
def published(text: str) -> Published:
    """A recorded date read into its parts; a date that is not of the form gives no parts."""
    m = _PARTS.match(text or "")
    if m is None:
        return Published(text, None, None, None)
    year, month, day = (int(g) if g else None for g in m.groups())
    return Published(text, year, month, day)


def check(value: str, what: str = "--published") -> str:
    """A date a person gave, accepted as YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date), stripped;
    FactcheckError (one line, exit 2) otherwise."""
    value = value.strip()
    if not _FORM.match(value):
        raise FactcheckError(f"{what} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    parts = published(value)
    if parts.month is not None and not 1 <= parts.month <= 12:
        raise FactcheckError(f"{what} {value!r}: month out of range")
    if parts.year is not None and parts.month is not None and parts.day is not None:
        try:
            datetime.date(parts.year, parts.month, parts.day)
        except ValueError as exc:
            raise FactcheckError(f"{what} {value!r}: {exc}") from None
    return value
