"""Benchmarks of factcheck: prints a markdown table of medians, each against a baseline of the same run.

    python benchmarks/run.py --sizes 1000,10000 --repeat 5 --work /tmp/fcbench

Measures (a) extraction throughput (claims written as JSON) against a bare regex numeral scan, and
extraction time on hostile input of 10k and 100k characters; (b) ``factcheck check`` wall time and
peak RSS at each corpus size (warm index), and the growth from one size to the next; (c) the gate,
``factcheck add NEW.txt`` on a copy of a corpus, against ``factcheck --help``; (d) recall of the
conflicts injected by ``generate.py``; (e) import time of ``factcheck.cli`` and ``--help`` start-up.
Corpora are generated under ``--work`` (and reused when their parameters match). ``check`` keeps
the results of an unchanged registry in its index; timed ``check`` runs clear them first (the
claims index stays warm), and the replayed re-check is reported on its own row.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
NUMERAL_SCAN = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万亿]+")
HOSTILE = {
    "1,2.3%4万五六七八九十": "1,2.3%4万五六七八九十",
    "１２３４５６７８９０": "１２３４５６７８９０",
    "一二三四五六七八九十": "一二三四五六七八九十",
    "，，，1": "，，，1",
    "2023年1月1日-": "2023年1月1日-",
}
ROWS: list[tuple[str, ...]] = []
SMALL = 2000  # corpora up to this many articles are checked `--repeat` times in each turn (bench_check)


def log(message: str) -> None:
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def factcheck_cmd() -> list[str]:
    """The console script installed beside this Python (the one `python -c pass` is timed with), not
    whatever is first on PATH: a pyenv shim there is a bash script that adds about 0.09 s per run."""
    script = Path(sys.executable).with_name("factcheck")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    exe = shutil.which("factcheck")
    return [exe] if exe else [sys.executable, "-m", "factcheck"]


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_STEP_SUMMARY")}
    out["NO_COLOR"] = "1"
    return out


def run_measured(cmd: Sequence[str], *, ok: tuple[int, ...] = (0,), stdout: Any = subprocess.DEVNULL
                 ) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of one subprocess and the workers it starts.

    The peak is the highest, over samples every 20 ms from /proc, of the child's own high-water mark
    (``VmHWM``) plus the resident memory of its descendants (a pool's workers share pages with their
    parent copy-on-write, so the sum over-counts: it is an upper bound). Not ``ru_maxrss``: Linux
    carries the high-water mark of the process that forked the child across ``exec``, so every child
    of this script would report at least this script's own peak (after it parsed a large report).
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=stdout, stderr=err, env=env())
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.02):
                peak[0] = max(peak[0], tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, _usage = os.wait4(proc.pid, 0)
        done.set()
        sampler.join()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err.read().decode(errors='replace')}")
    return wall, peak[0]


def tree_rss(pid: int) -> int:
    """KiB: the high-water mark of a process plus the resident memory of all its descendants (0 where
    /proc cannot tell)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        field = "VmHWM:" if current == pid else "VmRSS:"
        try:
            with open(f"/proc/{current}/status", encoding="ascii", errors="replace") as handle:
                for line in handle:
                    if line.startswith(field):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as handle:
                pending.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def median_of(repeat: int, func: Callable[[], float]) -> float:
    return statistics.median(func() for _ in range(repeat))


def row(measure: str, value: str, baseline: str, ratio: str, target: str, met: str) -> None:
    ROWS.append((measure, value, baseline, ratio, target, met))


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_mib(kib: float) -> str:
    return f"{kib / 1024:.0f} MiB"


def yes(flag: bool) -> str:
    return "yes" if flag else "**no**"


# ---------------------------------------------------------------- corpora

def corpus(work: Path, size: int, seed: int, conflicts: int, jobs: int, seeds: Path) -> Path:
    out = work / f"corpus-{size}"
    params = json.dumps({"articles": size, "seed": seed, "conflicts": conflicts, "seeds": str(seeds.resolve())})
    marker = out / ".params"
    if marker.is_file() and marker.read_text() == params and (out / "injected.json").is_file():
        return out
    if out.exists():
        shutil.rmtree(out)
    log(f"generating {size} articles into {out}")
    started = time.perf_counter()
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "--articles", str(size), "--seed",
                    str(seed), "--out", str(out), "--conflicts", str(conflicts), "--jobs", str(jobs),
                    "--seeds", str(seeds)], check=True)
    marker.write_text(params)
    log(f"generated {size} articles in {time.perf_counter() - started:.0f}s")
    return out


def read_articles(root: Path, limit: int | None = None) -> list[Any]:
    from factcheck.workspace import Workspace, load_manifest, read_article

    ws = Workspace(root)
    entries = load_manifest(ws)[:limit]
    return [read_article(ws, e)[0] for e in entries]


# ---------------------------------------------------------------- (a) extraction

def compiled_modules() -> str:
    """Which of factcheck's modules are installed compiled (mypyc, by `pip install .`)."""
    import factcheck

    package = Path(factcheck.__file__).parent
    names = sorted(".".join(p.relative_to(package).with_name(p.name.split(".")[0]).parts)
                   for p in package.rglob("*.so") if "__mypyc" not in p.name)
    return ", ".join(names) if names else "none: pure Python (an editable install never compiles)"


def bench_extraction(articles: list[Any], repeat: int) -> None:
    import io

    from factcheck.extract import extraction_rows
    from factcheck.render.claims import write_extraction_json

    chars = sum(len(a.text) for a in articles)
    texts = [a.text for a in articles]

    def full() -> float:
        # what `factcheck extract --dry-run --format json` does with each article
        start = time.perf_counter()
        for article in articles:
            write_extraction_json(extraction_rows((article,)), io.StringIO())
        return time.perf_counter() - start

    def scan() -> float:
        start = time.perf_counter()
        count = 0
        for text in texts:
            for _ in NUMERAL_SCAN.finditer(text):
                count += 1
        return time.perf_counter() - start

    full()  # warm caches (regex compilation, imports)
    # both timed as the CLI runs them: `factcheck` turns the cyclic garbage collector off (cli.main)
    gc.disable()
    # each extraction run between two scans, its ratio against their mean: the VM's drift cancels out
    ratios: list[float] = []
    fulls: list[float] = []
    scans: list[float] = []
    try:
        for _ in range(repeat):
            before, t_full, after = scan(), full(), scan()
            fulls.append(t_full)
            scans.extend((before, after))
            ratios.append(t_full / ((before + after) / 2))
    finally:
        gc.enable()
    ours, base = chars / statistics.median(fulls), chars / statistics.median(scans)
    ratio = statistics.median(ratios)
    row(f"(a) extraction → JSON (compiled: {compiled_modules()}), {len(articles)} articles, {chars / 1e6:.2f} M chars; "
        f"ratio: median over {repeat} runs of each against the scans before and after it",
        f"{ours / 1e3:.0f} k chars/s", f"regex numeral scan {base / 1e6:.1f} M chars/s", f"1/{ratio:.1f}", "≥ 1/10",
        yes(ratio <= 10))
    log(f"extraction {ours:.0f} chars/s vs scan {base:.0f} chars/s; ratios {', '.join(f'{r:.1f}' for r in ratios)}")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if cores > 1:
        t_pool = median_of(repeat, lambda: _pooled_extraction(articles, cores))
        pooled = chars / t_pool
        row(f"(a) the same on all {cores} cores (`extract --jobs 0`: forked workers, chunks of 16 articles)",
            f"{pooled / 1e3:.0f} k chars/s", f"the one-process scan, {base / 1e6:.1f} M chars/s",
            f"1/{base / pooled:.0f}", "— (the target is per core, above)", "—")
        log(f"extraction on {cores} cores {pooled:.0f} chars/s")


def _json_chunk(articles: list[Any]) -> int:
    import io

    from factcheck.extract import extraction_rows
    from factcheck.render.claims import write_extraction_json

    out = io.StringIO()
    write_extraction_json(extraction_rows(articles), out)
    return len(out.getvalue())


def _pooled_extraction(articles: list[Any], cores: int) -> float:
    """Extraction → JSON in a pool of ``cores`` forked workers, as `extract --jobs 0` runs it (start-up included)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from factcheck.core import EXTRACT_CHUNK

    gc.disable()  # as in `factcheck`, whose forked workers inherit it
    try:
        start = time.perf_counter()
        chunks = [articles[i:i + EXTRACT_CHUNK] for i in range(0, len(articles), EXTRACT_CHUNK)]
        with ProcessPoolExecutor(max_workers=cores, mp_context=multiprocessing.get_context("fork")) as pool:
            sum(pool.map(_json_chunk, chunks))
        return time.perf_counter() - start
    finally:
        gc.enable()


def bench_hostile(repeat: int, budget: float) -> None:
    for name, unit in HOSTILE.items():
        try:
            times = _hostile_times(unit, repeat, budget)
        except Exception as exc:  # a crash is a result too
            error = f"{type(exc).__name__}: {exc}"[:80].replace("|", "/")
            row(f"(a) hostile input {name!r} ×n: 100k vs 10k chars", f"**crash** ({error})", "—", "—",
                "≈ 10 (≤ 13)", "**no**")
            log(f"hostile {name}: {error}")
            continue
        ratio = times[100_000] / times[10_000]
        row(f"(a) hostile input {name!r} ×n: 100k vs 10k chars", fmt_s(times[100_000]),
            f"10k chars: {fmt_s(times[10_000])}", f"{ratio:.1f}", "≈ 10 (≤ 13)", yes(ratio <= 13))
        log(f"hostile {name}: {times[10_000]:.3f}s → {times[100_000]:.3f}s")


def _hostile_times(unit: str, repeat: int, budget: float) -> dict[int, float]:
    """Median extraction time of ``unit`` repeated to 10k and to 100k characters, the runs of the two
    sizes interleaved (the VM's speed drifts); a size whose first run exceeds the budget runs once."""
    from factcheck.extract import extract_claims
    from factcheck.models import Article

    articles = {size: Article(id="hostile", path="hostile.txt", text=(unit * (size // len(unit) + 1))[:size],
                              published="2024-01-01", place="广州市") for size in (10_000, 100_000)}

    def once(size: int) -> float:
        start = time.perf_counter()
        extract_claims(articles[size])
        return time.perf_counter() - start

    runs = {size: [once(size)] for size in articles}
    more = {size: repeat - 1 if runs[size][0] * repeat < budget else 0 for size in articles}
    for turn in range(max(more.values())):
        for size in articles:
            if turn < more[size]:
                runs[size].append(once(size))
    return {size: statistics.median(times) for size, times in runs.items()}


# ---------------------------------------------------------------- (b)(d) check

def check_cmd(root: Path) -> list[str]:
    return [*factcheck_cmd(), "check", "--format", "json", "--fail-on", "never", "--root", str(root)]


def recall(root: Path, report: dict[str, Any]) -> tuple[int, int]:
    """Injected pairs whose two figures appear together in one FC101/FC102 finding."""
    injected = json.loads((root / "injected.json").read_text(encoding="utf-8"))
    by_article: dict[str, list[tuple[int, int, int]]] = {}
    for index, finding in enumerate(report["findings"]):
        if finding["rule"] not in ("FC101", "FC102"):
            continue
        for claim in finding["claims"]:
            article = claim["id"].split("#")[0]
            by_article.setdefault(article, []).append((int(claim["start"]), int(claim["end"]), index))
    found = 0
    for item in injected:
        hits = []
        for article, (start, _end) in zip(item["articles"], item["spans"], strict=True):
            hits.append({i for s, e, i in by_article.get(article, []) if s <= start < e})
        if hits[0] & hits[1]:
            found += 1
    return found, len(injected)


def read_summary(path: Path) -> dict[str, Any]:
    """The "summary" object at the head of a `check --format json` report (without parsing the rest)."""
    with path.open(encoding="utf-8") as handle:
        head = handle.read(1 << 16)
    at = head.index('"summary":') + len('"summary":')
    value, _ = json.JSONDecoder().raw_decode(head[at:].lstrip())
    return dict(value)


def clear_results(root: Path) -> None:
    """Drop the cached results of the previous check (keep the claims index warm): `check` re-runs
    every check instead of replaying the stored outcome of an unchanged registry."""
    import sqlite3

    path = root / ".factcheck" / "index.sqlite"
    if path.exists():
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn, contextlib.suppress(sqlite3.Error):
            conn.execute("DELETE FROM results")
            conn.commit()


def checked(cmd: Sequence[str], root: Path) -> tuple[float, int]:
    clear_results(root)
    return run_measured(cmd)


def bench_check(roots: dict[int, Path], repeat: int, big_repeat: int, help_wall: float, help_rss: int
                ) -> dict[int, float]:
    walls: dict[int, float] = {}
    prepared = {}
    for size, root in roots.items():
        out = root / "check.json"
        log(f"check {size}: warm-up run (builds the index)")
        run_measured([*check_cmd(root), "-o", str(out)])
        summary = read_summary(out)
        if out.stat().st_size < 1 << 30:
            report = json.loads(out.read_text(encoding="utf-8"))
        else:  # FC101/FC102 only: the same findings of those rules, a smaller file
            run_measured([*check_cmd(root), "--select", "FC1", "-o", str(out)])
            report = json.loads(out.read_text(encoding="utf-8"))
        found, total = recall(root, report)
        del report
        out.unlink()
        n = repeat if size <= SMALL else big_repeat
        cached = statistics.median(run_measured(check_cmd(root))[0] for _ in range(n))
        prepared[size] = (summary, found, total, cached)
    # The timed runs of every size are interleaved in turns, each larger corpus measured between two
    # measurements of the next smaller one: 1k ×repeat, 10k, 1k ×repeat, 29k, 10k. This VM's speed drifts
    # by tens of percent within minutes (BENCHMARKS.md), so a growth ratio is taken against the mean of
    # the smaller corpus right before and right after the larger one (a small corpus by the median of
    # its runs there), within the turn; the median over the turns is reported.
    big = any(size > SMALL for size in roots)
    turns = big_repeat if big else repeat
    runs: dict[int, list[tuple[float, int]]] = {size: [] for size in roots}
    per_turn: list[dict[tuple[int, int], float]] = []
    order = sorted(roots)

    def measure(size: int) -> float:
        these = [checked(check_cmd(roots[size]), roots[size]) for _ in range(repeat if big and size <= SMALL else 1)]
        runs[size].extend(these)
        return statistics.median(r[0] for r in these)

    for _ in range(turns):
        ratios: dict[tuple[int, int], float] = {}
        latest = {order[0]: measure(order[0])}
        for small, large in zip(order[:-1], order[1:], strict=True):
            latest[large] = measure(large)
            before, after = latest[small], measure(small)
            latest[small] = after
            ratios[(small, large)] = latest[large] / ((before + after) / 2)
        per_turn.append(ratios)
    for size in roots:
        summary, found, total, cached = prepared[size]
        wall = statistics.median(r[0] for r in runs[size])
        rss = statistics.median(r[1] for r in runs[size])
        walls[size] = wall
        per_rule = ", ".join(f"{k} {v}" for k, v in summary["by_rule"].items())
        row(f"(b) check, {size} articles, {summary['claims']} claims, {summary['groups']} blocks "
            f"({summary['findings']} findings: {per_rule})", fmt_s(wall), f"`--help` {fmt_s(help_wall)}",
            f"{wall / help_wall:.0f}×", "—", "—")
        row(f"(b) check peak RSS, {size} articles", fmt_mib(rss), f"`--help` {fmt_mib(help_rss)}",
            f"{rss / help_rss:.1f}×", "—", "—")
        row(f"(b) re-check of the unchanged registry (stored results replayed), {size} articles", fmt_s(cached),
            f"check {fmt_s(wall)}", f"{cached / wall:.2f}×", "—", "—")
        row(f"(d) recall of injected conflicts, {size} articles", f"{found}/{total} = {found / max(total, 1):.2f}",
            f"{total} injected pairs", "—", "1.00", yes(found == total))
        log(f"check {size}: {wall:.2f}s (runs: {', '.join(f'{r[0]:.2f}' for r in runs[size])}; replayed "
            f"{cached:.2f}s), {rss / 1024:.0f} MiB, recall {found}/{total}")
        if summary["claims"] >= 1_000_000:
            row(f"(b) one million claims or more ({summary['claims']}) checked from a warm index, "
                f"{os.cpu_count()} cores", f"{fmt_s(wall)}, {fmt_mib(rss)}", "—", "—", "≤ 60 s and ≤ 2 GiB",
                yes(wall <= 60 and rss <= 2 * 1024 * 1024))
    sizes = sorted(walls)
    for small, large in zip(sizes[:-1], sizes[1:], strict=True):
        ratios = [turn[(small, large)] for turn in per_turn]
        growth = statistics.median(ratios)
        factor = large / small
        row(f"(b) growth time({large})/time({small}) (×{factor:g} articles): median over {len(ratios)} turns of "
            f"the ratio to the mean of the {small}-article runs before and after it "
            f"({', '.join(f'{r:.1f}' for r in ratios)})", f"{growth:.1f}",
            f"{small} articles: {fmt_s(walls[small])}", f"{growth:.1f} (of the medians: {walls[large] / walls[small]:.1f})",
            f"≤ {1.2 * factor:g}", yes(growth <= 1.2 * factor))
        log(f"growth {small}→{large}: turns {', '.join(f'{r:.2f}' for r in ratios)}; median {growth:.2f}")
    return walls


def bench_cold(root: Path, repeat: int) -> None:
    """check with the index deleted: what every command pays when the index is invalidated."""
    from factcheck.index import drop_index
    from factcheck.workspace import Workspace

    def once() -> float:
        drop_index(Workspace(root))
        return run_measured(check_cmd(root))[0]

    cold = median_of(repeat, once)
    warm = median_of(repeat, lambda: checked(check_cmd(root), root)[0])
    row(f"(b) check with a cold index (deleted), {root.name}", fmt_s(cold), f"warm index {fmt_s(warm)}",
        f"{cold / warm:.2f}×", "—", "—")


def bench_modes(root: Path, repeat: int) -> None:
    """check in one process, in a pool of 2 (the default on this machine) and on a local Dask cluster."""
    walls = {}
    for label in ("--jobs 1", "--jobs 2", "--scheduler local"):
        cmd = [*check_cmd(root), *label.split()]
        walls[label] = statistics.median(checked(cmd, root)[0] for _ in range(repeat))
    base = walls["--jobs 1"]
    for label in ("--jobs 2", "--scheduler local"):
        row(f"(b) check {label}, {root.name}", fmt_s(walls[label]), f"`--jobs 1` {fmt_s(base)}",
            f"{walls[label] / base:.2f}×", "—", "—")


# ---------------------------------------------------------------- (c) gate

def bench_gate(source: Path, work: Path, repeat: int, help_wall: float) -> None:
    copy = work / f"gate-{source.name}"
    if copy.exists():
        shutil.rmtree(copy)
    log(f"gate: copying {source} to {copy}")
    shutil.copytree(source, copy, symlinks=True)
    new = copy / "new" / "new.txt"
    manifest = copy / "seeds" / "manifest.yaml"
    saved = manifest.read_bytes()
    add = [*factcheck_cmd(), "add", str(new), "--published", "2024-01-01", "--root", str(copy)]

    def reset() -> None:
        for path in (copy / "seeds" / "new.txt", copy / "claims" / "new.yaml"):
            path.unlink(missing_ok=True)
        manifest.write_bytes(saved)
        # warm the index for the restored manifest (grep loads every claim through the index)
        run_measured([*factcheck_cmd(), "grep", "NO-SUCH-FIGURE", "--root", str(copy)], ok=(0, 1))

    helps: list[float] = []

    def once(extra: tuple[str, ...] = ()) -> float:
        reset()
        # `--help` right before each run tells how fast the VM is at that moment (see BENCHMARKS.md)
        helps.append(run_measured([*factcheck_cmd(), "--help"])[0])
        return run_measured([*add, *extra], ok=(0, 1))[0]

    gate = median_of(repeat, once)
    help_now = statistics.median(helps)
    no_check = median_of(repeat, lambda: once(("--no-check",)))
    reset()
    row(f"(c) gate: `add NEW.txt` on a copy of {source.name} (warm index)", fmt_s(gate),
        f"`--help` {fmt_s(help_now)}, timed before each run (at start-up: {fmt_s(help_wall)})",
        f"{gate / help_now:.0f}×", "≤ 1 s", yes(gate <= 1.0))
    row(f"(c) `add NEW.txt --no-check` on a copy of {source.name}", fmt_s(no_check),
        f"`--help` {fmt_s(help_wall)}", f"{no_check / help_wall:.0f}×", "—", "—")
    log(f"gate {gate:.2f}s (--help meanwhile {help_now:.3f}s), add --no-check {no_check:.2f}s")
    shutil.rmtree(copy)


# ---------------------------------------------------------------- (e) start-up

def import_time() -> tuple[float, list[tuple[float, str]]]:
    """Cumulative import time of factcheck.cli (seconds) and its heaviest direct imports."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", "import factcheck.cli"], capture_output=True,
                          text=True, env=env(), check=True)
    entries: list[tuple[int, float, str]] = []  # (depth, cumulative seconds, module), children before parents
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2][1:]
            depth = (len(name) - len(name.lstrip(" "))) // 2
            entries.append((depth, int(parts[1]) / 1e6, name.strip()))
    at = max(i for i, e in enumerate(entries) if e[0] == 0 and e[2] == "factcheck.cli")
    children = []
    for depth, cumulative, name in reversed(entries[:at]):
        if depth == 0:
            break
        if depth == 1:
            children.append((cumulative, name))
    return entries[at][1], sorted(children, reverse=True)[:4]


def bench_startup(repeat: int) -> tuple[float, int]:
    py_wall = median_of(repeat, lambda: run_measured([sys.executable, "-c", "pass"])[0])
    results = [run_measured([*factcheck_cmd(), "--help"]) for _ in range(repeat)]
    help_wall = statistics.median(r[0] for r in results)
    help_rss = int(statistics.median(r[1] for r in results))
    samples = [import_time() for _ in range(repeat)]
    imp = statistics.median(s[0] for s in samples)
    heavy = ", ".join(f"{name} {t * 1000:.0f} ms" for t, name in samples[0][1])
    row("(e) `python -X importtime -c 'import factcheck.cli'` (factcheck and what it pulls in)",
        fmt_s(imp), f"`python -c pass` {fmt_s(py_wall)}", f"heaviest: {heavy}", "—", "—")
    row("(e) `factcheck --help` wall time", fmt_s(help_wall), f"`python -c pass` {fmt_s(py_wall)}",
        f"{help_wall / py_wall:.1f}×", "< 0.3 s", yes(help_wall < 0.3))
    log(f"--help {help_wall:.3f}s, import {imp:.3f}s")
    return help_wall, help_rss


def compile_package() -> None:
    """Byte-compile factcheck's modules, as installing a wheel does. An editable install never is, and
    with PYTHONDONTWRITEBYTECODE=1 (set on some machines) Python would compile every module of the
    package again in every timed run, which no installed copy does."""
    import compileall

    import factcheck

    compileall.compile_dir(str(Path(factcheck.__file__).parent), quiet=1)
    log("byte-compiled factcheck's modules (as a wheel install does)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes in articles, comma-separated")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (the median is reported)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "factcheck-bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--conflicts", type=int, default=50, help="injected conflicts per corpus (≤ size/10)")
    parser.add_argument("--check-repeat", type=int, default=0,
                        help="runs per `check` figure at sizes above 2000 articles (default: --repeat)")
    parser.add_argument("--gate-repeat", type=int, default=0, help="runs per gate figure (default: --repeat)")
    parser.add_argument("--extract-articles", type=int, default=1000, help="articles timed for extraction")
    parser.add_argument("--gate-size", type=int, default=10000, help="corpus copied for the gate (else the largest)")
    parser.add_argument("--hostile-budget", type=float, default=60.0, help="seconds one hostile case may take")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for generating corpora")
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds",
                        help="articles (*.txt) the corpora recombine; extraction is timed on the project's seeds "
                             "only when these are they")
    parser.add_argument("--only-check", action="store_true", help="measure (b) and (d) only (for large sizes)")
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="also write the method, the machine and the table to FILE (BENCHMARKS.md), stamped "
                             "with the commit measured")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    roots = {n: corpus(args.work, n, args.seed, min(args.conflicts, n // 10), args.jobs, args.seeds) for n in sizes}

    compile_package()
    help_wall, help_rss = bench_startup(args.repeat)
    if not args.only_check:
        own = read_articles(REPO) if args.seeds.resolve() == (REPO / "seeds").resolve() else []
        bench_extraction(own + read_articles(roots[sizes[0]], args.extract_articles), args.repeat)
        bench_hostile(args.repeat, args.hostile_budget)
    bench_check(roots, args.repeat, args.check_repeat or args.repeat, help_wall, help_rss)
    if not args.only_check:
        bench_cold(roots[sizes[0]], args.repeat)
        bench_modes(roots[sizes[0]], args.repeat)
        gate_root = roots.get(args.gate_size, roots[sizes[-1]])
        bench_gate(gate_root, args.work, args.gate_repeat or args.repeat, help_wall)

    summary = (f"Medians of {args.repeat} runs ({args.check_repeat or args.repeat} for `check` above 2000 articles, "
               f"{args.gate_repeat or args.repeat} for the gate); sizes {', '.join(map(str, sizes))}, corpora "
               f"recombining {len(list(args.seeds.glob('*.txt')))} articles of {_shown(args.seeds)}; total benchmark "
               f"time {time.perf_counter() - started:.0f} s.")
    table = table_lines()
    print(summary + "\n")
    print("\n".join(table))
    if args.write:
        command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
        args.write.write_text(document(summary, table, command, args.write), encoding="utf-8")
        log(f"wrote {args.write}")
    return 0


def table_lines() -> list[str]:
    return ["| Measure | Median | Baseline (same run) | Ratio | Target | Met |", "|---|---|---|---|---|---|",
            *("| " + " | ".join(r) + " |" for r in ROWS)]


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


METHOD = """\
## Method

`benchmarks/generate.py --articles N --seed 1 --conflicts 50` builds the corpora (`run.py` does it when
they are missing): each article recombines real sentences of `seeds/*.txt` (or `--seeds DIR`), its places
rewritten to the article's place, in simplified or traditional characters. Figures are randomised once
per (city, sentence) for a sentence that speaks of the article's place, once per sentence otherwise, so
restatements of one fact agree; 50 conflicts are injected in each corpus (pairs of articles with the same
place and date, one figure changed by at least 60 %; `injected.json` lists them). The corpora have about
35 claims and 1,430 characters per article, the density of figures of the seeds.

- Every figure is a median of repeated runs, and every figure is set against a baseline measured in the
  same run, side by side: this machine's speed drifts by up to 2× within minutes (the host takes the
  CPU away: `steal` in `/proc/stat`), so a ratio measured side by side is the figure to read, not a time.
  - extraction: each run is timed between two runs of a regular-expression numeral scan and divided by
    their mean; hostile input: 100k characters against 10k (linear is 10);
  - growth of `check`: timed runs come in turns, each larger corpus between two runs of the next smaller
    one, and each ratio is taken against their mean; the median over the turns is reported;
  - the gate has an absolute target, so `--help` is timed right before each gate run and shown beside it.
- Peak memory: the highest, over samples every 20 ms from `/proc`, of the child's high-water mark
  (`VmHWM`) plus the resident memory of every process it starts.
- The claims index is warm (one untimed run first); `check` stores the results of an unchanged registry,
  and timed runs clear them first, so they really check (replaying them is its own row).
- Output goes to `DEVNULL` through stdout; `run.py` byte-compiles the package first (as installing a
  wheel does) and runs the console script beside its own Python.
- A regular install (`pip install .`) compiles the extraction modules with mypyc (`setup.py`); an editable
  install runs them as Python. The machine section says which was measured.
"""


def machine() -> list[str]:
    """The machine and the software measured, read at the time of the run."""
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, IndexError, ValueError):
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:", 1)[1].split()[0])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    probe = ("import factcheck, factcheck.figures as f, importlib.metadata as m, platform; "
             "print(factcheck.__version__, not f.__file__.endswith('.py'), platform.python_version(), "
             "*(m.version(p) for p in ('typer', 'rich', 'rapidfuzz', 'pyyaml')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tempfile.gettempdir())
    version, compiled, python, *libraries = (out.stdout.split() or ["?", "?", "?"])
    names = ("typer", "rich", "rapidfuzz", "pyyaml")
    return [
        f"- {os.cpu_count()} cores ({cpu or 'unknown CPU'}), {memory or 'unknown memory'}, "
        f"{os.uname().sysname} {os.uname().release}.",
        f"- factcheck {version}, extraction {'compiled (mypyc)' if compiled == 'True' else 'pure Python'}; "
        f"Python {python}; " + ", ".join(f"{n} {v}" for n, v in zip(names, libraries, strict=False)) + ".",
    ]


def commit(written: Path | None = None) -> str:
    """The commit measured, and whether the work tree differed from it (the file being written aside)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                            text=True, cwd=REPO)
    mine = str(written.resolve().relative_to(REPO)) if written is not None and written.resolve().is_relative_to(REPO) \
        else ""
    dirty = [line for line in status.stdout.splitlines() if line[3:] != mine]
    name = head.stdout.strip() or "unknown"
    return name + (" (with uncommitted changes)" if dirty else "")


def document(summary: str, table: list[str], command: str, written: Path | None = None) -> str:
    """BENCHMARKS.md: how the figures are measured, on what, and the table of one run."""
    return "\n".join([
        "# Benchmarks",
        "",
        "Written by `benchmarks/run.py --write BENCHMARKS.md`; do not edit by hand. Figures of earlier",
        "versions are in CHANGELOG.md; the design behind them in docs/scaling.md.",
        "",
        "## How to reproduce",
        "",
        "```sh",
        "pip install '.[dask]'    # a regular install: compiles the extraction modules (setup.py, mypyc)",
        command,
        "```",
        "",
        METHOD,
        "## Machine",
        "",
        *machine(),
        "",
        f"## Results (commit {commit(written)}, {time.strftime('%Y-%m-%d')})",
        "",
        summary,
        "",
        *table,
        "",
    ])


if __name__ == "__main__":
    sys.exit(main())
