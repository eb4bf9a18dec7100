"""Errors that the CLI turns into a one-line message and exit code 2."""

from __future__ import annotations


class FactcheckError(Exception):
    """Bad input or usage: reported as ``factcheck: error: <message>`` with exit code 2."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        super().__init__(message)

    def __str__(self) -> str:
        message = self.args[0] if self.args else ""
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{where}: {message}" if where else str(message)
        return " ".join(text.split("\n"))


class InputError(FactcheckError):
    """An article cannot be read or decoded."""


class RegistryError(FactcheckError):
    """A claims file or the manifest is malformed."""


class LockError(FactcheckError):
    """Another factcheck process holds the workspace lock."""
