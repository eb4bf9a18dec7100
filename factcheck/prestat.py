"""Stamping the registry's files on the second core while `add` reads and extracts the new article.

The gate has to know that no claims file or article changed behind the index's back, which costs a
`stat` of two files per article (20k calls at 10k articles). Nothing about those calls depends on the
new article, so `add` forks a child at its start that stats every file of `claims/` and `seeds/` and
sends the stamps back through a pipe; `index._synchronise` takes a file's stamp from there instead of
calling `stat` itself. The child only reads: it opens no index and writes no file.

What the child saw is a snapshot taken a few hundred milliseconds earlier than the parent's own calls
would be, so the parent never uses it for a file it may have changed since the fork: every file this
process wrote (``workspace.written_paths``) and both files of the articles being added are stamped
again by the parent. Anything else changed in that window by another program is seen by the next
command, exactly as when it changes just after the parent's own `stat`. No fork (Windows), one core,
or any failure of the child: the parent stats every file itself, as without a child.
"""

from __future__ import annotations

import atexit
import marshal
import os
import select
import signal
from dataclasses import dataclass

WAIT = 10.0  # seconds the parent waits for the child's stamps before stamping the files itself


def stamp_of(path: str) -> str:
    """What the index records of a file: ``size:mtime_ns:inode``, or ``-`` when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def stamp_directories(directories: list[str]) -> dict[str, str]:
    """The stamp of every file in ``directories``, keyed ``directory/name`` (no recursion)."""
    out: dict[str, str] = {}
    for directory in directories:
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            path = f"{directory}/{name}"
            out[path] = stamp_of(path)
    return out


@dataclass
class Prestat:
    """A child stamping files; ``stamps()`` collects what it found (once)."""

    pid: int
    fd: int
    done: bool = False
    found: dict[str, str] | None = None

    def stamps(self) -> dict[str, str] | None:
        """The child's stamps, or None when it failed or took longer than ``WAIT``."""
        if self.done:
            return self.found
        self.done = True
        chunks: list[bytes] = []
        try:
            while True:
                ready, _, _ = select.select([self.fd], [], [], WAIT)
                if not ready:
                    break  # the child hangs (a stuck file system): stamp in the parent
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    found = marshal.loads(b"".join(chunks))
                    if isinstance(found, dict):
                        self.found = found
                    break
                chunks.append(chunk)
        except (OSError, ValueError, EOFError, TypeError):
            self.found = None
        self.close()
        return self.found

    def close(self) -> None:
        """Stop and reap the child (a no-op once it is collected)."""
        self.done = True
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if self.pid > 0:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0


def start(directories: list[str]) -> Prestat | None:
    """Fork a child that stamps every file of ``directories``; None where that is not worth it."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or os.environ.get("FACTCHECK_NO_PRESTAT"):
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: stamp, send, and leave without running the parent's exit handlers
        code = 1
        try:
            os.close(read_end)
            data = marshal.dumps(stamp_directories(directories))
            view = memoryview(data)
            while view:
                view = view[os.write(write_end, view):]
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    handle = Prestat(pid, read_end)
    atexit.register(handle.close)  # a command that fails before the gate leaves no child behind
    return handle
