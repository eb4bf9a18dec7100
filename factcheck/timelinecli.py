"""The ``timeline`` command: one fact across the registry on a time axis."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cliopts import ColorOpt, OutputOpt, RootOpt
from .errors import FactcheckError

if TYPE_CHECKING:
    from .timeline import Timeline

FORMATS = ("chart", "table", "json")


def register_timeline_command(app: typer.Typer) -> None:
    @app.command()
    def timeline(
        target: Annotated[str | None, typer.Argument(help="A finding's fingerprint (from `check`) or a claim id (<article>#<id>).")] = None,
        entity: Annotated[str | None, typer.Option("--entity", "-e", help="Only claims about this place or a place inside it.")] = None,
        metric: Annotated[str | None, typer.Option("--metric", "-m", help="Only claims whose metric contains this.")] = None,
        kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only claims of this kind.")] = None,
        unit: Annotated[str | None, typer.Option("--unit", "-u", help="Only claims with this unit.")] = None,
        article: Annotated[str | None, typer.Option("--article", "-a", help="Only claims of this article (id or file).")] = None,
        baseline: Annotated[Path | None, typer.Option("--baseline", help="Accepted findings, shown as baselined (default: factcheck-baseline.json when present).")] = None,
        root: RootOpt = None,
        fmt: Annotated[str | None, typer.Option("--format", "-f", help="chart (default on a terminal), table (default on a pipe) or json.")] = None,
        width: Annotated[int, typer.Option("--width", help="Columns of the chart (at most the terminal's).")] = 80,
        output: OutputOpt = None,
        color: ColorOpt = "auto",
    ) -> None:
        """Show one fact across the registry on a time axis: each article's value on the year it reports on."""
        from .cliopts import output_stream, want_color
        from .render.timeline import write_chart, write_json, write_table

        if fmt is not None and fmt not in FORMATS:
            raise FactcheckError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
        if not 60 <= width <= 1000:
            raise FactcheckError(f"--width {width}: expected 60 to 1000")
        chosen = select_timeline(root=root, target=target, entity=entity, metric=metric, kind=kind, unit=unit,
                                 article=article, baseline=baseline)
        with output_stream(output) as out:
            terminal = output is None and bool(getattr(out, "isatty", lambda: False)())
            shape = fmt or ("chart" if terminal else "table")
            if shape == "json":
                write_json(chosen, out)
            elif shape == "table":
                write_table(chosen, out)
            else:
                columns = shutil.get_terminal_size((width, 24)).columns if terminal else width
                write_chart(chosen, out, width=min(width, max(60, columns)),
                            color=output is None and want_color(color, out))

    del timeline


def select_timeline(*, root: str | None, target: str | None, entity: str | None = None, metric: str | None = None,
                    kind: str | None = None, unit: str | None = None, article: str | None = None,
                    baseline: Path | None = None) -> Timeline:
    """The timeline of a finding, a claim's fact, or the claims grep's filters select."""
    from .config import load_config
    from .core import GrepQuery, grep_claims
    from .gate import _load
    from .models import KINDS
    from .report import BASELINE_FILE, CheckRequest, build_report
    from .timeline import (
        build_timeline,
        claims_of_fact,
        claims_of_finding,
        finding_by_fingerprint,
        is_claim_id,
    )
    from .workspace import find_workspace

    filters = any(x is not None for x in (entity, metric, kind, unit, article))
    if target is None and not filters:
        raise FactcheckError("timeline: give a finding's fingerprint, a claim id (<article>#<id>), "
                             "or --entity/--metric filters")
    if target is not None and filters:
        raise FactcheckError("timeline: give a fingerprint or claim id, or filters, not both")
    if kind is not None and kind not in KINDS:
        raise FactcheckError(f"--kind {kind!r}: expected one of {', '.join(KINDS)}")
    ws = find_workspace(root)
    config = load_config(ws.root)
    if baseline is None and (ws.root / BASELINE_FILE).is_file():
        baseline = ws.root / BASELINE_FILE
    elif baseline is not None and not baseline.is_file():
        raise FactcheckError(f"--baseline {baseline}: no such file (create it with `factcheck baseline`)")
    loaded = _load(ws)
    claims = loaded.claims
    report = build_report(ws, claims, CheckRequest(config=config, baseline=baseline, registry_digest=loaded.digest,
                                                   agreements=True), len(loaded.entries))
    if target is None:
        query = GrepQuery(pattern="", entity=entity, metric=metric, kind=kind, unit=unit, article=article)
        matches = [c for c, _ in grep_claims(claims, query)]
        if not matches:
            raise FactcheckError("timeline: no claim matches the filters (try `factcheck grep` with them)")
        shown = " ".join(f"--{name} {value}" for name, value in (("entity", entity), ("metric", metric),
                         ("kind", kind), ("unit", unit), ("article", article)) if value is not None)
        return build_timeline(matches, report, selection=shown)
    target = target.strip()
    if is_claim_id(target):
        by_uid = {c.uid: c for c in claims}
        if target not in by_uid:
            raise FactcheckError(f"timeline: no claim {target!r} in the registry (see `factcheck grep`)")
        return build_timeline(claims_of_fact(by_uid[target], claims, report), report, selection=target)
    finding = finding_by_fingerprint(report, target)
    if finding is None:
        raise FactcheckError(f"timeline: {target!r} is neither a claim id (<article>#<id>) nor the fingerprint "
                             "of a finding of `factcheck check`")
    return build_timeline(claims_of_finding(finding, report), report, selection=f"finding {finding.fingerprint}",
                          only=[finding])

