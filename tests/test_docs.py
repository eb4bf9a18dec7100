"""README documents every command, every option and every rule (sqlite-utils style): a new one that is
not documented fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from factcheck.checks import ALL_CHECKS
from factcheck.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMAND = typer.main.get_command(app)  # a group (typer ships its own click)
COMMANDS = sorted(COMMAND.commands)  # type: ignore[attr-defined]


def _section(name: str) -> str:
    """README's section of ``factcheck NAME``: from its heading to the next heading of its level or above."""
    m = re.search(rf"^### factcheck {re.escape(name)}\s*$(.*?)(?=^##? |^### )", README, re.M | re.S)
    return m.group(1) if m else ""


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_section(name: str) -> None:
    assert _section(name).strip(), f"README has no section '### factcheck {name}'"
    assert f"[{name}](#factcheck-{name})" in README, f"README's contents do not link to factcheck {name}"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_of_a_command_is_in_its_section(name: str) -> None:
    command = COMMAND.commands[name]  # type: ignore[attr-defined]
    section = _section(name)
    missing = []
    for param in command.params:
        if param.param_type_name != "option" or getattr(param, "hidden", False) or param.name == "help":
            continue
        longs = [o for o in [*param.opts, *param.secondary_opts] if o.startswith("--")]
        shared = {"--root", "--color", "--output", "--progress", "--no-progress"}
        if longs and not any(o in section or (o in shared and o in README) for o in longs):
            missing.append("/".join(longs))
    assert not missing, f"factcheck {name}: options not in its README section: {missing}"


@pytest.mark.parametrize("check", ALL_CHECKS, ids=[c.code for c in ALL_CHECKS])
def test_every_rule_is_in_the_checks_table(check: object) -> None:
    code, name = check.code, check.name  # type: ignore[attr-defined]
    assert re.search(rf"^\|\s*{code}\b.*\b{re.escape(name)}\b", README, re.M), f"{code} {name} not in README's table"


def test_benchmarks_md_is_what_the_benchmark_writes() -> None:
    """BENCHMARKS.md is written by `benchmarks/run.py --write`, not by hand: its method is the script's,
    it is stamped with a commit, and it stays a reference (well under 200 lines)."""
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("bench_run", root / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    text = (root / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert run.METHOD in text
    assert re.search(r"^## Results \(commit [0-9a-f]{7,}", text, re.M)
    assert len(text.splitlines()) < 200
