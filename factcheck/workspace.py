"""The workspace: a directory with ``seeds/`` (articles and manifest) and ``claims/`` (the registry).

Also the two safety mechanisms every write goes through: atomic file replacement and a lock.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import dates
from .errors import FactcheckError, LockError, RegistryError
from .models import Article

MANIFEST = "seeds/manifest.yaml"
STATE_DIR = ".factcheck"
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


@dataclass(frozen=True)
class Entry:
    """One manifest entry: where an article is and what is known about it."""

    id: str
    file: str
    published: str
    title: str | None = None
    outlet: str | None = None
    place: str | None = None
    reports_on: str | None = None
    sha256: str = ""
    # for an article added from a saved web page: the page as it came (``file`` is the text extracted
    # from it), the address the page names as its own, and the libraries that extracted the text
    html: str | None = None
    url: str | None = None
    extractor: str | None = None


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def claims_dir(self) -> Path:
        return self.root / "claims"

    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    def claims_path(self, article_id: str) -> Path:
        return self.claims_dir / f"{article_id}.yaml"

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def find_workspace(root: str | None = None) -> Workspace:
    """The workspace at ``root``, or the one that holds the current directory."""
    if root is not None:
        path = Path(root)
        if not path.is_dir():
            raise FactcheckError(f"--root {root}: not a directory")
        if not (path / "seeds").is_dir():
            raise FactcheckError(f"--root {root}: not a factcheck workspace (no seeds/ directory)")
        return Workspace(path.resolve())
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / MANIFEST).is_file() or ((candidate / "seeds").is_dir() and (candidate / "claims").is_dir()):
            return Workspace(candidate)
    raise FactcheckError("not inside a factcheck workspace (a directory with seeds/ and claims/); use --root DIR, "
                         "or start one with `factcheck init`")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_date(value: str, what: str = "--published") -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date): `dates.check`."""
    return dates.check(value, what)


# ---------------------------------------------------------------- YAML loading

@functools.cache
def _loader() -> Any:
    """Safe loader that keeps dates as strings and floats as exact Decimals (built on first use: most
    commands read the registry through the index or the fast parser and never import yaml)."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the libyaml parser when available: 10× faster

    class Loader(base):  # type: ignore[valid-type,misc]
        pass

    def construct_str(loader: Any, node: Any) -> Any:
        return loader.construct_scalar(node)

    def construct_decimal(loader: Any, node: Any) -> Any:
        from decimal import Decimal, InvalidOperation

        raw = str(loader.construct_scalar(node)).replace("_", "")
        try:
            return Decimal(raw)
        except InvalidOperation:
            return raw

    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_str)
    Loader.add_constructor("tag:yaml.org,2002:float", construct_decimal)
    return Loader


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML safely; every problem becomes a RegistryError with file and line."""
    marker = _conflict_marker(text)
    if marker is not None:
        raise RegistryError("unresolved merge conflict markers (<<<<<<< / ======= / >>>>>>>); resolve the conflict",
                            path=path, line=marker)
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        if "could not determine a constructor" in str(exc):
            problem = "YAML tags such as !!python/… are not allowed in the registry"
        raise RegistryError(f"malformed YAML: {problem}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise RegistryError(f"malformed YAML: {exc}", path=path) from None


def _conflict_marker(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(("<<<<<<< ", ">>>>>>> ")) or line in ("<<<<<<<", ">>>>>>>", "======="):
            return number
    return None


# ---------------------------------------------------------------- manifest

def load_manifest(ws: Workspace) -> list[Entry]:
    """The manifest's entries, validated: ids, dates, and paths that stay inside the workspace."""
    path = ws.manifest_path
    rel = ws.relative(path)
    if not path.exists():
        return []
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"cannot read manifest: {exc}", path=rel) from None
    items = _fast_manifest(raw)
    if items is None:
        data = load_yaml(raw, rel)
        if data is None:
            return []
        if not isinstance(data, dict) or not isinstance(data.get("articles", []), list):
            raise RegistryError("manifest must be a mapping with an 'articles' list", path=rel, line=1)
        items = data.get("articles") or []
    entries: list[Entry] = []
    seen: set[str] = set()
    root = _resolved_dir(str(ws.root))
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise RegistryError("each article must be a mapping", path=rel, line=_item_line(raw, index))
        article_id = str(item.get("id", ""))
        if not _ID_RE.match(article_id):
            raise RegistryError(f"bad article id {article_id!r}", path=rel, line=_item_line(raw, index))
        if article_id in seen:
            raise RegistryError(f"duplicate article id {article_id!r}", path=rel, line=_item_line(raw, index))
        seen.add(article_id)
        file = str(item.get("file", ""))
        published = str(item.get("published") or "")
        html = _opt(item.get("html"))
        try:
            _check_inside_under(ws, root, file, rel, None)
            if html is not None:
                _check_inside_under(ws, root, html, rel, None)
            if published:
                _check_date_cached(published)
        except FactcheckError as exc:
            raise RegistryError(str(exc.args[0]), path=rel, line=_item_line(raw, index)) from None
        entries.append(Entry(
            id=article_id, file=file, published=published,
            title=_opt(item.get("title")), outlet=_opt(item.get("outlet")), place=_opt(item.get("place")),
            reports_on=_opt(item.get("reports_on")), sha256=str(item.get("sha256") or ""),
            html=html, url=_opt(item.get("url")), extractor=_opt(item.get("extractor")),
        ))
    return entries


@functools.lru_cache(maxsize=4096)
def _check_date_cached(value: str) -> str:
    return check_date(value, "published")


_Q = r'"(?:[^"\\\n]|\\.)*"'
_OPT_Q = r"(null|" + _Q + r")"
# one entry exactly as `write_manifest` writes it
_MANIFEST_ENTRY = re.compile(
    r"- id: (" + _Q + r")\n  file: (" + _Q + r")\n  title: " + _OPT_Q + r"\n  outlet: " + _OPT_Q
    + r"\n  published: (" + _Q + r")\n  place: " + _OPT_Q + r"\n  reports_on: " + _OPT_Q
    + r"\n  sha256: (" + _Q + r")\n"
    + r"(?:  html: (" + _Q + r")\n  url: " + _OPT_Q + r"\n  extractor: " + _OPT_Q + r"\n)?")
_MANIFEST_KEYS = ("id", "file", "title", "outlet", "published", "place", "reports_on", "sha256", "html", "url",
                  "extractor")
_MANIFEST_HEAD = re.compile(r"(?:#[^\n]*\n)*articles:\n")


def _fast_manifest(raw: str) -> list[dict[str, Any]] | None:
    """Read a manifest in the exact form `write_manifest` writes, without YAML; None for any other form
    (hand-edited or unusual: the YAML parser reads it, and names any error)."""
    import json

    head = _MANIFEST_HEAD.match(raw)
    if head is None:
        return None
    pos = head.end()
    items: list[dict[str, Any]] = []
    match = _MANIFEST_ENTRY.match
    try:
        while pos < len(raw):
            m = match(raw, pos)
            if m is None:
                return None
            item: dict[str, Any] = {}
            for key, value in zip(_MANIFEST_KEYS, m.groups(), strict=True):
                if value is None or value == "null":
                    item[key] = None
                elif "\\" in value:
                    item[key] = json.loads(value)
                else:
                    item[key] = value[1:-1]
            items.append(item)
            pos = m.end()
    except ValueError:
        return None
    return items


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _item_line(raw: str, index: int) -> int | None:
    """Line of the ``index``-th list item (for error messages only)."""
    seen = 0
    for n, line in enumerate(raw.splitlines(), 1):
        if re.match(r"^\s*-\s", line):
            if seen == index:
                return n
            seen += 1
    return None


def check_inside(ws: Workspace, file: str, where: str, line: int | None) -> Path:
    """A manifest path must be relative, without '..', and resolve (symlinks too) inside the workspace."""
    return Path(_check_inside_under(ws, _resolved_dir(str(ws.root)), file, where, line))


_ABSOLUTE = re.compile(r"^(?:[/\\]|[A-Za-z]:)")


def _check_inside_under(ws: Workspace, root: str, file: str, where: str, line: int | None) -> str:
    if not file:
        raise RegistryError("article without a file", path=where, line=line)
    if _ABSOLUTE.match(file) or os.path.isabs(file):
        raise RegistryError(f"article path {file!r} is absolute; paths must stay inside the workspace",
                            path=where, line=line)
    parts = file.replace("\\", "/").split("/") if "\\" in file else file.split("/")
    if ".." in parts:
        raise RegistryError(f"article path {file!r} leaves the workspace", path=where, line=line)
    full = os.path.join(str(ws.root), file)
    # resolving every path is slow on large manifests: resolve the (few) directories once, and the file
    # itself only when it is a symlink
    inside = _resolved_dir(os.path.dirname(full)).startswith(root)
    if inside and os.path.islink(full):
        inside = os.path.realpath(full).startswith(root)
    if not inside:
        raise RegistryError(f"article path {file!r} resolves outside the workspace (symlink?)",
                            path=where, line=line)
    return full


@functools.lru_cache(maxsize=256)
def _resolved_dir(path: str) -> str:
    return os.path.join(os.path.realpath(path), "")


MANIFEST_HEADER = (
    "# factcheck manifest: one entry per article under seeds/. `factcheck add` and `factcheck extract`\n"
    "# keep it up to date; sha256 is the hash of the article file the claims were extracted from.\n"
    "articles:\n"
)


def entry_text(e: Entry, escape: bool = True) -> str:
    """One manifest entry as `write_manifest` writes it (without its final newline). ``escape=False``
    when the caller knows that no value needs escaping."""
    from .jsonio import quote

    def f(value: str | None) -> str:
        if value is None:
            return "null"
        return quote(value) if escape else f'"{value}"'

    text = (f"- id: {f(e.id)}\n  file: {f(e.file)}\n  title: {f(e.title)}\n  outlet: {f(e.outlet)}\n"
            f"  published: {f(e.published)}\n  place: {f(e.place)}\n  reports_on: {f(e.reports_on)}\n"
            f"  sha256: {f(e.sha256)}")
    if e.html is None:
        return text
    return f"{text}\n  html: {f(e.html)}\n  url: {f(e.url)}\n  extractor: {f(e.extractor)}"


def format_manifest(entries: list[Entry]) -> bytes:
    """The manifest's bytes for ``entries`` (sorted by id)."""
    from .jsonio import needs_escape

    ordered = sorted(entries, key=lambda x: x.id)
    # the usual case, checked for all entries at once: nothing to escape (quoting would give the same text)
    escape = needs_escape("".join(f"{e.id}{e.file}{e.title}{e.outlet}{e.published}{e.place}{e.reports_on}{e.sha256}"
                                  + ("" if e.html is None else f"{e.html}{e.url}{e.extractor}")
                                  for e in ordered))
    return (MANIFEST_HEADER + "".join(entry_text(e, escape) + "\n" for e in ordered)).encode("utf-8")


def write_manifest(ws: Workspace, entries: list[Entry]) -> bytes:
    """Write the manifest (entries sorted by id); returns the bytes written."""
    data = format_manifest(entries)
    atomic_write_bytes(ws.manifest_path, data)
    return data


def read_article(ws: Workspace, entry: Entry) -> tuple[Article, bytes]:
    """The article's decoded text and its bytes (for the hash)."""
    path = check_inside(ws, entry.file, ws.relative(ws.manifest_path), None)
    from .textio import decode_bytes, read_article_bytes

    data = read_article_bytes(path, entry.file)
    text, _ = decode_bytes(data, entry.file)
    article = Article(
        id=entry.id, path=entry.file, text=text, published=entry.published, title=entry.title,
        outlet=entry.outlet, place=entry.place, reports_on=entry.reports_on, sha256=sha256_bytes(data),
    )
    return article, data


def with_hash(entry: Entry, digest: str) -> Entry:
    return replace(entry, sha256=digest)


# ---------------------------------------------------------------- atomic writes and the lock

def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (UTF-8)."""
    atomic_write_bytes(path, text.encode("utf-8"))


# Every file this process wrote, as given and absolute: a stamp taken before the write (prestat) is stale.
_WRITTEN: set[str] = set()


def written_paths() -> frozenset[str]:
    """The files this process has written (``atomic_write_bytes``), as given and as absolute paths."""
    return frozenset(_WRITTEN)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Temp file in the same directory, fsync, rename over ``path``, fsync the directory."""
    _WRITTEN.update((str(path), os.path.abspath(path)))  # before the write: a failed write may have replaced it
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _mode_for(path))  # mkstemp makes the file private: give it the mode the file had or a new one gets
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _mode_for(path: Path) -> int:
    """The permissions a rewritten file keeps (its own), or those a new file gets under the umask."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


@functools.cache
def _umask() -> int:
    mask = os.umask(0)  # (read by setting it: there is no other way; set back at once)
    os.umask(mask)
    return mask


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def clean_temp_files(ws: Workspace) -> None:
    """Remove temp files left by a process killed mid-write (they never replaced a real file)."""
    for directory in (ws.claims_dir, ws.seeds):
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            if len(name) >= 5 and name.startswith(".") and name.endswith(".tmp"):  # the glob .*.tmp
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(directory, name))


@contextlib.contextmanager
def workspace_lock(ws: Workspace, wait: float = 10.0) -> Iterator[None]:
    """Exclusive lock on the workspace for commands that write; waits up to ``wait`` seconds."""
    ws.state_dir.mkdir(parents=True, exist_ok=True)
    _ensure_gitignore(ws)
    lock_path = ws.state_dir / "lock"
    with contextlib.suppress(ValueError):
        wait = float(os.environ.get("FACTCHECK_LOCK_TIMEOUT", wait))
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    _HELD_LOCKS.add(fd)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise LockError(
                        f"another factcheck process is writing this workspace ({ws.relative(lock_path)}); "
                        f"waited {wait:g}s — try again when it has finished"
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        _HELD_LOCKS.discard(fd)
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


# Descriptors of the workspace locks this process holds. A process forked while one is held shares the
# lock (flock belongs to the open file, not the process): a worker that outlived a killed parent would
# keep the workspace locked. Forked workers call `drop_inherited_locks` first.
_HELD_LOCKS: set[int] = set()


def drop_inherited_locks() -> None:
    """In a forked child: close the inherited descriptors of the parent's workspace locks (closing, not
    unlocking: an unlock would release the parent's lock too)."""
    for fd in list(_HELD_LOCKS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


def _ensure_gitignore(ws: Workspace) -> None:
    marker = ws.state_dir / ".gitignore"
    if not marker.exists():
        with contextlib.suppress(OSError):
            marker.write_text("*\n", encoding="utf-8")
