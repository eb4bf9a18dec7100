"""The library API behind the commands: extract, add, verify, grep and loading the registry.

The CLI only parses options, calls these functions and hands their results to a renderer.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rapidfuzz import fuzz

from . import places
from .about import about as about_of
from .checks.keys import metric_key
from .errors import FactcheckError, RegistryError
from .extract import extract_claims
from .index import manifest_entries, remember_manifest, store_manifest
from .models import Article, Claim
from .registry import ClaimsFile, load_file, merge, validate_spans
from .textio import decode_bytes, read_article_bytes
from .webpage import HTML_SUFFIXES, WebPage, extractor_versions, is_html_file, read_webpage
from .workspace import (
    Entry,
    Workspace,
    atomic_write,
    check_date,
    check_inside,
    clean_temp_files,
    load_manifest,
    read_article,
    sha256_bytes,
    with_hash,
    workspace_lock,
    write_manifest,
)


@dataclass(frozen=True)
class ExtractResult:
    article: str
    claims: int
    new: int
    orphans: int
    changed: bool


@dataclass(frozen=True)
class Problem:
    """Something `verify` found wrong: where, and what."""

    file: str
    line: int | None
    message: str
    article: str = ""


# ---------------------------------------------------------------- selecting articles

def select_entries(ws: Workspace, entries: list[Entry], paths: Iterable[str]) -> list[Entry]:
    """Manifest entries named by path, file name or id; all of them when ``paths`` is empty."""
    wanted = list(paths)
    if not wanted:
        return entries
    by_key: dict[str, Entry] = {}
    for e in entries:
        by_key[e.id] = e
        by_key[e.file] = e
        by_key[Path(e.file).name] = e
        by_key[str((ws.root / e.file).resolve())] = e
    out: list[Entry] = []
    for item in wanted:
        key = item
        resolved = str(Path(item).resolve())
        entry = by_key.get(key) or by_key.get(resolved) or by_key.get(Path(item).stem)
        if entry is None:
            raise FactcheckError(f"{item}: not an article of this workspace's manifest (use `factcheck add`)")
        if entry not in out:
            out.append(entry)
    return out


# ---------------------------------------------------------------- extract

Loaded = tuple[Article, bytes, "ClaimsFile | None"]


def extract_one(ws: Workspace, entry: Entry, *, prune: bool = False,
                loaded: Loaded | None = None, fresh: list[Claim] | None = None) -> tuple[ExtractResult, Entry]:
    """Re-extract one article, merge with its claims file and write it atomically.

    ``loaded`` is what `check_claims_file` already read (article, bytes, claims file), so that nothing
    is read or parsed twice; ``fresh``, the article's claims when they were extracted elsewhere (a
    worker process, a cluster)."""
    article, data, old = loaded if loaded is not None else check_claims_file(ws, entry)
    if fresh is None:
        fresh = extract_claims(article)
    claims, orphans = merge(fresh, old, article)
    if prune:
        orphans = []
    known = {c.id for c in old.claims} | {c.id for c in old.orphans} if old else set()
    cf = ClaimsFile(article=article.id, file=article.path, sha256=article.sha256, published=article.published,
                    claims=tuple(claims), orphans=tuple(orphans))
    from .registry import render_file

    text = render_file(cf)
    path = ws.claims_path(entry.id)
    changed = not path.exists() or path.read_bytes() != text.encode("utf-8")
    if changed:
        atomic_write(path, text)
    result = ExtractResult(article=entry.id, claims=len(claims), new=sum(1 for c in claims if c.id not in known),
                           orphans=len(orphans), changed=changed)
    return result, with_hash(entry, sha256_bytes(data))


def check_claims_file(ws: Workspace, entry: Entry) -> Loaded:
    """Read an article and its claims file; a claims file broken by hand stops here (RegistryError)."""
    cf = load_file(ws, entry.id)
    article, data = read_article(ws, entry)
    if cf is not None and cf.sha256 == article.sha256:
        problems = validate_spans(cf, article, ws.relative(ws.claims_path(entry.id)))
        if problems:
            claim, message = problems[0]
            raise RegistryError(message, path=ws.relative(ws.claims_path(entry.id)), line=cf.line_of(claim.id))
    return article, data, cf


# Articles a worker extracts per task: large enough that sending the claims back costs little next to
# extracting them, small enough that the progress bar moves and the last tasks finish together.
EXTRACT_CHUNK = 16


def resolve_extract_jobs(jobs: int, articles: int) -> int:
    """``0`` means every core this process may run on; one process for fewer than two chunks of articles
    (starting workers would cost more than it saves)."""
    if jobs <= 0:
        try:
            jobs = max(1, len(os.sched_getaffinity(0)))
        except (AttributeError, OSError):
            jobs = os.cpu_count() or 1
    return 1 if articles < 2 * EXTRACT_CHUNK else min(jobs, -(-articles // EXTRACT_CHUNK))


def extract_many(articles: list[Article], *, jobs: int = 1, scheduler: str | None = None
                 ) -> Iterator[list[Claim]]:
    """`extract_claims` of each article, in order: in this process, in a pool of ``jobs`` processes
    (0: all cores) or on a Dask cluster (``scheduler``: an address, or "local"). Extraction is a pure
    function of one article, so every way gives the same claims; results stream back in order."""
    if scheduler is not None:
        from .distributed import connect, extract_on_dask

        with connect(scheduler) as client:
            extracted = extract_on_dask(articles, client)
        yield from extracted
        return
    jobs = resolve_extract_jobs(jobs, len(articles))
    if jobs <= 1:
        for article in articles:
            yield extract_claims(article)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [articles[i:i + EXTRACT_CHUNK] for i in range(0, len(articles), EXTRACT_CHUNK)]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods and sys.platform.startswith("linux") else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                             initargs=(os.getpid(),)) as pool:
        for part in pool.map(_extract_chunk, chunks):
            yield from part


def _start_worker(parent: int) -> None:
    """A pool worker holds no workspace lock, leaves Ctrl-C to its parent and dies with it: a parent killed
    mid-run (SIGKILL, OOM) must not leave workers behind that keep the workspace locked."""
    import signal

    from .workspace import drop_inherited_locks

    drop_inherited_locks()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no worker tracebacks
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: a signal when the parent exits
        except (OSError, AttributeError):
            pass
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)


def _extract_chunk(articles: list[Article]) -> list[list[Claim]]:
    return [extract_claims(article) for article in articles]


def extract_workspace(ws: Workspace, paths: Iterable[str] = (), *, prune: bool = False,
                      progress: Callable[[str], None] | None = None, jobs: int = 1,
                      scheduler: str | None = None) -> list[ExtractResult]:
    """Rebuild the registry for the named articles (default: all), updating the manifest's hashes.

    Extraction runs as `extract_many` runs it (``jobs``, ``scheduler``); reading, merging with the
    claims files and writing them stay in this process, under the workspace lock."""
    with workspace_lock(ws):
        clean_temp_files(ws)
        entries = manifest_entries(ws)
        if not entries:
            return []  # nothing to extract yet: `factcheck add` brings articles in
        chosen = select_entries(ws, entries, paths)
        # parse and check every existing claims file first: a broken one stops the run before anything is
        # written (a claim whose quote no longer matches an unchanged article was edited by hand wrongly)
        loaded = {entry.id: check_claims_file(ws, entry) for entry in chosen}
        results = []
        updated = {e.id: e for e in entries}
        extracted = extract_many([loaded[entry.id][0] for entry in chosen], jobs=jobs, scheduler=scheduler)
        for entry, fresh in zip(chosen, extracted, strict=True):
            result, new_entry = extract_one(ws, entry, prune=prune, loaded=loaded.pop(entry.id), fresh=fresh)
            results.append(result)
            updated[entry.id] = new_entry
            if progress is not None:
                progress(entry.id)
        if any(updated[e.id] != e for e in entries):
            written = sorted(updated.values(), key=lambda e: e.id)
            remember_manifest(ws, write_manifest(ws, written), written, canonical=True)
        return results


def read_file_article(path: Path, published: str, place: str | None = None) -> Article:
    """Any text file or saved web page as an article, without a workspace (for ``extract --dry-run``)."""
    source = read_source(path)
    if published:
        check_date(published)
    page = source.page
    return Article(id=path.stem, path=str(path), text=source.text,
                   published=published or (page.published or "" if page is not None else ""), place=place,
                   title=page.title if page is not None else None, outlet=page.outlet if page is not None else None,
                   sha256=sha256_bytes(source.stored))


# ---------------------------------------------------------------- reading what `add` is given

ARTICLE_SUFFIXES: tuple[str, ...] = (".txt", *HTML_SUFFIXES)


@dataclass(frozen=True)
class Source:
    """A file given to `add`, read and decoded: the article text (``stored``: its bytes as seeds/ keeps
    them), and for a web page the page's bytes and what was read from it."""

    path: Path
    text: str
    stored: bytes
    page: WebPage | None = None
    html: bytes | None = None


def read_source(path: Path) -> Source:
    """Read an article file: a text file decoded as it is (UTF-8 kept byte for byte, other encodings
    stored as UTF-8), or a saved web page (``.html``, ``.htm``) whose main text is extracted."""
    data = read_article_bytes(path, str(path))
    if is_html_file(path.name):
        page = read_webpage(data, str(path))
        return Source(path=path, text=page.text, stored=page.text.encode("utf-8"), page=page, html=data)
    text, encoding = decode_bytes(data, str(path))
    stored = data if encoding in ("utf-8", "ascii") else text.encode("utf-8")
    return Source(path=path, text=text, stored=stored)


def expand_sources(paths: Iterable[Path]) -> list[Path]:
    """The files to add: each file as given, and for a directory the article files in it and below
    (``.txt``, ``.html``, ``.htm``, ``.shtml``, ``.xhtml``; sorted; hidden files skipped)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise FactcheckError(f"{path}: no article files (.txt, .html, .htm) in the directory")
            out.extend(found)
        else:
            out.append(path)
    return out


def article_id_for(path: Path) -> str:
    """The id an article file gets: its name without suffix, reduced to letters, digits, '.', '_', '-'."""
    article_id = re.sub(r"[^A-Za-z0-9._-]+", "_", path.stem).strip("._-") or "article"
    if not re.match(r"^[A-Za-z0-9]", article_id):
        article_id = "a" + article_id
    return article_id


# ---------------------------------------------------------------- init

def init_workspace(directory: Path) -> tuple[Workspace, bool]:
    """Make ``directory`` a workspace (seeds/, claims/, an empty manifest); returns it and whether it was
    created (False: it already was one, and nothing was touched)."""
    if directory.exists() and not directory.is_dir():
        raise FactcheckError(f"{directory}: exists and is not a directory")
    ws = Workspace(directory.resolve())
    if ws.manifest_path.is_file() or (ws.seeds.is_dir() and ws.claims_dir.is_dir()):
        return ws, False
    try:
        ws.seeds.mkdir(parents=True, exist_ok=True)
        ws.claims_dir.mkdir(exist_ok=True)
    except OSError as exc:
        raise FactcheckError(f"{directory}: cannot create the workspace: {exc.strerror or exc}") from None
    with workspace_lock(ws):
        if not ws.manifest_path.exists():
            write_manifest(ws, [])
    return ws, True


# ---------------------------------------------------------------- add

def add_article(ws: Workspace, source: Path | Source, *, published: str | None, title: str | None = None,
                place: str | None = None, outlet: str | None = None,
                reports_on: str | None = None) -> tuple[Entry, ExtractResult]:
    """Copy an article into seeds/ (as UTF-8), add it to the manifest and record its claims.

    A saved web page is kept as it came (``seeds/<id>.html``) beside the text extracted from it
    (``seeds/<id>.txt``, the text claim spans index); the date, title and outlet the page states are
    used unless given. Nothing is written when the page gives no date and none is given."""
    src = source if isinstance(source, Source) else read_source(source)
    page = src.page
    if not published:
        if page is None:
            raise FactcheckError(f"{src.path}: give the publication date with --published YYYY-MM-DD")
        if page.published is None:
            raise FactcheckError(f"{src.path}: no publication date found in the page; "
                                 "give it with --published YYYY-MM-DD")
        published = page.published
    published = check_date(published)
    if page is not None:
        title = title or page.title
        outlet = outlet or page.outlet
    article_id = article_id_for(src.path)
    stored = src.stored
    with workspace_lock(ws):
        clean_temp_files(ws)
        entries = manifest_entries(ws)
        target = ws.seeds / f"{article_id}.txt"
        existing = {e.id: e for e in entries}
        if article_id in existing:
            current = ws.root / existing[article_id].file
            if current.exists() and current.read_bytes() != stored and current.resolve() != src.path.resolve():
                raise FactcheckError(f"an article with id {article_id!r} already exists with different text; "
                                     "rename the file to add it as a new article")
        from .workspace import atomic_write_bytes

        html_file = None
        if src.html is not None:
            html_target = ws.seeds / f"{article_id}.html"
            html_file = f"seeds/{article_id}.html"
            if html_target.resolve() != src.path.resolve() and \
                    (not html_target.exists() or html_target.read_bytes() != src.html):
                atomic_write_bytes(html_target, src.html)
        if not target.exists() or target.read_bytes() != stored:
            atomic_write_bytes(target, stored)
        entry = Entry(id=article_id, file=f"seeds/{article_id}.txt", published=published, title=title,
                      outlet=outlet, place=places.normalize_place(place) if place else None,
                      reports_on=reports_on, sha256=sha256_bytes(stored), html=html_file,
                      url=page.url if page is not None else None,
                      extractor=page.extractor if page is not None else None)
        if article_id in existing:
            old = existing[article_id]
            entry = replace(entry, title=title or old.title, outlet=outlet or old.outlet,
                            place=entry.place or old.place, reports_on=reports_on or old.reports_on,
                            html=entry.html or old.html, url=entry.url or old.url,
                            extractor=entry.extractor or old.extractor)
        result, entry = extract_one(ws, entry)
        written = sorted([*(e for e in entries if e.id != article_id), entry], key=lambda e: e.id)
        store_manifest(ws, written, added=None if article_id in existing else entry)
        return entry, result


# ---------------------------------------------------------------- verify

def verify_workspace(ws: Workspace) -> tuple[list[Problem], int]:
    """Everything wrong with the registry: stale hashes, broken quotes, missing figures, orphans."""
    entries = load_manifest(ws)
    problems: list[Problem] = []
    total = 0
    known = {e.id for e in entries}
    if ws.claims_dir.is_dir():
        for path in sorted(ws.claims_dir.glob("*.yaml")):
            if path.stem not in known:
                raise RegistryError(f"claims file for article {path.stem!r}, which is not in the manifest",
                                    path=ws.relative(path), line=1)
    for entry in entries:
        article, _ = read_article(ws, entry)
        if entry.html is not None:
            problems.extend(_check_page_text(ws, entry, article.text))
        cf = load_file(ws, entry.id)
        rel = ws.relative(ws.claims_path(entry.id))
        if cf is None:
            problems.append(Problem(rel, None, f"no claims file for {entry.file}; run `factcheck extract`",
                                    entry.id))
            continue
        total += len(cf.claims)
        if cf.sha256 != article.sha256:
            problems.append(Problem(entry.file, None, "article changed since its claims were extracted; run "
                                    "`factcheck extract` to re-anchor them", entry.id))
            continue  # spans refer to the old text: extract re-anchors them
        for claim, message in validate_spans(cf, article, rel):
            problems.append(Problem(rel, cf.line_of(claim.id), message, entry.id))
        for orphan in cf.orphans:
            problems.append(Problem(rel, cf.line_of(orphan.id),
                                    f"orphaned claim {orphan.id} ({orphan.text!r}): its figure is no longer in "
                                    "the article; correct or delete it", entry.id))
        recorded = {(c.start, c.end) for c in cf.claims}
        for fresh in extract_claims(article):
            if (fresh.start, fresh.end) not in recorded:
                line = article.text.count("\n", 0, fresh.start) + 1
                problems.append(Problem(entry.file, line, f"figure {fresh.text!r} at [{fresh.start}, {fresh.end}) "
                                        "is not in the registry; run `factcheck extract`", entry.id))
    return problems, total


def _check_page_text(ws: Workspace, entry: Entry, text: str) -> list[Problem]:
    """An article added from a web page: the page is still there and, with the library versions that
    extracted it, still gives the stored text byte for byte."""
    assert entry.html is not None
    path = check_inside(ws, entry.html, ws.relative(ws.manifest_path), None)
    if not path.is_file():
        return [Problem(entry.html, None, f"the saved page of {entry.file} is missing", entry.id)]
    if entry.extractor != extractor_versions():
        return []  # other library versions may extract other text: the stored text stays the reference
    page = read_webpage(read_article_bytes(path, entry.html), entry.html)
    if page.text != text:
        return [Problem(entry.file, None, f"differs from the text {entry.html} gives ({entry.extractor}); "
                        "edited by hand? add the page again to replace it", entry.id)]
    return []


# ---------------------------------------------------------------- grep

@dataclass(frozen=True)
class GrepQuery:
    pattern: str
    entity: str | None = None
    metric: str | None = None
    kind: str | None = None
    unit: str | None = None
    article: str | None = None
    between: tuple[Decimal, Decimal] | None = None
    fuzzy: bool = False
    threshold: int = 70


def parse_bound(text: str) -> Decimal:
    """A --between bound: digits with optional 万/亿 (``2万`` → 20000)."""
    from .numbers import parse_number

    try:
        return parse_number(text)
    except (ValueError, InvalidOperation):
        raise FactcheckError(f"--between: {text!r} is not a number") from None


def grep_claims(claims: Iterable[Claim], query: GrepQuery) -> list[tuple[Claim, float]]:
    """Claims matching the pattern (regex, or fuzzy) and every filter, with a score."""
    regex: re.Pattern[str] | None = None
    if not query.fuzzy and query.pattern:
        try:
            regex = re.compile(query.pattern)
        except re.error as exc:
            raise FactcheckError(f"bad pattern {query.pattern!r}: {exc}") from None
    entity = places.normalize_place(query.entity) if query.entity else None
    out: list[tuple[Claim, float]] = []
    for claim in claims:
        if query.kind and claim.kind != query.kind:
            continue
        if query.unit and claim.unit != query.unit:
            continue
        if query.article and query.article not in (claim.article, claim.file, Path(claim.file).name):
            continue
        if entity and not places.contains(entity, claim.entity) and entity not in claim.entity:
            continue
        if query.metric and not _metric_matches(query.metric, claim.metric, query.fuzzy, query.threshold):
            continue
        if query.between is not None:
            if not isinstance(claim.value, Decimal):
                continue
            lo, hi = query.between
            if not lo <= claim.value <= hi:
                continue
        score = 100.0
        if query.pattern:
            haystacks = (claim.text, claim.quote, claim.metric, claim.entity, str(claim.value),
                         about_of(claim).render())
            if regex is not None:
                if not any(regex.search(h) for h in haystacks):
                    continue
            else:
                score = max([fuzz.partial_ratio(query.pattern, h) for h in haystacks if h]
                            + [fuzz.ratio(metric_key(query.pattern), metric_key(claim.metric))])
                if score < query.threshold:
                    continue
        out.append((claim, score))
    if query.fuzzy:
        out.sort(key=lambda x: -x[1])
    return out


def _metric_matches(wanted: str, metric: str, fuzzy: bool, threshold: int) -> bool:
    if wanted in metric:
        return True
    return fuzzy and fuzz.partial_ratio(wanted, metric) >= threshold
