"""The derived index: parsed claims per article in ``.factcheck/index.sqlite``.

The YAML files in ``claims/`` stay the source of truth. The index caches what is derived from them,
keyed by each file's size, mtime and content hash, is rebuilt incrementally when a file changes, and
is safe to delete at any time. Claims are stored as JSON rows (never pickle: nothing read from the
workspace is ever executed).
"""

from __future__ import annotations

import atexit
import bisect
import contextlib
import hashlib
import json
import operator
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import RegistryError
from .models import Claim, ClaimLayout, claims_of_layouts
from .prestat import stamp_of
from .registry import fast_parse, validate_spans
from .workspace import (
    Entry,
    Workspace,
    atomic_write_bytes,
    entry_text,
    format_manifest,
    load_manifest,
    read_article,
    write_manifest,
    written_paths,
)

if TYPE_CHECKING:
    from .blocking import Roots

SCHEMA_VERSION = "11"
_FIELDS = [f.name for f in fields(Claim)]


@dataclass(frozen=True)
class Loaded:
    claims: list[Claim]
    entries: list[Entry]
    stale: list[str]
    reparsed: int
    digest: str = ""  # identity of the registry as loaded: changes whenever any claims file changes
    total: int = 0  # claims in the registry (more than ``claims`` when only a neighbourhood was loaded)
    roots: Roots | None = None  # the metric blocks of whole groups, when only a neighbourhood was loaded


def index_path(ws: Workspace) -> Path:
    return ws.state_dir / "index.sqlite"


class _Shared(sqlite3.Connection):
    """The index's one connection for the whole command. Closing a WAL database's last connection
    checkpoints the log, so closing after every use cost a checkpoint each time; `close` here only
    ends what was not committed, as a real close would, and the connection is closed at exit."""

    pid = 0

    def close(self) -> None:
        if self.in_transaction:
            self.rollback()


_OPEN: dict[str, _Shared] = {}


@atexit.register
def _close_all() -> None:
    for conn in _OPEN.values():
        if conn.pid == os.getpid():  # a forked child leaves its parent's connection alone
            with contextlib.suppress(sqlite3.Error):
                sqlite3.Connection.close(conn)
    _OPEN.clear()


def _connect(ws: Workspace) -> sqlite3.Connection | None:
    path = str(index_path(ws))
    conn = _OPEN.get(path)
    if conn is not None:
        if conn.pid == os.getpid() and os.path.exists(path):
            return conn
        _OPEN.pop(path)  # the index was deleted, or this is a forked child: start afresh
        if conn.pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                sqlite3.Connection.close(conn)
    conn = _open(ws)
    if conn is not None:
        conn.pid = os.getpid()
        _OPEN[path] = conn
    return conn


def _open(ws: Workspace) -> _Shared | None:
    try:
        ws.state_dir.mkdir(parents=True, exist_ok=True)
        marker = ws.state_dir / ".gitignore"
        if not marker.exists():
            marker.write_text("*\n", encoding="utf-8")
        conn = sqlite3.connect(index_path(ws), timeout=10, factory=_Shared)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            conn.executescript("DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS stamps; DROP TABLE IF EXISTS results; "
                               "DROP TABLE IF EXISTS keys; DROP TABLE IF EXISTS manifest;")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        conn.execute("CREATE TABLE IF NOT EXISTS files (article TEXT PRIMARY KEY, digest TEXT, claims TEXT)")
        # what each file was stamped with, apart from its claims: every command reads all of these rows,
        # which a narrow table keeps to a few hundred pages instead of one page per article
        conn.execute("CREATE TABLE IF NOT EXISTS stamps (article TEXT PRIMARY KEY, stamp TEXT, stale INTEGER, "
                     "count INTEGER)")
        # one row per claim that a metric or topic block can hold, with its blocking key: the gate reads
        # the blocks of new claims from here, not every article of their city
        conn.execute("CREATE TABLE IF NOT EXISTS keys (article TEXT, city TEXT, kind TEXT, unit TEXT, mkey TEXT, "
                     "topic INTEGER, claim TEXT)")
        conn.execute("CREATE INDEX IF NOT EXISTS keys_group ON keys (city, kind, unit, mkey)")
        conn.execute("CREATE INDEX IF NOT EXISTS keys_topic ON keys (city, topic)")
        conn.execute("CREATE INDEX IF NOT EXISTS keys_article ON keys (article)")
        conn.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("CREATE TABLE IF NOT EXISTS manifest (digest TEXT, entries TEXT)")
        conn.commit()
        return conn
    except (sqlite3.Error, OSError):
        # a corrupt or unwritable index is never fatal: delete it and carry on without it
        with contextlib.suppress(OSError):
            index_path(ws).unlink()
        return None


# ---------------------------------------------------------------- the manifest, cached by content

def manifest_entries(ws: Workspace) -> list[Entry]:
    """`load_manifest`, from the index when the manifest's bytes are the ones last read (or written).

    Entries are validated when first read; article paths are checked again whenever an article is read.
    """
    try:
        raw = ws.manifest_path.read_bytes()
    except OSError:
        return load_manifest(ws)  # names the problem (or an empty registry)
    digest = hashlib.sha256(raw).hexdigest()
    key = str(ws.manifest_path)
    known = _MANIFESTS.get(key)
    if known is not None and known.digest == digest:
        return list(known.entries)
    conn = _connect(ws)
    if conn is not None:
        try:
            row = conn.execute("SELECT entries FROM manifest WHERE digest = ?", (digest,)).fetchone()
            if row is not None:
                entries, canonical = _decode_entries(row[0])
                _MANIFESTS[key] = _Manifest(digest, tuple(entries), raw, row[0], canonical)
                return entries
        except (sqlite3.Error, ValueError, TypeError):
            pass
        finally:
            conn.close()
    entries = load_manifest(ws)
    remember_manifest(ws, raw, entries, canonical=format_manifest(entries) == raw)
    return entries


@dataclass(frozen=True)
class _Manifest:
    digest: str  # sha256 of the manifest's bytes
    entries: tuple[Entry, ...]
    raw: bytes
    encoded: str  # the entries as the index row holds them
    canonical: bool  # the bytes are exactly what `write_manifest` writes for the entries


# the manifest this process last read or wrote, by path. `add` writes the manifest and then checks against
# it; this spares reading 10k entries back from the index, and lets `store_manifest` splice in a new entry
_MANIFESTS: dict[str, _Manifest] = {}


def remember_manifest(ws: Workspace, raw: bytes, entries: list[Entry], *, canonical: bool,
                      encoded: str | None = None) -> None:
    """Keep the entries of the manifest whose bytes are ``raw``, for the next `manifest_entries`
    (``canonical``: the bytes are what `write_manifest` writes for them)."""
    digest = hashlib.sha256(raw).hexdigest()
    if encoded is None:
        encoded = _encode_entries(entries, canonical)
    _MANIFESTS[str(ws.manifest_path)] = _Manifest(digest, tuple(entries), raw, encoded, canonical)
    _put_only_row(ws, "manifest", (digest, encoded))


def _put_only_row(ws: Workspace, table: str, row: tuple[str, str]) -> None:
    """Make ``row`` the one row of ``table`` (the manifest and results tables keep only the latest)."""
    conn = _connect(ws)
    if conn is None:
        return
    with contextlib.suppress(sqlite3.Error):
        conn.execute(f"DELETE FROM {table}")  # noqa: S608 - a table name of this module, not input
        conn.execute(f"INSERT INTO {table} VALUES (?, ?)", row)  # noqa: S608
        conn.commit()
    conn.close()


def store_manifest(ws: Workspace, entries: list[Entry], added: Entry | None = None) -> None:
    """Write the manifest for ``entries`` and remember it. With ``added`` — a new id, the only change from
    the manifest last read, which `write_manifest` wrote — the entry's text is spliced into the bytes
    (and into the index row) instead of formatting 10k entries again: the same bytes either way."""
    known = _MANIFESTS.get(str(ws.manifest_path))
    spliced = None
    if added is not None and known is not None and known.canonical and \
            len(entries) == len(known.entries) + 1:
        spliced = _splice_entry(known, added, entries)
    if spliced is None:
        remember_manifest(ws, write_manifest(ws, entries), entries, canonical=True)
        return
    data, encoded = spliced
    atomic_write_bytes(ws.manifest_path, data)
    remember_manifest(ws, data, entries, canonical=True, encoded=encoded)


def _splice_entry(known: _Manifest, added: Entry, entries: list[Entry]) -> tuple[bytes, str] | None:
    """The manifest bytes and index row of ``known`` with ``added`` inserted in id order; None when that
    cannot be done safely (``entries`` are not exactly the known ones plus ``added``, an id already
    there, unsorted entries, unusual characters)."""
    ids = [e.id for e in known.entries]
    pos = bisect.bisect_left(ids, added.id)
    if (pos < len(ids) and ids[pos] == added.id) or any(ids[i] > ids[i + 1] for i in range(len(ids) - 1)):
        return None
    if entries[pos] is not added or not all(map(operator.is_, entries[:pos] + entries[pos + 1:], known.entries)):
        return None
    row = _encode_entries([added], True)
    if row[0] != "S" or not known.encoded.startswith("S1"):
        return None
    text = entry_text(added).encode("utf-8") + b"\n"
    body = row[2:]
    if pos == len(ids):
        data = known.raw + text
        encoded = known.encoded + (_ENTRY + body if ids else body)
    else:
        marker = f"\n{entry_text(known.entries[pos]).splitlines()[0]}\n".encode()
        at = known.raw.find(marker)
        if at < 0:
            return None
        data = known.raw[:at + 1] + text + known.raw[at + 1:]
        if pos == 0:
            encoded = "S1" + body + _ENTRY + known.encoded[2:]
        else:
            mark = known.encoded.find(f"{_ENTRY}{ids[pos]}{_FIELD}")
            if mark < 0:
                return None
            encoded = known.encoded[:mark] + _ENTRY + body + known.encoded[mark:]
    return data, encoded


# Each article's claims are stored by column, so that decoding runs per column, in comprehensions:
# {"n": count, "same": {field: value shared by every claim}, "cols": {field: [one value per claim]}};
# exact numbers are digit strings flagged in the "decimal" column.
_SHARED = ("id", "article", "file", "text", "unit", "kind", "approx", "entity", "metric", "period", "quote",
           "before", "after", "published")  # strings that repeat across claims: one object each


def _encode(claims: list[Claim] | tuple[Claim, ...]) -> str:
    columns: dict[str, list[Any]] = {name: [getattr(c, name) for c in claims] for name in _FIELDS}
    columns["decimal"] = [isinstance(v, Decimal) for v in columns["value"]]
    columns["value"] = [format(v, "f") if isinstance(v, Decimal) else v for v in columns["value"]]
    columns["accept"] = [[list(x) for x in a] for a in columns["accept"]]
    columns["edited"] = [list(e) for e in columns["edited"]]
    same: dict[str, Any] = {}
    cols: dict[str, list[Any]] = {}
    table: dict[str, int] = {}  # the file's distinct strings; string columns hold positions in it
    refs: dict[str, list[int]] = {}
    for name, values in columns.items():
        if values and all(v == values[0] for v in values) and name not in ("value", "decimal"):
            same[name] = values[0]
        elif name in _SHARED and all(isinstance(v, str) for v in values):
            refs[name] = [table.setdefault(v, len(table)) for v in values]
        else:
            cols[name] = values
    return json.dumps({"n": len(claims), "same": same, "cols": cols, "table": list(table), "refs": refs},
                      ensure_ascii=False, separators=(",", ":"))


@dataclass
class Pool:
    """One object per distinct string and number while a registry is decoded."""

    strings: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, Decimal] = field(default_factory=dict)


def _decode(text: str, pool: Pool | None = None) -> list[Claim]:
    pool = pool or Pool()
    strings, numbers = pool.strings, pool.numbers
    data = json.loads(text)
    n: int = data["n"]
    same: dict[str, Any] = data["same"]
    cols: dict[str, list[Any]] = data["cols"]
    refs: dict[str, list[int]] = data["refs"]
    table = [strings.setdefault(v, v) for v in data["table"]]
    columns: list[Any] = []
    for name in _FIELDS:
        if name in same:
            value = same[name]
            if name in _SHARED and value.__class__ is str:
                value = strings.setdefault(value, value)
            elif name == "accept":
                value = tuple(tuple(x) for x in value)
            elif name == "edited":
                value = tuple(value)
            columns.append(repeat(value, n))
            continue
        values: list[Any] = list(map(table.__getitem__, refs[name])) if name in refs else cols[name]
        if len(values) != n:
            raise ValueError(f"column {name} has {len(values)} values for {n} claims")
        if name == "value":
            values = [(numbers[v] if v in numbers else numbers.setdefault(v, Decimal(v))) if d else v
                      for v, d in zip(values, cols["decimal"], strict=True)]
        elif name == "accept":
            values = [tuple(tuple(x) for x in a) if a else () for a in values]
        elif name == "edited":
            values = [tuple(e) if e else () for e in values]
        columns.append(values)
    return _build_claims(n, columns)


def _build_claims(n: int, columns: list[Any]) -> list[Claim]:
    """``n`` claims from their fields, column by column (models.ClaimLayout, then made claims)."""
    return claims_of_layouts(list(map(ClaimLayout, *columns)))


def load_claims_full(ws: Workspace, *, validate: bool = True) -> Loaded:
    """Every claim of the workspace, from the index where files are unchanged, else from YAML."""
    sync = _synchronise(ws, validate)
    by_article: dict[str, list[Claim]] = dict(sync.parsed)
    shared = Pool()
    try:
        # rows are decoded as they stream in: the encoded registry is never held in memory at once
        for article, row in _stream_rows(sync):
            if article in by_article:
                continue
            try:
                by_article[article] = _decode(row, shared)
            except (ValueError, KeyError, TypeError, IndexError):
                continue  # damaged row: read from YAML below
        claims: list[Claim] = []
        for entry in sync.present:
            got = by_article.pop(entry.id, None)
            if got is None:
                got = _parse_entry(ws, entry, validate)[0]
            claims.extend(got)
    finally:
        sync.close()
    return Loaded(claims=claims, entries=sync.entries, stale=sync.stale, reparsed=sync.reparsed,
                  digest=sync.digest, total=len(claims))


# Manifest entries in the index: fields joined by \x1f, entries by \x1e, None as \x00 — several times
# faster than JSON both ways for 10k entries. Text holding one of those characters is stored as JSON.
_FIELD, _ENTRY, _NONE = "\x1f", "\x1e", "\x00"


def _encode_entries(entries: list[Entry], canonical: bool) -> str:
    """The index row: a format letter (S joined text, J JSON), the canonical flag (1/0), the entries."""
    flag = "1" if canonical else "0"
    rows: list[list[str | None]] = [
        [e.id, e.file, e.published, e.title, e.outlet, e.place, e.reports_on, e.sha256]
        + ([] if e.html is None else [e.html, e.url, e.extractor])  # web pages: the J form
        for e in entries]
    joined = _ENTRY.join(_FIELD.join(_NONE if v is None else v for v in row) for row in rows)
    if joined.count(_FIELD) != 7 * len(rows) or joined.count(_ENTRY) != max(len(rows) - 1, 0) or \
            joined.count(_NONE) != sum(v is None for row in rows for v in row):
        return "J" + flag + json.dumps(rows, ensure_ascii=False)
    return "S" + flag + joined


def _decode_entries(text: str) -> tuple[list[Entry], bool]:
    kind, flag, body = text[:1], text[1:2], text[2:]
    if kind not in ("S", "J") or flag not in ("0", "1"):
        raise ValueError("manifest row of an older index")
    canonical = flag == "1"
    if kind == "J":
        return [Entry(*item) for item in json.loads(body)], canonical
    if not body:
        return [], canonical
    out = []
    for line in body.split(_ENTRY):
        fields = line.split(_FIELD)
        if len(fields) != 8:
            raise ValueError("damaged manifest row")
        i, f, published, title, outlet, place, reports_on, sha = fields
        out.append(Entry(i, f, published, None if title == _NONE else title, None if outlet == _NONE else outlet,
                         None if place == _NONE else place, None if reports_on == _NONE else reports_on, sha))
    return out, canonical


def _stream_rows(sync: _Sync) -> Iterator[tuple[str, str]]:
    if sync.conn is None:
        return
    try:
        yield from sync.conn.execute("SELECT article, claims FROM files")
    except sqlite3.Error:
        return


def load_neighbourhood(ws: Workspace, articles: set[str], *, threshold: int = 85, validate: bool = True,
                       stamps: dict[str, str] | None = None) -> Loaded:
    """The claims that can share a block with a claim of ``articles`` (the gate on new articles).

    Those are the claims of the metric blocks the articles' claims fall into, the streaks and honours
    of the same cities, and the articles themselves. The index keeps every claim's blocking key, so
    only those claims are decoded; ``total`` counts them all, and ``roots`` records how the metrics of
    each whole (city, kind, unit) group merge into blocks, so that the blocks are the full check's.
    No registry digest: the results of a partial check are never stored. ``stamps``: see ``_synchronise``.
    """
    sync = _synchronise(ws, validate, identify=False, stamps=stamps, fresh=frozenset(articles))
    if sync.conn is None:
        return load_claims_full(ws, validate=validate)  # no index: nothing to select from
    try:
        focused: list[Claim] = []
        own_rows = _rows(sync, [a for a in articles if a not in sync.parsed])
        by_id = {e.id: e for e in sync.present}
        for article in sorted(articles):
            entry = by_id.get(article)
            if entry is None:
                continue
            got = sync.parsed.get(article)
            if got is None:
                got = _decode_or_parse(ws, entry, own_rows.get(article), validate)
            focused.extend(got)
        found = _blocks_of(sync.conn, focused, articles, threshold)
        if found is None:
            return load_claims_full(ws, validate=validate)
        rows, roots = found
        try:
            claims = focused + _decode_rows(rows)
        except (ValueError, KeyError, TypeError, IndexError, ArithmeticError):  # a damaged index row: read everything
            return load_claims_full(ws, validate=validate)
    finally:
        sync.close()
    return Loaded(claims=claims, entries=sync.entries, stale=sync.stale, reparsed=sync.reparsed,
                  digest=sync.digest, total=sync.total, roots=roots)


def _blocks_of(conn: sqlite3.Connection, focused: list[Claim], articles: set[str], threshold: int
               ) -> tuple[list[str], dict[tuple[str, str, str], dict[str, str]]] | None:
    """Encoded claims of other articles that share a metric or topic block with ``focused``, and the
    metric merge of each group involved (None when the index cannot be read)."""
    from .blocking import TOPIC_KINDS, VALUE_KINDS, claim_city, merge_metrics
    from .checks.keys import block_key

    wanted: dict[tuple[str, str, str], set[str]] = {}
    cities: set[str] = set()
    for claim in focused:
        city = claim_city(claim)
        if claim.kind in VALUE_KINDS and block_key(claim):
            wanted.setdefault((city, claim.kind, claim.unit), set()).add(block_key(claim))
        elif claim.kind in TOPIC_KINDS:
            cities.add(city)
    rows: list[str] = []
    roots: dict[tuple[str, str, str], dict[str, str]] = {}
    try:
        for group, keys in sorted(wanted.items()):
            known = [k for (k,) in conn.execute(
                "SELECT DISTINCT mkey FROM keys WHERE city = ? AND kind = ? AND unit = ?", group)]
            merged = merge_metrics([*known, *keys], threshold)
            roots[group] = merged
            blocks = {merged[k] for k in keys}
            members = sorted(k for k in merged if merged[k] in blocks)
            for i in range(0, len(members), 500):
                chunk = members[i:i + 500]
                marks = ",".join("?" * len(chunk))
                rows.extend(row for article, row in conn.execute(
                    f"SELECT article, claim FROM keys WHERE city = ? AND kind = ? AND unit = ? AND mkey IN ({marks})",
                    (*group, *chunk)) if article not in articles)
        for city in sorted(cities):
            rows.extend(row for article, row in conn.execute(
                "SELECT article, claim FROM keys WHERE city = ? AND topic = 1", (city,)) if article not in articles)
    except sqlite3.Error:
        return None
    return rows, roots


@dataclass
class _Sync:
    """The index brought up to date with the registry: which files were re-read and what is where."""

    conn: sqlite3.Connection | None
    entries: list[Entry]
    present: list[Entry]  # entries that have a claims file
    parsed: dict[str, list[Claim]]  # re-read from YAML in this run
    stale: list[str]
    reparsed: int
    digest: str
    total: int

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _synchronise(ws: Workspace, validate: bool, *, identify: bool = True, stamps: dict[str, str] | None = None,
                 fresh: frozenset[str] = frozenset()) -> _Sync:
    """Stamp every claims file (and its article); re-read from YAML the ones the index does not hold.
    ``identify``: compute the registry's digest (what a full check's stored results are keyed by).
    ``stamps``: files stamped by a child since this command started (``prestat``), used for every file
    except the ones this process wrote and those of the articles in ``fresh``, which are stamped again."""
    entries = manifest_entries(ws)
    known = {e.id for e in entries}
    existing: set[str] = set()
    if ws.claims_dir.is_dir():
        for name in os.listdir(ws.claims_dir):
            if name.endswith(".yaml"):
                existing.add(name[:-5])
        for stem in sorted(existing - known):
            path = ws.claims_dir / f"{stem}.yaml"
            raise RegistryError(f"claims file for article {stem!r}, which is not in the manifest "
                                f"({ws.relative(ws.manifest_path)})", path=ws.relative(path), line=1)
    conn = _connect(ws)
    cached: dict[str, tuple[str, int, int]] = {}
    if conn is not None:
        try:
            for article, stamp, is_stale, count in conn.execute("SELECT article, stamp, stale, count FROM stamps"):
                cached[article] = (stamp, is_stale, count)
        except sqlite3.Error:
            cached = {}
    present = [e for e in entries if e.id in existing]
    sync = _Sync(conn=conn, entries=entries, present=present, parsed={}, stale=[], reparsed=0,
                 digest="", total=0)
    claims_dir, root = str(ws.claims_dir), str(ws.root)
    updates: list[tuple[str, str, int, int, str, str]] = []  # article, stamp, stale, count, digest, claims
    key_rows: list[tuple[str, str, str, str, str, int, str]] = []
    identity: list[str] = []
    known_stamps = {} if stamps is None else stamps
    if known_stamps:
        known_stamps = dict(known_stamps)
        for written in written_paths():
            known_stamps.pop(written, None)
    for entry in present:
        # the manifest itself is not stamped (every `add` rewrites it): only what this entry says.
        own_path, text_path = f"{claims_dir}/{entry.id}.yaml", f"{root}/{entry.file}"
        if entry.id in fresh:
            own, text = stamp_of(own_path), stamp_of(text_path)
        else:
            own = known_stamps.get(own_path) or stamp_of(own_path)
            text = known_stamps.get(text_path) or stamp_of(text_path)
        stamp = f"{own}|{text}|{entry.file}|{entry.published}|{entry.sha256}"
        if identify:
            identity.append(f"{entry.id}\x1f{stamp}\x1e")
        hit = cached.get(entry.id)
        if hit is not None and hit[0] == stamp:
            if hit[1]:
                sync.stale.append(entry.id)
            sync.total += hit[2]
            continue
        got, is_stale, digest = _parse_entry(ws, entry, validate)
        sync.reparsed += 1
        sync.parsed[entry.id] = got
        sync.total += len(got)
        if is_stale:
            sync.stale.append(entry.id)
        updates.append((entry.id, stamp, int(is_stale), len(got), digest, _encode(got)))
        key_rows.extend(_key_rows(entry.id, got))
    sync.digest = hashlib.sha256("".join(identity).encode()).hexdigest() if identify else ""
    if conn is not None:
        try:
            gone = set(cached) - known
            changed = [(u[0],) for u in updates] + [(g,) for g in gone]
            if changed:
                conn.executemany("DELETE FROM keys WHERE article = ?", changed)
                conn.executemany("DELETE FROM files WHERE article = ?", changed)
                conn.executemany("DELETE FROM stamps WHERE article = ?", changed)
            if updates:
                conn.executemany("INSERT OR REPLACE INTO stamps VALUES (?, ?, ?, ?)", [u[:4] for u in updates])
                conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", [(u[0], u[4], u[5]) for u in updates])
                conn.executemany("INSERT INTO keys VALUES (?, ?, ?, ?, ?, ?, ?)", key_rows)
            conn.commit()
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                conn.rollback()
    return sync


def _key_rows(article: str, claims: list[Claim]) -> list[tuple[str, str, str, str, str, int, str]]:
    """One row per claim that a metric or topic block can hold: its blocking key and the claim."""
    from .blocking import TOPIC_KINDS, VALUE_KINDS, claim_city
    from .checks.keys import block_key

    out = []
    for claim in claims:
        topic = claim.kind in TOPIC_KINDS
        key = block_key(claim) if claim.kind in VALUE_KINDS else ""
        if topic or key:
            out.append((article, claim_city(claim), claim.kind, claim.unit, key, int(topic), _encode_row(claim)))
    return out


def _encode_row(claim: Claim) -> str:
    row: list[Any] = []
    for name in _FIELDS:
        v = getattr(claim, name)
        if isinstance(v, Decimal):
            v = {"d": format(v, "f")}
        elif isinstance(v, tuple):
            v = [list(x) if isinstance(x, tuple) else x for x in v]
        row.append(v)
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


_VALUE_I, _ACCEPT_I, _EDITED_I = _FIELDS.index("value"), _FIELDS.index("accept"), _FIELDS.index("edited")


def _decode_rows(rows: list[str]) -> list[Claim]:
    decoded = json.loads("[" + ",".join(rows) + "]")
    if not decoded:
        return []
    if len(decoded[0]) != len(_FIELDS):
        raise ValueError("damaged claim row")
    columns: list[Any] = list(zip(*decoded, strict=True))  # every row as wide as the first, or ValueError
    numbers: dict[str, Decimal] = {}
    columns[_VALUE_I] = [(numbers[v["d"]] if v["d"] in numbers else numbers.setdefault(v["d"], Decimal(v["d"])))
                         if v.__class__ is dict else v for v in columns[_VALUE_I]]
    # (a damaged row's null or number raises TypeError here, as it would anywhere else)
    columns[_ACCEPT_I] = [tuple(tuple(x) for x in a) if a != [] else () for a in columns[_ACCEPT_I]]
    columns[_EDITED_I] = [tuple(e) if e != [] else () for e in columns[_EDITED_I]]
    return _build_claims(len(decoded), columns)


def _rows(sync: _Sync, articles: list[str]) -> dict[str, str]:
    """Encoded claims of ``articles`` as the index holds them."""
    if sync.conn is None:
        return {}
    try:
        out: dict[str, str] = {}
        for i in range(0, len(articles), 500):
            chunk = articles[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(sync.conn.execute(f"SELECT article, claims FROM files WHERE article IN ({marks})", chunk))
        return out
    except sqlite3.Error:
        return {}


def _decode_or_parse(ws: Workspace, entry: Entry, row: str | None, validate: bool) -> list[Claim]:
    """An article's claims from its index row; from YAML when the row is missing or damaged."""
    if row is not None:
        try:
            return _decode(row)
        except (ValueError, KeyError, TypeError, IndexError):
            pass
    got, _, _ = _parse_entry(ws, entry, validate)
    return got


def _parse_entry(ws: Workspace, entry: Entry, validate: bool) -> tuple[list[Claim], bool, str]:
    path = ws.claims_path(entry.id)
    rel = ws.relative(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RegistryError("claims file is not UTF-8", path=rel) from None
    except OSError as exc:
        raise RegistryError(f"cannot read claims file: {exc.strerror}", path=rel) from None
    cf = fast_parse(text, rel, expected_article=entry.id)
    is_stale = False
    if validate:
        article, _ = read_article(ws, entry)
        if cf.sha256 != article.sha256:
            is_stale = True
        else:
            problems = validate_spans(cf, article, rel)
            if problems:
                claim, message = problems[0]
                raise RegistryError(message, path=rel, line=cf.line_of(claim.id))
    published = cf.published or entry.published
    out = [replace(c, file=entry.file, published=published) for c in cf.claims]
    return out, is_stale, hashlib.sha256(raw).hexdigest()


def load_claims(ws: Workspace) -> list[Claim]:
    """Every claim of the workspace (validated against the articles when a file changed)."""
    return load_claims_full(ws).claims


def cached_result(ws: Workspace, key: str) -> str | None:
    conn = _connect(ws)
    if conn is None:
        return None
    try:
        row = conn.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def store_result(ws: Workspace, key: str, value: str) -> None:
    _put_only_row(ws, "results", (key, value))


def drop_index(ws: Workspace) -> None:
    conn = _OPEN.pop(str(index_path(ws)), None)
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            sqlite3.Connection.close(conn)
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(str(index_path(ws)) + suffix)


__all__ = ["load_claims", "load_claims_full"]
