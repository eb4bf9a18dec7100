"""The derived index: parsed claims per article in ``.factcheck/index.sqlite``.

The YAML files in ``claims/`` stay the source of truth. The index caches what is derived from them,
keyed by each file's size, mtime and content hash, is rebuilt incrementally when a file changes, and
is safe to delete at any time. Claims are stored as JSON rows (never pickle: nothing read from the
workspace is ever executed).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import RegistryError
from .models import Claim
from .registry import fast_parse, validate_spans
from .workspace import Entry, Workspace, load_manifest, read_article

SCHEMA_VERSION = "3"
_FIELDS = [f.name for f in fields(Claim)]


@dataclass(frozen=True)
class Loaded:
    claims: list[Claim]
    entries: list[Entry]
    stale: list[str]
    reparsed: int
    digest: str = ""  # identity of the registry as loaded: changes whenever any claims file changes


def index_path(ws: Workspace) -> Path:
    return ws.state_dir / "index.sqlite"


def _connect(ws: Workspace) -> sqlite3.Connection | None:
    try:
        ws.state_dir.mkdir(parents=True, exist_ok=True)
        marker = ws.state_dir / ".gitignore"
        if not marker.exists():
            marker.write_text("*\n", encoding="utf-8")
        conn = sqlite3.connect(index_path(ws), timeout=10)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            conn.executescript("DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS results;")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS files (article TEXT PRIMARY KEY, stamp TEXT, digest TEXT, "
            "stale INTEGER, claims TEXT)")
        conn.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT)")
        conn.commit()
        return conn
    except (sqlite3.Error, OSError):
        # a corrupt or unwritable index is never fatal: delete it and carry on without it
        with contextlib.suppress(OSError):
            index_path(ws).unlink()
        return None


def _stamp(*paths: Path) -> str:
    parts = []
    for path in paths:
        try:
            st = path.stat()
            parts.append(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
        except OSError:
            parts.append("-")
    return "|".join(parts)


def _encode(claims: list[Claim] | tuple[Claim, ...]) -> str:
    rows = []
    for c in claims:
        row: list[Any] = []
        for name in _FIELDS:
            v = getattr(c, name)
            if isinstance(v, Decimal):
                v = {"d": format(v, "f")}
            elif isinstance(v, tuple):
                v = [list(x) if isinstance(x, tuple) else x for x in v]
            row.append(v)
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def _decode(text: str) -> list[Claim]:
    out = []
    value_i = _FIELDS.index("value")
    accept_i = _FIELDS.index("accept")
    edited_i = _FIELDS.index("edited")
    for row in json.loads(text):
        v = row[value_i]
        if isinstance(v, dict):
            row[value_i] = Decimal(v["d"])
        row[accept_i] = tuple(tuple(x) for x in row[accept_i])
        row[edited_i] = tuple(row[edited_i])
        out.append(Claim(*row))
    return out


def load_claims_full(ws: Workspace, *, validate: bool = True) -> Loaded:
    """Every claim of the workspace, from the index where files are unchanged, else from YAML."""
    entries = load_manifest(ws)
    known = {e.id for e in entries}
    if ws.claims_dir.is_dir():
        for path in sorted(ws.claims_dir.glob("*.yaml")):
            if path.stem not in known:
                raise RegistryError(f"claims file for article {path.stem!r}, which is not in the manifest "
                                    f"({ws.relative(ws.manifest_path)})", path=ws.relative(path), line=1)
    conn = _connect(ws)
    cached: dict[str, tuple[str, int, str]] = {}
    if conn is not None:
        try:
            for article, stamp, is_stale, rows in conn.execute("SELECT article, stamp, stale, claims FROM files"):
                cached[article] = (stamp, is_stale, rows)
        except sqlite3.Error:
            cached = {}
    claims: list[Claim] = []
    stale: list[str] = []
    updates: list[tuple[str, str, str, int, str]] = []
    reparsed = 0
    identity = hashlib.sha256()
    for entry in entries:
        claims_path = ws.claims_path(entry.id)
        if not claims_path.exists():
            continue
        # the manifest itself is not stamped (every `add` rewrites it): only what this entry says
        stamp = f"{_stamp(claims_path, ws.root / entry.file)}|{entry.file}|{entry.published}|{entry.sha256}"
        identity.update(f"{entry.id}\x1f{stamp}\x1e".encode())
        hit = cached.get(entry.id)
        if hit is not None and hit[0] == stamp:
            try:
                got = _decode(hit[2])
            except (ValueError, KeyError, TypeError, IndexError):
                got = None
            if got is not None:
                claims.extend(got)
                if hit[1]:
                    stale.append(entry.id)
                continue
        reparsed += 1
        got, is_stale, digest = _parse_entry(ws, entry, validate)
        claims.extend(got)
        if is_stale:
            stale.append(entry.id)
        updates.append((entry.id, stamp, digest, int(is_stale), _encode(got)))
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            if updates:
                conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", updates)
            gone = set(cached) - known
            if gone:
                conn.executemany("DELETE FROM files WHERE article = ?", [(g,) for g in gone])
            conn.commit()
        conn.close()
    return Loaded(claims=claims, entries=entries, stale=stale, reparsed=reparsed, digest=identity.hexdigest())


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
    conn = _connect(ws)
    if conn is None:
        return
    with contextlib.suppress(sqlite3.Error):
        conn.execute("DELETE FROM results")
        conn.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (key, value))
        conn.commit()
    conn.close()


def drop_index(ws: Workspace) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.unlink(str(index_path(ws)) + suffix)


__all__ = ["load_claims", "load_claims_full"]
