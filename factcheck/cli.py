"""The ``factcheck`` command: parse options, call the library, hand results to a renderer.

Errors in input or usage print one line, ``factcheck: error: …``, and exit with code 2.
"""

import atexit
import gc
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .cliopts import ColorOpt, OutputOpt, ProgressOpt, RootOpt, output_stream, want_color
from .errors import FactcheckError
from .models import Article

app = typer.Typer(
    name="factcheck",
    help="Fact-check the figures in news articles: a claims registry, cross-checks and CI gating.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)



def fail(message: str) -> None:
    raise FactcheckError(message)


def _workspace(root: str | None):  # type: ignore[no-untyped-def]
    from .workspace import find_workspace

    return find_workspace(root)


def _check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    if fmt not in allowed:
        fail(f"--format {fmt!r}: expected one of {', '.join(allowed)}")
    return fmt


def _progress(total: int, label: str, asked: bool | None = None):  # type: ignore[no-untyped-def]
    """A progress callback: a rich bar on a terminal, nothing on a pipe or in CI unless asked."""
    from .render.progress import progress_mode, start_progress

    mode = progress_mode(asked)
    if total < 2 or mode is None:
        return None, None
    return start_progress(total, label, mode)


# ---------------------------------------------------------------- init

@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Directory to make a workspace (created if missing).")] = Path("."),
) -> None:
    """Start a workspace: seeds/ for the articles, claims/ for the registry, an empty manifest."""
    from .core import init_workspace

    ws, created = init_workspace(directory)
    where = ws.root
    if not created:
        sys.stderr.write(f"{where} is already a factcheck workspace; nothing changed\n")
        return
    sys.stderr.write(f"initialised a factcheck workspace in {where}: add articles with "
                     f"`factcheck add FILE --published DATE`\n")


# ---------------------------------------------------------------- extract

@app.command()
def extract(
    paths: Annotated[list[str] | None, typer.Argument(help="Articles to extract (default: every article in the manifest).")] = None,
    root: RootOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the claims instead of writing the registry.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: full or json.")] = "full",
    published: Annotated[str | None, typer.Option("--published", help="Publication date (YYYY, YYYY-MM, YYYY-MM-DD) for files outside the workspace.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Place the article is about, for files outside the workspace.")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Drop orphaned claims instead of keeping them.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Processes extracting articles (0 = all cores).")] = 0,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786), or 'local'; needs factcheck[dask].")] = None,
    progress: ProgressOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = "auto",
) -> None:
    """Rebuild the claims registry for the given articles (default: all in the manifest)."""
    _check_format(fmt, ("full", "json"))
    from .render.claims import write_claims_rich, write_extraction_json

    if dry_run:
        articles = _dry_run_articles(paths or [], root, published, place)
        with output_stream(output) as out:
            if fmt == "json":
                from .extract import extraction_rows

                write_extraction_json(extraction_rows(articles), out)
            else:
                from .extract import extract_claims

                claims = [claim for article in articles for claim in extract_claims(article)]
                write_claims_rich(claims, out, color=output is None and want_color(color, out))
        return
    from .core import extract_workspace

    ws = _workspace(root)
    from .workspace import load_manifest

    total = len(load_manifest(ws)) if not paths else len(paths)
    bar, done = _progress(total, "extracting", progress)
    try:
        results = extract_workspace(ws, paths or [], prune=prune, progress=bar, jobs=jobs, scheduler=scheduler)
    finally:
        if done is not None:
            done()
    claims_total = sum(r.claims for r in results)
    changed = sum(1 for r in results if r.changed)
    orphans = sum(r.orphans for r in results)
    with output_stream(output) as out:
        if fmt == "json":
            from .jsonio import dumps

            out.write(dumps([r.__dict__ for r in results], indent=2) + "\n")
        else:
            for r in results:
                note = f", {r.orphans} orphaned" if r.orphans else ""
                state = "updated" if r.changed else "unchanged"
                out.write(f"claims/{r.article}.yaml: {r.claims} claims ({r.new} new{note}), {state}\n")
            out.write(f"{len(results)} article(s), {claims_total} claims, {changed} file(s) written"
                      + (f", {orphans} orphaned claim(s): see `factcheck verify`" if orphans else "") + "\n")


def _dry_run_articles(paths: list[str], root: str | None, published: str | None, place: str | None) -> list[Article]:
    from .core import read_file_article, select_entries
    from .workspace import find_workspace, load_manifest, read_article

    articles = []
    ws = None
    try:
        ws = find_workspace(root)
    except FactcheckError:
        if root is not None:
            raise
    entries = load_manifest(ws) if ws is not None else []
    targets = paths or [e.id for e in entries]
    if not targets:
        fail("extract --dry-run: give the article files to read")
    for item in targets:
        entry = None
        if ws is not None:
            try:
                entry = select_entries(ws, entries, [item])[0]
            except FactcheckError:
                entry = None
        if entry is not None and ws is not None and published is None:
            articles.append(read_article(ws, entry)[0])
        else:
            articles.append(read_file_article(Path(item), published or "", place))
    return articles


# ---------------------------------------------------------------- add

@app.command()
def add(
    files: Annotated[list[Path], typer.Argument(help="Article files (.txt, or saved web pages .html/.htm) or directories of them.")],
    published: Annotated[str | None, typer.Option("--published", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD (optional for a web page that states its date).")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Headline.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Place the article is about (广州市, 从化区, 全国 …).")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Publishing outlet.")] = None,
    reports_on: Annotated[str | None, typer.Option("--reports-on", help="Period the article reports on (2023, 2012-2022).")] = None,
    root: RootOpt = None,
    check: Annotated[bool, typer.Option("--check/--no-check", help="Cross-check the new claims against the registry (the gate).")] = True,
    fail_on: Annotated[str | None, typer.Option("--fail-on", help="Exit 1 when a new finding reaches this severity: error, warning, info, never.")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="Accepted findings (default: factcheck-baseline.json when present).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Report format: full, concise, json, sarif, github, junit, html.")] = "full",
    progress: ProgressOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = "auto",
) -> None:
    """Bring new articles (text files or saved web pages) into seeds/ and the manifest, record their
    claims, and gate them."""
    ws = _workspace(root)
    from .core import add_article, article_id_for, expand_sources, read_source

    paths = expand_sources(files)
    # every file is read (and every page extracted) before anything is written: a bad page stops the
    # command with nothing added
    bar, done = _progress(len(paths), "reading", progress)
    sources = []
    try:
        for path in paths:
            source = read_source(path)
            if published is None and source.page is not None and source.page.published is None:
                fail(f"{path}: no publication date found in the page; give it with --published YYYY-MM-DD")
            if published is None and source.page is None:
                fail(f"{path}: give the publication date with --published YYYY-MM-DD")
            sources.append(source)
            if bar is not None:
                bar(path.name)
    finally:
        if done is not None:
            done()
    first: dict[str, Path] = {}
    for source in sources:
        other = first.setdefault(article_id_for(source.path), source.path)
        if other != source.path:
            fail(f"{other} and {source.path} would both be article {article_id_for(other)!r}: rename one")
    # the gate stamps every file of the registry: a child does it on the second core meanwhile
    from .prestat import start as start_prestat

    prestat = start_prestat([str(ws.claims_dir), str(ws.seeds)]) if check else None
    added = []
    bar, done = _progress(len(sources), "adding", progress)
    try:
        for source in sources:
            page = source.page
            if page is not None:
                found = (f"published {page.published} (from {page.published_from})" if published is None
                         else f"published {published} (--published)")
                sys.stderr.write(f"read {source.path}: {found}; title {page.title or '?'}; "
                                 f"outlet {page.outlet or '?'}\n")
            entry, result = add_article(ws, source, published=published, title=title, place=place, outlet=outlet,
                                        reports_on=reports_on)
            added.append(entry.id)
            kept = f" (page kept as {entry.html})" if entry.html else ""
            sys.stderr.write(f"added {entry.file}{kept}: {result.claims} claims in claims/{entry.id}.yaml\n")
            sys.stderr.flush()
            if bar is not None:
                bar(entry.id)
    finally:
        if done is not None:
            done()
    if check:
        from .gate import run_gate

        code = run_gate(ws, articles=added, fail_on=fail_on, baseline=baseline, fmt=fmt, output=output,
                        color=color, prestat=prestat)
        raise typer.Exit(code)


# ---------------------------------------------------------------- verify

@app.command()
def verify(
    root: RootOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: full or json.")] = "full",
    output: OutputOpt = None,
    color: ColorOpt = "auto",
) -> None:
    """Check every quote against its article and that every figure is recorded; exit 1 when not."""
    _check_format(fmt, ("full", "json"))
    from .core import verify_workspace
    from .render.claims import problems_json, write_problems

    ws = _workspace(root)
    problems, total = verify_workspace(ws)
    with output_stream(output) as out:
        if fmt == "json":
            out.write(problems_json(problems, total) + "\n")
        else:
            write_problems(problems, total, out, color=output is None and want_color(color, out))
    raise typer.Exit(1 if problems else 0)


# ---------------------------------------------------------------- grep

@app.command()
def grep(
    pattern: Annotated[str, typer.Argument(help="Regular expression (or text with --fuzzy) matched against figure, sentence, metric, entity and value.")] = "",
    entity: Annotated[str | None, typer.Option("--entity", "-e", help="Only claims about this place or a place inside it.")] = None,
    metric: Annotated[str | None, typer.Option("--metric", "-m", help="Only claims whose metric contains this.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only claims of this kind.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="Only claims with this unit.")] = None,
    article: Annotated[str | None, typer.Option("--article", "-a", help="Only claims of this article (id or file).")] = None,
    between: Annotated[tuple[str, str] | None, typer.Option("--between", help="Only values LO ≤ value ≤ HI (2万 allowed).")] = None,
    fuzzy: Annotated[bool, typer.Option("--fuzzy", help="Fuzzy match (rapidfuzz) instead of a regular expression.")] = False,
    threshold: Annotated[int, typer.Option("--threshold", help="Fuzzy score from 0 to 100 a match needs.")] = 70,
    root: RootOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: full or json.")] = "full",
    output: OutputOpt = None,
    color: ColorOpt = "auto",
) -> None:
    """Search the registry; each match shows the figure highlighted in its sentence. Exit 1 when none."""
    _check_format(fmt, ("full", "json"))
    from .core import GrepQuery, grep_claims, parse_bound
    from .index import load_claims
    from .models import KINDS
    from .render.claims import write_claims_json, write_claims_rich

    if kind is not None and kind not in KINDS:
        fail(f"--kind {kind!r}: expected one of {', '.join(KINDS)}")
    if not 0 <= threshold <= 100:
        fail(f"--threshold {threshold}: expected 0 to 100")
    bounds = None
    if between is not None:
        lo, hi = parse_bound(between[0]), parse_bound(between[1])
        bounds = (min(lo, hi), max(lo, hi))
    ws = _workspace(root)
    claims = load_claims(ws)
    query = GrepQuery(pattern=pattern, entity=entity, metric=metric, kind=kind, unit=unit, article=article,
                      between=bounds, fuzzy=fuzzy, threshold=threshold)
    matches = [c for c, _ in grep_claims(claims, query)]
    with output_stream(output) as out:
        if fmt == "json":
            write_claims_json(matches, out)
        else:
            write_claims_rich(matches, out, color=output is None and want_color(color, out))
    raise typer.Exit(0 if matches else 1)


# ---------------------------------------------------------------- check and baseline

from .checkcli import register_check_commands  # noqa: E402

register_check_commands(app)

from .timelinecli import register_timeline_command  # noqa: E402

register_timeline_command(app)


# ---------------------------------------------------------------- entry point

def main(argv: list[str] | None = None) -> None:
    """Run the CLI; turn every input or usage error into one line on stderr and exit code 2."""
    # A command is one short-lived process whose data (claims, blocks, findings) holds no reference
    # cycles: the cyclic collector would only walk the million objects of a large registry again and
    # again while they are built (a third of a one-million-claim check, measured in BENCHMARKS.md).
    gc.disable()
    try:  # recent typer vendors click; older releases use the click package
        from typer._click import exceptions as click_exc
    except ImportError:  # pragma: no cover
        from click import exceptions as click_exc  # type: ignore[no-redef]

    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="factcheck", standalone_mode=False)
    except FactcheckError as exc:
        _die(str(exc))
    except click_exc.NoArgsIsHelpError as exc:
        sys.stdout.write(exc.ctx.get_help() + "\n" if exc.ctx else "")
        sys.exit(0)
    except click_exc.UsageError as exc:
        _die(exc.format_message())
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _die("aborted")
    except KeyboardInterrupt:
        sys.stderr.write("factcheck: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except RecursionError:
        _die("input too deeply nested")
    except MemoryError:
        _die("out of memory")
    except OSError as exc:
        _die(f"{exc.filename + ': ' if exc.filename else ''}{exc.strerror or exc}")
    except click_exc.ClickException as exc:
        _die(exc.format_message())
    sys.exit(code if isinstance(code, int) else 0)


def run() -> None:
    """The console script: `main`, then an immediate exit once output is flushed and exit handlers ran.

    A check holds hundreds of thousands of objects; the interpreter's teardown would free them one by
    one (0.07 s after the gate on a 10k-article registry) although the process is about to end."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    atexit._run_exitfuncs()  # closes the index and any worker pools, as a normal exit does
    os._exit(code)


def _die(message: str) -> None:
    text = " ".join(str(message).split())
    sys.stderr.write(f"factcheck: error: {text}\n")
    sys.exit(2)


if __name__ == "__main__":
    run()
