"""Claim arithmetic: the range of true values a printed figure allows, and whether two figures can state
one value."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..models import Claim
from .rule import Settings


def fmt(value: Decimal | str) -> str:
    """Exact digits, without trailing zeros: 545450.0 → 545450, 95.60 → 95.6."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return format(value.quantize(Decimal(1)), "f")
        return format(value.normalize(), "f")
    return value


_DIGITS = re.compile(r"(\d+)(?:\.(\d+))?")


def printed_step(claim: Claim) -> Decimal:
    """Half the place value of the last printed digit: 33.4万 → 500, 14.8% → 0.05."""
    if not isinstance(claim.value, Decimal):
        return Decimal(0)
    return _printed_step(claim.text, claim.value, claim.unit)


@lru_cache(maxsize=1 << 16)
def _printed_step(text: str, value: Decimal, unit: str) -> Decimal:
    m = _DIGITS.search(text.replace(",", "").replace("，", ""))
    if m is None:
        return Decimal(0)
    decimals = len(m.group(2) or "")
    digits_value = Decimal(m.group(0))
    if digits_value == 0:
        return Decimal(0)
    scale = value / digits_value if unit != "%" else Decimal(1)
    return Decimal(5) * Decimal(10) ** (-(decimals + 1)) * scale


def last_place(claim: Claim) -> Decimal:
    """Place value of the last non-zero printed digit: 1600 → 100, 33.4万 → 1000, 60余万 → 100000."""
    if not isinstance(claim.value, Decimal):
        return Decimal(0)
    return _last_place(claim.text, claim.value)


@lru_cache(maxsize=1 << 16)
def _last_place(text: str, value: Decimal) -> Decimal:
    m = _DIGITS.search(text.replace(",", "").replace("，", ""))
    if m is None:
        return Decimal(0)
    whole, frac = m.group(1), m.group(2) or ""
    digits_value = Decimal(m.group(0))
    if digits_value == 0:
        return Decimal(0)
    scale = value / digits_value
    if frac.rstrip("0"):
        place = Decimal(10) ** -len(frac.rstrip("0"))
    else:
        place = Decimal(10) ** (len(whole) - len(whole.rstrip("0")))
    return place * scale


def interval(claim: Claim, settings: Settings) -> tuple[Decimal, Decimal] | None:
    """The range of true values a printed figure allows, honouring its approximation."""
    if not isinstance(claim.value, Decimal) or not claim.value.is_finite():
        return None
    remainder = claim.approx == "lower" and (claim.after[:1] in ("余", "多") or "余" in claim.text
                                             or "多" in claim.text)
    return _interval(claim.text, claim.value, claim.unit, claim.approx, remainder, settings.relative_tolerance)


@lru_cache(maxsize=1 << 16)
def _interval(text: str, v: Decimal, unit: str, approx: str, remainder: bool,
              tolerance: Decimal) -> tuple[Decimal, Decimal]:
    """``interval`` of a printed figure (pure, so cached: restatements repeat the same figures; keyed by
    the tolerance, not the settings, whose hash would be computed again on every call)."""
    r = _printed_step(text, v, unit) + abs(v) * tolerance
    if approx == "lower":
        if remainder:
            return v, v + _last_place(text, v)  # 1600余: 1600 up to 1700; 6万多: up to 7万
        return v, v * Decimal("1.25") + r  # 超过/逾/以上: more, by an unknown margin
    if approx == "upper":
        return v * Decimal("0.8") - r, v
    if approx == "about":
        return v * Decimal("0.9") - r, v * Decimal("1.1") + r
    return v - r, v + r


def compatible(a: Claim, b: Claim, settings: Settings) -> bool:
    """True when both printed figures can describe the same true value."""
    return ranges_compatible(interval(a, settings), interval(b, settings), a.value, b.value)


def ranges_compatible(ia: tuple[Decimal, Decimal] | None, ib: tuple[Decimal, Decimal] | None,
                      va: Decimal | str, vb: Decimal | str) -> bool:
    """`compatible` from ranges already computed: they overlap (equal values where there is no range)."""
    if ia is None or ib is None:
        return va == vb
    return ia[0] <= ib[1] and ib[0] <= ia[1]
