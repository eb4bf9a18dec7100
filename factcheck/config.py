"""Configuration from ``[tool.factcheck]`` in pyproject.toml or from factcheck.toml; flags win."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .errors import FactcheckError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SEVERITY_LEVELS = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: tuple[tuple[str, str], ...] = ()
    fail_on: str = "error"
    min_severity: str = "info"
    relative_tolerance: Decimal = Decimal("0")
    rate_tolerance: Decimal = Decimal("0.15")
    metric_similarity: int = 85
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def load_config(root: Path) -> Config:
    """Read factcheck.toml (whole file) or pyproject.toml's [tool.factcheck] at the workspace root."""
    for name, section in (("factcheck.toml", None), ("pyproject.toml", "tool.factcheck")):
        path = root / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise FactcheckError(f"{name}: {exc}") from None
        if section is not None:
            data = data.get("tool", {}).get("factcheck")
            if data is None:
                continue
        return parse_config(data, name)
    return Config()


def _list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise FactcheckError(f"{where}: {key} must be a list of rule codes")


def parse_config(data: dict[str, Any], where: str) -> Config:
    known = {"select", "ignore", "severity", "fail-on", "min-severity", "tolerance", "rate-tolerance",
             "metric-similarity"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise FactcheckError(f"{where}: unknown [tool.factcheck] key(s): {', '.join(unknown)}")
    severities = data.get("severity", {})
    if not isinstance(severities, dict):
        raise FactcheckError(f"{where}: severity must be a table of rule = level")
    for code, level in severities.items():
        if level not in ("error", "warning", "info"):
            raise FactcheckError(f"{where}: severity.{code} = {level!r}: expected error, warning or info")
    fail_on = str(data.get("fail-on", "error"))
    min_sev = str(data.get("min-severity", "info"))
    for key, value in (("fail-on", fail_on), ("min-severity", min_sev)):
        if value not in SEVERITY_LEVELS:
            raise FactcheckError(f"{where}: {key} = {value!r}: expected one of {', '.join(SEVERITY_LEVELS)}")
    try:
        tolerance = Decimal(str(data.get("tolerance", "0")))
        rate_tolerance = Decimal(str(data.get("rate-tolerance", "0.15")))
    except InvalidOperation:
        raise FactcheckError(f"{where}: tolerance values must be numbers") from None
    similarity = data.get("metric-similarity", 85)
    if not isinstance(similarity, int) or not 0 <= similarity <= 100:
        raise FactcheckError(f"{where}: metric-similarity must be an integer from 0 to 100")
    return Config(
        select=_list(data.get("select", []), "select", where),
        ignore=_list(data.get("ignore", []), "ignore", where),
        severities=tuple(sorted((str(k), str(v)) for k, v in severities.items())),
        fail_on=fail_on, min_severity=min_sev, relative_tolerance=tolerance, rate_tolerance=rate_tolerance,
        metric_similarity=similarity, source=where,
    )
