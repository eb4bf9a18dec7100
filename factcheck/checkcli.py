"""The ``check`` and ``baseline`` commands (CI gating), sharing their options with ``add``."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from .cliopts import ColorOpt, OutputOpt, ProgressOpt, RootOpt
from .errors import FactcheckError


def _codes(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


def register_check_commands(app: typer.Typer) -> None:
    @app.command()
    def check(
        root: RootOpt = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="full, concise, json, sarif, github, junit or html (a self-contained page: use with -o report.html).")] = "full",
        fail_on: Annotated[str | None, typer.Option("--fail-on", help="Exit 1 when a new finding reaches this severity: error (default), warning, info or never.")] = None,
        min_severity: Annotated[str | None, typer.Option("--min-severity", help="Show findings at or above this severity (default: info).")] = None,
        exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Always exit 0 unless the input is bad.")] = False,
        select: Annotated[list[str] | None, typer.Option("--select", help="Only rules with these code prefixes (FC1, FC201 …).")] = None,
        ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip rules with these code prefixes.")] = None,
        baseline: Annotated[Path | None, typer.Option("--baseline", help="JSON file of accepted findings; only findings not in it fail.")] = None,
        since: Annotated[str | None, typer.Option("--since", help="Fail only on findings involving claims added or changed since this git ref.")] = None,
        show_consistent: Annotated[bool, typer.Option("--show-consistent", help="List the consistent restatements too.")] = False,
        jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes for checking blocks (0 = all cores).")] = 0,
        scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786), or 'local'; needs factcheck[dask].")] = None,
        progress: ProgressOpt = None,
        output: OutputOpt = None,
        color: ColorOpt = "auto",
    ) -> None:
        """Cross-check the registry and report inconsistent figures; exit 1 when a finding reaches --fail-on."""
        from .gate import run_check

        code = run_check(root=root, fmt=fmt, fail_on=fail_on, min_severity=min_severity, exit_zero=exit_zero,
                         select=_codes(select), ignore=_codes(ignore), baseline=baseline, since=since,
                         show_consistent=show_consistent, jobs=jobs, scheduler=scheduler, output=output,
                         color=color, progress=progress)
        raise typer.Exit(code)

    @app.command("baseline")
    def baseline_cmd(
        root: RootOpt = None,
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Baseline file (default: factcheck-baseline.json at the workspace root).")] = None,
        select: Annotated[list[str] | None, typer.Option("--select", help="Only rules with these code prefixes.")] = None,
        ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip rules with these code prefixes.")] = None,
    ) -> None:
        """Accept the current findings: write them to the baseline file so that CI fails only on new ones."""
        from .gate import write_baseline_file

        path, count = write_baseline_file(root=root, output=output, select=_codes(select), ignore=_codes(ignore))
        sys.stderr.write(f"wrote {count} accepted finding(s) to {path}\n")

    @app.command("rules")
    def rules_cmd(
        fmt: Annotated[str, typer.Option("--format", "-f", help="full or json.")] = "full",
    ) -> None:
        """List every check: code, name, default severity and what it checks."""
        from .checks import ALL_CHECKS
        from .jsonio import dumps

        if fmt not in ("full", "json"):
            raise FactcheckError(f"--format {fmt!r}: expected full or json")
        if fmt == "json":
            sys.stdout.write(dumps([{"code": c.code, "name": c.name, "severity": c.severity,
                                     "summary": c.summary, "doc": c.doc} for c in ALL_CHECKS], indent=2) + "\n")
            return
        for c in ALL_CHECKS:
            sys.stdout.write(f"{c.code}  {c.name:<24} {c.severity:<8} {c.summary}\n")

    del check, baseline_cmd, rules_cmd
