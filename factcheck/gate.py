"""Running a check for the CLI: the full check, the gate on new articles, and --since REF."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .config import load_config
from .errors import FactcheckError
from .models import Claim, Report
from .report import BASELINE_FILE, CheckRequest, build_report, write_baseline
from .workspace import Workspace, find_workspace

if TYPE_CHECKING:
    from .index import Loaded
    from .prestat import Prestat

FORMATS = ("full", "concise", "json", "sarif", "github", "junit", "html")
LEVELS = ("error", "warning", "info", "never")


def _level(value: str | None, flag: str, default: str) -> str:
    value = default if value is None else value
    if value not in LEVELS:
        raise FactcheckError(f"{flag} {value!r}: expected one of {', '.join(LEVELS)}")
    return value


def _source_reader(ws: Workspace):  # type: ignore[no-untyped-def]
    cache: dict[str, str | None] = {}

    def source(file: str) -> str | None:
        if file not in cache:
            from .textio import decode_bytes

            try:
                data = (ws.root / file).read_bytes()
                cache[file] = _plain_utf8(data)
                if cache[file] is None:
                    cache[file] = decode_bytes(data, file)[0]
            except (OSError, FactcheckError):
                cache[file] = None
        return cache[file]

    return source


def _plain_utf8(data: bytes) -> str | None:
    """The text of a plain UTF-8 file (no BOM, no NUL): what `decode_bytes` returns for it, without
    its checks for hostile input, which the file passed when its claims were extracted."""
    if data.startswith(b"\xef\xbb\xbf") or b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _emit(ws: Workspace, report: Report, fmt: str, output: Path | None, color: str, min_severity: str,
          show_consistent: bool) -> None:
    from .cliopts import output_stream, want_color
    from .render import RenderContext, render

    timelines = {}
    if fmt == "html":  # each finding's fact on a time axis, drawn by the page
        from .timeline import report_timelines

        timelines = report_timelines(report)
    with output_stream(output) as out:
        ctx = RenderContext(source=_source_reader(ws), color=output is None and fmt == "full" and want_color(color, out),
                            show_consistent=show_consistent, min_severity=min_severity, timelines=timelines)
        render(report, fmt, out, ctx)
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        from .render.github import step_summary

        try:
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
                handle.write(step_summary(report))
        except OSError as exc:
            sys.stderr.write(f"factcheck: warning: cannot write $GITHUB_STEP_SUMMARY: {exc.strerror}\n")


def _exit_code(report: Report, fail_on: str, exit_zero: bool) -> int:
    from .engine import failing

    if exit_zero:
        return 0
    return 1 if failing(report.findings, fail_on) else 0


def _load(ws: Workspace, articles: set[str] | None = None, threshold: int = 85, prestat: Prestat | None = None
          ) -> Loaded:
    """The registry's claims (only the neighbourhood of ``articles`` when given), with a warning for
    each claims file extracted from an older version of its article (``prestat``: see index._synchronise)."""
    from .index import load_claims_full, load_neighbourhood

    stamps = prestat.stamps() if prestat is not None else None
    loaded = load_claims_full(ws) if articles is None else load_neighbourhood(ws, articles, threshold=threshold,
                                                                                stamps=stamps)
    for stale in loaded.stale:
        sys.stderr.write(f"factcheck: warning: claims/{stale}.yaml was extracted from an older version of its "
                         "article; run `factcheck extract`\n")
    return loaded


def run_check(*, root: str | None, fmt: str, fail_on: str | None, min_severity: str | None, exit_zero: bool,
              select: tuple[str, ...], ignore: tuple[str, ...], baseline: Path | None, since: str | None,
              show_consistent: bool, jobs: int, scheduler: str | None, output: Path | None, color: str,
              progress: bool | None = None) -> int:
    if fmt not in FORMATS:
        raise FactcheckError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    ws = find_workspace(root)
    config = load_config(ws.root)
    fail = _level(fail_on, "--fail-on", config.fail_on)
    shown = _level(min_severity, "--min-severity", config.min_severity)
    if shown == "never":
        raise FactcheckError("--min-severity never: expected error, warning or info")
    _check_codes(select + ignore)
    if baseline is not None and not baseline.is_file():
        raise FactcheckError(f"--baseline {baseline}: no such file (create it with `factcheck baseline`)")
    from .render.progress import progress_mode

    mode = progress_mode(progress)
    stop_status = _status("loading the registry", mode)
    try:
        total: int | None = None
        focus = None
        if since is not None:
            # only the articles whose claims files differ from REF can hold changed claims: load their
            # neighbourhood, not the registry
            resolved = resolve_ref(ws, since)
            touched = touched_since(ws, since, resolved)
            # (on Dask, which plans its own blocks, from the whole registry)
            loaded = _load(ws, touched, config.metric_similarity) if scheduler is None else _load(ws)
            total = loaded.total
            focus = frozenset(changed_since(ws, since, [c for c in loaded.claims if c.article in touched], resolved))
        else:
            loaded = _load(ws)
    finally:
        stop_status()
    claims, articles, digest = loaded.claims, len(loaded.entries), loaded.digest
    bar = _Bar(mode, f"checking {len(claims):,} claims: blocks")
    try:
        if scheduler is not None:
            from .distributed import run_report_on_dask

            report = run_report_on_dask(ws, claims, CheckRequest(config=config, select=select, ignore=ignore,
                                                                  baseline=baseline, focus=focus,
                                                                  agreements=show_consistent or fmt == "html"),
                                             articles, scheduler)
        else:
            report = build_report(ws, claims, CheckRequest(config=config, select=select, ignore=ignore, jobs=jobs,
                                                           baseline=baseline, focus=focus, registry_digest=digest,
                                                           roots=loaded.roots,
                                                           agreements=show_consistent or fmt == "html"),
                                  articles, total=total,
                                  progress=bar.start if mode else None)
    finally:
        bar.stop()
    _emit(ws, report, fmt, output, color, shown, show_consistent)
    return _exit_code(report, fail, exit_zero)


def _status(message: str, mode: str | None) -> Callable[[], None]:
    if mode is None:
        return lambda: None
    from .render.progress import start_status

    return start_status(message, mode)


class _Bar:
    """A progress display of the blocks checked, started once their number is known."""

    def __init__(self, mode: str | None, label: str) -> None:
        self.mode, self.label = mode, label
        self._stop: Callable[[], None] | None = None

    def start(self, total: int) -> Callable[[int], None]:
        from .render.progress import start_counter

        assert self.mode is not None
        advance, self._stop = start_counter(total, self.label, self.mode)
        return advance

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()
            self._stop = None


def run_gate(ws: Workspace, *, articles: list[str], fail_on: str | None, baseline: Path | None, fmt: str,
             output: Path | None, color: str, prestat: Prestat | None = None) -> int:
    """The gate of ``add``: findings that involve the new articles' claims (``prestat``: the registry's
    files stamped by a child since the command started, see factcheck/prestat.py)."""
    if fmt not in FORMATS:
        raise FactcheckError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    config = load_config(ws.root)
    fail = _level(fail_on, "--fail-on", config.fail_on)
    if baseline is None and (ws.root / BASELINE_FILE).is_file():
        baseline = ws.root / BASELINE_FILE
    added = set(articles)
    loaded = _load(ws, added, config.metric_similarity, prestat)
    focus = frozenset(c.uid for c in loaded.claims if c.article in added)
    report = build_report(ws, loaded.claims, CheckRequest(config=config, baseline=baseline, focus=focus, jobs=1,
                                                          roots=loaded.roots, agreements=fmt == "html"),
                          len(loaded.entries), total=loaded.total)
    _emit(ws, report, fmt, output, color, config.min_severity, False)
    return _exit_code(report, fail, False)


def write_baseline_file(*, root: str | None, output: Path | None, select: tuple[str, ...],
                        ignore: tuple[str, ...]) -> tuple[str, int]:
    ws = find_workspace(root)
    config = load_config(ws.root)
    _check_codes(select + ignore)
    loaded = _load(ws)
    claims, articles, digest = loaded.claims, len(loaded.entries), loaded.digest
    report = build_report(ws, claims, CheckRequest(config=config, select=select, ignore=ignore,
                                                   registry_digest=digest), articles)
    path = output or ws.root / BASELINE_FILE
    count = write_baseline(path, report)
    return ws.relative(path), count


def _check_codes(codes: tuple[str, ...]) -> None:
    from .checks import ALL_CHECKS

    for code in codes:
        if not any(c.code.startswith(code) or c.name == code for c in ALL_CHECKS):
            raise FactcheckError(f"unknown rule code {code!r} (see `factcheck rules`)")


# ---------------------------------------------------------------- --since REF

def touched_since(ws: Workspace, ref: str, resolved: tuple[str, str] | None = None) -> set[str]:
    """Articles whose claims file differs from the one committed at ``ref`` (new files included);
    ``resolved`` is `resolve_ref`'s answer when the caller already has it."""
    commit, prefix = resolved or resolve_ref(ws, ref)
    claims_dir = _in_repo(prefix, "claims")
    git = ["git", "-C", str(ws.root)]
    listed: list[str] = []
    for command in ([*git, "diff", "--name-only", "--no-renames", "-z", commit, "--", f":/{claims_dir}"],
                    [*git, "ls-files", "--others", "--exclude-standard", "-z", "--", "claims"]):
        try:
            done = subprocess.run(command, capture_output=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise FactcheckError(f"--since {ref}: cannot run git: {exc}") from None
        if done.returncode != 0:
            raise FactcheckError(f"--since {ref}: git failed: {done.stderr.decode(errors='replace').strip()}")
        listed.extend(name for name in done.stdout.decode("utf-8", errors="replace").split("\0") if name)
    return {Path(name).stem for name in listed if name.endswith(".yaml")}


def _in_repo(prefix: str, rel: str) -> str:
    return f"{prefix}/{rel}" if prefix and prefix != "." else rel


def resolve_ref(ws: Workspace, ref: str) -> tuple[str, str]:
    """The commit ``ref`` names, and the workspace's path inside the repository."""
    if ref.startswith("-") or not ref.strip() or any(ch in ref for ch in "\n\r\x00"):
        raise FactcheckError(f"--since {ref!r}: not a git revision")
    git = ["git", "-C", str(ws.root)]
    try:
        resolved = subprocess.run([*git, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
                                  capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise FactcheckError(f"--since {ref}: cannot run git: {exc}") from None
    if resolved.returncode != 0:
        raise FactcheckError(f"--since {ref!r}: not a git revision of this repository")
    commit = resolved.stdout.strip()
    top = subprocess.run([*git, "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=30)
    prefix = ""
    if top.returncode == 0:
        try:
            prefix = ws.root.resolve().relative_to(Path(top.stdout.strip()).resolve()).as_posix()
        except ValueError:
            prefix = ""
    return commit, prefix


def changed_since(ws: Workspace, ref: str, claims: list[Claim], resolved: tuple[str, str] | None = None
                  ) -> set[str]:
    """uids of claims added or changed since the git ref (the registry as committed at REF)."""
    commit, prefix = resolved or resolve_ref(ws, ref)
    git = ["git", "-C", str(ws.root)]
    from .registry import fast_parse

    old: dict[str, tuple[object, ...]] = {}
    by_article: dict[str, list[Claim]] = {}
    for claim in claims:
        by_article.setdefault(claim.article, []).append(claim)
    for article in by_article:
        rel = f"claims/{article}.yaml"
        path = _in_repo(prefix, rel)
        shown = subprocess.run([*git, "show", f"{commit}:{path}"], capture_output=True, timeout=30)
        if shown.returncode != 0:
            continue
        try:
            cf = fast_parse(shown.stdout.decode("utf-8"), f"{ref}:{rel}", expected_article=article)
        except (FactcheckError, UnicodeDecodeError):
            continue
        for c in cf.claims:
            old[c.uid] = _identity(c)
    return {c.uid for c in claims if old.get(c.uid) != _identity(c)}


def _identity(claim: Claim) -> tuple[object, ...]:
    return (claim.text, str(claim.value), claim.unit, claim.kind, claim.approx, claim.entity, claim.metric,
            claim.period)
